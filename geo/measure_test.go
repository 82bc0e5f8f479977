package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestDistanceIsGreatCircleMetres(t *testing.T) {
	// One degree of latitude on orb's sphere (radius 6,378,137 m).
	if d := Distance(orb.Point{-1.2, 52}, orb.Point{-1.2, 53}); math.Abs(d-111_319.5) > 1 {
		t.Errorf("one degree of latitude = %.1f m", d)
	}
	// A degree of longitude shrinks with the cosine of the latitude.
	if d := Distance(orb.Point{-1, 52.5}, orb.Point{0, 52.5}); math.Abs(d-67_766) > 50 {
		t.Errorf("one degree of longitude at 52.5N = %.0f m", d)
	}
	if d := Distance(orb.Point{-1.2, 52.6}, orb.Point{-1.2, 52.6}); d != 0 {
		t.Errorf("a point is %v m from itself", d)
	}
}

func TestCentroidOfARectangleIsItsMiddle(t *testing.T) {
	c := Centroid(orb.MultiPolygon{{rect(-1.3, 52.6, -1.1, 52.7)}})
	if math.Abs(c[0]+1.2) > 1e-12 || math.Abs(c[1]-52.65) > 1e-12 {
		t.Errorf("got %v", c)
	}
}

func TestCentroidOfACrescentStaysInside(t *testing.T) {
	// A C shape opening east: its area centroid falls in the empty bay.
	c := orb.MultiPolygon{{{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 2}, {3, 2}, {3, 3}, {0, 3}, {0, 0}}}}
	raw, _ := planar.CentroidArea(c)
	if planar.MultiPolygonContains(c, raw) {
		t.Fatal("test shape is wrong: its centroid is already inside")
	}
	got := Centroid(c)
	if !planar.MultiPolygonContains(c, got) || got[1] != raw[1] {
		t.Errorf("Centroid = %v; want a point inside on latitude %v", got, raw[1])
	}
}

func TestCentroidOfEachDemoLAIsInside(t *testing.T) {
	for _, la := range DemoCounty() {
		if c := Centroid(la.Boundary); !planar.MultiPolygonContains(la.Boundary, c) {
			t.Errorf("%s: centroid %v is outside", la.Name, c)
		}
	}
}
