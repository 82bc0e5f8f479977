package dedupetest

import (
	"regexp"
	"strings"
	"testing"

	"gateway/matching"
)

// Reasons may quote names, but only names of the two records compared: the
// worker sees nothing the candidate list did not already show.
func TestReasonsQuoteOnlyTheRecordsCompared(t *testing.T) {
	quoted := regexp.MustCompile(`\(([^()]*) / ([^()]*)\)|'([^']*)'`)
	set := GenerateDuplicateSet(3, 1500)
	people := make([]matching.PersonFacts, len(set.People))
	index := map[string][]int{}
	for i, p := range set.People {
		people[i] = p.PersonFacts
		for _, k := range storedKeys(p.PersonFacts) {
			index[k] = append(index[k], i)
		}
	}
	checked := 0
	for _, in := range people {
		var candidates []matching.PersonFacts
		for _, c := range lookupCandidates(index, in) {
			candidates = append(candidates, people[c])
		}
		for _, m := range matching.Duplicates(in, candidates) {
			allowed := namesShown(in, people[m.ID-1])
			for _, r := range m.Reasons {
				for _, q := range quoted.FindAllStringSubmatch(r, -1) {
					for _, s := range q[1:] {
						if s != "" && !allowed[s] {
							t.Errorf("reason %q quotes %q, not a name of either record", r, s)
						}
					}
					checked++
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d quotes checked", checked)
	}
}

func namesShown(a, b matching.PersonFacts) map[string]bool {
	out := map[string]bool{}
	for _, p := range []matching.PersonFacts{a, b} {
		for _, n := range personNames(p) {
			out[strings.TrimSpace(n.Given)] = true
			out[strings.TrimSpace(n.Family)] = true
			out[strings.TrimSpace(n.Given+" "+n.Family)] = true
		}
	}
	return out
}
