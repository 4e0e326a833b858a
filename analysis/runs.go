package analysis

import "math"

// This file holds end-of-run formulas of commonsim's summary metrics over
// the contributors' slices.

// ratio is a / b, NaN when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// ShareRatio is a group's share of the total of y divided by its share of
// the total of x, the group being the indices i with in[i]: above 1 the
// group gets more of y than its share of x would give it (commonsim's
// benefit ratio of a segment: its share of returned revenue over its share
// of accepted value). It is NaN when a total, or the group's share of x,
// is 0. ShareRatio panics if the slices' lengths differ.
func ShareRatio(x, y []float64, in []bool) float64 {
	if len(y) != len(x) || len(in) != len(x) {
		panic("analysis: slice length mismatch")
	}
	var c, b, ct, bt float64
	for i := range x {
		ct += x[i]
		bt += y[i]
		if in[i] {
			c += x[i]
			b += y[i]
		}
	}
	return ratio(ratio(b, bt), ratio(c, ct))
}

// Retention is the share of the individuals with counted[i] (commonsim's
// newcomers: not founders) who joined at least h before end and were still
// there h after joining: left[i] < 0 while still present, else the time of
// leaving. NaN when no one counted joined h before end. Retention panics if
// the slices' lengths differ.
func Retention(joined, left []int32, counted []bool, end, h int32) float64 {
	if len(left) != len(joined) || len(counted) != len(joined) {
		panic("analysis: slice length mismatch")
	}
	var n, kept float64
	for i := range joined {
		if !counted[i] || joined[i]+h > end {
			continue
		}
		n++
		if left[i] < 0 || left[i]-joined[i] >= h {
			kept++
		}
	}
	return ratio(kept, n)
}

// CollapseOfCommons is commonsim's collapse: the first index from which
// active stays below minActive, or value below valueShare of its running
// peak, for window consecutive points (Collapse of each; the earlier
// start). It returns -1, false when neither collapses. The slices must have
// the same length.
func CollapseOfCommons(active, value []float64, minActive, valueShare float64, window int) (start int, collapsed bool) {
	start, ok := Collapse(active, minActive, window)
	rel := make([]float64, len(value))
	peak := 0.0
	for i, v := range value {
		peak = max(peak, v)
		rel[i] = ratio(v, peak)
	}
	vs, vok := Collapse(rel, valueShare, window)
	switch {
	case ok && vok:
		return min(start, vs), true
	case ok:
		return start, true
	case vok:
		return vs, true
	}
	return -1, false
}

// AcceptanceRate is the share of reviewed submissions that were accepted,
// summed over everyone: Σ accepted / Σ (accepted + rejected); NaN when
// nothing was reviewed. It panics if the slices' lengths differ.
func AcceptanceRate(accepted, rejected []int32) float64 {
	if len(rejected) != len(accepted) {
		panic("analysis: slice length mismatch")
	}
	var acc, rej float64
	for i := range accepted {
		acc += float64(accepted[i])
		rej += float64(rejected[i])
	}
	return ratio(acc, acc+rej)
}
