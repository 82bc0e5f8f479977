package namegen

import (
	"math"
	"math/rand/v2"
)

// curve is the shape of a name list's frequency by rank: real surname and
// given-name counts fall roughly as a power of rank, a little flatter among
// the commonest names and steeper in the long tail. weight(r) is
// (r+Offset)^-Head up to rank Knee, then falls as r^-Tail, continuously.
type curve struct {
	Offset, Head float64
	Knee         int
	Tail         float64
}

func (c curve) at(rank int) float64 {
	r := float64(rank)
	if c.Knee == 0 || rank <= c.Knee {
		return math.Pow(r+c.Offset, -c.Head)
	}
	k := float64(c.Knee)
	return math.Pow(k+c.Offset, -c.Head) * math.Pow(k/r, c.Tail)
}

// weigh gives every name of a list its weight, summing to 1. Names the data
// file weighs (in parts per million) keep exactly that share; the others
// share what is left along the curve, continuing it from the last weighed
// name before them, so a few published counts at the head set the level of
// the whole tail: the curve's steepness is scaled (by bisection) until the
// tail holds exactly what is left. A list with no weights is the curve
// alone.
func weigh(ppm []float64, c curve) []float64 {
	out := make([]float64, len(ppm))
	fixed, anchor := 0.0, -1
	firstFree := -1
	for i, w := range ppm {
		if w > 0 {
			out[i] = w / 1e6
			fixed += out[i]
			if firstFree < 0 {
				anchor = i
			}
		} else if firstFree < 0 {
			firstFree = i
		}
	}
	left := 1 - fixed
	switch {
	case firstFree < 0 || left <= 0:
		return normalise(out) // everything is weighed: the weights are relative
	case anchor < 0:
		for i := range out {
			out[i] = c.at(i + 1)
		}
		return normalise(out)
	}
	// In log space the curve made k times steeper is exp(-k·L(r)), so
	// the tail is the anchor's weight times exp(-k·(L(r)-L(anchor))).
	logAt := func(rank int) float64 { return -math.Log(c.at(rank)) }
	base := logAt(anchor + 1)
	drop := make([]float64, len(ppm))
	for i, w := range ppm {
		if w <= 0 {
			drop[i] = logAt(i+1) - base
		}
	}
	tail := func(k float64) float64 {
		sum := 0.0
		for i, w := range ppm {
			if w <= 0 {
				out[i] = out[anchor] * math.Exp(-k*drop[i])
				sum += out[i]
			}
		}
		return sum
	}
	lo, hi := 0.01, 10.0
	if tail(lo) < left {
		hi = lo // too few names to hold the rest even when flat: rescale below
	}
	for range 40 {
		mid := (lo + hi) / 2
		if tail(mid) > left {
			lo = mid
		} else {
			hi = mid
		}
	}
	sum := tail(hi)
	for i, w := range ppm {
		if w <= 0 {
			out[i] *= left / sum
		}
	}
	return out
}

func normalise(ws []float64) []float64 {
	sum := 0.0
	for _, w := range ws {
		sum += w
	}
	for i := range ws {
		ws[i] /= sum
	}
	return ws
}

// alias draws an index with given probabilities in constant time (Vose's
// alias method): one random number per draw, no allocation.
type alias struct {
	cut   []uint32 // keep index i when the low 32 bits fall below cut[i]
	other []int32
}

func newAlias(p []float64) alias {
	n := len(p)
	a := alias{cut: make([]uint32, n), other: make([]int32, n)}
	scaled := make([]float64, n)
	var small, large []int32
	for i, x := range p {
		scaled[i] = x * float64(n)
		if scaled[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.cut[s] = uint32(scaled[s] * (1 << 32))
		a.other[s] = l
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range append(small, large...) {
		a.cut[i] = math.MaxUint32
		a.other[i] = i
	}
	return a
}

func (a alias) draw(r *rand.Rand) int {
	u := r.Uint64()
	i := int((u >> 32) * uint64(len(a.cut)) >> 32)
	if uint32(u) < a.cut[i] {
		return i
	}
	return int(a.other[i])
}
