package demo

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gateway/geo"
	"gateway/matching"
	"gateway/models"
)

// The placement side of the demo: vacancies and assessment hours
// for every service with places, rule versions for a few, referrals in
// every state with their snapshots, placements with move-on outcomes,
// priority adjustments, and gaps in provision for the commissioners.

// hoursByType is when each type of service takes assessments.
var hoursByType = map[models.ServiceType]string{
	models.Hostel:           `{"24h":true}`,
	models.Refuge:           `{"24h":true}`,
	models.Outreach:         `{"24h":true}`,
	models.SupportedHousing: `{"mon":["09:00-17:00"],"tue":["09:00-17:00"],"wed":["09:00-17:00"],"thu":["09:00-17:00"],"fri":["09:00-16:00"]}`,
	models.HousingFirst:     `{"mon":["10:00-16:00"],"tue":["10:00-16:00"],"wed":["10:00-16:00"],"thu":["10:00-16:00"]}`,
	models.DayCentre:        `{"mon":["08:00-14:00"],"tue":["08:00-14:00"],"wed":["08:00-14:00"],"thu":["08:00-14:00"],"fri":["08:00-14:00"],"sat":["10:00-13:00"]}`,
	models.HousingOptions:   `{"mon":["09:00-17:00"],"tue":["09:00-17:00"],"wed":["09:00-17:00"],"thu":["09:00-17:00"],"fri":["09:00-17:00"]}`,
	models.SexWorkSupport:   `{"mon":["19:00-02:00"],"wed":["19:00-02:00"],"fri":["19:00-02:00"]}`,
}

var vacancyLabel = map[models.ServiceType]string{models.Hostel: "Beds", models.SupportedHousing: "Rooms", models.HousingFirst: "Flats", models.Refuge: "Rooms"}

// demoHostel is the hostel whose worker logs in as hostel@demo.example: its
// inbox always has referrals waiting.
const demoHostel = "Moorhampton Central Hostel"

type openWork struct {
	PersonID  int64
	ServiceID int64
	StartedAt models.Time
}

type demoPerson struct {
	ID                  int64
	Gender              string
	DOB                 models.Date
	LocalConnectionLAID *int64 `gorm:"column:local_connection_la_id"`
}

func (b *builder) placeable() []*serviceInfo {
	var out []*serviceInfo
	for i := range b.services {
		if sv := &b.services[i]; sv.Type.Provider() && sv.Capacity > 0 {
			out = append(out, sv)
		}
	}
	return out
}

func (b *builder) buildPlacement() error {
	placeable := b.placeable()
	if err := b.buildProfiles(placeable); err != nil {
		return err
	}
	return b.buildReferrals(placeable)
}

// buildProfiles writes vacancies, assessment hours and a few services'
// own rule versions.
func (b *builder) buildProfiles(placeable []*serviceInfo) error {
	var vacancies, profiles, rules [][]any
	for _, sv := range placeable {
		places := 0
		if b.chance(0.65) || sv.Name == demoHostel {
			places = 1 + b.rng.IntN(min(4, sv.Capacity/4+1))
		}
		updated := b.ago(time.Duration(b.rng.IntN(48*60)) * time.Minute)
		vacancies = append(vacancies, []any{b.id("vacancies"), sv.ID, vacancyLabel[sv.Type], places, updated, b.staffOf(sv.ID), b.now})
	}
	admin := b.adminID()
	for i := range b.services {
		sv := &b.services[i]
		if h, ok := hoursByType[sv.Type]; ok {
			profiles = append(profiles, []any{sv.ID, h, b.now, nil})
		}
		var r matching.Eligibility
		var groups []string
		switch {
		case sv.Type == models.Hostel && strings.Contains(sv.Name, "Women's"):
			r, groups = matching.DefaultEligibility(string(sv.Type))
			r.Genders, groups = []string{"female"}, append(groups, "women")
		case sv.Type == models.Hostel && strings.Contains(sv.Name, "Young People's"):
			r, groups = matching.DefaultEligibility(string(sv.Type))
			r.MinAge, r.MaxAge, groups = 16, 25, []string{"young_people", "care_leaver"}
		case sv.Name == "Elmshire Night Shelter":
			r, groups = matching.DefaultEligibility(string(sv.Type))
			r.PetsAllowed, r.CouplesAccepted = true, true
		default:
			continue
		}
		rj, _ := json.Marshal(r)
		gj, _ := json.Marshal(groups)
		rules = append(rules, []any{b.id("eligibility_versions"), sv.ID, 1, string(rj), string(gj), "set up for the demo area", admin, b.now})
	}
	if err := b.load.Load(b.ctx, "vacancies", []string{"id", "service_id", "label", "places", "updated_at", "updated_by_user_id", "created_at"}, vacancies); err != nil {
		return err
	}
	if err := b.load.Load(b.ctx, "service_profiles", []string{"service_id", "assessment_hours", "updated_at", "updated_by_user_id"}, profiles); err != nil {
		return err
	}
	return b.load.Load(b.ctx, "eligibility_versions", []string{"id", "service_id", "version", "rules", "target_groups", "reason", "created_by_user_id", "created_at"}, rules)
}

