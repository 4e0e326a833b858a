package analysis

import (
	"math"

	"gonum.org/v1/gonum/stat"
)

// Collapse reports whether the series collapses below threshold: the first
// index start such that series[start], ..., series[start+window-1] are all
// strictly below threshold (a run of window consecutive sub-threshold
// values). The definition is this package's own operationalisation of a
// commons "collapse"; NaN values are not below any threshold and so break a
// run.
//
// If there is no such run, or window < 1, Collapse returns -1, false. It runs
// in one pass and does not allocate.
func Collapse(series []float64, threshold float64, window int) (start int, collapsed bool) {
	if window < 1 {
		return -1, false
	}
	run := 0
	for i, v := range series {
		if v < threshold {
			if run == 0 {
				start = i
			}
			run++
			if run == window {
				return start, true
			}
		} else {
			run = 0
		}
	}
	return -1, false
}

// Trend returns the ordinary least squares slope of y on x, computed with
// gonum's stat.LinearRegression (slope = cov(x, y) / var(x); e.g. Draper and
// Smith 1998, Applied Regression Analysis, 3rd ed., ch. 1). It returns NaN
// if there are fewer than two points or all x are equal. Trend panics if x
// and y have different lengths.
func Trend(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("analysis: slice length mismatch")
	}
	if len(x) < 2 {
		return math.NaN()
	}
	same := true
	for _, v := range x[1:] {
		if v != x[0] {
			same = false
			break
		}
	}
	if same {
		return math.NaN()
	}
	_, beta := stat.LinearRegression(x, y, nil, false)
	return beta
}
