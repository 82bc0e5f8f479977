package geo

import (
	"testing"

	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

// The demo basemap is a PMTiles archive whose tiles draw Moorhampton's
// named streets and station.
func TestDemoBasemapNamesStreetsAndStations(t *testing.T) {
	archive, err := DemoBasemap()
	if err != nil {
		t.Fatal(err)
	}
	if len(archive) > 8<<20 {
		t.Errorf("the demo basemap is %d bytes; keep it small", len(archive))
	}
	var centre DemoTown
	for _, la := range DemoCounty() {
		for _, tw := range la.Towns {
			if tw.Name == "Moorhampton" {
				centre = tw
			}
		}
	}
	tl := maptile.At(centre.Centre, 15)
	data, ok, err := ReadPMTile(archive, 15, tl.X, tl.Y)
	if err != nil || !ok {
		t.Fatalf("no zoom-15 tile at Moorhampton: %v", err)
	}
	layers, err := mvt.Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, l := range layers {
		for _, f := range l.Features {
			if n, ok := f.Properties["name"].(string); ok {
				names[n] = true
			}
		}
	}
	for _, want := range []string{"High Street", "Moorhampton"} {
		if !names[want] {
			t.Errorf("the tile at Moorhampton's centre has no %q; has %v", want, names)
		}
	}
	places := DemoPlaces()
	found := false
	for _, p := range places {
		if p.Name == "Moorhampton bus station" {
			found = true
		}
	}
	if !found || len(places) < 40 {
		t.Errorf("%d demo places, bus station found %v", len(places), found)
	}
}
