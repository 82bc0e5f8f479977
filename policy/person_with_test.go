package policy_test

import (
	"errors"
	"slices"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// TestPersonWithAgreesWithEachScope: the one-statement read of a person
// and their access flags finds exactly whom the identity scope
// finds, and each flag is what the scope's own find-by-id says, for every
// actor and person of the fixture (merged, erased, confidential and
// break-glass people included).
func TestPersonWithAgreesWithEachScope(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := buildWorld(t, s)
		found, flagged := 0, 0
		for an, a := range w.actors {
			scopes := []models.Scope{policy.Records(a), policy.Editable(a)}
			for pn, id := range w.people {
				read, err := s.PersonWith(ctx, policy.People(a), id, scopes...)
				_, perr := s.Person(ctx, policy.People(a), id)
				if errors.Is(perr, models.ErrNotFound) {
					if !errors.Is(err, models.ErrNotFound) {
						t.Errorf("%s %s: hidden from the identity scope but PersonWith answered %v", an, pn, err)
					}
					continue
				}
				if err != nil || perr != nil {
					t.Fatalf("%s %s: %v / %v", an, pn, err, perr)
				}
				found++
				for i, sc := range scopes {
					_, serr := s.Person(ctx, sc, id)
					if want := serr == nil; read.Also[i] != want {
						t.Errorf("%s %s: flag %s is %v, its scope says %v", an, pn, sc.Name(), read.Also[i], want)
					}
					if read.Also[i] {
						flagged++
					}
				}
				p, _ := s.Person(ctx, policy.People(a), id)
				if read.Person.ID != p.ID || read.Person.FamilyName != p.FamilyName || len(read.Person.Aliases) != len(p.Aliases) ||
					!slices.EqualFunc(read.Person.Aliases, p.Aliases, func(x, y models.Alias) bool { return x.ID == y.ID }) {
					t.Errorf("%s %s: PersonWith read a different record", an, pn)
				}
			}
		}
		if found == 0 || flagged == 0 {
			t.Fatalf("the fixture exercised nothing: %d found, %d flags set", found, flagged)
		}
	})
}
