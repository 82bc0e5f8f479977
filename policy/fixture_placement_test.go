package policy_test

import (
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// buildPlacement adds the placement flow's records to the access fixture:
// referrals waiting, declined long ago, withdrawn and accepted, to and from
// the refuge; placements at the hostel and (confidential) at the refuge;
// priority adjustments by the hostel and the refuge; gap events in each LA
// and one touching a confidential service.
func (w *world) buildPlacement(t *testing.T, b *modeltest.Builder, sv map[string]*models.Service, users map[string]*models.User, person func(key, creator, service string) int64) {
	t.Helper()
	s := w.s
	w.referrals, w.placements, w.adjustments, w.gaps = map[string]int64{}, map[string]int64{}, map[string]int64{}, map[string]int64{}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Gorm().Exec("UPDATE services SET capacity = 10 WHERE id IN ?", []int64{sv["hostel"].ID, sv["refuge"].ID}).Error)
	_, err := s.AddVacancy(ctx, sv["hostel"].ID, users["hostel_manager"].ID, models.VacancyInput{Label: "Beds", Places: 5})
	must(err)
	_, err = s.AddVacancy(ctx, sv["refuge"].ID, users["refuge_worker"].ID, models.VacancyInput{Label: "Rooms", Places: 2})
	must(err)

	author := func(user, service string) models.Author {
		return models.Author{UserID: users[user].ID, ServiceID: sv[service].ID}
	}
	refer := func(key, personKey, user, from, to string) *models.Referral {
		t.Helper()
		_, err := s.RecordConsent(ctx, policy.Records(w.actors[user]), policy.SenderConsents(w.actors[user]), author(user, from), w.people[personKey],
			models.ConsentInput{Purpose: models.ConsentShareAssessment, WithWhom: "services I am referred to", Given: true})
		must(err)
		r, err := s.CreateReferral(ctx, policy.Consents(w.actors[user]), author(user, from), models.ReferralInput{PersonID: w.people[personKey], ToServiceID: sv[to].ID}, "{}", 0)
		must(err)
		w.referrals[key] = r.ID
		return r
	}
	accept := func(r *models.Referral, user, service, placementKey string) {
		t.Helper()
		out, err := s.AcceptReferral(ctx, policy.DecidableReferrals(w.actors[user]), author(user, service), r.ID, models.AcceptInput{})
		must(err)
		w.placements[placementKey] = out.Placement.ID
	}

	refer("hostel_to_daycentre", "open_hostel", "hostel_worker", "hostel", "daycentre")

	// A woman known only to the refuge, referred on to the hostel: while it
	// decides, the hostel sees who she is, but never the refuge's
	// involvement or notes.
	person("refuge_referred_out", "refuge_worker", "refuge")
	refer("refuge_to_hostel", "refuge_referred_out", "refuge_worker", "refuge", "hostel")

	person("refuge_declined_long_ago", "refuge_worker", "refuge")
	old := refer("refuge_to_hostel_declined", "refuge_declined_long_ago", "refuge_worker", "refuge", "hostel")
	_, err = s.DeclineReferral(ctx, policy.DecidableReferrals(w.actors["hostel_worker"]), author("hostel_worker", "hostel"), old.ID,
		models.DeclineInput{Reason: "no_vacancy"}, nil)
	must(err)
	must(s.Gorm().Exec("UPDATE referrals SET decided_at = ? WHERE id = ?", w.now.Add(-120*24*time.Hour), old.ID).Error)

	person("hostel_to_refuge_placed", "hostel_worker", "hostel")
	accept(refer("hostel_to_refuge", "hostel_to_refuge_placed", "hostel_worker", "hostel", "refuge"), "refuge_worker", "refuge", "refuge_placement")

	person("placed_at_hostel", "outreach_worker", "outreach")
	accept(refer("outreach_to_hostel", "placed_at_hostel", "outreach_worker", "outreach", "hostel"), "hostel_worker", "hostel", "hostel_placement")

	// An earlier stay of the hostel's open person, ended long ago with the
	// destination not known: only the hostel may put its move-on right.
	var earlier int64
	must(s.Gorm().Raw(`INSERT INTO placements (person_id, service_id, confidential, started_at, created_by_user_id, move_on_date,
		move_on_reason, move_on_destination, move_on_note, moved_on_at, moved_on_by_user_id) VALUES (?, ?, ?, ?, ?, ?, 'abandoned', 'unknown', '', ?, ?) RETURNING id`,
		w.people["open_hostel"], sv["hostel"].ID, false, w.now.AddDate(-2, 0, 0), users["hostel_worker"].ID, models.DateOf(w.now.AddDate(-1, 0, 0)),
		w.now.AddDate(-1, 0, 0), users["hostel_worker"].ID).Scan(&earlier).Error)
	w.placements["hostel_earlier_stay"] = earlier

	withdrawn := refer("outreach_to_daycentre_withdrawn", "outreach_open", "outreach_worker", "outreach", "daycentre")
	_, err = s.WithdrawReferral(ctx, policy.WithdrawableReferrals(w.actors["outreach_worker"]), author("outreach_worker", "outreach"), withdrawn.ID, "")
	must(err)

	adjust := func(key, personKey, user, service, kind string, points int) {
		t.Helper()
		a, err := s.AddAdjustment(ctx, author(user, service), w.people[personKey], models.AdjustmentInput{Kind: kind, Points: points, Reason: "fixture " + key})
		must(err)
		w.adjustments[key] = a.ID
	}
	adjust("hostel_on_open_hostel", "open_hostel", "hostel_worker", "hostel", models.AdjustDiscretion, 10)
	adjust("refuge_on_refuge_and_hostel", "refuge_and_hostel", "refuge_worker", "refuge", models.AdjustNeedsOverride, 0)

	gap := func(key string, la int64, confidential bool) {
		t.Helper()
		person := w.people["open_hostel"]
		must(s.RecordGap(ctx, models.GapEvent{PersonID: &person, Kind: models.GapNoMatch, Reason: "no_vacancy", LAID: &la, Confidential: confidential, DedupeKey: key}))
		var ev models.GapEvent
		must(s.Gorm().Where("dedupe_key = ?", key).First(&ev).Error)
		w.gaps[key] = ev.ID
	}
	gap("northmoor", sv["hostel"].LAIDs[0], false)
	gap("southdale", sv["sexwork"].LAIDs[0], false)
	gap("northmoor_confidential", sv["hostel"].LAIDs[0], true)
}

