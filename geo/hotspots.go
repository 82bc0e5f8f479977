package geo

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// MinCellPeople is docs/ACCESS.md rule 9: a map cell counting fewer people
// than this is suppressed.
const MinCellPeople = 5

// Sighting is one street contact as the hotspot map sees it: where, and
// who. PersonKey is any stable id for the person (never a name); "" means
// an unknown person recorded only by description, and each such sighting
// counts as a separate person. That can overcount people, never undercount
// them, and undercounting is the direction that would let a small cell slip
// past suppression.
type Sighting struct {
	Point     orb.Point
	PersonKey string
}

// Cell is one hotspot-map cell: a web-mercator tile at Zoom.
type Cell struct {
	Zoom, X, Y uint32
	Contacts   int // street contacts recorded in the cell
	People     int // distinct people among them
	Suppressed bool
	Name       string // the gazetteer's name for the area, if the caller set one
}

// Bin counts contacts and distinct people per cell at zoom (at most
// BaseZoom). Cells are computed from the base tile exactly as the database
// does, so both paths agree. Sightings with invalid coordinates are
// skipped. Cells come in a fixed order, by Y then X (north to south, west
// to east), so output is reproducible.
func Bin(sightings []Sighting, zoom uint32) []Cell {
	zoom = min(zoom, BaseZoom)
	cellOf := make(map[uint64]int32)    // cell key -> position in cells
	personOf := make(map[string]uint32) // PersonKey -> small number
	seen := make(map[uint64]struct{})   // cell position<<32 | person
	var cells []Cell
	for _, s := range sightings {
		lon, lat := s.Point[0], s.Point[1]
		if !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) { // also catches NaN
			continue
		}
		bx, by := BaseTile(s.Point)
		x, y := CellOf(bx, by, zoom)
		key := uint64(y)<<32 | uint64(x)
		ci, ok := cellOf[key]
		if !ok {
			ci = int32(len(cells))
			cellOf[key] = ci
			cells = append(cells, Cell{Zoom: zoom, X: x, Y: y})
		}
		c := &cells[ci]
		c.Contacts++
		if s.PersonKey == "" {
			c.People++
			continue
		}
		pi, ok := personOf[s.PersonKey]
		if !ok {
			pi = uint32(len(personOf))
			personOf[s.PersonKey] = pi
		}
		pk := uint64(ci)<<32 | uint64(pi)
		if _, dup := seen[pk]; !dup {
			seen[pk] = struct{}{}
			c.People++
		}
	}
	slices.SortFunc(cells, func(a, b Cell) int {
		return cmp.Or(cmp.Compare(a.Y, b.Y), cmp.Compare(a.X, b.X))
	})
	return cells
}

// Suppress applies the small-numbers rule: every cell with fewer than min
// people is marked Suppressed and its counts set to zero, so nothing
// downstream can show or sum them. It changes cells in place (no
// unsuppressed copy survives) and returns it. A min below 1 suppresses
// nothing.
func Suppress(cells []Cell, min int) []Cell {
	for i := range cells {
		if cells[i].Suppressed || cells[i].People < min {
			cells[i] = Cell{Zoom: cells[i].Zoom, X: cells[i].X, Y: cells[i].Y, Suppressed: true}
		}
	}
	return cells
}

// CellsGeoJSON is the FeatureCollection the commissioners' Leaflet map
// draws: one square per cell with properties "contacts" and "people".
// Suppressed cells are left out entirely, and so is any cell under
// MinCellPeople even if the caller forgot to Suppress: this is the last
// step before the browser, so it fails closed.
func CellsGeoJSON(cells []Cell) ([]byte, error) {
	fc := geojson.NewFeatureCollection()
	for _, c := range cells {
		if c.Suppressed || c.People < MinCellPeople {
			continue
		}
		f := geojson.NewFeature(CellBound(c.Zoom, c.X, c.Y).ToPolygon())
		f.Properties = geojson.Properties{"contacts": c.Contacts, "people": c.People}
		if c.Name != "" {
			f.Properties["place"] = c.Name
		}
		fc.Append(f)
	}
	return json.Marshal(fc)
}
