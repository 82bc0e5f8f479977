package namegen

import (
	"math/rand/v2"
	"slices"

	"gateway/models/names"
)

// composed makes the synthetic long tail of a family-name list: every begin
// of each [compose] block joined to every middle and end (Grabow + ski, Mc + Gowan,
// Tesfa + mariam), in an order shuffled by a fixed seed so no begin crowds
// the commoner ranks. A composed name is dropped when it is a real listed
// name already or one edit away from one of the listed names (Kowalsky
// beside Kowalski): the tail must not plant near-duplicates of real common
// names that a matcher would then be blamed for joining.
func composed(t *table, rule formRule) []entry {
	if len(t.composes) == 0 {
		return nil
	}
	near := newNearSet()
	real := map[string]bool{}
	for _, l := range t.family {
		n := names.Normalise(l.name)
		real[n] = true
		near.add(n)
	}
	var out []entry
	seen := map[string]bool{}
	for _, c := range t.composes {
		middles := c.middle
		if len(middles) == 0 {
			middles = []string{""}
		}
		for _, b := range c.begin {
			for _, m := range middles {
				for _, e := range c.end {
					name := b + m + e.name
					key := names.Normalise(name)
					if seen[key] || real[key] || near.within1(key) {
						continue
					}
					seen[key] = true
					en := entry{family: name}
					if e.female != "" {
						en.female = []womansForm{{b + m + e.female, 1}}
					} else {
						en.female = rule(name)
					}
					out = append(out, en)
				}
			}
		}
	}
	rand.New(rand.NewPCG(0xface, uint64(len(out)))).Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// nearSet answers "is this name at most one edit (insertion, deletion or
// substitution) from a name in the set?" by the symmetric-delete trick:
// two strings are within one edit when they share a one-deletion form or
// one is a one-deletion form of the other.
type nearSet struct{ whole, deleted map[string]bool }

func newNearSet() *nearSet { return &nearSet{map[string]bool{}, map[string]bool{}} }

func (s *nearSet) add(n string) {
	s.whole[n] = true
	for _, d := range deletions(n) {
		s.deleted[d] = true
	}
}

func (s *nearSet) within1(n string) bool {
	if s.whole[n] || s.deleted[n] {
		return true
	}
	return slices.ContainsFunc(deletions(n), func(d string) bool { return s.whole[d] || s.deleted[d] })
}

func deletions(n string) []string {
	r := []rune(n)
	out := make([]string, 0, len(r))
	for i := range r {
		out = append(out, string(r[:i])+string(r[i+1:]))
	}
	return out
}
