package design

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
)

// MaxSobolDim is the number of dimensions of the Sobol' sequence that
// [SobolSequence] can generate: the first 40 dimensions of Joe & Kuo (2008).
const MaxSobolDim = 40

// joeKuo holds, for Sobol' dimensions 2..MaxSobolDim, the degree s of the
// primitive polynomial, its interior coefficients a (bits c_1..c_{s-1} of
// x^s + c_1 x^{s-1} + ... + c_{s-1} x + 1) and the initial direction integers
// m_1..m_s, from the file new-joe-kuo-6.21201 of S. Joe and F. Y. Kuo,
// "Constructing Sobol sequences with better two-dimensional projections",
// SIAM J. Sci. Comput. 30 (2008) 2635-2654,
// https://web.maths.unsw.edu.au/~fkuo/sobol/ (BSD-style licence).
// Dimension 1 (van der Corput, all m = 1) has no row.
var joeKuo = [MaxSobolDim - 1]struct {
	s, a uint32
	m    []uint32
}{
	{1, 0, []uint32{1}},                             // d=2
	{2, 1, []uint32{1, 3}},                          // d=3
	{3, 1, []uint32{1, 3, 1}},                       // d=4
	{3, 2, []uint32{1, 1, 1}},                       // d=5
	{4, 1, []uint32{1, 1, 3, 3}},                    // d=6
	{4, 4, []uint32{1, 3, 5, 13}},                   // d=7
	{5, 2, []uint32{1, 1, 5, 5, 17}},                // d=8
	{5, 4, []uint32{1, 1, 5, 5, 5}},                 // d=9
	{5, 7, []uint32{1, 1, 7, 11, 19}},               // d=10
	{5, 11, []uint32{1, 1, 5, 1, 1}},                // d=11
	{5, 13, []uint32{1, 1, 1, 3, 11}},               // d=12
	{5, 14, []uint32{1, 3, 5, 5, 31}},               // d=13
	{6, 1, []uint32{1, 3, 3, 9, 7, 49}},             // d=14
	{6, 13, []uint32{1, 1, 1, 15, 21, 21}},          // d=15
	{6, 16, []uint32{1, 3, 1, 13, 27, 49}},          // d=16
	{6, 19, []uint32{1, 1, 1, 15, 7, 5}},            // d=17
	{6, 22, []uint32{1, 3, 1, 15, 13, 25}},          // d=18
	{6, 25, []uint32{1, 1, 5, 5, 19, 61}},           // d=19
	{7, 1, []uint32{1, 3, 7, 11, 23, 15, 103}},      // d=20
	{7, 4, []uint32{1, 3, 7, 13, 13, 15, 69}},       // d=21
	{7, 7, []uint32{1, 1, 3, 13, 7, 35, 63}},        // d=22
	{7, 8, []uint32{1, 3, 5, 9, 1, 25, 53}},         // d=23
	{7, 14, []uint32{1, 3, 1, 13, 9, 35, 107}},      // d=24
	{7, 19, []uint32{1, 3, 1, 5, 27, 61, 31}},       // d=25
	{7, 21, []uint32{1, 1, 5, 11, 19, 41, 61}},      // d=26
	{7, 28, []uint32{1, 3, 5, 3, 3, 13, 69}},        // d=27
	{7, 31, []uint32{1, 1, 7, 13, 1, 19, 1}},        // d=28
	{7, 32, []uint32{1, 3, 7, 5, 13, 19, 59}},       // d=29
	{7, 37, []uint32{1, 1, 3, 9, 25, 29, 41}},       // d=30
	{7, 41, []uint32{1, 3, 5, 13, 23, 1, 55}},       // d=31
	{7, 42, []uint32{1, 3, 7, 3, 13, 59, 17}},       // d=32
	{7, 50, []uint32{1, 3, 1, 3, 5, 53, 69}},        // d=33
	{7, 55, []uint32{1, 1, 5, 5, 23, 33, 13}},       // d=34
	{7, 56, []uint32{1, 1, 7, 7, 1, 61, 123}},       // d=35
	{7, 59, []uint32{1, 1, 7, 9, 13, 61, 49}},       // d=36
	{7, 62, []uint32{1, 3, 3, 5, 3, 55, 33}},        // d=37
	{8, 14, []uint32{1, 3, 1, 15, 31, 13, 49, 245}}, // d=38
	{8, 21, []uint32{1, 3, 5, 15, 31, 59, 63, 97}},  // d=39
	{8, 22, []uint32{1, 3, 1, 11, 11, 11, 77, 249}}, // d=40
}

