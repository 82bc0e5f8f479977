package geo

import (
	"math"
	"math/rand/v2"
	"reflect"
	"regexp"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestDemoCountyIsSixFictionalLAs(t *testing.T) {
	las := DemoCounty()
	if len(las) != 6 {
		t.Fatalf("%d LAs, want 6", len(las))
	}
	// Real unitary authority codes are E06000nnn; E069 is unused by ONS.
	fictional := regexp.MustCompile(`^E0690000[1-6]$`)
	names := map[string]bool{}
	for i, la := range las {
		if !fictional.MatchString(la.Code) || (i > 0 && la.Code <= las[i-1].Code) {
			t.Errorf("code %q is not a fictional ONS-style code in order", la.Code)
		}
		if la.Name == "" || names[la.Name] {
			t.Errorf("name %q is blank or repeated", la.Name)
		}
		names[la.Name] = true
		if n := len(la.Boundary[0][0]) - 1; len(la.Boundary) != 1 || len(la.Boundary[0]) != 1 || n < 200 || n > 400 {
			t.Errorf("%s: want one ring of a few hundred vertices, got %d polygons, %d vertices", la.Name, len(la.Boundary), n)
		}
	}
	if !reflect.DeepEqual(las, DemoCounty()) {
		t.Error("two calls gave different counties")
	}
}

func TestDemoCountyIsAbout60By40KmInlandEngland(t *testing.T) {
	b := countyBound(DemoCounty())
	mid := b.Center()
	width := Distance(orb.Point{b.Min[0], mid[1]}, orb.Point{b.Max[0], mid[1]})
	height := Distance(orb.Point{mid[0], b.Min[1]}, orb.Point{mid[0], b.Max[1]})
	if width < 55_000 || width > 70_000 || height < 36_000 || height > 48_000 {
		t.Errorf("county is %.0f x %.0f m, want about 60 x 40 km", width, height)
	}
	// Inland: well clear of the Wash and the Bristol Channel.
	inland := orb.Bound{Min: orb.Point{-2.5, 52.0}, Max: orb.Point{-0.3, 53.4}}
	if !inland.Contains(b.Min) || !inland.Contains(b.Max) {
		t.Errorf("county %v is not in the English Midlands", b)
	}
}

func countyBound(las []DemoLA) orb.Bound {
	b := las[0].Boundary.Bound()
	for _, la := range las {
		b = b.Union(la.Boundary.Bound())
	}
	return b
}

// outline is the county's outer boundary: the edges used by exactly one LA.
// It also checks that every other edge is used by exactly two LAs, in
// opposite directions, which is what "shared edges" means.
func outline(t *testing.T, las []DemoLA) orb.Ring {
	t.Helper()
	type edge struct{ a, b orb.Point }
	uses := map[edge]int{}
	for _, la := range las {
		r := la.Boundary[0][0]
		for i := 0; i+1 < len(r); i++ {
			uses[edge{r[i], r[i+1]}]++
		}
	}
	next := map[orb.Point]orb.Point{}
	for e, n := range uses {
		back := uses[edge{e.b, e.a}]
		switch {
		case n != 1:
			t.Fatalf("edge %v is used %d times in the same direction", e, n)
		case back == 0:
			if _, dup := next[e.a]; dup {
				t.Fatalf("outline branches at %v", e.a)
			}
			next[e.a] = e.b
		}
	}
	var start orb.Point
	for p := range next {
		start = p
		break
	}
	ring := orb.Ring{start}
	for p := next[start]; p != start; p = next[p] {
		ring = append(ring, p)
		if len(ring) > len(next) {
			t.Fatal("outline does not close")
		}
	}
	if len(ring) != len(next) {
		t.Fatalf("outline is %d pieces long, but %d edges are on it: the county has a gap or an island", len(ring), len(next))
	}
	return append(ring, start)
}

func TestDemoLAsTileTheCountyWithoutGapsOrOverlaps(t *testing.T) {
	las := DemoCounty()
	county := orb.Polygon{outline(t, las)}
	b := countyBound(las)
	rng := rand.New(rand.NewPCG(20, 0))
	inCounty := 0
	for range 20_000 {
		p := orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
		n := 0
		for _, la := range las {
			if planar.MultiPolygonContains(la.Boundary, p) {
				n++
			}
		}
		want := 0
		if planar.PolygonContains(county, p) {
			want = 1
			inCounty++
		}
		if n != want {
			t.Fatalf("%v is in %d LAs; want %d", p, n, want)
		}
	}
	if inCounty < 15_000 {
		t.Errorf("only %d of 20000 points fell in the county: the test is not testing much", inCounty)
	}
	var sum float64
	for _, la := range las {
		sum += planar.Area(la.Boundary)
	}
	if whole := planar.Area(county); math.Abs(sum-whole) > 1e-9*whole {
		t.Errorf("LA areas add up to %v, the county is %v", sum, whole)
	}
}

func TestDemoBoundariesAreSimpleAndCounterClockwise(t *testing.T) {
	for _, la := range DemoCounty() {
		r := la.Boundary[0][0]
		if r.Orientation() != orb.CCW {
			t.Errorf("%s: outer ring is not counter-clockwise", la.Name)
		}
		for i := 0; i+1 < len(r); i++ {
			for j := i + 2; j+1 < len(r); j++ {
				if i == 0 && j == len(r)-2 {
					continue // the closing edge meets the first
				}
				if segmentsCross(r[i], r[i+1], r[j], r[j+1]) {
					t.Fatalf("%s: edges %d and %d cross", la.Name, i, j)
				}
			}
		}
	}
}

func segmentsCross(a, b, c, d orb.Point) bool {
	side := func(p, q, r orb.Point) float64 { return (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0]) }
	return side(a, b, c)*side(a, b, d) <= 0 && side(c, d, a)*side(c, d, b) <= 0
}

func TestDemoTownsAndHotspotsLieInTheirLA(t *testing.T) {
	kinds := map[string]bool{KindTownCentre: true, KindStation: true, KindPark: true, KindCarPark: true, KindRiverside: true, KindRetail: true}
	total := 0.0
	for _, la := range DemoCounty() {
		if len(la.Towns) < 1 || len(la.Towns) > 3 {
			t.Errorf("%s has %d towns, want 1-3", la.Name, len(la.Towns))
		}
		for _, town := range la.Towns {
			if !planar.MultiPolygonContains(la.Boundary, town.Centre) {
				t.Errorf("%s: town %s is outside it", la.Name, town.Name)
			}
			if len(town.Hotspots) < 3 || len(town.Hotspots) > 6 {
				t.Errorf("%s has %d hotspots, want 3-6", town.Name, len(town.Hotspots))
			}
			for _, h := range town.Hotspots {
				if !planar.MultiPolygonContains(la.Boundary, h.Point) {
					t.Errorf("%s: hotspot %s of %s is outside it", la.Name, h.Name, town.Name)
				}
				if d := Distance(h.Point, town.Centre); d > 2_000 {
					t.Errorf("%s is %.0f m from %s", h.Name, d, town.Name)
				}
				if !kinds[h.Kind] || h.Name == "" || h.Weight <= 0 {
					t.Errorf("hotspot %+v", h)
				}
				total += h.Weight
			}
		}
	}
	if math.Abs(total-1) > 1e-9 {
		t.Errorf("hotspot weights add up to %v, want 1", total)
	}
}
