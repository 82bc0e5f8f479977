package geo

import (
	"bytes"
	"testing"
)

// The tile ids of the PMTiles spec's reference implementations.
func TestTileIDFollowsTheHilbertCurve(t *testing.T) {
	for _, c := range []struct {
		z    uint8
		x, y uint32
		want uint64
	}{{0, 0, 0, 0}, {1, 0, 0, 1}, {1, 0, 1, 2}, {1, 1, 1, 3}, {1, 1, 0, 4}, {2, 1, 3, 11}, {3, 3, 0, 26}, {12, 3423, 1763, 19078479}} {
		if got := TileID(c.z, c.x, c.y); got != c.want {
			t.Errorf("TileID(%d,%d,%d) = %d, want %d", c.z, c.x, c.y, got, c.want)
		}
	}
}

func TestPMTilesRoundTrip(t *testing.T) {
	tiles := []Tile{{Z: 3, X: 3, Y: 0, Data: []byte("b")}, {Z: 0, X: 0, Y: 0, Data: []byte("a")},
		{Z: 2, X: 1, Y: 3, Data: []byte("same")}, {Z: 2, X: 1, Y: 2, Data: []byte("same")}, {Z: 1, X: 1, Y: 0, Data: []byte("cc")}}
	var buf bytes.Buffer
	if err := WritePMTiles(&buf, ArchiveInfo{MinZoom: 0, MaxZoom: 3, Metadata: []byte(`{"name":"t"}`)}, tiles); err != nil {
		t.Fatal(err)
	}
	for _, tl := range tiles {
		got, ok, err := ReadPMTile(buf.Bytes(), tl.Z, tl.X, tl.Y)
		if err != nil || !ok || string(got) != string(tl.Data) {
			t.Errorf("tile %d/%d/%d: %q %v %v", tl.Z, tl.X, tl.Y, got, ok, err)
		}
	}
	if _, ok, _ := ReadPMTile(buf.Bytes(), 3, 0, 0); ok {
		t.Error("a tile never written was found")
	}
}