func (b *builder) adminID() int64 {
	var id int64
	b.store.Gorm().Table("users").Where("email = ?", "admin@demo.example").Select("id").Scan(&id)
	return id
}

// referral states and how often each occurs in the demo.
var referralMix = []struct {
	status string
	w      float64
}{{models.ReferralSent, 0.22}, {models.ReferralAccepted, 0.38}, {models.ReferralDeclined, 0.22}, {models.ReferralWithdrawn, 0.08}, {models.ReferralExpired, 0.10}}

var declineMix = []string{"no_vacancy", "no_vacancy", "needs_too_high", "risk", "not_eligible", "pets", "couple", "previously_excluded", "person_declined", "no_contact"}

var moveOnMix = []struct{ reason, destination string }{
	{"planned", "social_tenancy"}, {"planned", "private_tenancy"}, {"planned", "supported_housing"}, {"transfer", "supported_housing"},
	{"planned", "housing_first"}, {"chose_to_leave", "family_friends"}, {"abandoned", "unknown"}, {"evicted", "rough_sleeping"},
	{"custody", "prison"}, {"hospital", "hospital"},
}

var noMatchMix = []string{"no_vacancy", "no_vacancy", "no_vacancy", "no_eligible_service:pets_allowed", "no_eligible_service:couples_accepted",
	"no_eligible_service:min_needs_score", "no_eligible_service:local_connection_required", "no_eligible_service:risks_excluded"}

type placementRows struct {
	consents, referrals, involvements, placements, gaps, notices, adjustments [][]any
}

