package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// BaseZoom is the web-mercator zoom at which a street contact's tile is
// stored, so the database bins contacts for any coarser zoom with integer
// arithmetic: cell = tile >> (BaseZoom - zoom), i.e. tile / 2^(BaseZoom-zoom).
//
// 16 makes the finest cell about 370 m square in England: a few streets,
// fine enough to show which end of a town centre people sleep in, coarse
// enough that a cell is never one doorway, which would both identify a
// sleeping site and be suppressed almost everywhere. Tile numbers stay
// below 65,536, so they fit any integer column.
const BaseZoom = 16

// BaseTile is the tile to store with a street contact. Longitude 180 (the
// east edge of the world) is folded into the last column so the tile is
// always valid; latitudes beyond web mercator's ±85.05 go to the edge rows.
func BaseTile(p orb.Point) (x, y uint32) {
	t := maptile.At(p, BaseZoom)
	const last = 1<<BaseZoom - 1
	return min(t.X, last), min(t.Y, last)
}

// CellOf is the cell at zoom holding base tile (x, y): the same shift the
// database does. A zoom above BaseZoom is treated as BaseZoom, since a
// stored tile cannot be split.
func CellOf(x, y uint32, zoom uint32) (cx, cy uint32) {
	if zoom >= BaseZoom {
		return x, y
	}
	shift := BaseZoom - zoom
	return x >> shift, y >> shift
}

// CellBound is the lon/lat rectangle of cell (cx, cy) at zoom.
func CellBound(zoom, cx, cy uint32) orb.Bound {
	return maptile.New(cx, cy, maptile.Zoom(zoom)).Bound()
}

// CellZoom is the binning zoom for a map shown at mapZoom. Two zooms deeper
// than the map makes each cell a 64-pixel square on screen (a map tile is
// 256 pixels): big enough to read and click, small enough that a screen
// shows a pattern rather than a few blocks, and the same on-screen size at
// every zoom, so zooming in refines the picture. Clamped to at least 6,
// since coarser cells (hundreds of kilometres) would merge whole regions
// and there are few z6 cells anyway, and to at most BaseZoom, the finest
// stored and the finest we are willing to show.
func CellZoom(mapZoom int) uint32 {
	return uint32(min(max(mapZoom+2, 6), BaseZoom))
}
