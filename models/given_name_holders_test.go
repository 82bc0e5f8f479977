package models_test

import (
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// The count of a given name's holders counts people (not their aliases or
// other words twice), only those the scope shows, and stops at the bound.
func TestGivenNameHoldersCountsThePeopleTheScopeShows(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		hostel := b.Service(b.Org("Trust"), "Hostel", models.Hostel, b.LA("Northmoor"))
		u := b.User("Worker", hostel, models.RoleWorker)
		var ids []int64
		for _, f := range []string{"Boyle", "Marden", "Morag"} { // Morag Morag is one person
			ids = append(ids, b.Person("Morag", f, u, hostel).ID)
		}
		b.Person("Mary", "Morrison", u, hostel)
		if n, err := s.GivenNameHolders(ctx, allNotes, "morag"); err != nil || n != 3 {
			t.Errorf("every row: %d holders of Morag (%v), want 3", n, err)
		}
		notFirst := models.NewScope("test: all but one", "people.id <> ?", []any{ids[0]})
		if n, err := s.GivenNameHolders(ctx, notFirst, "Morag Ann"); err != nil || n != 2 {
			t.Errorf("one hidden: %d holders of Morag (%v), want 2", n, err)
		}
		if n, _ := s.GivenNameHolders(ctx, models.Nothing, "Morag"); n != 0 {
			t.Errorf("no scope: %d holders", n)
		}
		if n, _ := s.GivenNameHolders(ctx, allNotes, ""); n != -1 {
			t.Errorf("no given name: %d", n)
		}
	})
}
