package analysis

import (
	"math"
	"slices"
	"sort"
)

// KMCurve is a Kaplan–Meier estimate of a survival function, stored as a
// right-continuous step function at the distinct times at which at least one
// event (not a censoring) was observed, in ascending order. Survival[i] is
// S(t) just after Time[i] (and for t up to the next event time), AtRisk[i]
// is the number of individuals with duration >= Time[i], and Events[i] the
// number of observed events at Time[i]. Before Time[0], S(t) = 1.
//
// The zero KMCurve (nil slices, returned for empty input) is degenerate: At
// and Median return NaN. A curve estimated from data with no observed event
// has empty but non-nil slices: S(t) = 1 everywhere and Median is +Inf.
type KMCurve struct {
	Time, Survival, AtRisk, Events []float64
}

// KaplanMeier returns the Kaplan–Meier product-limit estimate
//
//	S(t) = \prod_{t_j <= t} (1 - d_j / n_j)
//
// of the survival function of the durations (Kaplan and Meier 1958, Journal
// of the American Statistical Association 53(282):457–481), where d_j is the
// number of observed events at the distinct event time t_j and n_j the number
// of individuals whose duration is >= t_j. observed[i] = false marks
// durations[i] as right-censored (the individual is still active, or left
// for a reason other than the event studied); a nil observed means every
// duration is an observed event. Following the usual convention, an
// individual censored at t_j is counted as at risk at t_j. No small-sample
// correction is applied.
//
// Entries whose duration is NaN are ignored. If no entry remains the zero
// KMCurve is returned. KaplanMeier panics if observed is not nil and its
// length differs from that of durations. The inputs are not modified.
func KaplanMeier(durations []float64, observed []bool) KMCurve {
	if observed != nil && len(observed) != len(durations) {
		panic("analysis: slice length mismatch")
	}
	idx := make([]int, 0, len(durations))
	for i, d := range durations {
		if !math.IsNaN(d) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return KMCurve{}
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch da, db := durations[a], durations[b]; {
		case da < db:
			return -1
		case da > db:
			return 1
		}
		return 0
	})
	c := KMCurve{
		Time:     []float64{},
		Survival: []float64{},
		AtRisk:   []float64{},
		Events:   []float64{},
	}
	atRisk := len(idx)
	s := 1.0
	for i := 0; i < len(idx); {
		t := durations[idx[i]]
		events, group := 0, 0
		for ; i < len(idx) && durations[idx[i]] == t; i++ {
			group++
			if observed == nil || observed[idx[i]] {
				events++
			}
		}
		if events > 0 {
			s *= 1 - float64(events)/float64(atRisk)
			c.Time = append(c.Time, t)
			c.Survival = append(c.Survival, s)
			c.AtRisk = append(c.AtRisk, float64(atRisk))
			c.Events = append(c.Events, float64(events))
		}
		atRisk -= group
	}
	return c
}

// Median returns the median survival time, the smallest event time t with
// S(t) <= 0.5 (the convention of Brookmeyer and Crowley 1982, Biometrics
// 38(1):29–41; unlike R's survfit it does not average when S(t) equals 0.5
// exactly over an interval). It returns +Inf if the curve never reaches 0.5,
// as happens when too many durations are censored, and NaN for the zero
// KMCurve. Median does not allocate.
func (c KMCurve) Median() float64 {
	if c.Time == nil {
		return math.NaN()
	}
	for i, s := range c.Survival {
		if s <= 0.5 {
			return c.Time[i]
		}
	}
	return math.Inf(1)
}

// At returns the estimated survival S(t): 1 before the first event time and
// Survival[i] for Time[i] <= t < Time[i+1]. Beyond the last event time it
// returns the last estimate, although the Kaplan–Meier estimate is not
// identified beyond the largest observed duration when that duration is
// censored. At returns NaN if t is NaN or c is the zero KMCurve. It uses a
// binary search and does not allocate.
func (c KMCurve) At(t float64) float64 {
	if c.Time == nil || math.IsNaN(t) {
		return math.NaN()
	}
	i := sort.SearchFloat64s(c.Time, t) // first i with Time[i] >= t
	if i < len(c.Time) && c.Time[i] == t {
		return c.Survival[i]
	}
	if i == 0 {
		return 1
	}
	return c.Survival[i-1]
}
