package geo

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// The demo county is drawn in metres on a flat local frame and converted to
// lon/lat once per vertex. Its south-west corner sits near Coalville,
// Leicestershire; the county is fictional, the spot merely believable.
var demoSW = orb.Point{-1.62, 52.56}

const (
	demoSeed1 = 0x456c6d73 // "Elms"
	demoSeed2 = 0x68697265 // "hire"
)

// metres is a point in the local frame: x east, y north of demoSW.
type metres struct{ x, y float64 }

func (m metres) lonLat() orb.Point {
	return offsetMetres(orb.Point{demoSW[0], demoSW[1] + m.y/metresPerDegLat}, m.x, 0)
}

const metresPerDegLat = math.Pi * orb.EarthRadius / 180

// The county is 60 x 40 km, in two rows of three LAs laid like bricks: the
// dividers of the north row (n1-t1, n2-t2) do not line up with those of the
// south row (s1-b1, s2-b2), so no four LAs meet at a point. The middle line
// runs w, t1, b1, t2, b2, e from west to east.
//
//	nw ----- n1 ------- n2 -------- ne
//	|         |          |           |
//	w ------ t1 -- b1 -- t2 -- b2 -- e
//	|              |           |     |
//	sw ------------ s1 -------- s2 - se
var demoNodes = []struct {
	name   string
	at     metres
	dx, dy float64 // how far the node may be shaken
}{
	{"sw", metres{0, 0}, 1500, 1500}, {"s1", metres{22_000, 0}, 2000, 1500},
	{"s2", metres{43_000, 0}, 2000, 1500}, {"se", metres{60_000, 0}, 1500, 1500},
	{"w", metres{0, 20_000}, 1500, 2500}, {"t1", metres{17_000, 20_000}, 1500, 2500},
	{"b1", metres{23_500, 20_000}, 1500, 2500}, {"t2", metres{38_000, 20_000}, 1500, 2500},
	{"b2", metres{44_500, 20_000}, 1500, 2500}, {"e", metres{60_000, 20_000}, 1500, 2500},
	{"nw", metres{0, 40_000}, 1500, 1500}, {"n1", metres{17_000, 40_000}, 2000, 1500},
	{"n2", metres{38_000, 40_000}, 2000, 1500}, {"ne", metres{60_000, 40_000}, 1500, 1500},
}

// demoSides are drawn once each, in this order (which fixes the random
// draws). An LA's ring is a chain of them, some walked backwards.
var demoSides = [][2]string{
	{"sw", "s1"}, {"s1", "s2"}, {"s2", "se"},
	{"nw", "n1"}, {"n1", "n2"}, {"n2", "ne"},
	{"w", "t1"}, {"t1", "b1"}, {"b1", "t2"}, {"t2", "b2"}, {"b2", "e"},
	{"sw", "w"}, {"w", "nw"}, {"se", "e"}, {"e", "ne"},
	{"s1", "b1"}, {"s2", "b2"}, {"t1", "n1"}, {"t2", "n2"},
}

// demoLayout gives each LA its ring, walked counter-clockwise from its
// south-west corner (as RFC 7946 asks of outer rings), and the four corners
// its towns are placed between.
var demoLayout = map[string]struct {
	ring []string  // node names; consecutive pairs are sides
	quad [4]string // SW, SE, NE, NW
}{
	"E06900001": {[]string{"w", "t1", "n1", "nw", "w"}, [4]string{"w", "t1", "n1", "nw"}},
	"E06900002": {[]string{"t1", "b1", "t2", "n2", "n1", "t1"}, [4]string{"t1", "t2", "n2", "n1"}},
	"E06900003": {[]string{"t2", "b2", "e", "ne", "n2", "t2"}, [4]string{"t2", "e", "ne", "n2"}},
	"E06900004": {[]string{"sw", "s1", "b1", "t1", "w", "sw"}, [4]string{"sw", "s1", "b1", "w"}},
	"E06900005": {[]string{"s1", "s2", "b2", "t2", "b1", "s1"}, [4]string{"s1", "s2", "b2", "b1"}},
	"E06900006": {[]string{"s2", "se", "e", "b2", "s2"}, [4]string{"s2", "se", "e", "b2"}},
}