// sobolBits is the number of binary digits generated per coordinate.
const sobolBits = 32

// directionNumbers returns the 32 direction numbers v_1..v_32 (MSB-aligned)
// of Sobol' dimension d (1-based), by the Bratley & Fox recurrence as in
// Joe & Kuo's reference generator.
func directionNumbers(d int) [sobolBits]uint32 {
	var v [sobolBits]uint32
	if d == 1 {
		for i := range sobolBits {
			v[i] = 1 << (sobolBits - 1 - i)
		}
		return v
	}
	row := joeKuo[d-2]
	s := int(row.s)
	for i := 0; i < s && i < sobolBits; i++ {
		v[i] = row.m[i] << (sobolBits - 1 - i)
	}
	for i := s; i < sobolBits; i++ {
		v[i] = v[i-s] ^ (v[i-s] >> uint(s))
		for k := 1; k < s; k++ {
			if (row.a>>uint(s-1-k))&1 == 1 {
				v[i] ^= v[i-k]
			}
		}
	}
	return v
}

// SobolSequence returns the first n points of the d-dimensional Sobol'
// sequence with the Joe & Kuo (2008) direction numbers, generated in Gray-code
// order (Antonov & Saleev 1979) with 32 bits per coordinate. For n = 2^m the
// point set is the same as in natural order; in every dimension it has exactly
// one point in each interval [j/2^m, (j+1)/2^m).
//
// With rng == nil the plain (deterministic) sequence is returned; its first
// point is the origin. Otherwise every dimension is randomised by a linear
// matrix scramble followed by a random digital shift (Matoušek 1998), both
// drawn from rng; these preserve the net (stratification) properties while
// making the points uniformly distributed, removing the origin, and giving
// statistically independent replicates for different seeds.
//
// It returns an error if d < 1, d > MaxSobolDim, n < 0 or n > 2^32.
func SobolSequence(n, d int, rng *rand.Rand) ([][]float64, error) {
	if d < 1 || d > MaxSobolDim {
		return nil, fmt.Errorf("design: Sobol sequence: dimension %d outside [1, %d]", d, MaxSobolDim)
	}
	if n < 0 || uint64(n) > 1<<sobolBits {
		return nil, fmt.Errorf("design: Sobol sequence: %d points outside [0, 2^%d]", n, sobolBits)
	}
	v := make([][sobolBits]uint32, d)
	x := make([]uint32, d)
	for j := range d {
		v[j] = directionNumbers(j + 1)
		if rng != nil {
			scramble(&v[j], rng)
			x[j] = rng.Uint32() // digital shift: the first point
		}
	}
	pts := newMatrix(n, d)
	const scale = 1.0 / (1 << sobolBits)
	for i := range n {
		if i > 0 {
			c := bits.TrailingZeros64(uint64(i))
			for j := range d {
				x[j] ^= v[j][c]
			}
		}
		for j := range d {
			pts[i][j] = float64(x[j]) * scale
		}
	}
	return pts, nil
}

// scramble applies a random linear matrix scramble to the direction numbers
// of one dimension: every digit vector x (digit 0 = most significant bit) is
// mapped to L x over GF(2), L lower triangular with unit diagonal and random
// entries below it. Because the map is linear it is applied to the direction
// numbers once.
func scramble(v *[sobolBits]uint32, rng *rand.Rand) {
	var rows [sobolBits]uint32 // rows[b]: mask of digits that feed output digit b
	for b := range sobolBits {
		diag := uint32(1) << (sobolBits - 1 - b)
		below := ^(diag - 1) &^ diag // more significant digits c < b
		rows[b] = diag | (rng.Uint32() & below)
	}
	for i, x := range v {
		var y uint32
		for b, r := range rows {
			y |= uint32(bits.OnesCount32(r&x)&1) << (sobolBits - 1 - b)
		}
		v[i] = y
	}
}
