package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// ringIndex answers point-in-ring exactly as planar.RingContains does
// (points on the boundary are inside), but looks only at the edges that
// could matter. RingContains casts a vertical ray, so only edges whose
// x-range holds the point's x can count; the ring's bbox is cut into
// vertical columns and each column lists the edges overlapping it.
type ringIndex struct {
	bound orb.Bound
	pts   orb.Ring // closed
	minX  float64
	perX  float64 // columns per degree
	cols  int
	start []int32 // column c's edges are edges[start[c]:start[c+1]]
	edges []int32 // edge i runs pts[i] -> pts[i+1]
}

func newRingIndex(r orb.Ring) ringIndex {
	if len(r) > 0 && !r.Closed() {
		r = append(r[:len(r):len(r)], r[0])
	}
	ri := ringIndex{bound: r.Bound(), pts: r, minX: r.Bound().Min[0]}
	n := len(r) - 1
	if n < 1 {
		return ri
	}
	// A few edges per column on average: more columns buy little, because
	// a column still holds every edge that crosses it.
	ri.cols = min(max(n/2, 1), 1<<16)
	if w := ri.bound.Max[0] - ri.bound.Min[0]; w > 0 {
		ri.perX = float64(ri.cols) / w
	}
	ri.start = make([]int32, ri.cols+1)
	for i := range n {
		c0, c1 := ri.colSpan(i)
		for c := c0; c <= c1; c++ {
			ri.start[c+1]++
		}
	}
	for c := range ri.cols {
		ri.start[c+1] += ri.start[c]
	}
	ri.edges = make([]int32, ri.start[ri.cols])
	next := append([]int32(nil), ri.start[:ri.cols]...)
	for i := range n {
		c0, c1 := ri.colSpan(i)
		for c := c0; c <= c1; c++ {
			ri.edges[next[c]] = int32(i)
			next[c]++
		}
	}
	return ri
}

// col is monotone in x, so an edge filed under the columns of its two
// endpoints' x values is found from any x between them: no epsilon needed.
func (ri *ringIndex) col(x float64) int {
	c := int((x - ri.minX) * ri.perX)
	return min(max(c, 0), ri.cols-1)
}

func (ri *ringIndex) colSpan(i int) (int, int) {
	a, b := ri.pts[i][0], ri.pts[i+1][0]
	return ri.col(min(a, b)), ri.col(max(a, b))
}

func (ri *ringIndex) contains(p orb.Point) bool {
	if ri.cols == 0 || !ri.bound.Contains(p) {
		return false
	}
	c := ri.col(p[0])
	in := false
	for _, e := range ri.edges[ri.start[c]:ri.start[c+1]] {
		cross, on := rayIntersect(p, ri.pts[e], ri.pts[e+1])
		if on {
			return true
		}
		if cross {
			in = !in
		}
	}
	return in
}

// rayIntersect is planar.rayIntersect from github.com/paulmach/orb v0.14.0
// (MIT licence), copied unchanged because it is unexported and the index
// must agree with planar.RingContains to the last bit, edges and vertices
// included.
func rayIntersect(p, s, e orb.Point) (intersects, on bool) {
	if s[0] > e[0] {
		s, e = e, s
	}

	switch p[0] {
	case s[0]:
		if p[1] == s[1] {
			return false, true
		} else if s[0] == e[0] {
			if s[1] > e[1] && s[1] >= p[1] && p[1] >= e[1] {
				return false, true
			}
			if e[1] > s[1] && e[1] >= p[1] && p[1] >= s[1] {
				return false, true
			}
		}
		p[0] = math.Nextafter(p[0], math.Inf(1))
	case e[0]:
		if p[1] == e[1] {
			return false, true
		}
		p[0] = math.Nextafter(p[0], math.Inf(1))
	}

	if p[0] < s[0] || p[0] > e[0] {
		return false, false
	}

	if s[1] > e[1] {
		if p[1] > s[1] {
			return false, false
		} else if p[1] < e[1] {
			return true, false
		}
	} else {
		if p[1] > e[1] {
			return false, false
		} else if p[1] < s[1] {
			return true, false
		}
	}

	rs := (p[1] - s[1]) / (p[0] - s[0])
	ds := (e[1] - s[1]) / (e[0] - s[0])

	if rs == ds {
		return false, true
	}

	return rs <= ds, false
}