// buildReferrals refers a spread of the people open to outreach, day
// centres, housing options and hostels to services with places, in every
// state, as their workers would have.
func (b *builder) buildReferrals(placeable []*serviceInfo) error {
	var work []openWork
	err := b.store.Gorm().Table("involvements").Select("involvements.person_id, involvements.service_id, involvements.started_at").
		Joins("JOIN services s ON s.id = involvements.service_id").
		Where("involvements.ended_at IS NULL AND involvements.confidential = ? AND s.type IN ?", false,
			[]string{string(models.Outreach), string(models.DayCentre), string(models.HousingOptions), string(models.Hostel)}).
		Order("involvements.person_id, involvements.service_id").Scan(&work).Error
	if err != nil {
		return err
	}
	open := map[[2]int64]bool{}
	var all []openWork
	if err := b.store.Gorm().Table("involvements").Select("person_id, service_id").Where("ended_at IS NULL").Scan(&all).Error; err != nil {
		return err
	}
	for _, w := range all {
		open[[2]int64{w.PersonID, w.ServiceID}] = true
	}
	// About one in twelve, at least 60 (a small demo still shows every
	// state), at most 900.
	want := min(max(len(work)/12, 60), 900, max(len(work), 1))
	step := max(len(work)/want, 1)
	var chosen []openWork
	seen := map[int64]bool{}
	for i := 0; i < len(work) && len(chosen) < want; i += step {
		if !seen[work[i].PersonID] {
			seen[work[i].PersonID] = true
			chosen = append(chosen, work[i])
		}
	}
	unmatched := b.unmatchedPeople(work)
	people := map[int64]demoPerson{}
	var ids []int64
	for _, c := range append(slices.Clone(chosen), unmatched...) {
		if !slices.Contains(ids, c.PersonID) {
			ids = append(ids, c.PersonID)
		}
	}
	for i := 0; i < len(ids); i += 500 {
		var part []demoPerson
		if err := b.store.Gorm().Table("people").Select("id, gender, dob, local_connection_la_id").Where("id IN ?", ids[i:min(i+500, len(ids))]).Scan(&part).Error; err != nil {
			return err
		}
		for _, p := range part {
			people[p.ID] = p
		}
	}
	vacancyOf := map[int64]int64{}
	var lines []struct{ ID, ServiceID int64 }
	b.store.Gorm().Table("vacancies").Select("id, service_id").Scan(&lines)
	for _, l := range lines {
		vacancyOf[l.ServiceID] = l.ID
	}
	var pr placementRows
	hostelInbox := 0
	for _, w := range chosen {
		p := people[w.PersonID]
		to := b.referralTarget(placeable, w, p, open, &hostelInbox)
		if to == nil {
			continue
		}
		force := ""
		if to.Name == demoHostel && hostelInbox > 0 {
			// The first few fill the demo hostel's inbox; the next are
			// accepted, so its worker has placements and move-ons to try.
			force = models.ReferralSent
			if hostelInbox > hostelInboxSize {
				force = models.ReferralAccepted
			}
		}
		b.referral(&pr, w, p, to, vacancyOf[to.ID], open, force)
	}
	b.noMatches(&pr, unmatched, people)
	steps := []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"consents", []string{"id", "person_id", "purpose", "with_whom", "given", "notes", "service_id", "confidential", "recorded_by_user_id", "recorded_at"}, pr.consents},
		{"referrals", []string{"id", "person_id", "from_service_id", "to_service_id", "vacancy_id", "confidential", "status", "message", "snapshot",
			"consent_at", "decline_reason", "decision_note", "created_by_user_id", "decided_by_user_id", "created_at", "expires_at", "decided_at"}, pr.referrals},
		{"involvements", []string{"id", "person_id", "service_id", "confidential", "source", "reason", "started_at", "ended_at", "end_reason", "opened_by_user_id", "closed_by_user_id"}, pr.involvements},
		{"placements", []string{"id", "person_id", "service_id", "vacancy_id", "referral_id", "confidential", "started_at", "created_by_user_id",
			"move_on_date", "move_on_reason", "move_on_destination", "move_on_note", "moved_on_at", "moved_on_by_user_id"}, pr.placements},
		{"gap_events", []string{"id", "person_id", "kind", "reason", "need", "target_group", "la_id", "confidential", "dedupe_key", "at"}, pr.gaps},
		{"notifications", []string{"id", "service_id", "kind", "person_id", "other_service_id", "actor_user_id", "ref_id", "created_at"}, pr.notices},
		{"priority_adjustments", []string{"id", "person_id", "service_id", "confidential", "kind", "points", "reason", "created_by_user_id", "created_at"}, pr.adjustments},
	}
	for _, s := range steps {
		if err := b.load.Load(b.ctx, s.table, s.cols, s.rows); err != nil {
			return err
		}
	}
	b.sum.Referrals, b.sum.Placements = len(pr.referrals), len(pr.placements)
	b.sum.Involvements += len(pr.involvements)
	return nil
}

// referralTarget picks a non-confidential service with places in the
// person's area that they are not already open to; the demo hostel gets
// the first few, so its worker's inbox is never empty.
func (b *builder) referralTarget(placeable []*serviceInfo, w openWork, p demoPerson, open map[[2]int64]bool, hostelInbox *int) *serviceInfo {
	var options []*serviceInfo
	for _, sv := range placeable {
		if sv.Confidential || sv.ID == w.ServiceID || open[[2]int64{w.PersonID, sv.ID}] {
			continue
		}
		if *hostelInbox < hostelInboxSize+hostelPlaced && sv.Name == demoHostel {
			*hostelInbox++
			return sv
		}
		if p.LocalConnectionLAID == nil || slices.Contains(sv.LAs, *p.LocalConnectionLAID) {
			options = append(options, sv)
		}
	}
	if len(options) == 0 {
		return nil
	}
	return options[b.rng.IntN(len(options))]
}

// hostelInboxSize referrals wait in the demo hostel's inbox, and
// hostelPlaced more were accepted there, about half since moved on.
const hostelInboxSize, hostelPlaced = 8, 12

