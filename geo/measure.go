package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"
)

// Distance is the great-circle distance in metres (haversine), which is what
// the placement matcher means by "how far from the person's area".
func Distance(a, b orb.Point) float64 {
	return geo.DistanceHaversine(a, b)
}

// Centroid is where an LA sits when we know nothing finer, e.g. the
// person's LA when no street contact gives a point. It is the area-weighted
// centroid, unless that falls outside the boundary (a crescent-shaped LA, or
// one of islands); then it is the middle of the widest stretch of the LA on
// the centroid's latitude, so a pin placed there lands in the LA. The
// arithmetic is planar in degrees, which is fine at LA scale.
func Centroid(mp orb.MultiPolygon) orb.Point {
	c, area := planar.CentroidArea(mp)
	if area == 0 || planar.MultiPolygonContains(mp, c) {
		return c
	}
	if p, ok := widestSpanMiddle(mp, c[1]); ok {
		return p
	}
	return c
}

// widestSpanMiddle scans the horizontal line at lat, collects where it
// crosses the boundary, and returns the middle of the widest inside stretch.
func widestSpanMiddle(mp orb.MultiPolygon, lat float64) (orb.Point, bool) {
	var xs []float64
	for _, poly := range mp {
		for _, r := range poly {
			for i := 0; i+1 < len(r); i++ {
				a, b := r[i], r[i+1]
				// half-open so a vertex on the line counts once
				if (a[1] <= lat) != (b[1] <= lat) {
					xs = append(xs, a[0]+(lat-a[1])*(b[0]-a[0])/(b[1]-a[1]))
				}
			}
		}
	}
	best, ok := orb.Point{}, false
	widest := -1.0
	slices.Sort(xs)
	for i := 0; i+1 < len(xs); i++ {
		mid := orb.Point{(xs[i] + xs[i+1]) / 2, lat}
		if w := xs[i+1] - xs[i]; w > widest && planar.MultiPolygonContains(mp, mid) {
			best, widest, ok = mid, w, true
		}
	}
	return best, ok && !math.IsNaN(best[0])
}
