package geo

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// The demo's basemap: a small map of Elmshire with
// named streets, stations, parks, rivers and town centres, built as vector
// tiles (orb's encoding/mvt) into a PMTiles archive, so the demo map reads
// as a map with no network and no tile server.

// DemoPlace is a named place of the demo county: it is on the basemap and
// in the area gazetteer `gateway demo` seeds.
type DemoPlace struct {
	Name  string
	Kind  string // a models.PlaceKinds value
	Point orb.Point
}

// DemoPlaces are the demo county's named places: each town centre, bus
// station, and the hotspots (stations, parks, car parks, riverside, shops),
// named with their town ("Market Place, Moorhampton").
func DemoPlaces() []DemoPlace {
	var out []DemoPlace
	for _, la := range DemoCounty() {
		for _, t := range la.Towns {
			out = append(out, DemoPlace{Name: t.Name + " town centre", Kind: "town_centre", Point: t.Centre})
			out = append(out, DemoPlace{Name: t.Name + " bus station", Kind: "bus_station", Point: offsetMetres(t.Centre, -170, 120)})
			for _, h := range t.Hotspots {
				name := h.Name
				if h.Kind != KindStation {
					name += ", " + t.Name
				}
				kind := h.Kind
				if kind == KindTownCentre {
					kind = "street"
				}
				out = append(out, DemoPlace{Name: name, Kind: kind, Point: h.Point})
			}
		}
	}
	return out
}

// basemapFeature is a feature of the basemap, in the layer it belongs to,
// shown from minZoom.
type basemapFeature struct {
	layer   string
	minZoom int
	f       *geojson.Feature
}

func bmFeature(layer string, minZoom int, g orb.Geometry, props geojson.Properties) basemapFeature {
	f := geojson.NewFeature(g)
	f.Properties = props
	return basemapFeature{layer: layer, minZoom: minZoom, f: f}
}

// streetNames are the streets every demo town has, radiating from its centre.
var streetNames = []string{"High Street", "Church Street", "London Road", "Mill Lane", "Queen Street", "North Road", "Victoria Road", "Sheep Street"}

// circle is a closed ring of n points r metres around c, a little uneven
// so parks and towns do not look stamped.
func circle(c orb.Point, r float64, n int, wobble float64) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		rr := r * (1 + wobble*math.Sin(3*a+c[0]*100))
		ring = append(ring, offsetMetres(c, rr*math.Cos(a), rr*math.Sin(a)))
	}
	return append(ring, ring[0])
}

// demoBasemapFeatures draws the county: built-up areas, parks, rivers,
// railway, roads between towns, each town's streets and its named places.
func demoBasemapFeatures() []basemapFeature {
	county := DemoCounty()
	var fs []basemapFeature
	var towns []DemoTown
	for _, la := range county {
		towns = append(towns, la.Towns...)
	}
	var stations []orb.Point
	for ti, t := range towns {
		spread := 0.0
		for _, h := range t.Hotspots {
			spread = math.Max(spread, Distance(t.Centre, h.Point))
		}
		spread = math.Max(spread, 700)
		fs = append(fs, bmFeature("landuse", 9, orb.Polygon{circle(t.Centre, spread*1.15, 24, 0.12)}, geojson.Properties{"kind": "urban"}))
		// Streets: radials from the centre, a ring road, and roads to the
		// station and the park.
		for i, name := range streetNames {
			a := 2*math.Pi*float64(i)/float64(len(streetNames)) + float64(ti)
			l := spread * (1.0 + 0.2*math.Sin(float64(i*7+ti)))
			mid := offsetMetres(t.Centre, l*0.5*math.Cos(a)+60*math.Sin(a), l*0.5*math.Sin(a)-60*math.Cos(a))
			end := offsetMetres(t.Centre, l*math.Cos(a), l*math.Sin(a))
			kind := "street"
			if i%2 == 0 {
				kind = "main"
			}
			fs = append(fs, bmFeature("roads", 13, orb.LineString{t.Centre, mid, end}, geojson.Properties{"name": name, "kind": kind}))
		}
		ring := circle(t.Centre, spread*0.55, 16, 0.05)
		fs = append(fs, bmFeature("roads", 12, orb.LineString(ring), geojson.Properties{"name": "Ring Road", "kind": "main"}))
		for _, h := range t.Hotspots {
			switch h.Kind {
			case KindStation:
				stations = append(stations, h.Point)
				fs = append(fs, bmFeature("roads", 13, orb.LineString{t.Centre, h.Point}, geojson.Properties{"name": "Station Road", "kind": "street"}))
				fs = append(fs, bmFeature("pois", 11, h.Point, geojson.Properties{"name": h.Name, "kind": "station"}))
			case KindPark:
				fs = append(fs, bmFeature("landuse", 11, orb.Polygon{circle(h.Point, 220, 14, 0.25)}, geojson.Properties{"kind": "park", "name": h.Name}))
				fs = append(fs, bmFeature("pois", 14, h.Point, geojson.Properties{"name": h.Name, "kind": "park"}))
			case KindRiverside:
				river := orb.LineString{offsetMetres(h.Point, -3000, -900), offsetMetres(h.Point, -1200, -200), h.Point,
					offsetMetres(h.Point, 1400, 350), offsetMetres(h.Point, 3200, 1200)}
				fs = append(fs, bmFeature("water", 10, river, geojson.Properties{"name": "River Elm", "kind": "river"}))
				fs = append(fs, bmFeature("pois", 14, h.Point, geojson.Properties{"name": h.Name, "kind": "riverside"}))
			default:
				fs = append(fs, bmFeature("pois", 15, h.Point, geojson.Properties{"name": h.Name, "kind": h.Kind}))
			}
		}
		fs = append(fs, bmFeature("pois", 14, offsetMetres(t.Centre, -170, 120), geojson.Properties{"name": t.Name + " bus station", "kind": "bus_station"}))
		fs = append(fs, bmFeature("places", 8, t.Centre, geojson.Properties{"name": t.Name, "kind": "town", "rank": int(spread)}))
	}
	// Roads between each town and its two nearest.
	seen := map[[2]int]bool{}
	for i, t := range towns {
		idx := make([]int, 0, len(towns))
		for j := range towns {
			if j != i {
				idx = append(idx, j)
			}
		}
		sort.Slice(idx, func(a, b int) bool {
			return Distance(t.Centre, towns[idx[a]].Centre) < Distance(t.Centre, towns[idx[b]].Centre)
		})
		for _, j := range idx[:2] {
			k := [2]int{min(i, j), max(i, j)}
			if seen[k] {
				continue
			}
			seen[k] = true
			a, b := t.Centre, towns[j].Centre
			mid := orb.Point{(a[0]+b[0])/2 + (b[1]-a[1])*0.08, (a[1]+b[1])/2 - (b[0]-a[0])*0.08}
			fs = append(fs, bmFeature("roads", 8, orb.LineString{a, mid, b}, geojson.Properties{"name": "A" + itoa3(6000+len(seen)*7), "kind": "major"}))
		}
	}
	// The railway joins the stations west to east.
	sort.Slice(stations, func(a, b int) bool { return stations[a][0] < stations[b][0] })
	if len(stations) > 1 {
		fs = append(fs, bmFeature("rail", 9, orb.LineString(stations), geojson.Properties{"kind": "rail"}))
	}
	return fs
}

