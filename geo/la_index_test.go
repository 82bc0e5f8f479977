package geo

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func rect(minX, minY, maxX, maxY float64) orb.Ring {
	return orb.Ring{{minX, minY}, {maxX, minY}, {maxX, maxY}, {minX, maxY}, {minX, minY}}
}

// Three LAs: Alder with a hole, Birch sharing Alder's east edge, and Cedar
// filling Alder's hole exactly, like a town council inside a district.
var (
	alder = LA{ID: 30, Code: "E06900011", Name: "Alder", Boundary: orb.MultiPolygon{{rect(0, 0, 2, 2), rect(0.5, 0.5, 1, 1)}}}
	birch = LA{ID: 10, Code: "E06900012", Name: "Birch", Boundary: orb.MultiPolygon{{rect(2, 0, 4, 2)}}}
	cedar = LA{ID: 20, Code: "E06900013", Name: "Cedar", Boundary: orb.MultiPolygon{{rect(0.5, 0.5, 1, 1)}}}
)

func TestLocateFollowsTheBoundaryRules(t *testing.T) {
	ix := NewLAIndex([]LA{cedar, birch, alder}) // any order in
	cases := []struct {
		name string
		p    orb.Point
		want string // "" means in no LA
	}{
		{"inside Alder", orb.Point{0.25, 1.5}, "Alder"},
		{"inside Birch", orb.Point{3, 1}, "Birch"},
		{"in Alder's hole, which Cedar fills", orb.Point{0.75, 0.75}, "Cedar"},
		{"on Alder's outer edge", orb.Point{0, 1}, "Alder"},
		{"on Alder's corner", orb.Point{0, 0}, "Alder"},
		{"on the edge Alder and Birch share: lower code", orb.Point{2, 1}, "Alder"},
		{"on the corner Alder and Birch share", orb.Point{2, 2}, "Alder"},
		{"on the hole's edge: outside Alder, on Cedar", orb.Point{0.75, 0.5}, "Cedar"},
		{"just outside the area", orb.Point{4.000001, 1}, ""},
		{"far away", orb.Point{-1.2, 52.6}, ""},
		{"not a number", orb.Point{math.NaN(), 1}, ""},
	}
	for _, c := range cases {
		la, ok := ix.Locate(c.p)
		if ok != (c.want != "") || la.Name != c.want {
			t.Errorf("%s: Locate(%v) = %q, %v; want %q", c.name, c.p, la.Name, ok, c.want)
		}
	}
	holeOnly := NewLAIndex([]LA{alder})
	if la, ok := holeOnly.Locate(orb.Point{0.75, 0.75}); ok {
		t.Errorf("a point in a hole is in %s", la.Name)
	}
}

func TestOverlappingBoundariesGoToTheLowestCode(t *testing.T) {
	// Two overlapping drafts of the same area: whichever is listed first,
	// the lower code wins where they overlap, and each keeps the rest.
	high := LA{ID: 1, Code: "E06900099", Name: "High", Boundary: orb.MultiPolygon{{rect(0, 0, 2, 2)}}}
	low := LA{ID: 2, Code: "E06900050", Name: "Low", Boundary: orb.MultiPolygon{{rect(1, 1, 3, 3)}}}
	for _, order := range [][]LA{{high, low}, {low, high}} {
		ix := NewLAIndex(order)
		for p, want := range map[orb.Point]string{{1.5, 1.5}: "Low", {0.5, 0.5}: "High", {2.5, 2.5}: "Low", {1, 1.5}: "Low"} {
			if la, _ := ix.Locate(p); la.Name != want {
				t.Errorf("order %s first: Locate(%v) = %q, want %q", order[0].Name, p, la.Name, want)
			}
		}
	}
}

func TestLocateReturnsTheWholeLA(t *testing.T) {
	la, ok := NewLAIndex([]LA{birch}).Locate(orb.Point{3, 1})
	if !ok || la.ID != 10 || la.Code != "E06900012" || la.Name != "Birch" || len(la.Boundary) != 1 {
		t.Errorf("got %+v", la)
	}
}

func TestEmptyIndexFindsNothing(t *testing.T) {
	for _, ix := range []*LAIndex{NewLAIndex(nil), NewLAIndex([]LA{{ID: 1, Code: "E06900001"}})} {
		if la, ok := ix.Locate(orb.Point{0, 0}); ok {
			t.Errorf("empty index found %+v", la)
		}
	}
}

// bruteForce is the rule Locate must follow, written the slow way.
func bruteForce(las []LA, p orb.Point) (string, bool) {
	best, found := "", false
	for _, la := range las {
		if planar.MultiPolygonContains(la.Boundary, p) && (!found || la.Code < best) {
			best, found = la.Code, true
		}
	}
	return best, found
}

func demoLAs(levels int) []LA {
	var las []LA
	for i, d := range demoCounty(levels) {
		las = append(las, LA{ID: int64(i + 1), Code: d.Code, Name: d.Name, Boundary: d.Boundary})
	}
	return las
}

// probePoints are n random points in the LAs' box plus vertices and edge
// midpoints (all of them, or n of each), where a shortcut goes wrong first.
func probePoints(las []LA, n int, seed uint64) []orb.Point {
	rng := rand.New(rand.NewPCG(seed, 1))
	b := las[0].Boundary.Bound()
	for _, la := range las {
		b = b.Union(la.Boundary.Bound())
	}
	b = b.Pad(0.01)
	var pts []orb.Point
	for range n {
		pts = append(pts, orb.Point{
			b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]),
			b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1]),
		})
	}
	var edges []orb.LineString
	for _, la := range las {
		for _, poly := range la.Boundary {
			for _, r := range poly {
				for i := 0; i+1 < len(r); i++ {
					edges = append(edges, orb.LineString{r[i], r[i+1]})
				}
			}
		}
	}
	step := max(len(edges)/n, 1) // keep the brute force affordable
	for i := 0; i < len(edges); i += step {
		a, b := edges[i][0], edges[i][1]
		pts = append(pts, a, orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2})
	}
	return pts
}

func TestLocateAgreesWithPlanarContains(t *testing.T) {
	sets := map[string][]LA{
		"demo county":                  demoLAs(demoLevels),
		"detailed demo county":         demoLAs(8),
		"holes, shared edges, overlap": {alder, birch, cedar, {ID: 4, Code: "E06900010", Boundary: orb.MultiPolygon{{rect(1.5, -1, 2.5, 0.5)}, {rect(3, 1.5, 5, 3)}}}},
	}
	for name, las := range sets {
		ix := NewLAIndex(las)
		for _, p := range probePoints(las, 3_000, 7) {
			want, wantOK := bruteForce(las, p)
			got, ok := ix.Locate(p)
			if ok != wantOK || got.Code != want {
				t.Fatalf("%s: Locate(%v) = %q, %v; planar contains says %q, %v", name, p, got.Code, ok, want, wantOK)
			}
		}
	}
}

func TestLocateIsSafeForConcurrentUse(t *testing.T) {
	las := demoLAs(demoLevels)
	ix := NewLAIndex(las)
	pts := probePoints(las, 2_000, 9)
	want := make([]string, len(pts))
	for i, p := range pts {
		la, _ := ix.Locate(p)
		want[i] = la.Code
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i, p := range pts {
				if la, _ := ix.Locate(p); la.Code != want[i] {
					t.Errorf("Locate(%v) = %q concurrently, %q alone", p, la.Code, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}
