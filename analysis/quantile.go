package analysis

import "math"

// Quantile returns the p-quantile of x by definition 7 of Hyndman and Fan
// (1996), "Sample quantiles in statistical packages", The American
// Statistician 50(4):361–365, the default of R's quantile, NumPy's
// 'linear' method and pandas (agreeing with them up to rounding in the last
// place): with the sorted sample x_{(0)} <= ... <= x_{(n-1)}
// and h = (n-1)p,
//
//	Q(p) = x_{(\lfloor h \rfloor)} + (h - \lfloor h \rfloor)(x_{(\lfloor h \rfloor + 1)} - x_{(\lfloor h \rfloor)}).
//
// Q(0) is the minimum, Q(1) the maximum, and a single value is its own
// quantile for every p. Quantile returns NaN if x is empty or p is NaN or
// outside [0, 1]. x is not modified; Quantile copies and sorts it.
func Quantile(p float64, x []float64) float64 {
	if len(x) == 0 || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	return QuantileSorted(p, sortedCopy(x))
}

// QuantileSorted is Quantile for data already sorted in ascending order. It
// does not check the order, runs in constant time and does not allocate.
func QuantileSorted(p float64, sorted []float64) float64 {
	n := len(sorted)
	if n == 0 || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	h := float64(n-1) * p
	lo := int(h)
	if lo >= n-1 {
		return sorted[n-1]
	}
	f := h - float64(lo)
	if f == 0 || sorted[lo] == sorted[lo+1] {
		return sorted[lo]
	}
	return sorted[lo] + f*(sorted[lo+1]-sorted[lo])
}

// Median returns the type 7 median of x, Quantile(0.5, x): the middle value
// for odd n and the mean of the two middle values for even n. It returns NaN
// if x is empty. x is not modified.
func Median(x []float64) float64 {
	return Quantile(0.5, x)
}