// referral writes one referral; force, when set, is the state it is in.
func (b *builder) referral(pr *placementRows, w openWork, p demoPerson, to *serviceInfo, vacancy int64, open map[[2]int64]bool, force string) {
	status := models.ReferralSent
	if force != "" {
		status = force
	} else {
		x := b.rng.Float64()
		for _, m := range referralMix {
			if x < m.w {
				status = m.status
				break
			}
			x -= m.w
		}
	}
	created := b.ago(days(12 + b.rng.Float64()*110))
	if status == models.ReferralSent {
		created = b.ago(days(b.rng.Float64() * 9))
	}
	expires := created.Add(models.DefaultReferralExpiry)
	by := b.staffOf(w.ServiceID)
	c := b.candidate(p, w, created)
	snap, _ := json.Marshal(map[string]any{"taken_at": created, "person": b.snapshotPerson(p, created), "assessment": nil,
		"candidate": c, "adjustments": []any{}})
	id := b.id("referrals")
	pr.consents = append(pr.consents, []any{b.id("consents"), p.ID, models.ConsentShareAssessment, "services I am referred to", true, "", w.ServiceID, false, by, created.Add(-time.Hour)})
	var decidedBy, decidedAt any
	reason, note := "", ""
	decided := created.Add(days(1 + b.rng.Float64()*4))
	to2 := b.staffOf(to.ID)
	switch status {
	case models.ReferralSent:
		pr.notices = append(pr.notices, []any{b.id("notifications"), to.ID, models.NoticeReferralReceived, p.ID, w.ServiceID, by, id, created})
		if b.chance(0.2) {
			pr.adjustments = append(pr.adjustments, []any{b.id("priority_adjustments"), p.ID, w.ServiceID, false, models.AdjustDiscretion,
				5 + b.rng.IntN(11), b.pick([]string{"hospital discharge this week", "sleeping in a dangerous place", "lost a tenancy through no fault of their own"}), by, created.Add(-2 * time.Hour)})
		}
	case models.ReferralAccepted:
		decidedBy, decidedAt = to2, decided
		b.placement(pr, p.ID, to, vacancy, id, decided, to2, open)
	case models.ReferralDeclined:
		decidedBy, decidedAt = to2, decided
		reason = declineMix[b.rng.IntN(len(declineMix))]
		la := any(nil)
		if p.LocalConnectionLAID != nil {
			la = *p.LocalConnectionLAID
		}
		pr.gaps = append(pr.gaps, []any{b.id("gap_events"), p.ID, models.GapDecline, reason, c.MainNeed(), c.MainGroup(), la, false, fmt.Sprintf("decline:%d", id), decided})
	case models.ReferralWithdrawn:
		decidedBy, decidedAt, note = by, created.Add(days(1)), "found a place elsewhere"
	case models.ReferralExpired:
		decidedAt = expires
	}
	message := b.pick([]string{"Sleeping rough in the town centre; keen to come in.", "Ready to move on; engaging well with key work.",
		"Hospital discharge planned; needs a bed.", "Sofa surfing; the arrangement ends this week.", "Released from prison recently; no fixed abode."})
	pr.referrals = append(pr.referrals, []any{id, p.ID, w.ServiceID, to.ID, nil, false, status, message, string(snap), created.Add(-time.Hour),
		reason, note, by, decidedBy, created, expires, decidedAt})
}

// placement starts a placement and the service's involvement; about half
// of those that began over a week ago have moved on.
func (b *builder) placement(pr *placementRows, person int64, to *serviceInfo, vacancy, referral int64, start time.Time, by int64, open map[[2]int64]bool) {
	var moveDate, movedAt, movedBy, ended, closer any
	reason, dest, endReason := "", "", ""
	if start.Add(days(7)).Before(b.now) && b.chance(0.5) {
		end := start.Add(time.Duration(b.rng.Float64() * float64(b.now.Sub(start))))
		m := moveOnMix[b.rng.IntN(len(moveOnMix))]
		reason, dest = m.reason, m.destination
		moveDate, movedAt, movedBy, ended, closer = models.DateOf(end), end, by, end, by
		endReason = "moved on: " + models.LabelOf(models.MoveOnReasons, reason)
	} else {
		open[[2]int64{person, to.ID}] = true
	}
	pr.involvements = append(pr.involvements, []any{b.id("involvements"), person, to.ID, false, models.SourceReferral, "accepted a referral", start, ended, endReason, by, closer})
	var v any
	if vacancy > 0 {
		v = vacancy
	}
	pr.placements = append(pr.placements, []any{b.id("placements"), person, to.ID, v, referral, false, start, by, moveDate, reason, dest, "", movedAt, movedBy})
}

