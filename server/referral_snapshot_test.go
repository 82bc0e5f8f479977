package server

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// A referral carries no trace of where the person was met on the street:
// not for the sender, whose ranking measured from it, and not for the
// receiver, who is not yet working with them (rules 7 and 10). When the
// sender is a confidential outreach service (the night van), its own
// contact point would otherwise reach a hostel (rule 4).
func TestAReferralCarriesNoStreetContactPoint(t *testing.T) {
	w := newWorld(t)
	near := orb.Point{hotspotPoint[0] + 0.02, hotspotPoint[1] + 0.01} // where the fixture met Rosa and Sasha
	w.consent("rosa", "outreach")
	w.consent("sexwork_only", "sexwork")
	for _, tc := range []struct{ person, sender string }{{"rosa", "outreach"}, {"sexwork_only", "sexwork"}} {
		t.Run(tc.sender, func(t *testing.T) {
			sender := w.api(tc.sender)
			// The sender's own ranking does measure from the contact.
			if r := sender.get("/api/v1/people/" + itoa(w.people[tc.person].ID) + "/matches"); !strings.Contains(r.body, "last met on the street") {
				t.Fatalf("the sender's ranking should use the street contact: %d %.300s", r.status, r.body)
			}
			r := sender.json("POST", "/api/v1/referrals", map[string]any{"person_id": w.people[tc.person].ID,
				"to_service_id": w.svcs["hostel"].ID, "vacancy_id": w.ids["vacancy_hostel"]})
			if r.status != http.StatusCreated {
				t.Fatalf("send: %d %s", r.status, r.body)
			}
			var sent referralJSON
			r.decode(t, &sent)
			id := itoa(sent.ID)
			var pages []response
			for _, role := range []string{tc.sender, "hostel"} {
				got, resp := referralAt(t, w.api(role), id)
				if resp.status != http.StatusOK || got.Snapshot == nil {
					t.Fatalf("%s reads the referral and its snapshot: %d %s", role, resp.status, resp.body)
				}
				if got.Snapshot.Candidate.HasLocation || strings.Contains(resp.body, `"location"`) || strings.Contains(resp.body, `"has_location":true`) {
					t.Errorf("%s: the snapshot's candidate carries a place: %s", role, resp.body)
				}
				pages = append(pages, resp, w.web(role).get("/referrals/"+id))
			}
			pages = append(pages, w.api("hostel").get("/api/v1/vacancies/"+itoa(w.ids["vacancy_hostel"])+"/candidates"),
				w.web("hostel").get("/vacancies/"+itoa(w.ids["vacancy_hostel"])+"/candidates"))
			for i, p := range pages {
				if p.status != http.StatusOK {
					t.Fatalf("page %d: %d", i, p.status)
				}
				for _, v := range []float64{near[0], near[1]} {
					for _, s := range []string{strconv.FormatFloat(v, 'f', -1, 64), strconv.FormatFloat(v, 'f', 3, 64)} {
						if strings.Contains(p.body, s) {
							t.Errorf("page %d shows the street contact's coordinate %s", i, s)
						}
					}
				}
				if strings.Contains(p.body, "last met on the street") {
					t.Errorf("page %d says where the person was met", i)
				}
			}
		})
	}
}
