package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestRandomPointNearIsUniformOverTheDisc(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	centre := orb.Point{-1.18, 52.66}
	const r, n = 500.0, 5_000
	sum := 0.0
	for range n {
		d := Distance(centre, RandomPointNear(rng, centre, r))
		if d > r*1.002 {
			t.Fatalf("point %.1f m away, radius %v", d, r)
		}
		sum += d
	}
	// Uniform by area puts the mean distance at 2/3 of the radius (1/2 if
	// bunched at the centre).
	if mean := sum / n; math.Abs(mean-2*r/3) > 0.03*r {
		t.Errorf("mean distance %.0f m, want about %.0f", mean, 2*r/3)
	}
	if p := RandomPointNear(rng, centre, 0); p != centre {
		t.Errorf("zero radius moved the point to %v", p)
	}
}

func TestRandomPointInStaysInTheLA(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, la := range DemoCounty() {
		for range 200 {
			if p := RandomPointIn(rng, la.Boundary); !planar.MultiPolygonContains(la.Boundary, p) {
				t.Fatalf("%s: %v is outside", la.Name, p)
			}
		}
	}
	if p := RandomPointIn(rng, nil); p != (orb.Point{}) {
		t.Errorf("empty boundary gave %v", p)
	}
}

func TestSimplifyThinsABoundaryButKeepsItsShape(t *testing.T) {
	detailed := demoCounty(9)[0].Boundary
	thin := Simplify(detailed, 0.001)
	before, after := len(detailed[0][0]), len(thin[0][0])
	if after >= before/4 {
		t.Errorf("%d vertices became %d; want far fewer", before, after)
	}
	if a, b := planar.Area(detailed), planar.Area(thin); math.Abs(a-b) > 0.02*a {
		t.Errorf("area changed from %v to %v", a, b)
	}
	if len(detailed[0][0]) != before {
		t.Error("Simplify changed its input")
	}
	tiny := orb.MultiPolygon{{rect(0, 0, 0.0001, 0.0001)}}
	if got := Simplify(tiny, 1); len(got) != 1 || len(got[0][0]) < 4 {
		t.Errorf("a boundary that would vanish came back as %v", got)
	}
}
