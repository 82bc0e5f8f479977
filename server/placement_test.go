package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"gateway/matching"
	"gateway/models"
	"gateway/server/app"
)

// assess records a completed assessment for a person on the published form,
// with a needs score and answers by the form's question ids.
func (w *world) assess(key, role string, score int, answers map[string]any, override string) *models.Assessment {
	w.t.Helper()
	var fv int64
	w.store.Gorm().Table("form_versions").Select("COALESCE(MAX(id), 0)").Scan(&fv)
	if fv == 0 {
		w.t.Fatal("no published form version to answer")
	}
	ans := models.Answers{}
	for k, v := range answers {
		b, _ := json.Marshal(v)
		ans[k] = b
	}
	a := w.author(role)
	sv, _ := w.store.Service(ctx, a.ServiceID)
	now := models.Now()
	asmt := &models.Assessment{PersonID: w.people[key].ID, ServiceID: a.ServiceID, Confidential: sv.Confidential, FormVersionID: fv,
		Status: models.AssessmentCompleted, Answers: ans, NeedsScore: &score, NeedsOverride: override != "", NeedsOverrideReason: override,
		CreatedByUserID: a.UserID, CompletedByUserID: &a.UserID, CreatedAt: now, UpdatedAt: now, CompletedAt: &now}
	if err := w.store.Gorm().Omit("ServiceName", "AuthorName", "FormVersion").Create(asmt).Error; err != nil {
		w.t.Fatal(err)
	}
	return asmt
}

func (w *world) setPlaces(vacancy string, places int) {
	w.t.Helper()
	if err := w.store.Gorm().Exec("UPDATE vacancies SET places = ? WHERE id = ?", places, w.ids[vacancy]).Error; err != nil {
		w.t.Fatal(err)
	}
}

type referralJSON struct {
	ID       int64 `json:"id"`
	Status   string
	Snapshot *app.ReferralSnapshot
}

// referralAt reads GET /referrals/{id}.
func referralAt(t *testing.T, c *client, id string) (referralJSON, response) {
	t.Helper()
	var pg struct{ Referral referralJSON }
	r := c.get("/api/v1/referrals/" + id)
	if r.status == http.StatusOK {
		r.decode(t, &pg)
	}
	return pg.Referral, r
}

