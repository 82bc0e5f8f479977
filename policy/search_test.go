package policy_test

import (
	"slices"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// A name search through a worker's scope: the exact name first,
// then the rest by similarity, never by id; when more than SearchLimit
// match, the limit falls on the weakest matches and the answer says so;
// people hidden by a refuge are never shown and never counted, and only the
// look-up for telling the refuge finds them.
func TestPeopleSearchRanksBySimilarityLimitsOnItAndHidesRefugePeople(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		la := b.LA("Northmoor")
		hostel := b.Service(b.Org("Trust"), "Hostel", models.Hostel, la)
		refuge := b.Service(b.Org("Safe"), "Refuge", models.Refuge, la)
		worker := b.User("Worker", hostel, models.RoleWorker)
		refugeWorker := b.User("Refuge worker", refuge, models.RoleWorker)

		exact := b.Person("Jonathan", "Smithers", worker, hostel)
		hidden := map[int64]bool{}
		for range 3 { // the exact name, known only to the refuge, recorded after (more recent)
			hidden[b.Person("Jonathan", "Smithers", refugeWorker, refuge).ID] = true
		}
		// Sounding the same: weaker than the exact name, more than the limit.
		sounding := map[int64]bool{}
		for range models.SearchLimit + 10 {
			sounding[b.Person("Jonathan", "Smythers", worker, hostel).ID] = true
		}
		// Sharing only a sound and an initial: weaker still, and the last
		// recorded, so a cut by id or by recency would keep them.
		weak := map[int64]bool{}
		for range 20 {
			weak[b.Person("Jonathan", "Sanders", worker, hostel).ID] = true
		}
		unique := b.Person("Zebedee", "Quarrington", worker, hostel)
		b.Person("Zebedee", "Quarrington", refugeWorker, refuge)

		pol, err := policy.New(ctx, s, policy.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ms, err := s.Memberships(ctx, worker.ID)
		if err != nil {
			t.Fatal(err)
		}
		a := pol.Actor(worker, ms[0], models.Now())

		var seen []models.PersonHit
		for page := 0; ; page++ {
			hits, found, err := s.SearchPeople(ctx, policy.People(a), models.PersonSearch{Text: "jonathan smithers", Limit: 25, Offset: page * 25})
			if err != nil {
				t.Fatal(err)
			}
			if !found.Limited || found.Total != models.SearchLimit {
				t.Fatalf("page %d: %d matched, more than the limit: want limited at %d, got %+v", page, 1+len(sounding)+len(weak), models.SearchLimit, found)
			}
			if len(hits) == 0 {
				break
			}
			seen = append(seen, hits...)
		}
		if len(seen) != models.SearchLimit {
			t.Fatalf("the pages hold the %d closest; got %d", models.SearchLimit, len(seen))
		}
		if seen[0].ID != exact.ID {
			t.Errorf("the exact name first: got %s (%d)", seen[0].FullName(), seen[0].ID)
		}
		ids := map[int64]bool{}
		for i, h := range seen {
			if hidden[h.ID] {
				t.Errorf("a person known only to the refuge is shown at %d", i)
			}
			if weak[h.ID] {
				t.Errorf("the limit must fall on the weakest matches: %s shown at %d", h.FullName(), i)
			}
			if i > 0 && h.Score > seen[i-1].Score {
				t.Errorf("ranked by similarity: %v after %v at %d", h.Score, seen[i-1].Score, i)
			}
			if ids[h.ID] {
				t.Errorf("%d shown twice across pages", h.ID)
			}
			ids[h.ID] = true
		}

		// Below the limit the total is exact, and hidden people are not in it.
		hits, found, err := s.SearchPeople(ctx, policy.People(a), models.PersonSearch{Text: "zebedee quarrington"})
		if err != nil {
			t.Fatal(err)
		}
		if found.Total != 1 || found.Limited || len(hits) != 1 || hits[0].ID != unique.ID {
			t.Errorf("one visible Zebedee Quarrington, the refuge's not counted: %+v, %d hits", found, len(hits))
		}

		// The look-up that tells the refuge finds its people, and only them.
		got, err := s.SearchMatchIDs(ctx, policy.HiddenByConfidential(a), models.PersonSearch{Text: "jonathan smithers"}, 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(hidden) {
			t.Errorf("the refuge's %d people, got %v", len(hidden), got)
		}
		for _, id := range got {
			if !hidden[id] {
				t.Errorf("%d is not hidden from the worker", id)
			}
		}
		// Asked with the search itself, the same people, and the reader's
		// answer unchanged.
		hits, found, err = s.SearchPeople(ctx, policy.People(a), models.PersonSearch{Text: "jonathan smithers", Limit: 25,
			Also: policy.HiddenByConfidential(a), AlsoLimit: 50})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(found.Also, got) || len(hits) != 25 || hits[0].ID != exact.ID || !found.Limited {
			t.Errorf("with the look-up: also %v (alone %v), %d hits, %+v", found.Also, got, len(hits), found)
		}
	})
}
