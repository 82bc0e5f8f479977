package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// NamedPoint is a place in the area gazetteer.
type NamedPoint struct {
	Name  string
	Point orb.Point
}

// Gazetteer names points by the nearest named place, so pages and the
// commissioner pack say "Moorhampton bus station", not coordinates.
type Gazetteer struct{ places []NamedPoint }

// NewGazetteer holds the places (the caller's slice is not kept).
func NewGazetteer(places []NamedPoint) *Gazetteer {
	return &Gazetteer{places: append([]NamedPoint(nil), places...)}
}

// AtRadius and NearRadius: a point this close to a place is "at" it (the
// name alone), or "near" it; further away the gazetteer has no name.
const (
	AtRadius   = 250.0
	NearRadius = 1500.0
)

// Nearest is the nearest place and its distance in metres; ok is false
// for an empty gazetteer.
func (g *Gazetteer) Nearest(p orb.Point) (NamedPoint, float64, bool) {
	if g == nil || len(g.places) == 0 {
		return NamedPoint{}, 0, false
	}
	best, bestD := 0, math.Inf(1)
	for i, pl := range g.places {
		// Cheap planar prefilter before the haversine.
		dx := (pl.Point[0] - p[0]) * math.Cos(p[1]*math.Pi/180)
		dy := pl.Point[1] - p[1]
		if d := dx*dx + dy*dy; d < bestD {
			best, bestD = i, d
		}
	}
	pl := g.places[best]
	return pl, Distance(p, pl.Point), true
}

// Name is the point as people say it: the place itself within AtRadius,
// "near" it within NearRadius, else "" (the caller falls back to the LA).
func (g *Gazetteer) Name(p orb.Point) string {
	pl, d, ok := g.Nearest(p)
	switch {
	case !ok || d > NearRadius:
		return ""
	case d <= AtRadius:
		return pl.Name
	default:
		return "near " + pl.Name
	}
}

// AreaName names a map cell by the place nearest its centre that lies in
// the cell, else near it; the fallback is its centre in degrees.
func (g *Gazetteer) AreaName(b orb.Bound) string {
	c := b.Center()
	if pl, d, ok := g.Nearest(c); ok {
		switch {
		case b.Contains(pl.Point):
			return "Around " + pl.Name
		case d <= NearRadius+Distance(b.Min, b.Max)/2:
			return "Near " + pl.Name
		}
	}
	ns, ew := "N", "E"
	lat, lon := c[1], c[0]
	if lat < 0 {
		ns, lat = "S", -lat
	}
	if lon < 0 {
		ew, lon = "W", -lon
	}
	return fmt.Sprintf("Area at %.3f°%s %.3f°%s", lat, ns, lon, ew)
}

// DistanceText says a distance the way a worker reads it: metres up to a
// kilometre, then kilometres to one decimal.
func DistanceText(m float64) string {
	if m < 1000 {
		return fmt.Sprintf("%d m", int(math.Round(m/10)*10))
	}
	return fmt.Sprintf("%.1f km", m/1000)
}
