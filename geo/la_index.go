package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// LA is a local authority as the index sees it.
type LA struct {
	ID         int64
	Code, Name string
	Boundary   orb.MultiPolygon
}

// LAIndex finds the local authority containing a point, for computing the
// LA of every street contact and public alert. It gives the same answer as
// planar.MultiPolygonContains over the LAs in Code order: a point on a
// boundary is inside, so a point on an edge two LAs share, or in an area
// two (badly drawn) boundaries both claim, goes to the lowest Code. That
// rule makes the answer independent of import order.
//
// An index is immutable once built and safe for concurrent use; rebuild it
// when boundaries change. It shares the LAs' boundary slices rather than
// copying them, so neither the caller nor a Locate result may modify them.
type LAIndex struct {
	las    []LA
	shapes []laShape
	grid   laGrid
}

// laShape is one LA's polygons with each ring's edges bucketed.
type laShape struct {
	bound orb.Bound
	polys []polyIndex
}

type polyIndex struct {
	outer ringIndex
	holes []ringIndex
}

// NewLAIndex builds the index. LAs with an empty boundary are kept (so
// lookups by position stay simple) but never contain anything.
func NewLAIndex(las []LA) *LAIndex {
	ix := &LAIndex{las: slices.Clone(las)}
	slices.SortStableFunc(ix.las, func(a, b LA) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.ID, b.ID))
	})
	ix.shapes = make([]laShape, len(ix.las))
	for i, la := range ix.las {
		ix.shapes[i] = newLAShape(la.Boundary)
	}
	ix.grid = newLAGrid(ix.shapes)
	return ix
}

func newLAShape(mp orb.MultiPolygon) laShape {
	s := laShape{bound: emptyBound}
	for _, poly := range mp {
		if len(poly) == 0 || len(poly[0]) == 0 {
			continue
		}
		pi := polyIndex{outer: newRingIndex(poly[0])}
		for _, h := range poly[1:] {
			pi.holes = append(pi.holes, newRingIndex(h))
		}
		s.bound = s.bound.Union(pi.outer.bound)
		s.polys = append(s.polys, pi)
	}
	return s
}

// emptyBound contains nothing and unions cleanly with any real bound.
var emptyBound = orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}

// contains matches planar.MultiPolygonContains: inside an outer ring
// (boundary included) and not inside any of its holes (boundary included).
func (s *laShape) contains(p orb.Point) bool {
	if !s.bound.Contains(p) {
		return false
	}
	for i := range s.polys {
		if polyContains(&s.polys[i], p) {
			return true
		}
	}
	return false
}

func polyContains(pi *polyIndex, p orb.Point) bool {
	if !pi.outer.contains(p) {
		return false
	}
	for i := range pi.holes {
		if pi.holes[i].contains(p) {
			return false
		}
	}
	return true
}

// Locate returns the LA containing p, or false when p is in none (outside
// the area, or not a valid point).
func (ix *LAIndex) Locate(p orb.Point) (LA, bool) {
	if i := ix.locate(p); i >= 0 {
		return ix.las[i], true
	}
	return LA{}, false
}

func (ix *LAIndex) locate(p orb.Point) int {
	for _, ref := range ix.grid.refsAt(p) {
		i := int(ref >> 1)
		if ref&1 == 1 || ix.shapes[i].contains(p) {
			return i
		}
	}
	return -1
}

// LAs lists the indexed LAs in Code order (the order ties are broken in).
func (ix *LAIndex) LAs() []LA { return slices.Clone(ix.las) }
