package dedupetest

import (
	"gateway/matching"
	"testing"

	"gateway/models/names"
)

// benchmarkCandidates returns a person and the 200 people a key lookup could
// plausibly return for them, drawn from a generated set.
func benchmarkCandidates() (matching.PersonFacts, []matching.PersonFacts) {
	set := GenerateDuplicateSet(7, 2000)
	in := set.People[0].PersonFacts
	in.ID = 0
	var out []matching.PersonFacts
	for _, p := range set.People[1:201] {
		out = append(out, p.PersonFacts)
	}
	// Make a few of them close, so the benchmark also pays for reasons.
	for i := 0; i < 200; i += 20 {
		out[i].Given, out[i].Family, out[i].DOB = in.Given, in.Family, in.DOB
	}
	return in, out
}

func BenchmarkDuplicates200(b *testing.B) {
	in, candidates := benchmarkCandidates()
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(matching.Duplicates(in, candidates))
	}
	b.ReportMetric(float64(n), "matches")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/200, "ns/candidate")
}

func BenchmarkKeysForPerson(b *testing.B) {
	p := matching.PersonFacts{Given: "Łukasz", Family: "Wójcik", Aliases: []matching.Name{{Given: "Luke", Family: "Wojcik"}}, DOB: matching.Date{Year: 1980, Month: 4, Day: 5}}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(names.StoredKeys(p.Identity()))
	}
	b.ReportMetric(float64(n), "keys")
}

func BenchmarkLookupForPerson(b *testing.B) {
	p := matching.PersonFacts{Given: "Jon", Family: "Smyth", DOB: matching.Date{Year: 1980, Month: 4, Day: 5}}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(names.ProbeKeys(p.Identity()))
	}
	b.ReportMetric(float64(n), "keys")
}