// The whole flow through the API: a referral with its snapshot, what the
// receiving service may read before and after accepting, the candidates
// ranking, acceptance into the bed, notifications and move-on.
func TestReferAcceptAndMoveOnThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	outreach, hostel, day := w.api("outreach"), w.api("hostel"), w.api("daycentre")
	p := w.person("newcomer", "outreach", models.PersonInput{GivenName: "Nina", FamilyName: "Newcomer", Gender: "female",
		DOB: models.Date{Year: 1999, Month: 4, Day: 4}, LocalConnectionLAID: &w.las[0].ID})
	w.assess("newcomer", "outreach", 41, map[string]any{"rough_sleeping_now": true, "rough_sleeping_nights": 30, "mental_health_concern": true, "risk_history": []string{}}, "")
	w.note("newcomer", "outreach", "Outreach's own case note.")
	id := itoa(p.ID)

	send := map[string]any{"person_id": p.ID, "to_service_id": w.svcs["hostel"].ID, "message": "Sleeping in the car park; wants a bed tonight."}
	if r := outreach.json("POST", "/api/v1/referrals", send); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"consent"`) {
		t.Fatalf("without recorded consent nothing is sent, naming consent: %d %s", r.status, r.body)
	}
	w.consent("newcomer", "outreach")
	if r := day.json("POST", "/api/v1/referrals", send); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "person_id") {
		t.Fatalf("a service not working with the person cannot refer them: %d %s", r.status, r.body)
	}
	r := outreach.json("POST", "/api/v1/referrals", send)
	if r.status != http.StatusCreated {
		t.Fatalf("send: %d %s", r.status, r.body)
	}
	var sent referralJSON
	r.decode(t, &sent)
	rid := itoa(sent.ID)
	if r := outreach.json("POST", "/api/v1/referrals", send); r.status != http.StatusConflict {
		t.Errorf("a second referral to the same service while one waits: %d", r.status)
	}

	// The hostel sees who she is and the referred assessment, not the
	// case notes (rule 7). The day centre sees nothing of it.
	if r := hostel.get("/api/v1/people/" + id); r.status != http.StatusOK {
		t.Fatalf("the receiving service sees the person's identity: %d", r.status)
	}
	if r := hostel.get("/api/v1/people/" + id + "/notes"); r.status != http.StatusNotFound {
		t.Fatalf("the receiving service does not read case notes before accepting: %d", r.status)
	}
	got, r := referralAt(t, hostel, rid)
	if r.status != http.StatusOK || got.Snapshot == nil || got.Snapshot.Assessment == nil || *got.Snapshot.Assessment.NeedsScore != 41 ||
		!strings.Contains(r.body, "Are you sleeping rough now?") || got.Snapshot.Fit == nil || !got.Snapshot.Candidate.RoughSleepingTonight {
		t.Fatalf("the receiving service reads the snapshot with the questions' wording: %d %s", r.status, r.body)
	}
	if strings.Contains(r.body, "Outreach's own case note") {
		t.Fatal("a snapshot never carries case notes")
	}
	if r := day.get("/api/v1/referrals/" + rid); r.status != http.StatusNotFound {
		t.Errorf("a third service does not see the referral: %d", r.status)
	}
	// The snapshot is what was sent: a later assessment does not change it.
	w.assess("newcomer", "outreach", 12, map[string]any{"rough_sleeping_now": false}, "")
	got, _ = referralAt(t, hostel, rid)
	if *got.Snapshot.Assessment.NeedsScore != 41 {
		t.Errorf("the snapshot changed with the record: %d", *got.Snapshot.Assessment.NeedsScore)
	}

	var cands candidatesPage
	r = hostel.get("/api/v1/vacancies/" + itoa(w.ids["vacancy_hostel"]) + "/candidates")
	r.decode(t, &cands)
	if r.status != http.StatusOK || len(cands.Eligible) != 1 || cands.Eligible[0].ReferralID != sent.ID || !hasFactor(cands.Eligible[0].Factors, "rough_sleeping_tonight") {
		t.Fatalf("the vacancy's candidates rank the referral from its snapshot: %d %s", r.status, r.body)
	}
	if r := outreach.get("/api/v1/vacancies/" + itoa(w.ids["vacancy_hostel"]) + "/candidates"); r.status != http.StatusNotFound {
		t.Errorf("another service cannot list a vacancy's candidates: %d", r.status)
	}

	r = hostel.json("POST", "/api/v1/referrals/"+rid+"/accept", map[string]any{"note": "room 7"})
	if r.status != http.StatusOK || !strings.Contains(r.body, `"placement"`) {
		t.Fatalf("accept: %d %s", r.status, r.body)
	}
	var acc models.Accepted
	r.decode(t, &acc)
	if r := hostel.get("/api/v1/people/" + id + "/notes"); r.status != http.StatusOK || !strings.Contains(r.body, "Outreach's own case note") {
		t.Fatalf("accepting opens the hostel's involvement: it now reads the notes: %d", r.status)
	}
	// A second Accept (a double click) is told the referral was decided,
	// not that it is missing: the hostel can still read it.
	if r := hostel.json("POST", "/api/v1/referrals/"+rid+"/accept", map[string]any{}); r.status != http.StatusConflict || !strings.Contains(r.body, `"status":"this referral is already accepted"`) {
		t.Errorf("a decided referral is refused naming its state: %d %s", r.status, r.body)
	}
	if r := outreach.json("POST", "/api/v1/referrals/"+rid+"/withdraw", map[string]any{}); r.status != http.StatusConflict || !strings.Contains(r.body, "already accepted") {
		t.Errorf("an accepted referral cannot be withdrawn, and the referrer is told why: %d %s", r.status, r.body)
	}
	if r := day.json("POST", "/api/v1/referrals/"+rid+"/accept", map[string]any{}); r.status != http.StatusNotFound {
		t.Errorf("to a service that cannot read it, the referral is still the one 404: %d", r.status)
	}
	var ns struct{ Notifications []notice }
	outreach.get("/api/v1/notifications").decode(t, &ns)
	if !hasNotice(ns.Notifications, models.NoticeReferralAccepted) {
		t.Errorf("the referrer is told of the acceptance: %+v", ns.Notifications)
	}

	pid := itoa(acc.Placement.ID)
	r = hostel.json("POST", "/api/v1/placements/"+pid+"/move-on", map[string]any{"date": "2001-01-01", "reason": "bogus"})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"date"`) || !strings.Contains(r.body, `"reason"`) || !strings.Contains(r.body, `"destination"`) {
		t.Fatalf("a bad move-on names every field at fault: %d %s", r.status, r.body)
	}
	today := time.Now().In(london).Format("2006-01-02")
	if r := outreach.json("POST", "/api/v1/placements/"+pid+"/move-on", map[string]any{"date": today, "reason": "planned", "destination": "hostel"}); r.status != http.StatusForbidden {
		t.Errorf("only the placing service records move-on; the referrer, who reads the placement, is refused: %d %s", r.status, r.body)
	}
	r = hostel.json("POST", "/api/v1/placements/"+pid+"/move-on", map[string]any{"date": today, "reason": "planned", "destination": "supported_housing", "free_place": true})
	if r.status != http.StatusOK || !strings.Contains(r.body, `"move_on_destination":"supported_housing"`) {
		t.Fatalf("move-on: %d %s", r.status, r.body)
	}
	var prof serviceProfilePage
	hostel.get("/api/v1/services/"+itoa(w.svcs["hostel"].ID)+"/vacancies").decode(t, &prof)
	// Three beds in the fixture, one taken by its own placement, one by
	// Nina's and given back by her move-on.
	if prof.Free != 2 || prof.UpdatedAt == nil {
		t.Errorf("the place came back: %d free, updated %v", prof.Free, prof.UpdatedAt)
	}
	if r := hostel.json("POST", "/api/v1/placements/"+pid+"/move-on", map[string]any{"date": today, "reason": "planned", "destination": "hostel"}); r.status != http.StatusConflict || !strings.Contains(r.body, "already ended") {
		t.Errorf("a second move-on is refused naming the state: %d %s", r.status, r.body)
	}
	if r := day.json("POST", "/api/v1/placements/"+pid+"/move-on", map[string]any{"date": today, "reason": "planned", "destination": "hostel"}); r.status != http.StatusNotFound {
		t.Errorf("to a service that cannot read it, the placement is the one 404: %d", r.status)
	}
}

func hasFactor(fs []matching.Factor, name string) bool {
	for _, f := range fs {
		if f.Name == name {
			return true
		}
	}
	return false
}

func hasNotice(ns []notice, kind string) bool {
	for _, n := range ns {
		if n.Kind == kind {
			return true
		}
	}
	return false
}

