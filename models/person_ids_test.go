package models_test

import (
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// New people's ids are random, so the gap between two ids says nothing of
// how many people were created between them.
func TestPersonIDsAreNotSequential(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		la := b.LA("Northmoor")
		sv := b.Service(b.Org("Trust"), "Hostel", models.Hostel, la)
		u := b.User("worker", sv, models.RoleWorker)
		var prev int64
		for i := 0; i < 5; i++ {
			p := b.Person("Ann", "Other", u, sv)
			if p.ID < 1<<41 || p.ID >= 1<<53 {
				t.Fatalf("id %d is outside [2^41, 2^53)", p.ID)
			}
			if prev != 0 && (p.ID-prev == 1 || prev-p.ID == 1) {
				t.Fatalf("consecutive ids %d, %d", prev, p.ID)
			}
			if !s.UnscopedPersonExists(ctx, p.ID) {
				t.Fatalf("person %d is stored under its id", p.ID)
			}
			prev = p.ID
		}
	})
}

func TestDemoPersonIDsAreDistinctAndApart(t *testing.T) {
	seen := map[int64]bool{}
	for n := int64(1); n <= 200000; n++ {
		id := models.DemoPersonID(n)
		if id < 1<<40 || id >= 1<<41 || seen[id] {
			t.Fatalf("person %d: id %d", n, id)
		}
		seen[id] = true
	}
	if d := models.DemoPersonID(2) - models.DemoPersonID(1); d == 1 || d == -1 {
		t.Fatal("the demo's ids are sequential")
	}
}
