package rng

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// Alias is Vose's alias table for drawing an index in O(1) with probability
// proportional to its weight (Vose 1991, "A linear algorithm for
// generating random numbers with a given distribution", IEEE TSE 17(9)).
// Column i keeps i with probability Prob[i] and gives Index[i] otherwise.
type Alias struct {
	Prob  []float64
	Index []int32
	// keep[i] is ceil(Prob[i] * 2^32): a 32-bit coin c keeps column i
	// exactly when c < keep[i], the same test as c/2^32 < Prob[i] (both
	// sides are exact in float64), made in integers so that Draw needs no
	// branch on a coin toss.
	keep  []uint64
	small []int32
	large []int32
}

// Build fills the table for weights w (all >= 0, not all 0), reusing its
// storage.
func (a *Alias) Build(w []float64) {
	n := len(w)
	if cap(a.Prob) < n {
		a.Prob = make([]float64, n)
		a.Index = make([]int32, n)
		a.keep = make([]uint64, n)
		a.small = make([]int32, 0, n)
		a.large = make([]int32, 0, n)
	}
	a.Prob, a.Index, a.keep = a.Prob[:n], a.Index[:n], a.keep[:n]
	small, large := a.small[:0], a.large[:0]
	var sum float64
	for _, x := range w {
		sum += x
	}
	for i, x := range w {
		a.Prob[i] = x * float64(n) / sum
		a.Index[i] = int32(i)
		if a.Prob[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.Index[s] = l
		a.Prob[l] -= 1 - a.Prob[s]
		if a.Prob[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, l := range large {
		a.Prob[l] = 1
	}
	for _, s := range small {
		a.Prob[s] = 1
	}
	for i, p := range a.Prob {
		a.keep[i] = uint64(math.Ceil(p * (1 << 32)))
	}
	a.small, a.large = small, large
}

// Draw returns an index. One 64-bit draw gives both the column (high bits,
// by Lemire's multiply-shift) and the coin (low 32 bits); drawAlias is the
// same draw written plainly.
func (a *Alias) Draw(src *rand.PCG) int32 {
	u := src.Uint64()
	i, _ := bits.Mul64(u, uint64(len(a.keep)))
	alt := a.Index[i]
	keep := -int32(B2I(uint64(uint32(u)) < a.keep[i])) // all ones to keep i
	return alt ^ (alt^int32(i))&keep
}

// drawAlias is Draw as its definition, the reference the branch-free
// version is tested against: column i = floor(u n / 2^64) from the draw u,
// kept when the coin (the low 32 bits over 2^32) falls below Prob[i].
func drawAlias(a *Alias, u uint64) int32 {
	i, _ := bits.Mul64(u, uint64(len(a.Prob)))
	if float64(uint32(u))/(1<<32) < a.Prob[i] {
		return int32(i)
	}
	return a.Index[i]
}
