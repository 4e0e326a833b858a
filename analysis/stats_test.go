package analysis

import (
	"fmt"
	"math"
	"testing"
)

func TestMeanSD(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		x        []float64
		mean, sd float64
	}{
		{[]float64{1, 2, 3, 4, 5}, 3, math.Sqrt(2.5)},
		{[]float64{2, 4, 4, 4, 5, 5, 7, 9}, 5, math.Sqrt(32.0 / 7)},
		{[]float64{7, 7, 7}, 7, 0},
		{[]float64{7}, 7, nan},
		{nil, nan, nan},
	} {
		m, s := MeanSD(tc.x)
		checkClose(t, fmt.Sprintf("MeanSD(%v) mean", tc.x), m, tc.mean, 1e-14)
		checkClose(t, fmt.Sprintf("MeanSD(%v) sd", tc.x), s, tc.sd, 1e-14)
	}
}

func TestMeanCI(t *testing.T) {
	nan := math.NaN()
	x := []float64{1, 2, 3, 4, 5}
	// t_{0.975,4} = 2.776445, t_{0.995,4} = 4.604095 (standard tables);
	// sd/sqrt(n) = sqrt(2.5/5).
	se := math.Sqrt(0.5)
	for _, tc := range []struct {
		x            []float64
		level        float64
		mean, lo, hi float64
	}{
		{x, 0.95, 3, 3 - 2.776445*se, 3 + 2.776445*se},
		{x, 0.99, 3, 3 - 4.604095*se, 3 + 4.604095*se},
		{[]float64{2, 2, 2}, 0.95, 2, 2, 2},
		{[]float64{2}, 0.95, 2, nan, nan},
		{nil, 0.95, nan, nan, nan},
		{x, 1, 3, nan, nan},
		{x, 0, 3, nan, nan},
		{x, nan, 3, nan, nan},
	} {
		m, lo, hi := MeanCI(tc.x, tc.level)
		name := fmt.Sprintf("MeanCI(%v, %v)", tc.x, tc.level)
		checkClose(t, name+" mean", m, tc.mean, 1e-14)
		checkClose(t, name+" lo", lo, tc.lo, 1e-5)
		checkClose(t, name+" hi", hi, tc.hi, 1e-5)
	}
	// The half width of the brief's worked example.
	_, lo, hi := MeanCI(x, 0.95)
	checkClose(t, "MeanCI half width", (hi-lo)/2, 1.963243, 1e-5)
}

func TestDiffCI(t *testing.T) {
	nan := math.NaN()
	// Equal n and variances: ν = 2(n-1) = 8, t_{0.975,8} = 2.306004, se = 1.
	a := []float64{1, 2, 3, 4, 5}
	b := []float64{3, 4, 5, 6, 7}
	// Unequal n and variances with s_a²/n_a = s_b²/n_b = 1/3, so that
	// ν = 4/(1/2 + 1/6) = 6 exactly; t_{0.975,6} = 2.446912, se = sqrt(2/3).
	c := []float64{0, 1, 2}
	d := make([]float64, 7)
	for i := range d {
		d[i] = float64(i-3) / math.Sqrt2
	}
	for _, tc := range []struct {
		a, b         []float64
		level        float64
		diff, lo, hi float64
	}{
		{a, b, 0.95, -2, -2 - 2.306004, -2 + 2.306004},
		{b, a, 0.95, 2, 2 - 2.306004, 2 + 2.306004},
		{c, d, 0.95, 1, 1 - 2.446912*math.Sqrt(2.0/3), 1 + 2.446912*math.Sqrt(2.0/3)},
		{[]float64{1, 1}, []float64{3, 3, 3}, 0.95, -2, -2, -2},
		{[]float64{1}, b, 0.95, -4, nan, nan},
		{nil, b, 0.95, nan, nan, nan},
		{a, b, 1.5, -2, nan, nan},
	} {
		diff, lo, hi := DiffCI(tc.a, tc.b, tc.level)
		name := fmt.Sprintf("DiffCI(%v, %v)", tc.a, tc.b)
		checkClose(t, name+" diff", diff, tc.diff, 1e-14)
		checkClose(t, name+" lo", lo, tc.lo, 1e-5)
		checkClose(t, name+" hi", hi, tc.hi, 1e-5)
	}
}

