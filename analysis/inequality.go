package analysis

import (
	"math"
	"slices"
)

// sortedCopy returns an ascending-sorted copy of x.
func sortedCopy(x []float64) []float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return s
}

// Gini returns the Gini coefficient of the non-negative amounts x,
//
//	G = \sum_{i=1}^n (2i - n - 1) x_{(i)} / (n \sum_i x_i),
//
// where x_{(1)} <= ... <= x_{(n)} are the amounts in ascending order
// (Dixon et al. 1987, Ecology 68(5):1548–1551; equivalently half the relative
// mean absolute difference, Gini 1912). This is the descriptive (population)
// form, without the n/(n-1) small-sample correction, so a single holder of
// everything among n individuals gives 1 - 1/n and G = 0 for n = 1; see
// GiniCorrected for the corrected form.
//
// Gini returns NaN if x is empty or sums to zero. x is not modified; Gini
// copies and sorts it. Use GiniSorted on data already in ascending order.
func Gini(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return GiniSorted(sortedCopy(x))
}

// GiniSorted is Gini for amounts already sorted in ascending order. It does
// not check the order and does not allocate. It returns NaN if sorted is
// empty or sums to zero.
func GiniSorted(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	var total, weighted float64
	c := float64(1 - n) // 2i - n - 1 for i = 1
	for _, v := range sorted {
		total += v
		weighted += c * v
		c += 2
	}
	if !(total > 0) {
		return math.NaN()
	}
	return weighted / (float64(n) * total)
}

// GiniCorrected returns the Gini coefficient with the small-sample factor
// n/(n-1) (Dixon et al. 1987; Damgaard and Weiner 2000, Ecology
// 81(4):1139–1142), G_c = G n/(n-1), so that one holder of everything gives 1
// for any n >= 2. It returns NaN if x has fewer than two elements or sums to
// zero.
func GiniCorrected(x []float64) float64 {
	n := len(x)
	if n < 2 {
		return math.NaN()
	}
	return Gini(x) * float64(n) / float64(n-1)
}

// GiniWithZeros returns the (uncorrected) Gini coefficient of a population
// obtained by adding zero entries to a population with Gini coefficient g,
// so that the zeros make up the share zeroShare of the enlarged population:
//
//	G' = z + (1 - z) G.
//
// This follows from the mean-difference form G = \sum_{i,j}|x_i - x_j| / (2 n^2 \mu):
// with N = n/(1-z) entries, every zero–positive pair adds |x_j| twice. It is
// exact for the form computed by Gini (not for GiniCorrected). It lets the
// engine compute the Gini over all registered individuals from the
// (sorted) positive amounts only.
//
// GiniWithZeros returns NaN if g is NaN or zeroShare is NaN or outside [0, 1].
func GiniWithZeros(g float64, zeroShare float64) float64 {
	if math.IsNaN(g) || !(zeroShare >= 0 && zeroShare <= 1) {
		return math.NaN()
	}
	return zeroShare + (1-zeroShare)*g
}

// Theil returns the Theil T index of the non-negative amounts x,
//
//	T = (1/n) \sum_i (x_i/\mu) \ln(x_i/\mu),
//
// with 0 ln 0 = 0 (Theil 1967, Economics and Information Theory, ch. 4). T
// is 0 for equal amounts and ln n when one individual holds everything. It
// has no small-sample correction. Theil does not sort and does not allocate.
// It returns NaN if x is empty or sums to zero.
func Theil(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	var total float64
	for _, v := range x {
		total += v
	}
	if !(total > 0) {
		return math.NaN()
	}
	mu := total / float64(n)
	var t float64
	for _, v := range x {
		if v == 0 {
			continue
		}
		r := v / mu
		t += r * math.Log(r)
	}
	return t / float64(n)
}

// Hoover returns the Hoover index (Robin Hood index, maximum vertical
// distance between the Lorenz curve and the line of equality) of the
// non-negative amounts x,
//
//	H = (1/2) \sum_i |x_i - \mu| / \sum_i x_i
//
// (Hoover 1936, Review of Economics and Statistics 18(4):162–171). It is the
// share of the total that would have to be moved to make all amounts equal.
// It has no small-sample correction. Hoover does not sort and does not
// allocate. It returns NaN if x is empty or sums to zero.
func Hoover(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	var total float64
	for _, v := range x {
		total += v
	}
	if !(total > 0) {
		return math.NaN()
	}
	mu := total / float64(n)
	var dev float64
	for _, v := range x {
		dev += math.Abs(v - mu)
	}
	return 0.5 * dev / total
}

// Palma returns the Palma ratio of the non-negative amounts x: the share of
// the total held by the top 10% divided by the share held by the bottom 40%
// (Palma 2011, Development and Change 42(1):87–153; Cobham and Sumner 2013,
// CGD Working Paper 343).
//
// When 0.1n or 0.4n is not an integer the shares are read off the Lorenz
// curve with linear interpolation (see TopShare and BottomShare), so an
// individual straddling a decile boundary counts fractionally and the ratio
// is defined for any n >= 1. Palma returns NaN if x is empty or sums to zero,
// and +Inf if the bottom 40% hold nothing while the total is positive. x is
// not modified; Palma copies and sorts it.
func Palma(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return PalmaSorted(sortedCopy(x))
}