// Twenty workers accept twenty referrals for the last bed through the API
// at the same moment: one gets it, the rest are told the bed has gone.
// (models' TestLastBedGoesToExactlyOneOf200 runs 200 on both databases.)
func TestLastBedOverHTTPGoesToOne(t *testing.T) {
	w := newWorld(t)
	const n = 20
	var ids []int64
	for i := 0; i < n; i++ {
		key := "racer" + itoa(int64(i))
		w.person(key, "outreach", models.PersonInput{GivenName: "Racer", FamilyName: itoa(int64(i))})
		w.consent(key, "outreach")
		ids = append(ids, w.refer(key, key, "outreach", "hostel"))
	}
	w.setPlaces("vacancy_hostel", 1)
	hostel := w.api("hostel")
	codes := make([]int, n)
	bodies := make([]string, n)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := hostel.json("POST", "/api/v1/referrals/"+itoa(ids[i])+"/accept", map[string]any{})
			codes[i], bodies[i] = r.status, r.body
		}(i)
	}
	wg.Wait()
	ok := 0
	for i, c := range codes {
		switch {
		case c == http.StatusOK:
			ok++
		case c == http.StatusConflict && strings.Contains(bodies[i], "the bed has gone"):
		default:
			t.Errorf("attempt %d: %d %s", i, c, bodies[i])
		}
	}
	if ok != 1 {
		t.Fatalf("%d acceptances took the last bed", ok)
	}
	// The web front door says the same in words, on the referral's page.
	web := w.web("hostel")
	r := web.form("/referrals/"+itoa(ids[0])+"/accept", url.Values{})
	if codes[0] == http.StatusOK {
		r = web.form("/referrals/"+itoa(ids[1])+"/accept", url.Values{})
	}
	if r.status != http.StatusSeeOther {
		t.Fatalf("web accept of a gone bed: %d", r.status)
	}
	if page := web.get(r.header.Get("Location")); !strings.Contains(page.body, "the bed has gone") {
		t.Errorf("the web says the bed has gone")
	}
}

// A referral from a refuge, and one to it, reveal the refuge to nobody
// but the other side.
func TestRefugeReferralsRevealNothingToThirdServices(t *testing.T) {
	w := newWorld(t)
	fromRefuge := itoa(w.ids["referral_refuge_to_daycentre"])
	toRefuge := itoa(w.ids["referral_hostel_to_refuge"])
	hostel, day, out := w.api("hostel"), w.api("daycentre"), w.api("outreach")

	// The hostel works with Maria too, but never sees the refuge's referral.
	if r := hostel.get("/api/v1/referrals/" + fromRefuge); r.status != http.StatusNotFound {
		t.Errorf("a third service cannot open the refuge's referral: %d", r.status)
	}
	for _, box := range []string{"in", "out"} {
		if r := hostel.get("/api/v1/referrals?box=" + box); strings.Contains(r.body, "Safe House") && box == "in" {
			t.Errorf("the hostel's %s box shows the refuge: %s", box, r.body)
		}
	}
	if r := w.web("hostel").get("/people/" + itoa(w.people["mixed"].ID)); strings.Contains(r.body, "Safe House") || strings.Contains(r.body, "referral") && strings.Contains(r.body, "Southvale Day Centre") {
		t.Errorf("Maria's page shows the hostel the refuge's referral")
	}
	// The day centre, the other side, sees who referred (name, not address).
	r := day.get("/api/v1/referrals/" + fromRefuge)
	if r.status != http.StatusOK || !strings.Contains(r.body, "Safe House") || strings.Contains(r.body, addressMarker) {
		t.Fatalf("the receiving service sees the refuge's name and never its address: %d", r.status)
	}
	// The hostel referred Rita to the refuge: it knows it was accepted,
	// but the refuge's placement is the refuge's alone.
	ref, _ := referralAt(t, hostel, toRefuge)
	if ref.Status != models.ReferralAccepted {
		t.Errorf("the referrer sees its referral accepted: %s", ref.Status)
	}
	for _, c := range []*client{hostel, day, out} {
		if r := c.get("/api/v1/placements/" + itoa(w.ids["placement_refuge"])); r.status != http.StatusNotFound {
			t.Errorf("%s reads the refuge's placement: %d", c.role, r.status)
		}
		if r := c.get("/api/v1/referrals/" + toRefuge); c != hostel && r.status != http.StatusNotFound {
			t.Errorf("%s reads the referral to the refuge: %d", c.role, r.status)
		}
	}
	if r := out.get("/api/v1/people/" + itoa(w.people["to_refuge"].ID)); strings.Contains(r.body, "Safe House") {
		t.Errorf("the refuge shows in Rita's known-to")
	}
	// A confidential gap event is never counted for commissioners.
	if r := w.api("commissioner").get("/api/v1/reports/gaps"); r.status != http.StatusOK || strings.Contains(r.body, "Domestic abuse") {
		t.Errorf("the refuge's failed match reached the gaps report: %d %s", r.status, r.body)
	}
	// The refuge's adjustment on its own person never reaches the hostel,
	// who may see the hostel's own adjustment on Maria.
	var m matchesPage
	hostel.get("/api/v1/people/"+itoa(w.people["mixed"].ID)+"/matches").decode(t, &m)
	if len(m.Adjustments) != 1 || m.Adjustments[0].Reason != "hospital discharge tomorrow" {
		t.Errorf("the hostel sees its own adjustment only: %+v", m.Adjustments)
	}
}

