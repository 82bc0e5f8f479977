package policy_test

import (
	"fmt"
	"slices"
	"sort"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// What links to street contacts (an alert's detail) lists only those the
// reader could open: their pins (rule 10) and their service's own
// contacts at any age, and nothing else, for every actor of the fixture.
func TestOpenableStreetContactsArePinsAndOwnContacts(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := buildWorld(t, s)
		ids := func(scope models.Scope) []int64 {
			got, err := s.StreetContactIDs(ctx, scope)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		opened := 0
		for name, a := range w.actors {
			want := append(ids(policy.StreetContactPins(a)), ids(policy.AmendableStreetContacts(a))...)
			sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
			want = slices.Compact(want)
			got := ids(policy.OpenableStreetContacts(a))
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s opens %v, want its pins and own contacts %v", name, got, want)
			}
			opened += len(got)
		}
		if opened == 0 {
			t.Error("no actor opens any contact: the fixture proves nothing")
		}
		if got := ids(policy.OpenableStreetContacts(policy.Actor{})); len(got) != 0 {
			t.Errorf("the zero actor opens %v", got)
		}
	})
}
