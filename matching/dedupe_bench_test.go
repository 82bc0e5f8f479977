package matching

import (
	"testing"

	"gateway/models/names"
)

// benchmarkCandidates returns a person and the 200 people a key lookup could
// plausibly return for them, drawn from a generated set.
func benchmarkCandidates() (PersonFacts, []PersonFacts) {
	set := GenerateDuplicateSet(7, 2000)
	in := set.People[0].PersonFacts
	in.ID = 0
	var out []PersonFacts
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
		n = len(Duplicates(in, candidates))
	}
	b.ReportMetric(float64(n), "matches")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/200, "ns/candidate")
}

func BenchmarkKeysForPerson(b *testing.B) {
	p := PersonFacts{Given: "Łukasz", Family: "Wójcik", Aliases: []Name{{Given: "Luke", Family: "Wojcik"}}}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = 0
		for _, nm := range personNames(p) {
			n += len(names.Keys(nm.Given, nm.Family))
		}
	}
	b.ReportMetric(float64(n), "keys")
}

func BenchmarkLookupForPerson(b *testing.B) {
	p := PersonFacts{Given: "Jon", Family: "Smyth"}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(names.LookupKeys(p.Given, p.Family))
	}
	b.ReportMetric(float64(n), "keys")
}
