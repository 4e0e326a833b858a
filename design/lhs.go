package design

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// LatinHypercube returns n points in [0,1)^k: for each dimension, one point in
// each of the n equal strata [s/n, (s+1)/n), randomly permuted across points,
// with a uniform jitter inside the stratum (McKay, Beckman & Conover 1979).
//
// For each dimension in turn it draws a permutation (rng.Perm) and then n
// jitters (rng.Float64), so the design is a deterministic function of the
// generator state. It panics if n < 0, k < 0 or rng is nil; n == 0 gives an
// empty design.
func LatinHypercube(n, k int, rng *rand.Rand) [][]float64 {
	if n < 0 || k < 0 {
		panic(fmt.Sprintf("design: LatinHypercube: n = %d, k = %d, need both >= 0", n, k))
	}
	if rng == nil {
		panic("design: LatinHypercube: nil *rand.Rand")
	}
	pts := newMatrix(n, k)
	fn := float64(n)
	for d := range k {
		perm := rng.Perm(n)
		for i := range n {
			s := perm[i]
			x := (float64(s) + rng.Float64()) / fn
			// Rounding of s+u can land exactly on the next stratum's
			// boundary (or on 1); step back inside stratum s.
			for int(x*fn) > s {
				x = math.Nextafter(x, 0)
			}
			pts[i][d] = x
		}
	}
	return pts
}

// newMatrix returns n rows of k float64s sharing one backing array.
func newMatrix(n, k int) [][]float64 {
	flat := make([]float64, n*k)
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = flat[i*k : (i+1)*k : (i+1)*k]
	}
	return rows
}
