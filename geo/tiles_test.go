package geo

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// The database bins stored base tiles by shifting; that must give the same
// cell as asking maptile directly at the coarser zoom, everywhere.
func TestCellArithmeticAgreesWithMaptile(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pts := []orb.Point{{0, 0}, {-179.999, 85}, {179.999, -85}, {-1.18, 52.66}}
	for range 2_000 {
		pts = append(pts, orb.Point{rng.Float64()*359.998 - 179.999, rng.Float64()*170 - 85})
		pts = append(pts, orb.Point{-1.62 + rng.Float64()*0.9, 52.56 + rng.Float64()*0.36})
	}
	for _, p := range pts {
		bx, by := BaseTile(p)
		if base := maptile.At(p, BaseZoom); base.X != bx || base.Y != by {
			t.Fatalf("BaseTile(%v) = %d,%d; maptile says %d,%d", p, bx, by, base.X, base.Y)
		}
		for z := uint32(0); z <= BaseZoom; z++ {
			cx, cy := CellOf(bx, by, z)
			if want := maptile.At(p, maptile.Zoom(z)); want.X != cx || want.Y != cy {
				t.Fatalf("zoom %d: CellOf gives %d,%d for %v; maptile.At gives %d,%d", z, cx, cy, p, want.X, want.Y)
			}
			if !CellBound(z, cx, cy).Pad(1e-9).Contains(p) {
				t.Fatalf("zoom %d: %v is not inside its cell's bound %v", z, p, CellBound(z, cx, cy))
			}
		}
	}
}

func TestBaseTileKeepsTheWorldsEdgesValid(t *testing.T) {
	const last = 1<<BaseZoom - 1
	if x, _ := BaseTile(orb.Point{180, 0}); x != last {
		t.Errorf("lon 180 -> column %d, want %d", x, last)
	}
	if _, y := BaseTile(orb.Point{0, -90}); y != last {
		t.Errorf("lat -90 -> row %d, want %d", y, last)
	}
	if _, y := BaseTile(orb.Point{0, 90}); y != 0 {
		t.Errorf("lat 90 -> row %d, want 0", y)
	}
}

func TestCellOfCannotGoFinerThanTheStoredTile(t *testing.T) {
	if x, y := CellOf(40_000, 20_000, BaseZoom+2); x != 40_000 || y != 20_000 {
		t.Errorf("got %d,%d", x, y)
	}
	if x, y := CellOf(40_001, 20_003, BaseZoom-2); x != 10_000 || y != 5_000 {
		t.Errorf("two zooms up: got %d,%d, want 10000,5000", x, y)
	}
}

func TestCellZoomFollowsTheMapTwoLevelsDeeper(t *testing.T) {
	for mapZoom, want := range map[int]uint32{-1: 6, 0: 6, 4: 6, 5: 7, 9: 11, 12: 14, 14: 16, 15: 16, 19: 16} {
		if got := CellZoom(mapZoom); got != want {
			t.Errorf("CellZoom(%d) = %d, want %d", mapZoom, got, want)
		}
	}
}
