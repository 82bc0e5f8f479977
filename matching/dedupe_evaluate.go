package matching

import (
	"slices"
	"strings"

	"gateway/models/names"
)

// Evaluation breaks down how duplicate detection did on a DuplicateSet.
type Evaluation struct {
	ByKind []KindFigures // variant kinds in generation order, then hard negatives and base people

	Pairs, Found, Retrieved int // true duplicate pairs; returned by Duplicates; reached by the key lookup
	Returned, Correct       int // all matches returned; those that were true pairs
	StrongReturned          int
	StrongCorrect           int

	MeanCandidates float64 // people per key lookup, what the database would fetch
	MaxCandidates  int
	// Largest share of all people stored under one key used by two-name
	// lookups (i:, z:, h:), and under one family-alone key (s:).
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
// the set in turn: look candidates up by names.LookupKeys for the person's
// name and aliases in an index of the names.Keys of everyone created so far
// (person_name_keys, simulated in memory), rank them with Duplicates, then
// store the new person's keys. Precision is the share of returned matches
// that are the same person; recall the share of same-person pairs returned.
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

		facts := make([]PersonFacts, len(candidates))
		for j, c := range candidates {
			facts[j] = set.People[c].PersonFacts
		}
		returned := map[int64]bool{}
		for _, m := range Duplicates(p.PersonFacts, facts) {
			other := set.People[m.ID-1]
			k := kindOf(pairKind(p, other))
			same := other.Entity == p.Entity
			returned[m.ID] = true
			k.Returned++
			report.Returned++
			if m.Strength == StrengthStrong {
				report.StrongReturned++
			}
			if same {
				k.Correct++
				report.Correct++
				if m.Strength == StrengthStrong {
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
		if strings.HasPrefix(k, "s:") {
			report.LargestFamilyKeyShare = max(report.LargestFamilyKeyShare, share)
		} else {
			report.LargestPairKeyShare = max(report.LargestPairKeyShare, share)
		}
	}
	for _, kind := range append(slices.Clone(variantKinds), KindHardNegative, KindBase) {
		if k := byKind[kind]; k != nil {
			report.ByKind = append(report.ByKind, *k)
		}
	}
	return ratio(report.Correct, report.Returned), ratio(report.Found, report.Pairs), report
}

// lookupCandidates returns the sorted positions of everyone stored under any
// lookup key of p's names, as one `key IN (...)` query would.
func lookupCandidates(index map[string][]int, p PersonFacts) []int {
	var out []int
	for _, n := range personNames(p) {
		for _, k := range names.LookupKeys(n.Given, n.Family) {
			out = append(out, index[k]...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func storedKeys(p PersonFacts) []string {
	var out []string
	for _, n := range personNames(p) {
		out = append(out, names.Keys(n.Given, n.Family)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func personNames(p PersonFacts) []Name {
	return append([]Name{{Given: p.Given, Family: p.Family}}, p.Aliases...)
}

func pairKind(a, b GeneratedPerson) string {
	if a.Kind == KindBase {
		return b.Kind
	}
	return a.Kind
}
