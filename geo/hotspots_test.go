package geo

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// A hand-worked map at zoom 14 over Kingsmere: three neighbouring cells.
//
//	cell A (x, y):   p1 p1 p2 p3 p4 p4     6 contacts, 4 people -> suppressed
//	cell B (x+1, y): p1 p5 p6 ?  ?  p5     6 contacts, 5 people -> shown
//	cell C (x, y+1): p7 ten times         10 contacts, 1 person -> suppressed
//
// "?" is an unknown person, counted as one person each time. p1 is seen in
// two cells and counts in both.
const handZoom = 14

func handCells() (x, y uint32, sightings []Sighting) {
	bx, by := BaseTile(orb.Point{-1.18, 52.66})
	x, y = CellOf(bx, by, handZoom)
	in := func(cx, cy uint32, k int) orb.Point {
		b := CellBound(handZoom, cx, cy)
		f := 0.2 + 0.6*float64(k%7)/7 // spread out, well inside the cell
		return orb.Point{b.Min[0] + f*(b.Max[0]-b.Min[0]), b.Max[1] - f*(b.Max[1]-b.Min[1])}
	}
	add := func(cx, cy uint32, people ...string) {
		for k, p := range people {
			sightings = append(sightings, Sighting{Point: in(cx, cy, k), PersonKey: p})
		}
	}
	add(x, y+1, "p7", "p7", "p7", "p7", "p7", "p7", "p7", "p7", "p7", "p7")
	add(x+1, y, "p1", "p5", "p6", "", "", "p5")
	add(x, y, "p1", "p1", "p2", "p3", "p4", "p4")
	sightings = append(sightings, // unusable coordinates are skipped
		Sighting{Point: orb.Point{math.NaN(), 52}, PersonKey: "p8"},
		Sighting{Point: orb.Point{-1.18, 91}, PersonKey: "p9"})
	return x, y, sightings
}

func TestBinCountsContactsAndDistinctPeople(t *testing.T) {
	x, y, sightings := handCells()
	got := Bin(sightings, handZoom)
	want := []Cell{
		{Zoom: handZoom, X: x, Y: y, Contacts: 6, People: 4},
		{Zoom: handZoom, X: x + 1, Y: y, Contacts: 6, People: 5},
		{Zoom: handZoom, X: x, Y: y + 1, Contacts: 10, People: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Bin:\n got %+v\nwant %+v", got, want)
	}
}

func TestFewerThanFivePeopleIsSuppressedAndZeroed(t *testing.T) {
	x, y, sightings := handCells()
	cells := Bin(sightings, handZoom)
	got := Suppress(cells, MinCellPeople)
	want := []Cell{
		{Zoom: handZoom, X: x, Y: y, Suppressed: true},
		{Zoom: handZoom, X: x + 1, Y: y, Contacts: 6, People: 5},
		{Zoom: handZoom, X: x, Y: y + 1, Suppressed: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Suppress:\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(cells, want) {
		t.Error("Suppress left an unsuppressed copy in the caller's slice")
	}
	if again := Suppress(got, 1); !reflect.DeepEqual(again, want) {
		t.Error("a suppressed cell came back with a lower threshold")
	}
}

func TestSuppressBelowOneHidesNothing(t *testing.T) {
	cells := []Cell{{Zoom: 10, X: 1, Y: 1, Contacts: 1, People: 1}}
	if got := Suppress(cells, 0); got[0].Suppressed || got[0].People != 1 {
		t.Errorf("got %+v", got[0])
	}
}

func TestBinAtACoarserZoomMergesCells(t *testing.T) {
	_, _, sightings := handCells()
	// Two zooms coarser, all three cells fall in one, and p1 is one person.
	got := Bin(sightings, handZoom-2)
	if len(got) != 1 || got[0].Contacts != 22 || got[0].People != 9 {
		t.Errorf("got %+v, want one cell of 22 contacts and 9 people (p1-p7 and two unknown)", got)
	}
}

func TestCellsGeoJSONShowsOnlyCellsOfFiveOrMore(t *testing.T) {
	x, y, sightings := handCells()
	raw := Bin(sightings, handZoom)
	for name, cells := range map[string][]Cell{
		"suppressed":                               Suppress(Bin(sightings, handZoom), MinCellPeople),
		"caller forgot to suppress":                raw,
		"caller suppressed at too low a threshold": Suppress(Bin(sightings, handZoom), 2),
	} {
		out, err := CellsGeoJSON(cells)
		if err != nil {
			t.Fatal(err)
		}
		fc, err := geojson.UnmarshalFeatureCollection(out)
		if err != nil {
			t.Fatalf("%s: not GeoJSON: %v", name, err)
		}
		if len(fc.Features) != 1 {
			t.Fatalf("%s: %d features, want only cell B", name, len(fc.Features))
		}
		f := fc.Features[0]
		var props map[string]any
		b, _ := json.Marshal(f.Properties)
		_ = json.Unmarshal(b, &props)
		if !reflect.DeepEqual(props, map[string]any{"contacts": 6.0, "people": 5.0}) {
			t.Errorf("%s: properties %v", name, props)
		}
		if f.Geometry.Bound() != CellBound(handZoom, x+1, y) {
			t.Errorf("%s: square %v, want cell B %v", name, f.Geometry.Bound(), CellBound(handZoom, x+1, y))
		}
	}
	empty, _ := CellsGeoJSON(nil)
	if string(empty) != `{"features":[],"type":"FeatureCollection"}` { // [] not null: Leaflet wants a list
		t.Errorf("no cells: %s", empty)
	}
}
