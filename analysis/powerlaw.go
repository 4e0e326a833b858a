package analysis

import (
	"errors"
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
)

// PowerLawFit is the result of FitDiscretePowerLaw: the tail
// p(x) = x^{-Alpha} / ζ(Alpha, Xmin) for integers x >= Xmin.
type PowerLawFit struct {
	// Alpha is the maximum-likelihood scaling exponent of the tail.
	Alpha float64
	// Xmin is the lower bound of the power-law tail, chosen to minimise KS.
	Xmin int
	// KS is the Kolmogorov–Smirnov distance between the empirical CDF of
	// the tail and the fitted discrete power-law CDF.
	KS float64
	// NTail is the number of observations >= Xmin.
	NTail int
	// SigmaAlpha is the asymptotic standard error of Alpha from the Fisher
	// information, 1 / sqrt(NTail d²/dα² ln ζ(α, Xmin)).
	SigmaAlpha float64
}

// Settings of FitDiscretePowerLaw.
const (
	// PowerLawMinTail is the smallest number of observations in the tail
	// for a value to be tried as Xmin; it is also the smallest number of
	// positive observations FitDiscretePowerLaw accepts.
	PowerLawMinTail = 10
	// PowerLawMaxCandidates caps the number of Xmin candidates tried.
	PowerLawMaxCandidates = 200
	// PowerLawAlphaMin and PowerLawAlphaMax bound the search for Alpha. A
	// fit with Alpha at PowerLawAlphaMax means the likelihood still
	// increased there: the tail decays faster than any power law in the
	// range (for instance an exponential tail).
	PowerLawAlphaMin = 1 + 1e-6
	PowerLawAlphaMax = 6.0
)

// Errors returned by FitDiscretePowerLaw.
var (
	ErrPowerLawTooFewDistinct = errors.New("analysis: power-law fit needs at least 2 distinct positive values")
	ErrPowerLawTooFewPoints   = errors.New("analysis: power-law fit needs at least PowerLawMinTail positive values")
)

// FitDiscretePowerLaw fits a discrete power law p(x) = x^{-α} / ζ(α, x_min),
// x = x_min, x_min+1, ..., to the upper tail of the positive counts, by the
// method of Clauset, Shalizi and Newman (2009), "Power-law distributions in
// empirical data", SIAM Review 51(4):661–703, discrete case:
//
//   - for a candidate x_min, α maximises the exact discrete log-likelihood
//     of the n observations x_i >= x_min (Sec. 3.1 and App. B),
//     L(α) = -n ln ζ(α, x_min) - α \sum_i ln x_i, where ζ is the Hurwitz
//     zeta function (gonum's mathext.Zeta). L is concave in α, and it is
//     maximised by golden-section search on [PowerLawAlphaMin,
//     PowerLawAlphaMax] to an absolute tolerance of 1e-7;
//   - the fitted tail is compared with the data by the Kolmogorov–Smirnov
//     distance D = max_x |F_n(x) - F(x)| over all integers x >= x_min, with
//     F(x) = 1 - ζ(α, x+1)/ζ(α, x_min) (Sec. 3.3);
//   - x_min is the candidate with the smallest D (ties go to the smaller
//     x_min).
//
// Candidates for x_min are distinct observed values with at least
// PowerLawMinTail (10) observations and at least 2 distinct values at or
// above them. When more than PowerLawMaxCandidates (200) values qualify,
// 200 of them are tried, spaced geometrically in the rank of the distinct
// value: every one of the smallest distinct values (where x_min usually
// lies) and progressively sparser ones above, always including the smallest
// and largest qualifying value. SigmaAlpha is the Fisher-information
// standard error 1/sqrt(n [ζ”/ζ - (ζ'/ζ)^2]) (Sec. 3.1), with the second
// derivative of ln ζ taken by central finite differences.
//
// Counts <= 0 are ignored. FitDiscretePowerLaw returns
// ErrPowerLawTooFewPoints if fewer than PowerLawMinTail counts are positive
// and ErrPowerLawTooFewDistinct if fewer than 2 distinct positive values
// remain. It sorts a copy of the positive counts once and then works on the
// distinct values with suffix sums, so its cost is O(n log n) plus about
// 40 zeta evaluations and one pass over the distinct tail values per
// candidate; 10^6 counts take well under a second. The goodness-of-fit
// p-value of Clauset et al. (a semi-parametric bootstrap) is not computed.
func FitDiscretePowerLaw(counts []int) (PowerLawFit, error) {
	x := make([]int, 0, len(counts))
	for _, c := range counts {
		if c > 0 {
			x = append(x, c)
		}
	}
	if len(x) < PowerLawMinTail {
		return PowerLawFit{}, ErrPowerLawTooFewPoints
	}
	slices.Sort(x)

	// Distinct values with their multiplicities.
	var vals []float64
	var mult []int
	for i := 0; i < len(x); {
		j := i
		for j < len(x) && x[j] == x[i] {
			j++
		}
		vals = append(vals, float64(x[i]))
		mult = append(mult, j-i)
		i = j
	}
	d := len(vals)
	if d < 2 {
		return PowerLawFit{}, ErrPowerLawTooFewDistinct
	}
	// Suffix sums: tail sizes and sums of logs for x >= vals[j].
	tailN := make([]int, d+1)
	tailLog := make([]float64, d+1)
	for j := d - 1; j >= 0; j-- {
		tailN[j] = tailN[j+1] + mult[j]
		tailLog[j] = tailLog[j+1] + float64(mult[j])*math.Log(vals[j])
	}

	// Qualifying candidates are a prefix 0..m-1 of the distinct values.
	m := 0
	for m < d-1 && tailN[m] >= PowerLawMinTail {
		m++
	}
	cands := candidateIndices(m, PowerLawMaxCandidates)

	best := PowerLawFit{KS: math.Inf(1)}
	bestJ := -1
	for _, j := range cands {
		n := float64(tailN[j])
		xmin := vals[j]
		sumLog := tailLog[j]
		negLL := func(a float64) float64 {
			return n*math.Log(mathext.Zeta(a, xmin)) + a*sumLog
		}
		alpha := goldenMin(negLL, PowerLawAlphaMin, PowerLawAlphaMax, 1e-7)
		ks := discreteKS(alpha, vals[j:], mult[j:], tailN[j])
		if ks < best.KS {
			best = PowerLawFit{Alpha: alpha, Xmin: int(xmin), KS: ks, NTail: tailN[j]}
			bestJ = j
		}
	}
	if bestJ < 0 {
		// Only reachable if every KS is NaN.
		return PowerLawFit{}, ErrPowerLawTooFewPoints
	}
	best.SigmaAlpha = powerLawSigma(best.Alpha, vals[bestJ], float64(best.NTail))
	return best, nil
}

