package geo

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// Run with: go test -run '^$' -bench . -benchtime 5x ./geo/
// (benchmarks are never part of the default test run).

const million = 1_000_000

// uniformPoints are spread evenly over the county's box, a fifth of them
// outside the county: the hard case, as many land near a boundary.
func uniformPoints(las []LA, n int) []orb.Point {
	rng := rand.New(rand.NewPCG(11, 12))
	b := las[0].Boundary.Bound()
	for _, la := range las {
		b = b.Union(la.Boundary.Bound())
	}
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
	}
	return pts
}

// hotspotSightings look like real street contacts: around the demo
// hotspots in proportion to their weight, by a population of people of
// whom some are seen many times, and a tenth unknown.
func hotspotSightings(n, people int) []Sighting {
	rng := rand.New(rand.NewPCG(13, 14))
	var spots []Hotspot
	for _, la := range DemoCounty() {
		for _, town := range la.Towns {
			spots = append(spots, town.Hotspots...)
		}
	}
	out := make([]Sighting, n)
	for i := range out {
		u, h := rng.Float64(), spots[len(spots)-1]
		for _, s := range spots {
			if u -= s.Weight; u < 0 {
				h = s
				break
			}
		}
		key := ""
		if rng.IntN(10) > 0 {
			key = fmt.Sprintf("p%d", int(float64(people)*rng.Float64()*rng.Float64())) // some people are seen far more often
		}
		out[i] = Sighting{Point: RandomPointNear(rng, h.Point, 400), PersonKey: key}
	}
	return out
}

func BenchmarkLocate1M(b *testing.B) {
	demo := demoLAs(demoLevels)
	detailed := demoLAs(10)
	var nearHotspots []orb.Point
	for _, s := range hotspotSightings(million, 20_000) {
		nearHotspots = append(nearHotspots, s.Point)
	}
	cases := []struct {
		name string
		las  []LA
		pts  []orb.Point
	}{
		{"demo-256v/uniform", demo, uniformPoints(demo, million)},
		{"demo-256v/near-hotspots", demo, nearHotspots},
		{"detailed-4096v/uniform", detailed, uniformPoints(detailed, million)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			ix := NewLAIndex(c.las)
			b.ReportAllocs()
			found := 0
			for b.Loop() {
				for _, p := range c.pts {
					if _, ok := ix.Locate(p); ok {
						found++
					}
				}
			}
			reportPerMillion(b, len(c.pts), "point")
		})
	}
	// The same question answered the slow way, for scale; on 10,000 points
	// (ms/1M is extrapolated) because a million take half a minute.
	b.Run("demo-256v/uniform/planar-brute-force", func(b *testing.B) {
		pts := uniformPoints(demo, 10_000)
		for b.Loop() {
			for _, p := range pts {
				_, _ = bruteForce(demo, p)
			}
		}
		reportPerMillion(b, len(pts), "point")
	})
}

func BenchmarkBin1M(b *testing.B) {
	sightings := hotspotSightings(million, 20_000)
	for _, zoom := range []uint32{10, 14, BaseZoom} {
		b.Run(fmt.Sprintf("zoom-%d", zoom), func(b *testing.B) {
			b.ReportAllocs()
			cells := 0
			for b.Loop() {
				cells = len(Suppress(Bin(sightings, zoom), MinCellPeople))
			}
			b.ReportMetric(float64(cells), "cells")
			reportPerMillion(b, len(sightings), "sighting")
		})
	}
}

func BenchmarkNewLAIndex(b *testing.B) {
	for _, levels := range []int{demoLevels, 10} {
		las := demoLAs(levels)
		b.Run(fmt.Sprintf("vertices-%d", len(las[0].Boundary[0][0])-1), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				NewLAIndex(las)
			}
		})
	}
}

func reportPerMillion(b *testing.B, n int, unit string) {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(ns/float64(n), "ns/"+unit)
	b.ReportMetric(ns/1e6*float64(million)/float64(n), "ms/1M")
}
