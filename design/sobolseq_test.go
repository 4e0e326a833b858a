package design

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestJoeKuoTable checks the transcription of the direction-number table:
// every polynomial is primitive over GF(2) and appears once, and every
// initial direction integer m_i is odd and below 2^i.
func TestJoeKuoTable(t *testing.T) {
	// The order check itself: x^4+x+1 is primitive (order 15),
	// x^4+x^3+x^2+x+1 is irreducible but not primitive (order 5).
	if o := polyOrder(0b10011, 4); o != 15 {
		t.Fatalf("order of x mod x^4+x+1 = %d, want 15", o)
	}
	if o := polyOrder(0b11111, 4); o != 5 {
		t.Fatalf("order of x mod x^4+x^3+x^2+x+1 = %d, want 5", o)
	}
	seen := map[uint32]int{}
	for r, row := range joeKuo {
		d := r + 2
		s := row.s
		if int(s) != len(row.m) {
			t.Errorf("d=%d: s = %d but %d initial numbers", d, s, len(row.m))
		}
		if row.a >= 1<<(s-1) {
			t.Errorf("d=%d: a = %d too large for degree %d", d, row.a, s)
		}
		poly := 1<<s | row.a<<1 | 1
		if prev, ok := seen[poly]; ok {
			t.Errorf("d=%d: polynomial %b already used by d=%d", d, poly, prev)
		}
		seen[poly] = d
		if ord, want := polyOrder(poly, s), uint32(1)<<s-1; ord != want {
			t.Errorf("d=%d: polynomial %b has order %d, want %d (not primitive)", d, poly, ord, want)
		}
		for i, m := range row.m {
			if m%2 == 0 || m >= 1<<(i+1) {
				t.Errorf("d=%d: m_%d = %d, need odd and < 2^%d", d, i+1, m, i+1)
			}
		}
	}
	// Degrees must be non-decreasing and polynomials of one degree listed in
	// increasing order, as in the published file.
	for r := 1; r < len(joeKuo); r++ {
		p, q := joeKuo[r-1], joeKuo[r]
		if q.s < p.s || (q.s == p.s && q.a <= p.a) {
			t.Errorf("rows for d=%d and d=%d out of order", r+1, r+2)
		}
	}
}

// polyOrder returns the multiplicative order of x modulo the degree-s
// polynomial poly over GF(2) (0 if it exceeds 2^s).
func polyOrder(poly, s uint32) uint32 {
	x := uint32(1)
	for e := uint32(1); e <= 1<<s; e++ {
		x <<= 1
		if x&(1<<s) != 0 {
			x ^= poly
		}
		if x == 1 {
			return e
		}
	}
	return 0
}

func TestSobolSequenceKnownPoints(t *testing.T) {
	// The first points of the unscrambled sequence in Gray-code order, as
	// printed by Joe & Kuo's reference generator.
	want := [][]float64{
		{0, 0, 0},
		{0.5, 0.5, 0.5},
		{0.75, 0.25, 0.25},
		{0.25, 0.75, 0.75},
		{0.375, 0.375, 0.625},
		{0.875, 0.875, 0.125},
	}
	got, err := SobolSequence(len(want), 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !equalMatrix(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestSobolSequenceStratification(t *testing.T) {
	const m = 10
	const n = 1 << m
	for _, rng := range []*rand.Rand{nil, rand.New(rand.NewPCG(4, 2))} {
		pts, err := SobolSequence(n, MaxSobolDim, rng)
		if err != nil {
			t.Fatal(err)
		}
		// Every one-dimensional projection: one point per 1/n interval.
		for d := range MaxSobolDim {
			seen := make([]bool, n)
			for _, p := range pts {
				if p[d] < 0 || p[d] >= 1 {
					t.Fatalf("scrambled=%v d=%d: %v outside [0,1)", rng != nil, d, p[d])
				}
				seen[int(p[d]*n)] = true
			}
			for j, ok := range seen {
				if !ok {
					t.Errorf("scrambled=%v: dimension %d has no point in [%d/%d, %d/%d)", rng != nil, d+1, j, n, j+1, n)
					break
				}
			}
		}
		// Dimensions 1 and 2 form a (0, m, 2)-net: every elementary box of
		// volume 1/n holds exactly one point.
		for m1 := 0; m1 <= m; m1++ {
			b1, b2 := 1<<m1, 1<<(m-m1)
			count := make([]int, n)
			for _, p := range pts {
				count[int(p[0]*float64(b1))*b2+int(p[1]*float64(b2))]++
			}
			for c, v := range count {
				if v != 1 {
					t.Errorf("scrambled=%v: box %d of the %dx%d grid holds %d points", rng != nil, c, b1, b2, v)
					break
				}
			}
		}
	}
}

func TestSobolSequenceIntegration(t *testing.T) {
	// A smooth 40-dimensional integrand with known mean 1:
	// prod_d (1 + (x_d - 1/2)/d). The randomised QMC error with 2^12 points
	// is far below the Monte Carlo standard error (about 0.007 here).
	pts, err := SobolSequence(1<<12, MaxSobolDim, rand.New(rand.NewPCG(8, 8)))
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, p := range pts {
		f := 1.0
		for d, x := range p {
			f *= 1 + (x-0.5)/float64(d+1)
		}
		sum += f
	}
	mean := sum / float64(len(pts))
	t.Logf("QMC mean %.6f", mean)
	if math.Abs(mean-1) > 1e-3 {
		t.Errorf("QMC mean = %v, want 1 within 1e-3", mean)
	}
}

func TestSobolSequenceSeeds(t *testing.T) {
	a, _ := SobolSequence(64, 5, rand.New(rand.NewPCG(1, 1)))
	b, _ := SobolSequence(64, 5, rand.New(rand.NewPCG(1, 1)))
	c, _ := SobolSequence(64, 5, rand.New(rand.NewPCG(2, 1)))
	if !equalMatrix(a, b) {
		t.Error("same seed gave different points")
	}
	if equalMatrix(a, c) {
		t.Error("different seeds gave the same points")
	}
}

func TestSobolSequenceErrors(t *testing.T) {
	for _, c := range []struct{ n, d int }{{1, 0}, {1, MaxSobolDim + 1}, {-1, 2}} {
		if _, err := SobolSequence(c.n, c.d, nil); err == nil {
			t.Errorf("SobolSequence(%d, %d): no error", c.n, c.d)
		}
	}
	pts, err := SobolSequence(0, 3, nil)
	if err != nil || len(pts) != 0 {
		t.Errorf("SobolSequence(0, 3) = %v, %v", pts, err)
	}
}
