package namegen

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Weighed names keep their share; the rest continue the curve from the
// last weighed one, falling, and everything sums to 1.
func TestWeighContinuesTheCurveFromPublishedCounts(t *testing.T) {
	ppm := make([]float64, 5000)
	ppm[0], ppm[1], ppm[2] = 12000, 9000, 6500
	w := weigh(ppm, curve{Head: 0.8, Knee: 1000, Tail: 1.1})
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("weights sum to %v", sum)
	}
	if w[0] != 0.012 || w[2] != 0.0065 {
		t.Errorf("published shares changed: %v %v", w[0], w[2])
	}
	if w[3] > w[2] {
		t.Errorf("the tail starts above the last published count: %v > %v", w[3], w[2])
	}
	for i := 4; i < len(w); i++ {
		if w[i] > w[i-1] {
			t.Fatalf("weight rises at rank %d", i+1)
		}
	}
}

func TestAliasDrawsByProbability(t *testing.T) {
	p := []float64{0.5, 0.25, 0.15, 0.1}
	a := newAlias(p)
	r := rand.New(rand.NewPCG(1, 2))
	count := make([]int, len(p))
	const n = 200_000
	for range n {
		count[a.draw(r)]++
	}
	for i, want := range p {
		if got := float64(count[i]) / n; math.Abs(got-want) > 0.01 {
			t.Errorf("index %d drawn %.3f of the time, want %.2f", i, got, want)
		}
	}
}
