package sim

import "commonsim/scenarios"

// Mechanism 17, felt unfairness (docs/MODEL.md §3.3.17): contributors
// resent a platform that profits from their work, whether or not it costs
// them income (the 2002 Spanish Wikipedia fork over advertising; the 2023
// protests of Reddit's moderators and Stack Overflow's contributors). It
// is a channel of its own, apart from the material one (mechanism 13), so
// that the two can be switched one at a time.

// fairnessParams are mechanism 17's parameters.
type fairnessParams struct {
	enabled bool
	weight  float64
}

func newFairnessParams(sc *scenarios.Scenario) fairnessParams {
	return fairnessParams{enabled: sc.Fairness.Enabled, weight: sc.Fairness.Weight}
}

// feltUnfairness is a contributor's felt unfairness before its weight: the
// share kept of revenue the platform keeps (not felt by the owner's own
// employees), plus the gap between its share of recent work gave and its
// share of the revenue returned this tick got, relative to gave. With
// nothing returned the gap is 0: a gift to users is not felt as taken.
func feltUnfairness(kept float64, employed bool, gave, got float64, returned bool) float64 {
	f := kept
	if employed {
		f = 0
	}
	if returned && gave > 0 {
		f += max(0, gave-got) / gave
	}
	return f
}
