package analysis

import "math"

// BusFactor returns the smallest number k of individuals whose k largest
// non-negative amounts x together make up at least the given fraction of the
// total. With fraction = 0.5 and contributions as amounts this is the truck
// (bus) factor of Avelino et al. (2016), "A novel approach for estimating
// truck factors", Proc. ICPC 2016, pp. 1–10, adapted from file authorship to
// contribution shares: the number of top contributors who would have to
// leave for the project to lose half of its contributions.
//
// BusFactor returns 0 if x is empty, if the total is zero or NaN, or if
// fraction is NaN or <= 0 (the empty set already suffices). A fraction above
// 1 is treated as 1, which gives the number of positive amounts. x is not
// modified; BusFactor copies and sorts it.
func BusFactor(x []float64, fraction float64) int {
	if len(x) == 0 {
		return 0
	}
	return BusFactorSorted(sortedCopy(x), fraction)
}

// BusFactorSorted is BusFactor for amounts already sorted in ascending
// order. It does not check the order and does not allocate.
func BusFactorSorted(sorted []float64, fraction float64) int {
	if len(sorted) == 0 || !(fraction > 0) {
		return 0
	}
	fraction = math.Min(fraction, 1)
	// The total is summed in the same (descending) order as the running sum
	// below, so that the running sum reaches it exactly for fraction = 1.
	var total float64
	for i := len(sorted) - 1; i >= 0; i-- {
		total += sorted[i]
	}
	if !(total > 0) {
		return 0
	}
	target := fraction * total
	var acc float64
	k := 0
	for i := len(sorted) - 1; i >= 0; i-- {
		acc += sorted[i]
		k++
		if acc >= target {
			return k
		}
	}
	return k
}

// Herfindahl returns the Herfindahl–Hirschman index \sum_i s_i^2 of the
// shares s_i = x_i / \sum_j x_j of the non-negative amounts x (Hirschman
// 1945, National Power and the Structure of Foreign Trade; Herfindahl 1950,
// Concentration in the U.S. Steel Industry). It lies in [1/n, 1], and
// 1/Herfindahl is the "effective number" of contributors. It has no
// small-sample correction, does not sort and does not allocate. It returns
// NaN if x is empty or sums to zero.
func Herfindahl(x []float64) float64 {
	var total float64
	for _, v := range x {
		total += v
	}
	if len(x) == 0 || !(total > 0) {
		return math.NaN()
	}
	var h float64
	for _, v := range x {
		s := v / total
		h += s * s
	}
	return h
}
