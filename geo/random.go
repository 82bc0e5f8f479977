package geo

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// RandomPointNear is a point uniformly distributed over the disc of
// radiusMetres around centre, for scattering demo street contacts around a
// hotspot. Pass a seeded rng for reproducible demo data.
func RandomPointNear(rng *rand.Rand, centre orb.Point, radiusMetres float64) orb.Point {
	if radiusMetres <= 0 {
		return centre
	}
	r := radiusMetres * math.Sqrt(rng.Float64()) // sqrt: uniform by area, not bunched at the centre
	theta := 2 * math.Pi * rng.Float64()
	return offsetMetres(centre, r*math.Cos(theta), r*math.Sin(theta))
}

// offsetMetres moves p east and north by small distances (a few km),
// treating the earth as locally flat.
func offsetMetres(p orb.Point, east, north float64) orb.Point {
	const degPerMetre = 180 / (math.Pi * orb.EarthRadius)
	return orb.Point{
		p[0] + east*degPerMetre/math.Cos(p[1]*math.Pi/180),
		p[1] + north*degPerMetre,
	}
}

// RandomPointIn is a point uniformly distributed over the area of mp (by
// rejection from its bounding box), e.g. a demo person's last known
// location in their LA. If 10,000 tries miss, which only a sliver-shaped
// boundary could cause, it returns Centroid(mp); an empty mp gives the zero
// point.
func RandomPointIn(rng *rand.Rand, mp orb.MultiPolygon) orb.Point {
	if len(mp) == 0 {
		return orb.Point{}
	}
	b := mp.Bound()
	for range 10_000 {
		p := orb.Point{
			b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]),
			b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1]),
		}
		if planar.MultiPolygonContains(mp, p) {
			return p
		}
	}
	return Centroid(mp)
}
