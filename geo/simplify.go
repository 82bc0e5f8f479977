package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

// Simplify thins a detailed boundary (tolerance in degrees; 0.0005 is about
// 35 m east-west in England) so a browser can draw every LA quickly. It is
// for drawing only: neighbouring LAs are simplified independently, so shared
// edges no longer match exactly, and LA lookup must use the full boundary.
// Rings that collapse are dropped; if the whole boundary would collapse the
// original is returned, since a crude shape beats none.
func Simplify(mp orb.MultiPolygon, tolerance float64) orb.MultiPolygon {
	if tolerance <= 0 || len(mp) == 0 {
		return mp
	}
	out := make(orb.MultiPolygon, 0, len(mp))
	for _, poly := range simplify.DouglasPeucker(tolerance).MultiPolygon(mp.Clone()) {
		kept := make(orb.Polygon, 0, len(poly))
		for i, r := range poly {
			if len(r) < 4 { // fewer than 3 corners is no area
				if i == 0 {
					break
				}
				continue
			}
			kept = append(kept, r)
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	if len(out) == 0 {
		return mp
	}
	return out
}
