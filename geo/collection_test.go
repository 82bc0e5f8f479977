package geo

import (
	"os"
	"strings"
	"testing"

	"github.com/paulmach/orb/planar"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseBoundaryCollectionReadsAnONSStyleFile(t *testing.T) {
	got, err := ParseBoundaryCollection(readTestdata(t, "boundaries.geojson"), "LAD24CD", "LAD24NM")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		code, name    string
		polys, rings0 int
	}{
		{"E06900101", "Ashvale", 1, 1},
		{"E06900102", "Bramley Isles", 2, 1},
		{"E06900103", "Cotton Ring", 1, 2},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d boundaries, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Code != w.code || g.Name != w.name || len(g.Boundary) != w.polys || len(g.Boundary[0]) != w.rings0 {
			t.Errorf("feature %d: got %s %q with %d polygons, %d rings in the first; want %s %q %d, %d",
				i, g.Code, g.Name, len(g.Boundary), len(g.Boundary[0]), w.code, w.name, w.polys, w.rings0)
		}
	}
	// Cotton Ring's outer ring was left open in the file and is closed now;
	// its hole really is a hole.
	cotton := got[2].Boundary
	if r := cotton[0][0]; r[0] != r[len(r)-1] {
		t.Error("open ring was not closed")
	}
	if planar.MultiPolygonContains(cotton, [2]float64{-1.05, 52.65}) {
		t.Error("a point in Cotton Ring's hole counts as inside it")
	}
}

func TestParseBoundaryCollectionNamesTheFeatureAndField(t *testing.T) {
	file := string(readTestdata(t, "boundaries.geojson"))
	cases := map[string]struct {
		data            string
		codeField, name string
		want            string
	}{
		"wrong code field": {file, "LAD23CD", "LAD24NM",
			`features[0]: code field "LAD23CD" is missing (properties present: FID, LAD24CD, LAD24NM, LAD24NMW, LAT, LONG)`},
		"wrong name field": {file, "LAD24CD", "NAME",
			`features[0]: name field "NAME" is missing`},
		"blank name": {file, "LAD24CD", "LAD24NMW", `features[0]: name field "LAD24NMW" is blank`},
		"number":     {file, "FID", "LAD24NM", `features[0]: code field "FID" must be text, got 1`},
		"missing in one feature": {strings.Replace(file, `"LAD24CD": "E06900102", `, "", 1), "LAD24CD", "LAD24NM",
			`features[1]: code field "LAD24CD" is missing`},
		"duplicate code": {strings.Replace(file, "E06900103", "E06900101", 1), "LAD24CD", "LAD24NM",
			"features[2]: code E06900101 already used by features[0]"},
		"bad coordinate": {strings.Replace(file, "[-1.15, 52.68]", "[445000, 315000]", 1), "LAD24CD", "LAD24NM",
			"features[1] (E06900102): features[1].geometry.coordinates[1][0][0]: (445000, 315000) looks like a British National Grid (EPSG:27700)"},
		"no geometry": {strings.Replace(file, `"geometry": {
        "type": "Polygon",
        "coordinates": [[[-1.3`, `"geometry": null, "x": {"coordinates": [[[-1.3`, 1), "LAD24CD", "LAD24NM",
			"features[0] (E06900101): features[0].geometry: no geometry"},
		"not a collection": {`{"type":"Feature","properties":{},"geometry":null}`, "LAD24CD", "LAD24NM",
			`must be a GeoJSON FeatureCollection, got type "Feature"`},
		"empty":    {`{"type":"FeatureCollection","features":[]}`, "LAD24CD", "LAD24NM", "no features"},
		"no flags": {file, "", "LAD24NM", "code field and the name field must be given"},
		"BNG crs":  {`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:27700"}},"features":[]}`, "A", "B", "British National Grid"},
		"not JSON": {`{"type":"FeatureCollection",`, "A", "B", "not valid GeoJSON"},
		"no props": {`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null}]}`, "LAD24CD", "LAD24NM",
			`features[0]: code field "LAD24CD" is missing (the feature has no properties)`},
	}
	for name, c := range cases {
		_, err := ParseBoundaryCollection([]byte(c.data), c.codeField, c.name)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v\nwant it to say %q", name, err, c.want)
		}
	}
}