// TestCICoverage checks by simulation that the Student and Welch intervals
// cover the true mean (difference) about 95% of the time for small normal
// samples, where a normal-quantile interval would cover only about 88%.
func TestCICoverage(t *testing.T) {
	const reps = 4000
	rng := newRand(41)
	norm := func(n int, mu, sigma float64) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = mu + sigma*rng.NormFloat64()
		}
		return x
	}
	var coverMean, coverZ, coverDiff int
	for r := 0; r < reps; r++ {
		x := norm(5, 10, 2)
		m, lo, hi := MeanCI(x, 0.95)
		if lo <= 10 && 10 <= hi {
			coverMean++
		}
		_, sd := MeanSD(x)
		if h := 1.959964 * sd / math.Sqrt(5); m-h <= 10 && 10 <= m+h {
			coverZ++
		}
		_, lo, hi = DiffCI(norm(5, 1, 1), norm(15, 0, 3), 0.95)
		if lo <= 1 && 1 <= hi {
			coverDiff++
		}
	}
	cm, cz, cd := float64(coverMean)/reps, float64(coverZ)/reps, float64(coverDiff)/reps
	t.Logf("coverage: Student %.4f, normal-quantile %.4f, Welch %.4f (nominal 0.95)", cm, cz, cd)
	// Binomial SE of a coverage estimate is 0.0034.
	checkClose(t, "MeanCI coverage", cm, 0.95, 0.013)
	checkClose(t, "DiffCI coverage", cd, 0.95, 0.015)
	if cz > 0.92 {
		t.Errorf("normal-quantile coverage %.3f: simulation cannot tell t from z", cz)
	}
}

func TestCohensD(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4, 5}, []float64{3, 4, 5, 6, 7}, -2 / math.Sqrt(2.5)},
		// ss_a = 0, ss_b = 2, df = 1.
		{[]float64{1}, []float64{2, 4}, -2 / math.Sqrt(2)},
		{[]float64{1}, []float64{2}, nan},
		{[]float64{1, 1}, []float64{2, 2}, nan},
		{nil, []float64{2, 3}, nan},
	} {
		checkClose(t, fmt.Sprintf("CohensD(%v, %v)", tc.a, tc.b), CohensD(tc.a, tc.b), tc.want, 1e-14)
	}
	rng := newRand(43)
	a, b := make([]float64, 20000), make([]float64, 20000)
	for i := range a {
		a[i], b[i] = 0.5+rng.NormFloat64(), rng.NormFloat64()
	}
	d := CohensD(a, b)
	t.Logf("CohensD of N(0.5,1) vs N(0,1): %.4f, want 0.5", d)
	checkClose(t, "CohensD normal", d, 0.5, 0.04)
}

func cliffsBrute(a, b []float64) float64 {
	var s float64
	for _, x := range a {
		for _, y := range b {
			switch {
			case x > y:
				s++
			case x < y:
				s--
			}
		}
	}
	return s / float64(len(a)*len(b))
}

func TestCliffsDelta(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 2, 3}, []float64{1, 2, 3}, 0},
		{[]float64{4, 5}, []float64{1, 2}, 1},
		{[]float64{1, 2}, []float64{4, 5}, -1},
		{[]float64{1, 2, 3}, []float64{2}, 0},
		{[]float64{3, 4}, []float64{1, 3, 5}, 1.0 / 6},
		{[]float64{2, 2}, []float64{2}, 0},
		{nil, []float64{1}, nan},
		{[]float64{1, nan}, []float64{1}, nan},
	} {
		checkClose(t, fmt.Sprintf("CliffsDelta(%v, %v)", tc.a, tc.b), CliffsDelta(tc.a, tc.b), tc.want, 1e-15)
	}
	// Against the O(nm) definition on data with many ties.
	rng := newRand(47)
	for trial := 0; trial < 50; trial++ {
		a, b := make([]float64, 1+rng.IntN(40)), make([]float64, 1+rng.IntN(40))
		for i := range a {
			a[i] = float64(rng.IntN(6))
		}
		for i := range b {
			b[i] = float64(rng.IntN(6))
		}
		checkClose(t, "CliffsDelta vs brute force", CliffsDelta(a, b), cliffsBrute(a, b), 1e-15)
	}
	// A ~ N(Δ,1), B ~ N(0,1): δ = 2Φ(Δ/√2) - 1 = erf(Δ/2).
	a, b := make([]float64, 5000), make([]float64, 5000)
	for i := range a {
		a[i], b[i] = 0.5+rng.NormFloat64(), rng.NormFloat64()
	}
	got := CliffsDelta(a, b)
	t.Logf("CliffsDelta of N(0.5,1) vs N(0,1): %.4f, want erf(0.25) = %.4f", got, math.Erf(0.25))
	checkClose(t, "CliffsDelta normal shift", got, math.Erf(0.25), 0.03)
}