// The refuge has referred Maria to the day centre. The hostel, which also
// works with her, refers her there too: it must be taken like any other
// referral, never refused because "a referral is waiting", which would
// tell the hostel someone else (the refuge) is working with her.
func TestASecondServiceReferringToTheSamePlaceLearnsNothingOfTheFirst(t *testing.T) {
	w := newWorld(t)
	w.consent("mixed", "hostel")
	hostel := w.api("hostel")
	body := map[string]any{"person_id": w.people["mixed"].ID, "to_service_id": w.svcs["daycentre"].ID}
	r := hostel.json("POST", "/api/v1/referrals", body)
	if r.status != http.StatusCreated || strings.Contains(r.body, "Safe House") || strings.Contains(r.body, "waiting") {
		t.Fatalf("the hostel's referral: %d %s", r.status, r.body)
	}
	// Its own second referral there is refused, naming its own.
	again := hostel.json("POST", "/api/v1/referrals", body)
	if again.status != http.StatusConflict || !strings.Contains(again.body, "your service's referral") {
		t.Errorf("a second referral from the same service: %d %s", again.status, again.body)
	}
	// The day centre sees both and decides.
	var in struct {
		Referrals []struct {
			PersonID int64 `json:"person_id"`
		} `json:"referrals"`
	}
	w.api("daycentre").get("/api/v1/referrals?box=in").decode(t, &in)
	n := 0
	for _, x := range in.Referrals {
		if x.PersonID == w.people["mixed"].ID {
			n++
		}
	}
	if n != 2 {
		t.Errorf("the day centre should see both referrals of Maria, saw %d", n)
	}
}

