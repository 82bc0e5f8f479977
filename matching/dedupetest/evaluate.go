package dedupetest

import (
	"fmt"
	"gateway/matching"
	"slices"
	"strings"

	"gateway/models/names"
)

// Evaluation breaks down how duplicate detection did on a DuplicateSet.
type Evaluation struct {
	ByKind []KindFigures // variant kinds in generation order, then hard negatives and base people

	Pairs, Found, Retrieved int // true duplicate pairs; returned by matching.Duplicates; reached by the key lookup
	Returned, Correct       int // all matches returned; those that were true pairs
	StrongReturned          int
	StrongCorrect           int

	MeanCandidates float64 // people per key lookup, what the database would fetch
	MaxCandidates  int
	// Largest share of all people stored under one key used by two-name
	// lookups, and under one single-name key (s:, w:, h:).
	LargestPairKeyShare, LargestFamilyKeyShare float64
}

// KindFigures are the figures for the pairs and matches of one record kind. A
// pair or match is counted under the kind of its record that is not a base
// person (under the later record's kind if neither is).
type KindFigures struct {
	Kind                    string
	Pairs, Found, Retrieved int
	Returned, Correct       int
}

// Precision is the share of returned matches that were true; 1 when none
// were returned.
func (k KindFigures) Precision() float64 { return ratio(k.Correct, k.Returned) }

// Recall is the share of true pairs returned; 1 when there were none.
func (k KindFigures) Recall() float64 { return ratio(k.Found, k.Pairs) }

func ratio(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

// Evaluate runs the pipeline the app runs when a worker creates each person of
// the set in turn: probe an index of the names.StoredKeys of everyone created
// so far (person_name_keys, simulated in memory) with the person's
// names.ProbeKeys, keep the names.CandidateLimit candidates with the most
// weight (as the database ranks them), rank those with matching.Duplicates,
// then store the new person's keys. Precision is the share of returned
// matches that are the same person; recall the share of same-person pairs
// returned.
func Evaluate(set DuplicateSet) (precision, recall float64, report Evaluation) {
	index := map[string][]int{} // key → positions in set.People
	byKind := map[string]*KindFigures{}
	kindOf := func(kind string) *KindFigures {
		if byKind[kind] == nil {
			byKind[kind] = &KindFigures{Kind: kind}
		}
		return byKind[kind]
	}
	seen := map[int][]int{} // entity → positions created so far
	lookups, fetched := 0, 0

	for i, p := range set.People {
		candidates := lookupCandidates(index, p.PersonFacts)
		lookups++
		fetched += len(candidates)
		report.MaxCandidates = max(report.MaxCandidates, len(candidates))

		facts := make([]matching.PersonFacts, len(candidates))
		for j, c := range candidates {
			facts[j] = set.People[c].PersonFacts
		}
		returned := map[int64]bool{}
		for _, m := range matching.Duplicates(withHolders(index, p.PersonFacts), facts) {
			other := set.People[m.ID-1]
			k := kindOf(pairKind(p, other))
			same := other.Entity == p.Entity
			returned[m.ID] = true
			k.Returned++
			report.Returned++
			if m.Strength == matching.StrengthStrong {
				report.StrongReturned++
			}
			if same {
				k.Correct++
				report.Correct++
				if m.Strength == matching.StrengthStrong {
					report.StrongCorrect++
				}
			}
		}
		for _, earlier := range seen[p.Entity] {
			other := set.People[earlier]
			k := kindOf(pairKind(p, other))
			k.Pairs++
			report.Pairs++
			if _, ok := slices.BinarySearch(candidates, earlier); ok {
				k.Retrieved++
				report.Retrieved++
			}
			if returned[other.ID] {
				k.Found++
				report.Found++
			}
		}
		seen[p.Entity] = append(seen[p.Entity], i)
		for _, k := range storedKeys(p.PersonFacts) {
			index[k] = append(index[k], i)
		}
	}

	report.MeanCandidates = float64(fetched) / float64(max(lookups, 1))
	for k, people := range index {
		share := float64(len(people)) / float64(len(set.People))
		if strings.HasPrefix(k, "s:") || strings.HasPrefix(k, "w:") || strings.HasPrefix(k, "h:") {
			report.LargestFamilyKeyShare = max(report.LargestFamilyKeyShare, share)
		} else {
			report.LargestPairKeyShare = max(report.LargestPairKeyShare, share)
		}
	}
	report.ByKind = sortedKinds(byKind)
	return ratio(report.Correct, report.Returned), ratio(report.Found, report.Pairs), report
}

// lookupCandidates returns the sorted positions of the people the database
// would rank in full for p: everyone stored under probe keys weighing at
// least names.MinDuplicateWeight together, by that weight, most recent
// first among equals, at most names.CandidateLimit.
func lookupCandidates(index map[string][]int, p matching.PersonFacts) []int {
	weight := map[int]int{}
	for _, k := range names.ProbeKeys(p.Identity()) {
		for _, pos := range index[k.Key] {
			weight[pos] += k.Weight
		}
	}
	out := make([]int, 0, len(weight))
	for pos := range weight {
		if weight[pos] >= names.MinDuplicateWeight {
			out = append(out, pos)
		}
	}
	slices.SortFunc(out, func(a, b int) int {
		if weight[a] != weight[b] {
			return weight[b] - weight[a]
		}
		return b - a
	})
	if len(out) > names.CandidateLimit {
		out = out[:names.CandidateLimit]
	}
	slices.Sort(out)
	return out
}

func storedKeys(p matching.PersonFacts) []string { return names.StoredKeys(p.Identity()) }

func pairKind(a, b GeneratedPerson) string {
	if a.Kind == KindBase {
		return b.Kind
	}
	return a.Kind
}

// sortedKinds lists the figures by kind: duplicate kinds first (the
// generator's in its order, others by name), then hard negatives, then
// base people.
func sortedKinds(byKind map[string]*KindFigures) []KindFigures {
	rank := func(kind string) (int, string) {
		switch {
		case kind == KindBase:
			return 3, kind
		case kind == KindHardNegative || strings.HasPrefix(kind, "hard_negative"):
			return 2, kind
		}
		if i := slices.Index(variantKinds, kind); i >= 0 {
			return 0, fmt.Sprintf("%03d", i)
		}
		return 1, kind
	}
	var out []KindFigures
	for _, k := range byKind {
		out = append(out, *k)
	}
	slices.SortFunc(out, func(a, b KindFigures) int {
		ra, sa := rank(a.Kind)
		rb, sb := rank(b.Kind)
		if ra != rb {
			return ra - rb
		}
		return strings.Compare(sa, sb)
	})
	return out
}

func personNames(p matching.PersonFacts) []matching.Name {
	return append([]matching.Name{{Given: p.Given, Family: p.Family}}, p.Aliases...)
}

// withHolders sets how many people stored so far hold p's given name, as
// the database counts them (names.GivenNameKey, up to names.HoldersCounted).
func withHolders(index map[string][]int, p matching.PersonFacts) matching.PersonFacts {
	p.GivenNameHolders = min(len(index[names.GivenNameKey(p.Given)]), names.HoldersCounted)
	return p
}