func demoCounty(levels int) []DemoLA {
	rng := rand.New(rand.NewPCG(demoSeed1, demoSeed2))
	jitter := func(r float64) float64 { return (rng.Float64()*2 - 1) * r }

	node := make(map[string]metres, len(demoNodes))
	for _, n := range demoNodes {
		node[n.name] = metres{n.at.x + jitter(n.dx), n.at.y + jitter(n.dy)}
	}
	// Each side is drawn once as a jagged line and used by both LAs it
	// separates, so shared edges are identical, vertex for vertex, and the
	// LAs tile the county exactly.
	side := make(map[[2]string][]orb.Point, 2*len(demoSides))
	for _, s := range demoSides {
		pts := jaggedSide(rng, node[s[0]], node[s[1]], levels)
		side[s] = pts
		side[[2]string{s[1], s[0]}] = reversed(pts)
	}

	total := 0.0
	named := map[string]int{}
	out := make([]DemoLA, len(demoPlan))
	for k, plan := range demoPlan {
		layout := demoLayout[plan.code]
		ring := orb.Ring{node[layout.ring[0]].lonLat()}
		for i := 0; i+1 < len(layout.ring); i++ {
			ring = append(ring, side[[2]string{layout.ring[i], layout.ring[i+1]}][1:]...)
		}
		mp := orb.MultiPolygon{{ring}}
		var quad [4]metres
		for i, name := range layout.quad {
			quad[i] = node[name]
		}
		out[k] = DemoLA{Code: plan.code, Name: plan.name, Boundary: mp}
		for _, tp := range plan.towns {
			town := demoTown(rng, mp, quad, tp, named)
			for _, h := range town.Hotspots {
				total += h.Weight
			}
			out[k].Towns = append(out[k].Towns, town)
		}
	}
	for k := range out {
		for t := range out[k].Towns {
			for h := range out[k].Towns[t].Hotspots {
				out[k].Towns[t].Hotspots[h].Weight /= total
			}
		}
	}
	return out
}

// jaggedSide draws a side from a to b by midpoint displacement: a rough,
// natural-looking line whose offsets are always across the straight side,
// so it never doubles back on itself and never strays far from the line.
func jaggedSide(rng *rand.Rand, a, b metres, levels int) []orb.Point {
	n := 1 << levels
	dx, dy := b.x-a.x, b.y-a.y
	length := math.Hypot(dx, dy)
	off := make([]float64, n+1)
	amp := 0.1 * length
	for step := n; step > 1; step /= 2 {
		for l := 0; l < n; l += step {
			off[l+step/2] = (off[l]+off[l+step])/2 + (rng.Float64()*2-1)*amp
		}
		amp *= 0.55
	}
	pts := make([]orb.Point, n+1)
	pts[0], pts[n] = a.lonLat(), b.lonLat() // exact, so corners match between sides
	for k := 1; k < n; k++ {
		t := float64(k) / float64(n)
		pts[k] = metres{
			a.x + dx*t - dy/length*off[k],
			a.y + dy*t + dx/length*off[k],
		}.lonLat()
	}
	return pts
}

func reversed(pts []orb.Point) []orb.Point {
	r := slices.Clone(pts)
	slices.Reverse(r)
	return r
}

// demoTown places a town at (u, v) of its LA's corner quadrilateral and its
// hotspots around it. Anything that would land outside the LA (possible
// near a jagged edge) is pulled towards the middle until it is inside.
func demoTown(rng *rand.Rand, la orb.MultiPolygon, quad [4]metres, tp demoTownPlan, named map[string]int) DemoTown {
	at := func(u, v float64) orb.Point {
		return metres{
			(1-u)*(1-v)*quad[0].x + u*(1-v)*quad[1].x + u*v*quad[2].x + (1-u)*v*quad[3].x,
			(1-u)*(1-v)*quad[0].y + u*(1-v)*quad[1].y + u*v*quad[2].y + (1-u)*v*quad[3].y,
		}.lonLat()
	}
	u, v := tp.u, tp.v
	centre := at(u, v)
	for !planar.MultiPolygonContains(la, centre) {
		u, v = (u+0.5)/2, (v+0.5)/2
		centre = at(u, v)
	}
	town := DemoTown{Name: tp.name, Centre: centre}
	for _, kind := range tp.kinds {
		dist := 300 + rng.Float64()*(tp.spread-300)
		if kind == KindTownCentre {
			dist = rng.Float64() * 150
		}
		theta := 2 * math.Pi * rng.Float64()
		p := offsetMetres(centre, dist*math.Cos(theta), dist*math.Sin(theta))
		for !planar.MultiPolygonContains(la, p) {
			dist /= 2
			p = offsetMetres(centre, dist*math.Cos(theta), dist*math.Sin(theta))
		}
		name := tp.name + " station"
		if kind != KindStation {
			names := placeNames[kind] // taken in turn, so towns rarely share one
			name = names[named[kind]%len(names)]
			named[kind]++
		}
		town.Hotspots = append(town.Hotspots, Hotspot{
			Name: name, Kind: kind, Point: p, Weight: tp.weight * kindWeight[kind],
		})
	}
	return town
}
