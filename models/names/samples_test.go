package names

import (
	"math"
	"testing"
)

func TestSampleListsAreLargeEnoughAndClean(t *testing.T) {
	female, male, neutral, family := SampleGiven("female"), SampleGiven("male"), SampleGiven("neutral"), SampleFamily()
	if len(female) < 150 || len(male) < 150 || len(neutral) < 10 || len(family) < 250 {
		t.Errorf("lists too short: %d female, %d male, %d neutral, %d family", len(female), len(male), len(neutral), len(family))
	}
	if all := SampleGiven(""); len(all) < len(female)+len(male) {
		t.Errorf("all given names (%d) fewer than female plus male", len(all))
	}
	for _, list := range [][]string{female, male, neutral, family} {
		seen := map[string]bool{}
		for _, n := range list {
			if Normalise(n) == "" || seen[n] {
				t.Errorf("bad or repeated sample name %q", n)
			}
			seen[n] = true
		}
	}
}

func TestSampleOriginsShareTheWholePopulation(t *testing.T) {
	total := 0.0
	for _, o := range SampleOrigins() {
		if len(o.Female) == 0 || len(o.Male) == 0 || len(o.Family) == 0 {
			t.Errorf("origin %s has an empty list", o.Name)
		}
		total += o.Share
	}
	if math.Abs(total-1) > 1e-9 {
		t.Errorf("shares sum to %v", total)
	}
	// Callers get copies: changing one must not change the next.
	SampleOrigins()[0].Family[0] = "changed"
	if SampleOrigins()[0].Family[0] == "changed" {
		t.Error("SampleOrigins returned shared slices")
	}
}

func TestSamplesIncludeAccentedNames(t *testing.T) {
	want := map[string]bool{"Łukasz": false, "Zoë": false, "Ștefan": false, "O'Brien": false}
	for _, n := range append(SampleGiven(""), SampleFamily()...) {
		if _, ok := want[n]; ok {
			want[n] = true
		}
	}
	for n, found := range want {
		if !found {
			t.Errorf("samples lack %s", n)
		}
	}
}