// candidate is what the referrer's matcher saw: the demo has no
// assessments, so needs and circumstances are drawn as an assessment
// would have recorded them.
func (b *builder) candidate(p demoPerson, w openWork, at time.Time) matching.Candidate {
	c := matching.Candidate{PersonID: p.ID, Gender: p.Gender, WaitingSince: w.StartedAt.Time, RoughSleepingTonight: b.chance(0.35)}
	if p.DOB.IsFull() {
		c.BirthDate = p.DOB.Time()
	}
	if p.LocalConnectionLAID != nil {
		c.LocalConnectionLAs = []int64{*p.LocalConnectionLAID}
		for _, la := range b.las {
			if la.ID == *p.LocalConnectionLAID {
				c.Location, c.HasLocation = geo.Centroid(la.Boundary), true
			}
		}
	}
	if c.RoughSleepingTonight {
		c.NightsRough = 1 + b.rng.IntN(120)
	}
	if b.chance(0.85) {
		c.NeedsScore = 14 + b.rng.IntN(40)
	}
	for _, n := range matching.Needs {
		if b.chance(0.25) {
			c.Needs = append(c.Needs, n.Key)
		}
	}
	if b.chance(0.05) {
		c.Risks = []string{matching.Risks[b.rng.IntN(len(matching.Risks))].Key}
	}
	if p.Gender == "female" {
		c.Groups = append(c.Groups, "women")
	}
	if len(c.Needs) >= 2 {
		c.Groups = append(c.Groups, "complex_needs")
	}
	c.Pets, c.Couple = b.chance(0.08), b.chance(0.06)
	return c
}

func (b *builder) snapshotPerson(p demoPerson, at time.Time) map[string]any {
	out := map[string]any{"gender": p.Gender}
	if !p.DOB.IsZero() {
		out["age"] = p.DOB.AgeOn(at)
	}
	if p.LocalConnectionLAID != nil {
		for _, la := range b.las {
			if la.ID == *p.LocalConnectionLAID {
				out["local_connection"] = la.Name
			}
		}
	}
	return out
}

// unmatchedPeople picks the people whose matches found no eligible service
// with a place: about one in ten open to outreach, day centres, housing
// options and hostels, at least 80, at most 600, some of them also
// referred.
func (b *builder) unmatchedPeople(work []openWork) []openWork {
	want := min(max(len(work)/10, 80), 600)
	step := max(len(work)/want, 1)
	var out []openWork
	seen := map[int64]bool{}
	for i := step / 2; i < len(work) && len(out) < want; i += step {
		if !seen[work[i].PersonID] {
			seen[work[i].PersonID] = true
			out = append(out, work[i])
		}
	}
	return out
}

// noMatches are the rankings over the last six months that found no
// eligible service with a place: one to three days each person was looked
// up on (one event a person a day, as the server records them), classed as
// their worker's matcher saw them, in their local-connection LA (else their
// service's).
func (b *builder) noMatches(pr *placementRows, unmatched []openWork, people map[int64]demoPerson) {
	lasOf := map[int64][]int64{}
	for _, sv := range b.services {
		lasOf[sv.ID] = sv.LAs
	}
	for _, w := range unmatched {
		p := people[w.PersonID]
		var la int64
		switch {
		case p.LocalConnectionLAID != nil:
			la = *p.LocalConnectionLAID
		case len(lasOf[w.ServiceID]) > 0:
			la = lasOf[w.ServiceID][0]
		default:
			la = b.las[b.rng.IntN(len(b.las))].ID
		}
		first := b.ago(days(b.rng.Float64() * 180))
		c := b.candidate(p, w, first)
		need, group := c.MainNeed(), c.MainGroup()
		reason := noMatchMix[b.rng.IntN(len(noMatchMix))]
		seen := map[string]bool{}
		for n := range 1 + b.rng.IntN(3) {
			at := first
			if n > 0 {
				at = b.ago(days(b.rng.Float64() * 180))
			}
			day := at.Format("2006-01-02")
			if seen[day] {
				continue
			}
			seen[day] = true
			pr.gaps = append(pr.gaps, []any{b.id("gap_events"), p.ID, models.GapNoMatch, reason, need, group, la, false,
				fmt.Sprintf("no_match:%d:%s", p.ID, day), at})
		}
	}
}
