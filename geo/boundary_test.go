package geo

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

var square = orb.MultiPolygon{{{{-1.3, 52.6}, {-1.2, 52.6}, {-1.2, 52.7}, {-1.3, 52.7}, {-1.3, 52.6}}}}

func TestParseBoundaryAcceptsPolygonMultiPolygonAndFeature(t *testing.T) {
	const ring = `[[-1.3,52.6],[-1.2,52.6],[-1.2,52.7],[-1.3,52.7],[-1.3,52.6]]`
	inputs := map[string]string{
		"Polygon":      `{"type":"Polygon","coordinates":[` + ring + `]}`,
		"MultiPolygon": `{"type":"MultiPolygon","coordinates":[[` + ring + `]]}`,
		"Feature":      `{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":[` + ring + `]}}`,
		"unclosed":     `{"type":"Polygon","coordinates":[[[-1.3,52.6],[-1.2,52.6],[-1.2,52.7],[-1.3,52.7]]]}`,
		"with heights": `{"type":"Polygon","coordinates":[[[-1.3,52.6,80],[-1.2,52.6,81],[-1.2,52.7,82],[-1.3,52.7,83],[-1.3,52.6,80]]]}`,
	}
	for name, in := range inputs {
		got, err := ParseBoundary([]byte(in))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(got, square) {
			t.Errorf("%s: got %v, want %v", name, got, square)
		}
	}
}

func TestParseBoundarySaysWhatIsWrong(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"not JSON":             {`{"type":`, "not valid JSON"},
		"a point":              {`{"type":"Point","coordinates":[-1.2,52.6]}`, `must be a Polygon or MultiPolygon, got "Point"`},
		"collection":           {`{"type":"FeatureCollection","features":[]}`, "gateway import boundaries"},
		"no type":              {`{"coordinates":[]}`, `boundary: not a GeoJSON geometry (no "type")`},
		"no coordinates":       {`{"type":"Polygon"}`, "Polygon has no coordinates"},
		"feature, no geometry": {`{"type":"Feature","geometry":null}`, "geometry: no geometry"},
		"no rings":             {`{"type":"Polygon","coordinates":[]}`, "coordinates: polygon has no rings"},
		"empty ring": {`{"type":"Polygon","coordinates":[[[-1,52],[-1.1,52],[-1,52.1],[-1,52]],[]]}`,
			"coordinates[1]: ring is empty"},
		"empty ring in multi": {`{"type":"MultiPolygon","coordinates":[[[[-1,52],[-1.1,52],[-1,52.1]]],[[]]]}`,
			"coordinates[1][0]: ring is empty"},
		"two corners": {`{"type":"Polygon","coordinates":[[[-1,52],[-1.1,52],[-1,52]]]}`,
			"coordinates[0]: ring has 2 distinct point(s); it needs at least 3"},
		"bare number": {`{"type":"Polygon","coordinates":[[[-1,52],[-1.1],[-1,52.1]]]}`,
			"coordinates[0][1]: position needs [lon, lat], got 1 number(s)"},
		"British National Grid": {`{"type":"Polygon","coordinates":[[[445000,315000],[446000,315000],[446000,316000],[445000,315000]]]}`,
			"coordinates[0][0]: (445000, 315000) looks like a British National Grid (EPSG:27700) easting/northing; boundaries must be WGS84"},
		"BNG declared": {`{"type":"Feature","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"geometry":{"type":"Polygon","coordinates":[[[-1,52],[-1.1,52],[-1,52.1]]]}}`,
			"declares British National Grid (EPSG:27700)"},
		"out of range": {`{"type":"Polygon","coordinates":[[[-1,52],[-1.1,52],[-1,95],[-1,52]]]}`,
			"coordinates[0][2]: (-1, 95) is not a WGS84 longitude/latitude"},
		"feature path": {`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-1,52],[-1.1,52],[-200,52.1]]]}}`,
			"geometry.coordinates[0][2]: (-200, 52.1) is not a WGS84"},
	}
	for name, c := range cases {
		_, err := ParseBoundary([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want it to say %q", name, err, c.want)
		}
	}
}

func TestParseBoundaryCapsVertices(t *testing.T) {
	defer func(old int) { vertexLimit = old }(vertexLimit)
	vertexLimit = 10
	ring := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "[%g,%g],", -1+0.01*float64(i%5), 52+0.01*float64(i/5))
		}
		return "[" + strings.TrimSuffix(b.String(), ",") + "]"
	}
	if _, err := ParseBoundary([]byte(`{"type":"Polygon","coordinates":[` + ring(10) + `]}`)); err != nil {
		t.Errorf("10 vertices at a limit of 10: %v", err)
	}
	_, err := ParseBoundary([]byte(`{"type":"Polygon","coordinates":[` + ring(6) + `,` + ring(5) + `]}`))
	if err == nil || !strings.Contains(err.Error(), "more than 10 vertices") {
		t.Errorf("11 vertices over two rings: got %v, want the vertex cap", err)
	}
}

func TestBoundaryJSONIsAMultiPolygonThatReadsBack(t *testing.T) {
	for _, la := range DemoCounty() {
		text := BoundaryJSON(la.Boundary)
		if !strings.HasPrefix(text, `{"type":"MultiPolygon","coordinates":[[[[`) {
			t.Fatalf("%s: stored text starts %.40q", la.Code, text)
		}
		back, err := ParseBoundary([]byte(text))
		if err != nil {
			t.Fatalf("%s: %v", la.Code, err)
		}
		if !reflect.DeepEqual(back, la.Boundary) {
			t.Errorf("%s: boundary changed on the way through the database text", la.Code)
		}
	}
	if got := BoundaryJSON(nil); got != `{"type":"MultiPolygon","coordinates":[]}` {
		t.Errorf("empty boundary stored as %s", got)
	}
}
