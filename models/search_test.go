package models_test

import (
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// Search ranks the closest name first, whatever the typo, nickname, order
// or alias.
func TestSearchRanksTheClosestNameFirst(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		hostel := b.Service(b.Org("Trust"), "Hostel", models.Hostel, b.LA("Northmoor"))
		u := b.User("Worker", hostel, models.RoleWorker)
		for _, n := range [][2]string{{"Jordan", "Smith"}, {"John", "McCarthy"}, {"Jonathan", "Smythe"}, {"Jon", "Smith"}, {"Joan", "Smart"}} {
			b.Person(n[0], n[1], u, hostel)
		}
		for q, want := range map[string]string{
			"jon smyth":        "Jon Smith",
			"smith jon":        "Jon Smith",
			"jordan smith":     "Jordan Smith",
			"johnathan smythe": "Jonathan Smythe",
			"mccarthy":         "John McCarthy",
			"joan":             "Joan Smart",
		} {
			hits, _, err := s.SearchPeople(ctx, allNotes, models.PersonSearch{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) == 0 || hits[0].FullName() != want {
				var got []string
				for _, h := range hits {
					got = append(got, h.FullName())
				}
				t.Errorf("%q: want %s first, got %v", q, want, got)
			}
		}
	})
}
