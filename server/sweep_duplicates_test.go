package server

import "gateway/policy"

// The duplicate review: a pair is hidden unless both people are
// visible to the actor, and a merge unless the record it kept is.
func init() {
	pairs := rowsOutside("duplicate_pairs", policy.DuplicatePairs)
	for _, p := range []string{
		"/duplicates/pairs/:id/merge", "/duplicates/pairs/:id/not-same",
		"/duplicate-pairs/:id/merge", "/duplicate-pairs/:id/not-same",
	} {
		sweepKinds[p] = pairs
	}
	sweepKinds["/merges/:id/split"] = mergesOutside
}

// mergesOutside: merges whose kept record the actor may not split.
func mergesOutside(w *world, role string) []int64 {
	type merge struct{ ID, SurvivorID int64 }
	var all []merge
	w.store.Gorm().Table("person_merges").Order("id").Find(&all)
	var out []int64
	for _, m := range all {
		if _, err := w.store.Person(ctx, policy.Splittable(w.actor(role)), m.SurvivorID); err != nil {
			out = append(out, m.ID)
		}
	}
	return out
}
