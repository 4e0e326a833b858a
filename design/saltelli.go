package design

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// DefaultBootstrapResamples is the number of bootstrap resamples behind the
// confidence half-widths returned by [SaltelliPlan.Indices].
const DefaultBootstrapResamples = 1000

// SaltelliPlan is a Saltelli (2002; Saltelli et al. 2010) design for
// estimating first-order and total Sobol' indices of K factors from N base
// samples.
//
// Points holds N*(K+2) rows of K unit coordinates: the base matrix A (rows
// 0..N-1), the base matrix B (rows N..2N-1), then for i = 0..K-1 the matrix
// AB_i, which is A with column i taken from B (rows (2+i)N .. (3+i)N-1).
type SaltelliPlan struct {
	N, K   int
	Points [][]float64
	// QuasiRandom reports whether A and B come from the scrambled Sobol'
	// sequence (2K <= MaxSobolDim) rather than from pseudo-random numbers.
	QuasiRandom bool
}

// SobolIndex holds the Sobol' indices of one factor and the half-widths of
// their 95% bootstrap percentile confidence intervals.
type SobolIndex struct {
	First, Total, FirstConf, TotalConf float64
}

// Saltelli returns a Saltelli design with base sample size n for k factors:
// n*(k+2) model runs.
//
// A and B are the two halves of a 2k-dimensional Sobol' point set (Joe & Kuo
// 2008 direction numbers, randomised by a linear matrix scramble and digital
// shift drawn from rng, see [SobolSequence]) when 2k <= MaxSobolDim, i.e. for
// up to 20 factors. Quasi-random base samples make the estimators converge
// markedly faster than pseudo-random ones (Saltelli et al. 2010, Sect. 5), and
// the randomisation keeps them unbiased and lets independent seeds give
// independent replicates. The Sobol' point set is best balanced when n is a
// power of two, which is therefore recommended. For more than 20 factors the
// embedded direction numbers run out (as they would for n > 2^32) and A and B
// are pseudo-random uniforms from rng instead (QuasiRandom is false).
//
// Saltelli panics if n < 1, k < 1 or rng is nil.
func Saltelli(n, k int, rng *rand.Rand) SaltelliPlan {
	if n < 1 || k < 1 {
		panic(fmt.Sprintf("design: Saltelli: n = %d, k = %d, need both >= 1", n, k))
	}
	if rng == nil {
		panic("design: Saltelli: nil *rand.Rand")
	}
	p := SaltelliPlan{N: n, K: k, Points: newMatrix(n*(k+2), k)}
	a, b := p.Points[:n], p.Points[n:2*n]
	if base, err := SobolSequence(n, 2*k, rng); err == nil {
		p.QuasiRandom = true
		for j, row := range base {
			copy(a[j], row[:k])
			copy(b[j], row[k:])
		}
	} else {
		for _, rows := range [][][]float64{a, b} {
			for _, row := range rows {
				for i := range row {
					row[i] = rng.Float64()
				}
			}
		}
	}
	for i := range k {
		ab := p.Points[(2+i)*n : (3+i)*n]
		for j := range n {
			copy(ab[j], a[j])
			ab[j][i] = b[j][i]
		}
	}
	return p
}

// Indices returns the first-order and total Sobol' index of every factor from
// y, the model outputs at Points (len(y) == N*(K+2)), with the half-widths of
// 95% bootstrap percentile confidence intervals from
// DefaultBootstrapResamples (1000) resamples drawn with rng.
//
// First order: Saltelli et al. (2010) V_i = (1/N) sum_j f(B)_j (f(AB_i)_j -
// f(A)_j); total: Jansen (1999) VT_i = (1/2N) sum_j (f(A)_j - f(AB_i)_j)^2;
// both divided by the variance (divisor 2N) of f(A) ∪ f(B). Before the
// first-order estimator is applied the outputs are centred on the mean of
// f(A) ∪ f(B): this does not change what it estimates but removes the part of
// its Monte Carlo error proportional to the output mean. The estimates are not
// clipped: sampling error can make them slightly negative or above 1.
//
// The bootstrap resamples the N base rows with replacement (keeping each row's
// A, B and AB_i outputs together) and recomputes everything, variance
// included; the half-width is (q_0.975 - q_0.025)/2 of the resampled
// estimates. It is an interval for the sampling error of the estimate, not
// for its bias, and with quasi-random base samples it is conservative.
func (p SaltelliPlan) Indices(y []float64, rng *rand.Rand) ([]SobolIndex, error) {
	if rng == nil {
		return nil, errors.New("design: Sobol indices: nil *rand.Rand for the bootstrap")
	}
	return p.IndicesBootstrap(y, DefaultBootstrapResamples, rng)
}