// placementMatrix adds every decision about the placement records for one
// actor, checking Can against the scopes.
func (w *world) placementMatrix(t *testing.T, an string, a policy.Actor, record func(actor, object, action string, can bool, scoped *bool)) {
	t.Helper()
	ids := func(table string, sc models.Scope) []int64 {
		var out []int64
		if err := w.s.Gorm().Table(table).Scopes(sc.Apply).Pluck(table+".id", &out).Error; err != nil {
			t.Fatal(err)
		}
		return out
	}
	in := func(list []int64, id int64) *bool {
		for _, x := range list {
			if x == id {
				return ptr(true)
			}
		}
		return ptr(false)
	}
	facts := func(personID int64) policy.PersonFacts {
		f, err := policy.FactsOf(ctx, w.s, personID)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	readable, decidable, withdrawable := ids("referrals", policy.Referrals(a)), ids("referrals", policy.DecidableReferrals(a)), ids("referrals", policy.WithdrawableReferrals(a))
	// The list method applies the scope as the pages do.
	listed, _, err := w.s.Referrals(ctx, policy.Referrals(a), models.ReferralFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != len(readable) {
		t.Errorf("%s: Referrals lists %d, the scope holds %d", an, len(listed), len(readable))
	}
	for _, rn := range sortedKeys(w.referrals) {
		var r models.Referral
		if err := w.s.Gorm().Table("referrals").First(&r, w.referrals[rn]).Error; err != nil {
			t.Fatal(err)
		}
		o := policy.ReferralFacts{Person: facts(r.PersonID), FromServiceID: r.FromServiceID, ToServiceID: r.ToServiceID, Status: r.Status}
		record(an, "referral:"+rn, "read", policy.Can(a, policy.Read, o), in(readable, r.ID))
		record(an, "referral:"+rn, "decide", policy.Can(a, policy.Decide, o), in(decidable, r.ID))
		record(an, "referral:"+rn, "withdraw", policy.Can(a, policy.Withdraw, o), in(withdrawable, r.ID))
	}
	readable, movable, amendable := ids("placements", policy.Placements(a)), ids("placements", policy.MovablePlacements(a)), ids("placements", policy.AmendablePlacements(a))
	for _, pn := range sortedKeys(w.placements) {
		var p models.Placement
		if err := w.s.Gorm().Table("placements").First(&p, w.placements[pn]).Error; err != nil {
			t.Fatal(err)
		}
		o := policy.PlacementFacts{Person: facts(p.PersonID), ServiceID: p.ServiceID, Confidential: p.Confidential, Open: p.Open()}
		record(an, "placement:"+pn, "read", policy.Can(a, policy.Read, o), in(readable, p.ID))
		record(an, "placement:"+pn, "move_on", policy.Can(a, policy.Close, o), in(movable, p.ID))
		record(an, "placement:"+pn, "amend_move_on", policy.Can(a, policy.Amend, o), in(amendable, p.ID))
	}
	readable, withdrawable = ids("priority_adjustments", policy.Adjustments(a)), ids("priority_adjustments", policy.WithdrawableAdjustments(a))
	for _, jn := range sortedKeys(w.adjustments) {
		var j models.PriorityAdjustment
		if err := w.s.Gorm().Table("priority_adjustments").First(&j, w.adjustments[jn]).Error; err != nil {
			t.Fatal(err)
		}
		o := policy.AdjustmentFacts{Person: facts(j.PersonID), ServiceID: j.ServiceID, Confidential: j.Confidential}
		record(an, "adjustment:"+jn, "read", policy.Can(a, policy.Read, o), in(readable, j.ID))
		record(an, "adjustment:"+jn, "withdraw", policy.Can(a, policy.Close, o), in(withdrawable, j.ID))
	}
	readable = ids("gap_events", policy.GapEvents(a))
	for _, gn := range sortedKeys(w.gaps) {
		var g models.GapEvent
		if err := w.s.Gorm().Table("gap_events").First(&g, w.gaps[gn]).Error; err != nil {
			t.Fatal(err)
		}
		record(an, "gap:"+gn, "read", policy.Can(a, policy.Read, policy.GapFacts{LAID: *g.LAID, Confidential: g.Confidential}), in(readable, g.ID))
	}
}
