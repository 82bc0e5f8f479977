package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// MaxBoundaryVertices caps one LA boundary. ONS full-resolution LA
// boundaries have tens of thousands of vertices; a million means the file is
// not what we think it is, and an index over it would waste memory.
const MaxBoundaryVertices = 1_000_000

// vertexLimit is MaxBoundaryVertices, lowered by tests.
var vertexLimit = MaxBoundaryVertices

// ParseBoundary reads one LA boundary: a GeoJSON Polygon or MultiPolygon
// geometry, or a Feature holding one. Rings are closed if the file left them
// open; coordinates must be WGS84 longitude/latitude.
func ParseBoundary(data []byte) (orb.MultiPolygon, error) {
	var obj struct {
		Type     string          `json:"type"`
		Geometry json.RawMessage `json:"geometry"`
		CRS      json.RawMessage `json:"crs"`
	}
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, fmt.Errorf("boundary is not valid JSON: %w", err)
	}
	if err := checkCRS(obj.CRS); err != nil {
		return nil, err
	}
	switch obj.Type {
	case "Feature":
		return parseGeometry(obj.Geometry, "geometry")
	case "FeatureCollection":
		return nil, errors.New("boundary is a FeatureCollection; give one Polygon, MultiPolygon or Feature (a file of several LAs goes through `gateway import boundaries`)")
	}
	return parseGeometry(data, "")
}

// BoundaryJSON is the GeoJSON geometry text the database stores. It is
// always a MultiPolygon so readers need handle one shape only.
func BoundaryJSON(mp orb.MultiPolygon) string {
	if mp == nil {
		mp = orb.MultiPolygon{}
	}
	b, err := geojson.NewGeometry(mp).MarshalJSON()
	if err != nil {
		// Only non-finite coordinates fail to encode, and ParseBoundary
		// never produces them.
		panic("geo: boundary cannot be encoded: " + err.Error())
	}
	return string(b)
}

// parseGeometry decodes a Polygon or MultiPolygon geometry; path prefixes
// error messages so the user can find the bad coordinate in the file.
func parseGeometry(raw json.RawMessage, path string) (orb.MultiPolygon, error) {
	name, coords := path, path+".coordinates"
	if path == "" {
		name, coords = "boundary", "coordinates"
	}
	if len(raw) == 0 || string(raw) == "null" {
		return nil, fmt.Errorf("%s: no geometry", name)
	}
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
		CRS         json.RawMessage `json:"crs"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, fmt.Errorf("%s: not a GeoJSON geometry: %w", name, err)
	}
	if err := checkCRS(g.CRS); err != nil {
		return nil, err
	}
	if g.Type == "" {
		return nil, fmt.Errorf("%s: not a GeoJSON geometry (no \"type\")", name)
	}
	if len(g.Coordinates) == 0 || string(g.Coordinates) == "null" {
		return nil, fmt.Errorf("%s: %s has no coordinates", name, g.Type)
	}
	var polys [][][][]float64
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return nil, fmt.Errorf("%s: Polygon coordinates must be a list of rings of [lon, lat] positions: %w", coords, err)
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			return nil, fmt.Errorf("%s: MultiPolygon coordinates must be a list of polygons of rings of [lon, lat] positions: %w", coords, err)
		}
	default:
		return nil, fmt.Errorf("%s: boundary must be a Polygon or MultiPolygon, got %q", name, g.Type)
	}
	mp, err := toMultiPolygon(polys, g.Type == "MultiPolygon")
	if err != nil {
		return nil, fmt.Errorf("%s%w", coords, err)
	}
	return mp, nil
}

// toMultiPolygon validates decoded coordinates; errors start with the
// index path (e.g. "[0][1][4]: ...") so the caller can prefix it.
func toMultiPolygon(polys [][][][]float64, multi bool) (orb.MultiPolygon, error) {
	if len(polys) == 0 {
		return nil, errors.New(": no polygons")
	}
	idx := func(pi, ri int) string {
		if multi {
			return fmt.Sprintf("[%d][%d]", pi, ri)
		}
		return fmt.Sprintf("[%d]", ri)
	}
	vertices := 0
	mp := make(orb.MultiPolygon, 0, len(polys))
	for pi, rings := range polys {
		if len(rings) == 0 {
			if multi {
				return nil, fmt.Errorf("[%d]: polygon has no rings", pi)
			}
			return nil, errors.New(": polygon has no rings")
		}
		poly := make(orb.Polygon, 0, len(rings))
		for ri, pos := range rings {
			if len(pos) == 0 {
				return nil, fmt.Errorf("%s: ring is empty", idx(pi, ri))
			}
			vertices += len(pos)
			if vertices > vertexLimit {
				return nil, fmt.Errorf(": boundary has more than %d vertices; simplify it first or use ONS generalised (BGC) boundaries", vertexLimit)
			}
			ring := make(orb.Ring, 0, len(pos)+1)
			for vi, c := range pos {
				if len(c) < 2 {
					return nil, fmt.Errorf("%s[%d]: position needs [lon, lat], got %d number(s)", idx(pi, ri), vi, len(c))
				}
				if err := checkLonLat(c[0], c[1]); err != nil {
					return nil, fmt.Errorf("%s[%d]: %w", idx(pi, ri), vi, err)
				}
				ring = append(ring, orb.Point{c[0], c[1]})
			}
			if ring[0] != ring[len(ring)-1] {
				ring = append(ring, ring[0])
			}
			if n := corners(ring); n < 3 {
				return nil, fmt.Errorf("%s: ring has %d distinct point(s); it needs at least 3", idx(pi, ri), n)
			}
			poly = append(poly, ring)
		}
		mp = append(mp, poly)
	}
	return mp, nil
}

// corners counts a closed ring's distinct points, stopping at 3: enough to
// enclose an area.
func corners(r orb.Ring) int {
	var seen []orb.Point
	for _, p := range r[:len(r)-1] {
		if !slices.Contains(seen, p) {
			if seen = append(seen, p); len(seen) == 3 {
				break
			}
		}
	}
	return len(seen)
}

// checkLonLat refuses anything outside WGS84 degrees, and recognises the
// usual mistake: ONS and OS publish boundaries in British National Grid
// metres as well as WGS84, and the two files look alike.
func checkLonLat(lon, lat float64) error {
	if lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90 {
		return nil
	}
	metreSized := max(math.Abs(lon), math.Abs(lat)) > 1000
	if metreSized && lon >= -10_000 && lon <= 800_000 && lat >= -10_000 && lat <= 1_300_000 {
		return fmt.Errorf("(%g, %g) looks like a British National Grid (EPSG:27700) easting/northing; boundaries must be WGS84 longitude/latitude (EPSG:4326): re-project the file (e.g. ogr2ogr -t_srs EPSG:4326) or download the WGS84 version", lon, lat)
	}
	return fmt.Errorf("(%g, %g) is not a WGS84 longitude/latitude (lon -180..180, lat -90..90)", lon, lat)
}

// checkCRS catches old-style GeoJSON that declares British National Grid
// before any coordinate is read, so the message is the useful one.
func checkCRS(raw json.RawMessage) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if strings.Contains(string(raw), "27700") {
		return errors.New("file declares British National Grid (EPSG:27700); boundaries must be WGS84 longitude/latitude (EPSG:4326): re-project it (e.g. ogr2ogr -t_srs EPSG:4326) or download the WGS84 version")
	}
	return nil
}
