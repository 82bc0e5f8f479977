package server

import (
	"net/http"
	"testing"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
	"gateway/server/app"
)

// People with no local connection are the ones "local connection
// required" rules leave out; their gaps are counted too: where they were
// last met on the street, else where the service that ranked or declined
// them is. Before, their events had no LA and no commissioner counted them.
func TestGapsOfPeopleWithNoLocalConnectionAreCounted(t *testing.T) {
	w := newWorld(t)
	w.setPlaces("vacancy_hostel", 0)
	north, south := w.las[0].ID, w.las[1].ID
	gapLA := func(key, kind string) int64 { // 0: no LA
		t.Helper()
		var las []int64
		w.store.Gorm().Table("gap_events").Where("person_id = ? AND kind = ?", w.people[key].ID, kind).Pluck("COALESCE(la_id, 0)", &las)
		if len(las) != 1 {
			t.Fatalf("%s: %d %s events, want 1", key, len(las), kind)
		}
		return las[0]
	}
	rank := func(role, key string) {
		t.Helper()
		var m matchesPage
		r := w.api(role).get("/api/v1/people/" + itoa(w.people[key].ID) + "/matches")
		r.decode(t, &m)
		if r.status != http.StatusOK || m.Gap == "" {
			t.Fatalf("%s ranks %s: %d, gap %q", role, key, r.status, m.Gap)
		}
	}

	// Met on the street in Southvale by the outreach team, whose first LA
	// is Northmoor: counted where met.
	r := w.api("outreach").json("POST", "/api/v1/street-contacts", map[string]any{"lat": southPoint[1], "lon": southPoint[0], "site_type": "tent",
		"new_person": map[string]any{"given_name": "Sid", "family_name": "Southbound"}})
	if r.status != http.StatusCreated {
		t.Fatalf("street contact: %d %s", r.status, r.body)
	}
	var sc models.StreetContact
	r.decode(t, &sc)
	p, err := w.store.Person(ctx, policy.Records(w.actor("outreach")), *sc.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	w.people["sid"] = p
	rank("outreach", "sid")
	if la := gapLA("sid", models.GapNoMatch); la != south {
		t.Errorf("Sid's failed match is counted where he was met (Southvale): LA %d", la)
	}

	// Never met on the street: counted in the ranking service's LA.
	w.person("dora", "daycentre", models.PersonInput{GivenName: "Dora", FamilyName: "Drifter", DOB: models.Date{Year: 1975, Month: 5, Day: 5}})
	rank("daycentre", "dora")
	if la := gapLA("dora", models.GapNoMatch); la != south {
		t.Errorf("Dora's failed match is counted where the day centre is (Southvale): LA %d", la)
	}

	// Declined: counted where the declining service is.
	w.person("hugo", "hostel", models.PersonInput{GivenName: "Hugo", FamilyName: "Homeless", DOB: models.Date{Year: 1985, Month: 6, Day: 6}})
	w.consent("hugo", "hostel")
	var sent referralJSON
	w.api("hostel").json("POST", "/api/v1/referrals", map[string]any{"person_id": w.people["hugo"].ID, "to_service_id": w.svcs["daycentre"].ID}).decode(t, &sent)
	if r := w.api("daycentre").json("POST", "/api/v1/referrals/"+itoa(sent.ID)+"/decline", map[string]any{"reason": "no_vacancy"}); r.status != http.StatusOK {
		t.Fatalf("decline: %d %s", r.status, r.body)
	}
	if la := gapLA("hugo", models.GapDecline); la != south {
		t.Errorf("Hugo's decline is counted where the day centre is (Southvale): LA %d", la)
	}

	// A local connection still comes first, and a Northmoor
	// commissioner counts a Northmoor gap of someone without one.
	w.person("lena", "daycentre", models.PersonInput{GivenName: "Lena", FamilyName: "Local", LocalConnectionLAID: &north, DOB: models.Date{Year: 1990, Month: 9, Day: 9}})
	rank("daycentre", "lena")
	if la := gapLA("lena", models.GapNoMatch); la != north {
		t.Errorf("Lena's failed match is counted in her local connection (Northmoor): LA %d", la)
	}
	w.person("nat", "hostel", models.PersonInput{GivenName: "Nat", FamilyName: "Nowhere", DOB: models.Date{Year: 1970, Month: 7, Day: 7}})
	rank("hostel", "nat")
	evs, err := w.store.GapEvents(ctx, policy.GapEvents(w.actor("commissioner")), models.Now().AddDate(0, 0, -1), models.Now().AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	counted := false
	for _, e := range evs {
		counted = counted || e.PersonID == w.people["nat"].ID
	}
	if !counted {
		t.Error("the Northmoor commissioner counts Nat, ranked by the Northmoor hostel")
	}
	// The pack's gaps for an LA are its events, matched by the LA's id:
	// Nat in Northmoor's, Sid, Dora and Hugo in Southvale's.
	for _, tc := range []struct {
		la     *models.LocalAuthority
		people int
	}{{w.las[0], 2}, {w.las[1], 3}} {
		var p reports.Pack
		err := app.PackGaps(ctx, w.srv.reporter(), w.pol.Scheduled([]int64{north, south}, models.Now()), reports.MonthOf(models.Now().In(london)), tc.la, &p)
		people := 0
		for _, g := range p.Gaps {
			people += g.People
		}
		if err != nil || people != tc.people {
			t.Errorf("%s pack: %d people in gaps, want %d (%v)", tc.la.Name, people, tc.people, err)
		}
	}
}