func itoa3(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// DemoBasemap builds the demo county's basemap as a PMTiles archive: zooms
// 8 to 15, the whole county to zoom 12 and the towns beyond.
func DemoBasemap() ([]byte, error) {
	fs := demoBasemapFeatures()
	bound := orb.Bound{Min: orb.Point{180, 90}, Max: orb.Point{-180, -90}}
	var centres []orb.Point
	for _, la := range DemoCounty() {
		bound = bound.Union(la.Boundary.Bound())
		for _, t := range la.Towns {
			centres = append(centres, t.Centre)
		}
	}
	bound = bound.Pad(0.02)
	const minZoom, maxZoom = 8, 15
	var tiles []Tile
	for z := minZoom; z <= maxZoom; z++ {
		minT := maptile.At(orb.Point{bound.Min[0], bound.Max[1]}, maptile.Zoom(z))
		maxT := maptile.At(orb.Point{bound.Max[0], bound.Min[1]}, maptile.Zoom(z))
		for x := minT.X; x <= maxT.X; x++ {
			for y := minT.Y; y <= maxT.Y; y++ {
				t := maptile.New(x, y, maptile.Zoom(z))
				tb := t.Bound()
				if z > 12 && !nearAny(tb.Center(), centres, 2600+float64(15-z)*700) {
					continue
				}
				data, err := basemapTile(fs, t)
				if err != nil {
					return nil, err
				}
				if data != nil {
					tiles = append(tiles, Tile{Z: uint8(z), X: x, Y: y, Data: data})
				}
			}
		}
	}
	meta, _ := json.Marshal(map[string]any{"name": DemoCountyName + " (fictional)", "attribution": "Gateway demo basemap: a fictional county",
		"vector_layers": []map[string]any{{"id": "landuse"}, {"id": "water"}, {"id": "rail"}, {"id": "roads"}, {"id": "pois"}, {"id": "places"}}})
	c := bound.Center()
	var buf bytes.Buffer
	err := WritePMTiles(&buf, ArchiveInfo{MinZoom: minZoom, MaxZoom: maxZoom,
		Bounds: [4]float64{bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1]}, Center: [2]float64{c[0], c[1]}, CenterZoom: 10,
		Metadata: meta}, tiles)
	return buf.Bytes(), err
}

func nearAny(p orb.Point, ps []orb.Point, r float64) bool {
	for _, q := range ps {
		if Distance(p, q) <= r {
			return true
		}
	}
	return false
}

// basemapTile encodes one tile, or nil when nothing is in it.
func basemapTile(fs []basemapFeature, t maptile.Tile) ([]byte, error) {
	tb := t.Bound().Pad(t.Bound().Right() - t.Bound().Left())
	collections := map[string]*geojson.FeatureCollection{}
	n := 0
	for _, bf := range fs {
		if int(t.Z) < bf.minZoom || !bf.f.Geometry.Bound().Intersects(tb) {
			continue
		}
		fc := collections[bf.layer]
		if fc == nil {
			fc = geojson.NewFeatureCollection()
			collections[bf.layer] = fc
		}
		f := geojson.NewFeature(orb.Clone(bf.f.Geometry))
		f.Properties = bf.f.Properties
		fc.Append(f)
		n++
	}
	if n == 0 {
		return nil, nil
	}
	layers := mvt.NewLayers(collections)
	layers.ProjectToTile(t)
	layers.Clip(mvt.MapboxGLDefaultExtentBound)
	empty := true
	for _, l := range layers {
		if len(l.Features) > 0 {
			empty = false
		}
	}
	if empty {
		return nil, nil
	}
	return mvt.Marshal(layers)
}