// The worked example end to end: a woman under Housing First's needs
// threshold is listed as not eligible, with the reason; an override with a
// reason offers her the service, and every point is explained.
func TestLowScoringWomanIsOfferedThroughARecordedOverride(t *testing.T) {
	w := newWorld(t)
	b := w.store
	hf, err := b.CreateService(ctx, models.ServiceInput{OrganisationID: w.svcs["hostel"].OrganisationID, Name: "Northmoor Housing First",
		Type: models.HousingFirst, Capacity: 10, LAIDs: []int64{w.las[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.AddVacancy(ctx, hf.ID, w.users["manager"].ID, models.VacancyInput{Label: "Flats", Places: 2}); err != nil {
		t.Fatal(err)
	}
	w.assess("hostel_person", "hostel", 30, map[string]any{"care_leaver": true, "domestic_abuse": true, "mental_health_concern": true}, "")
	hostel := w.api("hostel")
	path := "/api/v1/people/" + itoa(w.people["hostel_person"].ID) + "/matches"
	var m matchesPage
	hostel.get(path).decode(t, &m)
	hfResult := func() *rankedService {
		for _, list := range [][]rankedService{m.Available, m.Full, m.Ineligible} {
			for i := range list {
				if list[i].ServiceID == hf.ID {
					return &list[i]
				}
			}
		}
		return nil
	}
	got := hfResult()
	if got == nil || got.Eligible || len(got.Failures) != 1 || got.Failures[0].Reason != "needs score 30 is under the threshold of 38" {
		t.Fatalf("under the threshold, Housing First is listed with the reason: %+v", got)
	}
	if r := hostel.json("POST", "/api/v1/people/"+itoa(w.people["hostel_person"].ID)+"/adjustments", map[string]any{"kind": "needs_override", "points": 3, "reason": "x"}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "points") {
		t.Fatalf("an override carries no points: %d %s", r.status, r.body)
	}
	r := hostel.json("POST", "/api/v1/people/"+itoa(w.people["hostel_person"].ID)+"/adjustments",
		map[string]any{"kind": "needs_override", "reason": "care leaver who plays down her needs; Housing First panel agreed"})
	if r.status != http.StatusCreated {
		t.Fatalf("override: %d %s", r.status, r.body)
	}
	m = matchesPage{}
	hostel.get(path).decode(t, &m)
	got = hfResult()
	if got == nil || !got.Eligible || !hasFactor(got.Factors, "needs_threshold_waived") || got.Vacancies != 2 {
		t.Fatalf("with the recorded override Housing First is offered: %+v", got)
	}
	if len(m.Available) == 0 || m.Available[0].Total < m.Available[len(m.Available)-1].Total {
		t.Errorf("places now are ranked by points: %+v", m.Available)
	}
	total := 0
	for _, f := range got.Factors {
		total += f.Points
	}
	if total != got.Total {
		t.Errorf("every point is explained: factors add to %d, total %d", total, got.Total)
	}
	// Another service without the record cannot rank her.
	if r := w.api("daycentre").get(path); r.status != http.StatusNotFound {
		t.Errorf("matches need the full record: %d", r.status)
	}
}

// A ranking with no place records a gap once per person per day; the
// commissioner sees people, not events: one person looked up on five days
// is one person, <5; five different people are 5.
func TestFailedMatchesReachTheGapsReportAsPeople(t *testing.T) {
	w := newWorld(t)
	w.setPlaces("vacancy_hostel", 0)
	hostel := w.api("hostel")
	var keys []string
	for i := 0; i < 5; i++ {
		key := "gap" + itoa(int64(i))
		w.person(key, "hostel", models.PersonInput{GivenName: "Gap", FamilyName: itoa(int64(i)), LocalConnectionLAID: &w.las[0].ID, DOB: models.Date{Year: 1980, Month: 1, Day: 1}})
		keys = append(keys, key)
	}
	matches := func(c *client, key string) {
		t.Helper()
		var m matchesPage
		r := c.get("/api/v1/people/" + itoa(w.people[key].ID) + "/matches")
		r.decode(t, &m)
		if m.Gap != "no_vacancy" {
			t.Fatalf("every eligible service is full: gap %q %s", m.Gap, r.body)
		}
	}
	// gap0 on five different days: five events, one person.
	matches(hostel, "gap0")
	for d := 1; d <= 4; d++ {
		matches(laterWorld(t, w, time.Now().Add(-time.Duration(d)*24*time.Hour)).api("hostel"), "gap0")
	}
	var events int64
	w.store.Gorm().Table("gap_events").Where("person_id = ?", w.people["gap0"].ID).Count(&events)
	if events != 5 {
		t.Fatalf("gap0 should have a failed match on each of five days, has %d", events)
	}
	comm := w.api("commissioner")
	var g gapsPage
	comm.get("/api/v1/reports/gaps").decode(t, &g)
	if len(g.Kinds) != 1 || g.Kinds[0].Kind != models.GapNoMatch || g.Kinds[0].People != "<5" || len(g.Kinds[0].Breakdowns) != 0 {
		t.Fatalf("one person's five failed matches show as <5 people, not broken down: %+v", g.Kinds)
	}
	// Four more people, each looked up twice on one day: five people.
	for _, key := range keys[1:] {
		matches(hostel, key)
		matches(hostel, key)
	}
	comm.get("/api/v1/reports/gaps").decode(t, &g)
	if len(g.Kinds) != 1 || g.Kinds[0].People != "5" || len(g.Kinds[0].Breakdowns) != 4 {
		t.Fatalf("five people show as 5: %+v", g.Kinds)
	}
	for _, b := range g.Kinds[0].Breakdowns {
		if len(b.Rows) != 1 || b.Rows[0].People != "5" {
			t.Errorf("%s: %+v", b.By, b.Rows)
		}
	}
	if b := g.Kinds[0].Breakdowns; b[0].By != "reason" || b[0].Rows[0].Value != "Eligible services were full" || b[3].By != "la" || b[3].Rows[0].Value != "Northmoor" {
		t.Errorf("breakdowns: %+v", b)
	}
	r := comm.get("/api/v1/reports/gaps?format=csv")
	if r.status != http.StatusOK || !strings.Contains(r.header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(r.body, "No service matched,reason,Eligible services were full,5,") || !strings.Contains(r.body, "No service matched,la,Northmoor,5,") {
		t.Fatalf("CSV: %d %s", r.status, r.body)
	}
	if r := comm.get("/api/v1/reports/gaps?from=2026-13"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"from"`) {
		t.Errorf("a bad month names the field: %d %s", r.status, r.body)
	}
	if r := hostel.get("/api/v1/reports/gaps"); r.status != http.StatusForbidden {
		t.Errorf("workers do not read the gaps report: %d", r.status)
	}
	// Declines count too, as people of their own.
	w.consent("gap0", "hostel")
	var sent referralJSON
	hostel.json("POST", "/api/v1/referrals", map[string]any{"person_id": w.people["gap0"].ID, "to_service_id": w.svcs["daycentre"].ID}).decode(t, &sent)
	rid := sent.ID
	if r := w.api("daycentre").json("POST", "/api/v1/referrals/"+itoa(rid)+"/decline", map[string]any{"reason": "other"}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"note"`) {
		t.Fatalf("'other' needs the free text: %d %s", r.status, r.body)
	}
	if r := w.api("daycentre").json("POST", "/api/v1/referrals/"+itoa(rid)+"/decline", map[string]any{"reason": "pets", "note": "two large dogs"}); r.status != http.StatusOK {
		t.Fatalf("decline: %d %s", r.status, r.body)
	}
	comm.get("/api/v1/reports/gaps").decode(t, &g)
	if len(g.Kinds) != 2 || g.Kinds[0].Kind != models.GapDecline || g.Kinds[0].People != "<5" || g.Kinds[1].People != "5" {
		t.Errorf("the decline is a kind of its own, <5: %+v", g.Kinds)
	}
	if r := w.web("commissioner").get("/reports/gaps"); r.status != http.StatusOK || !strings.Contains(r.body, "Eligible services were full") || !strings.Contains(r.body, "Referral declined: &lt;5 people") {
		t.Errorf("gaps page: %d %.2000s", r.status, r.body)
	}
}

func TestVacanciesHoursRulesAndWeightsNeedTheRightPeopleAndGoodInput(t *testing.T) {
	w := newWorld(t)
	mgr, wkr, admin := w.api("manager"), w.api("hostel"), w.api("admin")
	vid := itoa(w.ids["vacancy_hostel"])
	if r := wkr.json("PATCH", "/api/v1/vacancies/"+vid, map[string]any{"places": 2}); r.status != http.StatusForbidden {
		t.Errorf("workers do not set vacancies (managers do): %d", r.status)
	}
	if r := mgr.json("PATCH", "/api/v1/vacancies/"+vid, map[string]any{"places": 21}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"places"`) {
		t.Errorf("more places than capacity names places: %d %s", r.status, r.body)
	}
	if r := mgr.json("PATCH", "/api/v1/vacancies/"+vid, map[string]any{"places": 2, "beds": 1}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"beds"`) {
		t.Errorf("an unknown field is named: %d %s", r.status, r.body)
	}
	if r := mgr.json("PATCH", "/api/v1/vacancies/"+vid, map[string]any{"places": 2}); r.status != http.StatusOK || !strings.Contains(r.body, `"places":2`) {
		t.Errorf("the manager updates places: %d %s", r.status, r.body)
	}
	if r := mgr.json("PATCH", "/api/v1/vacancies/"+itoa(w.ids["vacancy_refuge"]), map[string]any{"places": 0}); r.status != http.StatusForbidden {
		t.Errorf("another service's vacancies are not the manager's: %d", r.status)
	}
	hours := "/api/v1/services/" + itoa(w.svcs["hostel"].ID) + "/profile"
	if r := mgr.json("PUT", hours, map[string]any{"assessment_hours": map[string]any{"mon": []string{"9-5"}}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"mon"`) {
		t.Errorf("bad hours name the day: %d %s", r.status, r.body)
	}
	if r := mgr.json("PUT", hours, map[string]any{"assessment_hours": map[string]any{"mon": []string{"09:00-17:00"}, "tue": []string{"09:00-17:00"}}}); r.status != http.StatusOK || !strings.Contains(r.body, "Mon–Tue 09:00–17:00") {
		t.Errorf("hours saved and described: %d %s", r.status, r.body)
	}
	web := w.web("manager")
	if r := web.form("/services/"+itoa(w.svcs["hostel"].ID)+"/profile", url.Values{"all_hours": {"true"}}); r.status != http.StatusSeeOther {
		t.Errorf("the web form saves 24-hour assessments: %d %s", r.status, r.body)
	}
	if r := web.get("/services/" + itoa(w.svcs["hostel"].ID) + "/vacancies"); !strings.Contains(r.body, "24 hours") || !strings.Contains(r.body, "last updated") {
		t.Errorf("the profile page shows the hours and when vacancies were updated")
	}

	rules := "/api/v1/services/" + itoa(w.svcs["hostel"].ID) + "/rules"
	if r := mgr.get(rules); r.status != http.StatusForbidden {
		t.Errorf("only area admins edit rules: %d", r.status)
	}
	bad := map[string]any{"based_on_version": 0, "reason": "dogs", "rules": map[string]any{"pets_allowed": true, "min_age": 200, "needs_excluded": []string{"dragons"}}, "target_groups": []string{"rough_sleeper"}}
	if r := admin.json("PUT", rules, bad); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"min_age"`) {
		t.Errorf("bad rules name the field: %d %s", r.status, r.body)
	}
	good := map[string]any{"based_on_version": 0, "reason": "takes dogs now", "rules": map[string]any{"pets_allowed": true, "min_age": 18}, "target_groups": []string{"rough_sleeper"}}
	if r := admin.json("PUT", rules, good); r.status != http.StatusOK || !strings.Contains(r.body, `"version":1`) {
		t.Fatalf("rules saved as version 1: %d %s", r.status, r.body)
	}
	if r := admin.json("PUT", rules, good); r.status != http.StatusConflict {
		t.Errorf("saving over a version you did not start from conflicts: %d", r.status)
	}
	var prof serviceProfilePage
	mgr.get("/api/v1/services/"+itoa(w.svcs["hostel"].ID)+"/vacancies").decode(t, &prof)
	if prof.RulesVersion != 1 || !prof.Rules.PetsAllowed {
		t.Errorf("the profile shows the rules in force: %+v", prof)
	}
	if r := admin.json("PUT", "/api/v1/matching/weights", map[string]any{"based_on_version": 0, "reason": "x", "weights": map[string]any{"priority": map[string]any{}}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "missing") {
		t.Errorf("weights with fields missing are refused: %d %s", r.status, r.body)
	}
}

func TestExpiredReferralsAreRefusedThenMarkedAndBothSidesTold(t *testing.T) {
	w := newWorld(t)
	rid := w.ids["referral_refuge_to_daycentre"]
	w.store.Gorm().Exec("UPDATE referrals SET expires_at = ? WHERE id = ?", models.Now().Add(-time.Hour), rid)
	day := w.api("daycentre")
	if r := day.json("POST", "/api/v1/referrals/"+itoa(rid)+"/accept", map[string]any{}); r.status != http.StatusConflict || !strings.Contains(r.body, "expired") {
		t.Fatalf("an expired referral cannot be accepted: %d %s", r.status, r.body)
	}
	w.srv.maintenance().ExpireReferrals(ctx)
	ref, _ := referralAt(t, day, itoa(rid))
	if ref.Status != models.ReferralExpired {
		t.Errorf("status %s", ref.Status)
	}
	for _, role := range []string{"daycentre", "refuge"} {
		var ns struct{ Notifications []notice }
		w.api(role).get("/api/v1/notifications").decode(t, &ns)
		if !hasNotice(ns.Notifications, models.NoticeReferralExpired) {
			t.Errorf("%s is told the referral expired: %+v", role, ns.Notifications)
		}
	}
	var ns struct{ Notifications []notice }
	w.api("hostel").get("/api/v1/notifications").decode(t, &ns)
	if hasNotice(ns.Notifications, models.NoticeReferralExpired) {
		t.Error("a third service hears nothing of the refuge's referral")
	}
}

// Every placement page draws for the roles that use it.
func TestPlacementPagesDraw(t *testing.T) {
	w := newWorld(t)
	w.assess("hostel_person", "hostel", 40, map[string]any{"rough_sleeping_now": true, "rough_sleeping_nights": 3, "risk_history": []string{"arson"}}, "")
	hostelID, personID := itoa(w.svcs["hostel"].ID), itoa(w.people["hostel_person"].ID)
	pages := map[string][]string{
		"hostel": {"/referrals", "/referrals?box=out&status=accepted", "/referrals/" + itoa(w.ids["referral_outreach_to_hostel"]),
			"/referrals/" + itoa(w.ids["referral_hostel_to_refuge"]), "/placements", "/placements?state=all",
			"/placements/" + itoa(w.ids["placement_hostel"]), "/services/" + hostelID + "/vacancies", "/vacancies/" + itoa(w.ids["vacancy_hostel"]) + "/candidates",
			"/people/" + personID + "/matches", "/people/" + personID + "/referrals/new?service_id=" + itoa(w.svcs["refuge"].ID), "/people/" + personID, "/"},
		"manager":      {"/services/" + hostelID + "/vacancies", "/vacancies"},
		"daycentre":    {"/referrals/" + itoa(w.ids["referral_refuge_to_daycentre"]), "/people/" + itoa(w.people["mixed"].ID)},
		"refuge":       {"/placements/" + itoa(w.ids["placement_refuge"]), "/referrals?box=out"},
		"admin":        {"/admin/services/" + hostelID + "/rules", "/admin/matching/weights"},
		"commissioner": {"/reports/gaps", "/reports/gaps?from=2025-01&to=2025-12"},
	}
	for role, paths := range pages {
		c := w.web(role)
		for _, p := range paths {
			r := c.get(p)
			if r.status == http.StatusSeeOther {
				r = c.get(r.header.Get("Location"))
			}
			if r.status != http.StatusOK || strings.Contains(r.body, "could not draw") {
				t.Errorf("%s GET %s: %d %.300s", role, p, r.status, r.body)
			}
		}
	}
	// The bad-input paths of the web forms answer with the form and the field.
	mgr := w.web("manager")
	if r := mgr.form("/services/"+hostelID+"/vacancies", url.Values{"label": {""}, "places": {"x"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "places") {
		t.Errorf("a bad vacancy line: %d", r.status)
	}
	admin := w.web("admin")
	r := admin.form("/admin/services/"+hostelID+"/rules", url.Values{"based_on_version": {"0"}, "min_age": {"30"}, "max_age": {"20"}, "reason": {"x"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "is under min_age") {
		t.Errorf("rules with max under min: %d", r.status)
	}
	r = admin.form("/admin/matching/weights", url.Values{"based_on_version": {"0"}, "weights": {"{"}, "reason": {"x"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "invalid JSON") {
		t.Errorf("weights that are not JSON: %d", r.status)
	}
}

// A merge moves referrals and placements with the person, refuses when
// both records wait on the same service, and a subject access export holds
// the person's referrals and placements, never a confidential service's.
func TestMergeAndSubjectAccessCarryReferralsAndPlacements(t *testing.T) {
	w := newWorld(t)
	admin := w.api("admin")
	var sar struct {
		Record struct {
			Referrals      []models.Referral           `json:"referrals"`
			Placements     []models.Placement          `json:"placements"`
			Adjustments    []models.PriorityAdjustment `json:"priority_adjustments"`
			StreetContacts []models.StreetContact      `json:"street_contacts"`
		} `json:"record"`
	}
	oscar := itoa(w.people["outreach_person"].ID)
	out := w.api("outreach")
	if r := out.json("POST", "/api/v1/people/"+oscar+"/adjustments", map[string]any{"kind": "discretion", "points": 5, "reason": "Fleeing violence, nowhere safe tonight"}); r.status != http.StatusCreated {
		t.Fatalf("adjustment: %d %s", r.status, r.body)
	}
	if r := out.json("POST", "/api/v1/street-contacts", map[string]any{"lat": southPoint[1], "lon": southPoint[0], "site_type": "tent", "person_id": w.people["outreach_person"].ID}); r.status != http.StatusCreated {
		t.Fatalf("street contact: %d %s", r.status, r.body)
	}
	r := admin.get("/api/v1/people/" + oscar + "/subject-access")
	r.decode(t, &sar)
	if len(sar.Record.Referrals) != 1 || len(sar.Record.Placements) != 1 {
		t.Fatalf("the export holds Oscar's referral and placement: %d %+v", r.status, sar.Record)
	}
	if len(sar.Record.Adjustments) != 1 || sar.Record.Adjustments[0].Reason != "Fleeing violence, nowhere safe tonight" || len(sar.Record.StreetContacts) != 1 {
		t.Fatalf("the export holds the priority adjustment and where outreach met him: %+v", sar.Record)
	}
	pdf := admin.get("/people/" + oscar + "/subject-access.pdf")
	if text := pdfText(t, []byte(pdf.body)); !strings.Contains(text, "Fleeing violence") || !strings.Contains(text, "Met on the street") {
		t.Errorf("the PDF export holds them too")
	}
	sar.Record.Referrals = nil
	r = admin.get("/api/v1/people/" + itoa(w.people["mixed"].ID) + "/subject-access")
	r.decode(t, &sar)
	if len(sar.Record.Referrals) != 0 || strings.Contains(r.body, "Safe House") {
		t.Fatalf("the refuge's referral of Maria is not in the export: %s", r.body)
	}

	w.person("oscar_dup", "outreach", models.PersonInput{GivenName: "Oscar", FamilyName: "Outreach", DOB: models.Date{Year: 1982, Month: 2, Day: 2}})
	w.consent("oscar_dup", "outreach")
	dupRef := w.refer("dup_to_daycentre", "oscar_dup", "outreach", "daycentre")
	// Outreach referred both records to the day centre: one sender's two
	// waiting referrals of one person must be settled first.
	w.refer("oscar_to_daycentre", "outreach_person", "outreach", "daycentre")
	merge := map[string]any{"merge_id": w.people["oscar_dup"].ID, "reason": "same man, recorded twice by outreach"}
	path := "/api/v1/people/" + itoa(w.people["outreach_person"].ID) + "/merge"
	if r := admin.json("POST", path, merge); r.status != http.StatusConflict || !strings.Contains(r.body, "a referral waiting") {
		t.Fatalf("both records waiting on the day centre must be settled first: %d %s", r.status, r.body)
	}
	if r := w.api("outreach").json("POST", "/api/v1/referrals/"+itoa(dupRef)+"/withdraw", map[string]any{"note": "duplicate record"}); r.status != http.StatusOK {
		t.Fatalf("withdraw: %d %s", r.status, r.body)
	}
	if r := admin.json("POST", path, merge); r.status != http.StatusOK {
		t.Fatalf("merge: %d %s", r.status, r.body)
	}
	var owner int64
	w.store.Gorm().Table("referrals").Where("id = ?", dupRef).Select("person_id").Scan(&owner)
	if owner != w.people["outreach_person"].ID {
		t.Errorf("the duplicate's referral moved to the survivor: person %d", owner)
	}
}

// A referral carries the person's assessment on their consent: when they
// withdraw it, the referrals still waiting are withdrawn with it, both
// services are told, and the receiver no longer reads the assessment.
func TestWithdrawingConsentWithdrawsWaitingReferrals(t *testing.T) {
	w := newWorld(t)
	outreach, hostel := w.api("outreach"), w.api("hostel")
	p := w.person("consenting", "outreach", models.PersonInput{GivenName: "Cora", FamilyName: "Consent", Gender: "female",
		DOB: models.Date{Year: 1990, Month: 2, Day: 3}, LocalConnectionLAID: &w.las[0].ID})
	w.assess("consenting", "outreach", 30, map[string]any{"rough_sleeping_now": true}, "")
	id := itoa(p.ID)
	r := outreach.json("POST", "/api/v1/people/"+id+"/consents", map[string]any{"purpose": models.ConsentShareAssessment, "with_whom": "services I am referred to", "given": true})
	if r.status != http.StatusCreated {
		t.Fatalf("consent: %d %s", r.status, r.body)
	}
	var consent models.Consent
	r.decode(t, &consent)
	r = outreach.json("POST", "/api/v1/referrals", map[string]any{"person_id": p.ID, "to_service_id": w.svcs["hostel"].ID})
	if r.status != http.StatusCreated {
		t.Fatalf("send: %d %s", r.status, r.body)
	}
	var sent referralJSON
	r.decode(t, &sent)
	if got, _ := referralAt(t, hostel, itoa(sent.ID)); got.Snapshot == nil || got.Snapshot.Assessment == nil {
		t.Fatal("while it waits, the receiver reads the referred assessment")
	}

	r = outreach.json("POST", "/api/v1/people/"+id+"/consents/"+itoa(consent.ID)+"/withdraw", map[string]any{"reason": "She no longer wants it shared"})
	if r.status != http.StatusOK {
		t.Fatalf("withdraw consent: %d %s", r.status, r.body)
	}
	got, resp := referralAt(t, hostel, itoa(sent.ID))
	if got.Status != models.ReferralWithdrawn || got.Snapshot != nil || strings.Contains(resp.body, "rough_sleeping") {
		t.Fatalf("the waiting referral is withdrawn and its assessment no longer shared: %s", resp.body)
	}
	if !strings.Contains(resp.body, models.ConsentWithdrawnNote) {
		t.Errorf("the receiver is told why: %s", resp.body)
	}
	var ns struct{ Notifications []notice }
	hostel.get("/api/v1/notifications").decode(t, &ns)
	if !hasNotice(ns.Notifications, models.NoticeReferralWithdrawn) {
		t.Errorf("the receiving service is told: %+v", ns.Notifications)
	}
	if r := hostel.json("POST", "/api/v1/referrals/"+itoa(sent.ID)+"/accept", map[string]any{}); r.status != http.StatusConflict {
		t.Errorf("a referral withdrawn with consent cannot be accepted: %d %s", r.status, r.body)
	}
	if got, _ := referralAt(t, outreach, itoa(sent.ID)); got.Snapshot == nil {
		t.Error("the sender still reads what it sent")
	}
}

// The safety symbol and "contact before visiting" show wherever a person is
// shown: the receiving service about to visit sees it on the referral, the
// vacancy's candidates and the placement, in pages and in the API.
func TestTheSafetyMarkShowsWhereverThePersonIs(t *testing.T) {
	w := newWorld(t)
	if err := w.store.Gorm().Exec("UPDATE people SET safety_flag = ?, safety_contact = ?", true, "the Elm Street team on 01632 960123").Error; err != nil {
		t.Fatal(err)
	}
	w.consent("outreach_person", "outreach")
	w.refer("waiting", "outreach_person", "outreach", "hostel")
	const mark = "Contact the Elm Street team on 01632 960123 before visiting"
	hostel := w.web("hostel")
	for _, p := range []string{"/referrals", "/referrals/" + itoa(w.ids["referral_outreach_to_hostel"]), "/placements",
		"/placements/" + itoa(w.ids["placement_hostel"]), "/vacancies/" + itoa(w.ids["vacancy_hostel"]) + "/candidates",
		"/people/" + itoa(w.people["hostel_person"].ID) + "/referrals/new"} {
		if r := hostel.get(p); r.status != http.StatusOK || !strings.Contains(r.body, mark) {
			t.Errorf("GET %s: %d, the safety mark is missing", p, r.status)
		}
	}
	api := w.api("hostel")
	for _, p := range []string{"/api/v1/referrals", "/api/v1/referrals/" + itoa(w.ids["referral_outreach_to_hostel"]),
		"/api/v1/placements/" + itoa(w.ids["placement_hostel"]), "/api/v1/vacancies/" + itoa(w.ids["vacancy_hostel"]) + "/candidates"} {
		if r := api.get(p); r.status != http.StatusOK || !strings.Contains(r.body, `"safety_flag":true`) || !strings.Contains(r.body, "Elm Street team") {
			t.Errorf("GET %s: %d, the safety mark is missing: %.300s", p, r.status, r.body)
		}
	}
}
