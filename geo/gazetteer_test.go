package geo

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestGazetteerNamesPointsAndAreas(t *testing.T) {
	bus := orb.Point{-1.5055, 52.8180}
	g := NewGazetteer([]NamedPoint{{"Moorhampton bus station", bus}, {"Victoria Park, Moorhampton", orb.Point{-1.5014, 52.8139}}})
	if got := g.Name(orb.Point{-1.5056, 52.8181}); got != "Moorhampton bus station" {
		t.Errorf("at the bus station: %q", got)
	}
	if got := g.Name(orb.Point{-1.5055, 52.8240}); got != "near Moorhampton bus station" {
		t.Errorf("600 m north: %q", got)
	}
	if got := g.Name(orb.Point{-1.2, 52.5}); got != "" {
		t.Errorf("far away: %q", got)
	}
	if got := g.AreaName(CellBound(14, 0, 0)); !strings.HasPrefix(got, "Area at ") {
		t.Errorf("a cell far away: %q", got)
	}
	x, y := BaseTile(bus)
	cx, cy := CellOf(x, y, 14)
	if got := g.AreaName(CellBound(14, cx, cy)); got != "Around Moorhampton bus station" {
		t.Errorf("the bus station's cell: %q", got)
	}
	if (*Gazetteer)(nil).Name(bus) != "" || DistanceText(430) != "430 m" || DistanceText(2345) != "2.3 km" {
		t.Error("nil gazetteer or distance text")
	}
}