// PalmaSorted is Palma for amounts already sorted in ascending order. It
// does not check the order and does not allocate.
func PalmaSorted(sorted []float64) float64 {
	top := TopShareSorted(sorted, 0.1)
	bottom := BottomShareSorted(sorted, 0.4)
	if math.IsNaN(top) || math.IsNaN(bottom) {
		return math.NaN()
	}
	if bottom == 0 {
		return math.Inf(1)
	}
	return top / bottom
}

// TopShare returns the share of the total of the non-negative amounts x held
// by the top fraction p of individuals, 1 - L(1-p), where L is the Lorenz
// curve (Lorenz 1905, Publications of the American Statistical Association
// 9(70):209–219) drawn through the points (k/n, S_k/S), k = 0..n, with S_k
// the sum of the k smallest amounts and linear interpolation between them.
// Equivalently, with pn = m + f (m integer, 0 <= f < 1), the top share is the
// sum of the m largest amounts plus f times the (m+1)-th largest, over the
// total. It is therefore defined for any n >= 1 and any p in [0, 1]; for
// instance the top 10% of 5 individuals hold half of the largest amount.
//
// TopShare returns NaN if x is empty or sums to zero, or if p is NaN or
// outside [0, 1]. x is not modified; TopShare copies and sorts it.
func TopShare(x []float64, p float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return TopShareSorted(sortedCopy(x), p)
}

// TopShareSorted is TopShare for amounts already sorted in ascending order.
// It does not check the order and does not allocate.
func TopShareSorted(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	t := p * float64(n)
	m := int(t) // number of whole individuals in the top group
	if m > n {
		m = n
	}
	f := t - float64(m)
	// Sum from the top so that the top group and the total are accumulated
	// in the same order (p = 1 then gives exactly 1).
	var total, top float64
	for i := n - 1; i >= 0; i-- {
		if i == n-1-m {
			top = total + f*sorted[i]
		}
		total += sorted[i]
	}
	if m == n {
		top = total
	}
	if !(total > 0) {
		return math.NaN()
	}
	return top / total
}

// BottomShare returns the value L(p) of the Lorenz curve of the non-negative
// amounts x: the share of the total held by the bottom fraction p of
// individuals, with the same linear interpolation as TopShare (with pn = k + f,
// the sum of the k smallest amounts plus f times the (k+1)-th smallest, over
// the total). BottomShare returns NaN if x is empty or sums to zero, or if p
// is NaN or outside [0, 1]. x is not modified; BottomShare copies and sorts
// it.
func BottomShare(x []float64, p float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return BottomShareSorted(sortedCopy(x), p)
}

// BottomShareSorted is BottomShare for amounts already sorted in ascending
// order. It does not check the order and does not allocate.
func BottomShareSorted(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	t := p * float64(n)
	k := int(t)
	if k > n {
		k = n
	}
	f := t - float64(k)
	var total, bottom float64
	for i, v := range sorted {
		if i == k {
			bottom = total + f*v
		}
		total += v
	}
	if k == n {
		bottom = total
	}
	if !(total > 0) {
		return math.NaN()
	}
	return bottom / total
}

// Lorenz returns points evenly spaced population shares from 0 to 1
// inclusive and the Lorenz curve L at each of them: the share of the total of
// the non-negative amounts x held by the bottom population[j] of individuals
// (Lorenz 1905), with linear interpolation between the n+1 exact points
// (k/n, S_k/S) as in BottomShare. share[0] is exactly 0 and share[points-1]
// exactly 1.
//
// Lorenz returns nil slices if points < 2. If x is empty or sums to zero the
// population shares are returned with every share NaN. x is not modified;
// Lorenz copies and sorts it and runs in O(n log n + points).
func Lorenz(x []float64, points int) (population, share []float64) {
	if points < 2 {
		return nil, nil
	}
	population = make([]float64, points)
	share = make([]float64, points)
	last := float64(points - 1)
	for j := range population {
		population[j] = float64(j) / last
	}
	population[points-1] = 1

	var total float64
	for _, v := range x {
		total += v
	}
	if len(x) == 0 || !(total > 0) {
		for j := range share {
			share[j] = math.NaN()
		}
		return population, share
	}
	sorted := sortedCopy(x)
	total = 0
	for _, v := range sorted {
		total += v
	}
	n := len(sorted)
	var cum float64 // sum of the k smallest amounts
	k := 0
	for j, p := range population {
		t := p * float64(n)
		kj := min(int(t), n)
		for ; k < kj; k++ {
			cum += sorted[k]
		}
		if k == n {
			share[j] = 1
			continue
		}
		share[j] = (cum + (t-float64(k))*sorted[k]) / total
	}
	share[0] = 0
	share[points-1] = 1
	return population, share
}