// IndicesBootstrap is [SaltelliPlan.Indices] with the number of bootstrap
// resamples given. With resamples == 0 no bootstrap is done, rng may be nil,
// and FirstConf and TotalConf are NaN.
func (p SaltelliPlan) IndicesBootstrap(y []float64, resamples int, rng *rand.Rand) ([]SobolIndex, error) {
	n, k := p.N, p.K
	if n < 1 || k < 1 {
		return nil, fmt.Errorf("design: Sobol indices: plan has N = %d, K = %d", n, k)
	}
	if want := n * (k + 2); len(y) != want {
		return nil, fmt.Errorf("design: Sobol indices: got %d outputs, want N*(K+2) = %d*%d = %d", len(y), n, k+2, want)
	}
	if resamples < 0 {
		return nil, fmt.Errorf("design: Sobol indices: %d bootstrap resamples", resamples)
	}
	if resamples > 0 && rng == nil {
		return nil, errors.New("design: Sobol indices: nil *rand.Rand for the bootstrap")
	}
	if err := checkFinite(y, "Sobol indices"); err != nil {
		return nil, err
	}
	e := sobolEstimator{n: n, k: k, fA: y[:n], fB: y[n : 2*n], fAB: make([][]float64, k)}
	for i := range k {
		e.fAB[i] = y[(2+i)*n : (3+i)*n]
	}
	e.identity = make([]int, n)
	for j := range n {
		e.identity[j] = j
	}
	first := make([]float64, k)
	total := make([]float64, k)
	if !e.estimate(nil, first, total) {
		return nil, fmt.Errorf("design: Sobol indices: the %d outputs of A and B have zero variance", 2*n)
	}
	out := make([]SobolIndex, k)
	for i := range k {
		out[i] = SobolIndex{First: first[i], Total: total[i], FirstConf: math.NaN(), TotalConf: math.NaN()}
	}
	if resamples == 0 {
		return out, nil
	}
	bootFirst := newMatrix(k, resamples)
	bootTotal := newMatrix(k, resamples)
	idx := make([]int, n)
	bf := make([]float64, k)
	bt := make([]float64, k)
	good := 0
	for range resamples {
		for j := range idx {
			idx[j] = rng.IntN(n)
		}
		if !e.estimate(idx, bf, bt) {
			continue // degenerate resample (all outputs equal): skip it
		}
		for i := range k {
			bootFirst[i][good] = bf[i]
			bootTotal[i][good] = bt[i]
		}
		good++
	}
	if good < 2 {
		return out, nil // confidence stays NaN
	}
	for i := range k {
		out[i].FirstConf = halfWidth95(bootFirst[i][:good])
		out[i].TotalConf = halfWidth95(bootTotal[i][:good])
	}
	return out, nil
}

// sobolEstimator holds the outputs of a Saltelli design split by block.
type sobolEstimator struct {
	n, k     int
	fA, fB   []float64
	fAB      [][]float64
	identity []int // 0..n-1, the rows of the point estimate
}

// estimate writes the first-order and total indices from the base rows idx
// (nil: all rows in order) into first and total. It reports false if the
// outputs of A and B have zero variance.
func (e *sobolEstimator) estimate(idx []int, first, total []float64) bool {
	if idx == nil {
		idx = e.identity
	}
	n := float64(e.n)
	var sum float64
	for _, r := range idx {
		sum += e.fA[r] + e.fB[r]
	}
	mean := sum / (2 * n)
	var ss float64
	for _, r := range idx {
		da, db := e.fA[r]-mean, e.fB[r]-mean
		ss += da*da + db*db
	}
	v := ss / (2 * n)
	if v == 0 || math.Sqrt(v) <= 1e-13*math.Abs(mean) {
		return false
	}
	for i := range e.k {
		fAB := e.fAB[i]
		var s1, st float64
		for _, r := range idx {
			d := fAB[r] - e.fA[r]
			s1 += (e.fB[r] - mean) * d
			st += d * d
		}
		first[i] = s1 / n / v
		total[i] = st / (2 * n) / v
	}
	return true
}

// halfWidth95 returns half the width of the central 95% of xs (sorted in
// place), with quantiles interpolated linearly between order statistics.
func halfWidth95(xs []float64) float64 {
	slices.Sort(xs)
	return (quantile(xs, 0.975) - quantile(xs, 0.025)) / 2
}

// quantile returns the q-quantile of sorted xs (Hyndman & Fan type 7).
func quantile(xs []float64, q float64) float64 {
	h := q * float64(len(xs)-1)
	lo := int(math.Floor(h))
	if lo >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}
