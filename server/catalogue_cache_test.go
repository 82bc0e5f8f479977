package server

import (
	"encoding/json"
	"net/http"
	"testing"

	"gateway/matching"
	"gateway/models"
)

// The matcher's catalogue is read once and kept, and each write that
// changes it (a vacancy, a service's rules, the weights) is in the very
// next ranking.
func TestCachedCatalogueFollowsEveryChange(t *testing.T) {
	w := newWorld(t)
	hostel := w.api("hostel")
	path := "/api/v1/people/" + itoa(w.people["hostel_person"].ID) + "/matches"
	rank := func() matchesPage {
		t.Helper()
		var m matchesPage
		r := hostel.get(path)
		if r.status != http.StatusOK {
			t.Fatalf("matches: %d %s", r.status, r.body)
		}
		r.decode(t, &m)
		return m
	}
	find := func(m matchesPage, id int64) *rankedService {
		for _, list := range [][]rankedService{m.Available, m.Full, m.Ineligible} {
			for i := range list {
				if list[i].ServiceID == id {
					return &list[i]
				}
			}
		}
		return nil
	}
	hf, err := w.store.CreateService(ctx, models.ServiceInput{OrganisationID: w.svcs["hostel"].OrganisationID, Name: "Northmoor Housing First",
		Type: models.HousingFirst, Capacity: 10, LAIDs: []int64{w.las[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	m := rank()
	if got := find(m, hf.ID); got == nil || got.Vacancies != 0 {
		t.Fatalf("a new service is ranked with no places: %+v", got)
	}
	rank() // from the cache

	if _, err := w.store.AddVacancy(ctx, hf.ID, w.users["manager"].ID, models.VacancyInput{Label: "Flats", Places: 2}); err != nil {
		t.Fatal(err)
	}
	if got := find(rank(), hf.ID); got == nil || got.Vacancies != 2 {
		t.Errorf("after a vacancy: %+v, want 2 places", got)
	}
	if _, err := w.store.AddEligibilityVersion(ctx, hf.ID, w.users["admin"].ID, `{"min_age": 99}`, `[]`, models.RulesInput{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	if got := find(rank(), hf.ID); got == nil || got.Eligible || got.RulesVersion != 1 {
		t.Errorf("after new rules: %+v, want version 1 and ineligible", got)
	}
	before := rank().Facts.WeightsVersion
	weights, err := json.Marshal(matching.DefaultWeights())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AddWeightsVersion(ctx, w.users["admin"].ID, string(weights), models.RulesInput{Based: before, Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	if got := rank().Facts.WeightsVersion; got != before+1 {
		t.Errorf("after new weights: version %d, want %d", got, before+1)
	}
}