// candidateIndices returns at most maxCand indices in [0, m), all of them if
// m <= maxCand, otherwise spaced geometrically in (index+1), including 0 and
// m-1.
func candidateIndices(m, maxCand int) []int {
	if m <= maxCand {
		idx := make([]int, m)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := make([]int, 0, maxCand)
	logM := math.Log(float64(m))
	for k := 0; k < maxCand; k++ {
		i := int(math.Round(math.Exp(logM*float64(k)/float64(maxCand-1)))) - 1
		i = min(max(i, 0), m-1)
		if len(idx) == 0 || i > idx[len(idx)-1] {
			idx = append(idx, i)
		}
	}
	return idx
}

// goldenMin returns the minimiser of the unimodal f on [lo, hi] by
// golden-section search (Kiefer 1953) to absolute tolerance tol.
func goldenMin(f func(float64) float64, lo, hi, tol float64) float64 {
	invPhi := (math.Sqrt(5) - 1) / 2
	a, b := lo, hi
	c := b - invPhi*(b-a)
	e := a + invPhi*(b-a)
	fc, fe := f(c), f(e)
	for b-a > tol {
		if fc <= fe {
			b, e, fe = e, c, fc
			c = b - invPhi*(b-a)
			fc = f(c)
		} else {
			a, c, fc = c, e, fe
			e = a + invPhi*(b-a)
			fe = f(e)
		}
	}
	// Prefer an end point if the optimum lies on the boundary.
	mid := (a + b) / 2
	fm := f(mid)
	if a == lo && f(lo) < fm {
		return lo
	}
	if b == hi && f(hi) < fm {
		return hi
	}
	return mid
}

// maxStepGap is the largest gap between consecutive distinct values that
// discreteKS bridges by subtracting the terms x^{-α} one by one rather than
// calling the Hurwitz zeta function again.
const maxStepGap = 8

// discreteKS returns max_x |F_n(x) - F(x)| over integers x >= vals[0] for
// the tail data (distinct values vals with multiplicities mult, n in all) and
// the discrete power law with exponent alpha and x_min = vals[0]. Between
// consecutive distinct values F_n is constant and F increasing, so only the
// integers at and just before each distinct value need checking.
func discreteKS(alpha float64, vals []float64, mult []int, n int) float64 {
	z0 := mathext.Zeta(alpha, vals[0])
	nf := float64(n)
	zcur := z0 // ζ(α, vals[k])
	cum := 0
	var ks float64
	for k, v := range vals {
		if k > 0 {
			// x = v-1: F_n is the previous step, F(v-1) = 1 - ζ(α, v)/z0.
			ks = math.Max(ks, math.Abs(float64(cum)/nf-(1-zcur/z0)))
		}
		cum += mult[k]
		znext := zcur - math.Pow(v, -alpha) // ζ(α, v+1)
		ks = math.Max(ks, math.Abs(float64(cum)/nf-(1-znext/z0)))
		if k+1 == len(vals) {
			break
		}
		next := vals[k+1]
		if next-(v+1) <= maxStepGap {
			for y := v + 1; y < next; y++ {
				znext -= math.Pow(y, -alpha)
			}
			zcur = znext
		} else {
			zcur = mathext.Zeta(alpha, next)
		}
	}
	return ks
}

// powerLawSigma returns 1/sqrt(n d²/dα² ln ζ(α, xmin)), the Fisher-information
// standard error of the discrete power-law exponent, or NaN if the second
// derivative is not positive.
func powerLawSigma(alpha, xmin, n float64) float64 {
	h := math.Min(1e-3, (alpha-1)/2)
	lz := func(a float64) float64 { return math.Log(mathext.Zeta(a, xmin)) }
	d2 := (lz(alpha+h) - 2*lz(alpha) + lz(alpha-h)) / (h * h)
	if !(d2 > 0) {
		return math.NaN()
	}
	return 1 / math.Sqrt(n*d2)
}
