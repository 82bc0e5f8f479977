package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// laGrid is a coarse grid over all LAs. Each cell lists, in Code order, the
// LAs that may contain a point in it, and flags those covering the whole
// cell with no boundary passing through it. Most points are answered by the
// grid alone; the rest test one or two LAs exactly, near their boundary.
type laGrid struct {
	bound      orb.Bound
	nx, ny     int
	perX, perY float64 // cells per degree
	start      []uint32
	refs       []uint32 // LA position<<1, | 1 when the LA covers the whole cell
}

// cellMargin widens every boundary edge when marking the cells it touches,
// so a cell left unmarked is clear of the boundary by far more than the
// rounding in the cell arithmetic (about 1e-14 degrees).
const cellMargin = 1e-9

func (g *laGrid) refsAt(p orb.Point) []uint32 {
	// Written so that NaN fails: orb.Bound.Contains lets NaN through.
	if g.nx == 0 || !(p[0] >= g.bound.Min[0] && p[0] <= g.bound.Max[0] && p[1] >= g.bound.Min[1] && p[1] <= g.bound.Max[1]) {
		return nil
	}
	c := g.cy(p[1])*g.nx + g.cx(p[0])
	return g.refs[g.start[c]:g.start[c+1]]
}

// cx and cy are monotone, so ranges computed from bounds cover every point
// that lies within them.
func (g *laGrid) cx(x float64) int {
	return min(max(int((x-g.bound.Min[0])*g.perX), 0), g.nx-1)
}

func (g *laGrid) cy(y float64) int {
	return min(max(int((y-g.bound.Min[1])*g.perY), 0), g.ny-1)
}

func newLAGrid(shapes []laShape) laGrid {
	g := laGrid{bound: emptyBound}
	vertices := 0
	for _, s := range shapes {
		for _, p := range s.polys {
			g.bound = g.bound.Union(p.outer.bound)
			vertices += len(p.outer.pts)
			for _, h := range p.holes {
				vertices += len(h.pts)
			}
		}
	}
	if vertices == 0 {
		return laGrid{}
	}
	// Enough cells that boundary cells are a small share of the area, and
	// never so many that the grid outweighs the boundaries (2M cells = 8 MB).
	cells := min(max(16*vertices, 1<<16), 1<<21)
	w := max(g.bound.Max[0]-g.bound.Min[0], 1e-6)
	h := max(g.bound.Max[1]-g.bound.Min[1], 1e-6)
	g.nx = min(max(int(math.Round(math.Sqrt(float64(cells)*w/h))), 1), cells)
	g.ny = max(cells/g.nx, 1)
	g.perX, g.perY = float64(g.nx)/w, float64(g.ny)/h

	type cellRef struct{ cell, ref uint32 }
	var pairs []cellRef
	counts := make([]uint32, g.nx*g.ny+1)
	for i := range shapes {
		s := &shapes[i]
		if len(s.polys) == 0 {
			continue
		}
		x0, x1 := g.cx(s.bound.Min[0]), g.cx(s.bound.Max[0])
		y0, y1 := g.cy(s.bound.Min[1]), g.cy(s.bound.Max[1])
		bw := x1 - x0 + 1
		onEdge := make([]bool, bw*(y1-y0+1))
		mark := func(a, b orb.Point) {
			xa, xb := g.cx(min(a[0], b[0])-cellMargin), g.cx(max(a[0], b[0])+cellMargin)
			ya, yb := g.cy(min(a[1], b[1])-cellMargin), g.cy(max(a[1], b[1])+cellMargin)
			for y := max(ya, y0); y <= min(yb, y1); y++ {
				for x := max(xa, x0); x <= min(xb, x1); x++ {
					onEdge[(y-y0)*bw+x-x0] = true
				}
			}
		}
		for _, p := range s.polys {
			markRing(&p.outer, g.perX, g.perY, mark)
			for j := range p.holes {
				markRing(&p.holes[j], g.perX, g.perY, mark)
			}
		}
		// Along a row, a run of cells the boundary misses is all inside or
		// all outside, so one exact test settles the run.
		for y := y0; y <= y1; y++ {
			known, inside := false, false
			for x := x0; x <= x1; x++ {
				cell := uint32(y*g.nx + x)
				if onEdge[(y-y0)*bw+x-x0] {
					pairs = append(pairs, cellRef{cell, uint32(i) << 1})
					counts[cell+1]++
					known = false
					continue
				}
				if !known {
					centre := orb.Point{
						g.bound.Min[0] + (float64(x)+0.5)/g.perX,
						g.bound.Min[1] + (float64(y)+0.5)/g.perY,
					}
					inside, known = s.contains(centre), true
				}
				if inside {
					pairs = append(pairs, cellRef{cell, uint32(i)<<1 | 1})
					counts[cell+1]++
				}
			}
		}
	}
	for c := 1; c < len(counts); c++ {
		counts[c] += counts[c-1]
	}
	g.start = counts
	g.refs = make([]uint32, len(pairs))
	next := append([]uint32(nil), counts[:len(counts)-1]...)
	for _, p := range pairs { // stable, so each cell keeps Code order
		g.refs[next[p.cell]] = p.ref
		next[p.cell]++
	}
	return g
}

// markRing cuts each edge into pieces no longer than a cell, so marking a
// piece's bounding box marks only cells near the edge, even for the long
// straight edges of a simplified boundary.
func markRing(ri *ringIndex, perX, perY float64, mark func(a, b orb.Point)) {
	for i := 0; i+1 < len(ri.pts); i++ {
		a, b := ri.pts[i], ri.pts[i+1]
		steps := int(max(math.Abs(b[0]-a[0])*perX, math.Abs(b[1]-a[1])*perY)) + 1
		prev := a
		for k := 1; k <= steps; k++ {
			next := b
			if k < steps {
				t := float64(k) / float64(steps)
				next = orb.Point{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t}
			}
			mark(prev, next)
			prev = next
		}
	}
}
