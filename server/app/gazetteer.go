package app

import (
	"github.com/paulmach/orb"

	"gateway/geo"
	"gateway/models"
)

// GazetteerOf indexes the area's named places, to say where a point is
// ("near Moorhampton bus station") without giving the point.
func GazetteerOf(ps []models.Place) *geo.Gazetteer {
	pts := make([]geo.NamedPoint, len(ps))
	for i, p := range ps {
		pts[i] = geo.NamedPoint{Name: p.Name, Point: orb.Point{p.Lon, p.Lat}}
	}
	return geo.NewGazetteer(pts)
}
