package namegen

import (
	"sync"
	"testing"
	"time"
)

// atScale is one drawn population of the size `gateway generate` builds,
// shared by the tests that look at its shape.
var atScale = sync.OnceValue(func() Figures { return Measure(1, 400_000) })

// The figures for the lead's note: go test ./models/names/namegen -run TestFigures -v
func TestFigures(t *testing.T) {
	NewSampler(0) // build the tables outside the timing
	start := time.Now()
	f := atScale()
	t.Logf("drawn and counted in %s\n%s", time.Since(start).Round(time.Millisecond), f)
}

// Real populations have a long tail: a random 400,000 people in Britain
// hold some 60,000 surnames (README.md), and a caseload with a third of its
// people from abroad no fewer. The hand lists this replaced gave 352.
func TestManyDistinctSurnamesAtScale(t *testing.T) {
	f := atScale()
	if f.Distinct < 40_000 || f.Distinct > 90_000 {
		t.Errorf("%d distinct family names among 400,000 people, want 40,000-90,000", f.Distinct)
	}
	if f.Single < f.Distinct/4 {
		t.Errorf("only %d of %d names held by one person: the tail is too short", f.Single, f.Distinct)
	}
}

// A few names are very common: in England and Wales the ten commonest
// cover about 5.8% of people of British descent; in a mixed caseload Mohamed, Ahmed and Ali
// join them.
func TestTheTopTenCoverAFewPercent(t *testing.T) {
	f := atScale()
	if f.TopTen < 0.03 || f.TopTen > 0.08 {
		t.Errorf("the ten commonest family names cover %.1f%%, want 3-8%%", 100*f.TopTen)
	}
	if f.Top[0].Share > 0.015 {
		t.Errorf("%s alone covers %.1f%%", f.Top[0].Name, 100*f.Top[0].Share)
	}
}

// Frequency falls with rank roughly as a power law, as surname counts do:
// each tenfold step down the ranks divides the count by a similar factor
// (3-12 here; about 4-12 in British data), and there is no cliff where a
// finite list runs out.
func TestFrequencyFallsAsAPowerOfRank(t *testing.T) {
	f := atScale()
	for i := 0; i+1 < len(f.ByRank); i++ {
		hi, lo := f.ByRank[i], f.ByRank[i+1]
		if lo == 0 || float64(hi)/float64(lo) < 1.5 || float64(hi)/float64(lo) > 12 {
			t.Errorf("count falls from %d to %d over a decade of ranks (%v)", hi, lo, f.ByRank)
		}
	}
	if f.Rare < 0.15 || f.Rare > 0.45 {
		t.Errorf("%.1f%% of people share their family name with at most 5 others, want 15-45%%", 100*f.Rare)
	}
}
