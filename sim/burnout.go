package sim

import "commonsim/scenarios"

// Mechanism 16, burnout (docs/MODEL.md §3.3.16): seed 001 names the
// burnout and attrition of a small core among the threats to peer
// production. A reviewer carries the reviewers' overload (mechanism 5) as
// a strain that builds up while overload lasts and fades without it;
// strain costs hours (mechanism 13), utility (mechanism 8) and tenure
// (mechanism 9), so an overloaded core gives less, disengages and leaves.

// burnoutParams are mechanism 16's parameters.
type burnoutParams struct {
	enabled bool
	rate    float64
	utility float64 // 0 when burnout is off
	exit    float64 // 0 when burnout is off
}

func newBurnoutParams(sc *scenarios.Scenario) burnoutParams {
	b := sc.Burnout
	if !b.Enabled {
		return burnoutParams{}
	}
	return burnoutParams{enabled: true, rate: b.Rate, utility: b.Utility, exit: b.Exit}
}

// strain is one tick of a contributor's strain s under the load it
// carries (the reviewers' overload if it reviews, else 0):
//
//	s ← s + rate (load − s).
//
// Under a constant load o, after k ticks from 0, s = o (1 − (1 − rate)^k)
// (tested).
func strain(s, load, rate float64) float64 {
	return s + rate*(load-s)
}
