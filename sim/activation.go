package sim

import (
	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// Mechanism 2, activation (docs/MODEL.md §3.3.2): contributors choose
// whether to work at all (self-selection, seed 001). An active contributor
// works this tick with probability
//
//	p = min(1, scale · engagement · (1 + activity_boost · ties)),
//
// ties counting its live ties (mechanism 10): co-workers draw each other
// in (Commoners Framework).

// activationParams are mechanism 2's parameters.
type activationParams struct {
	enabled bool
	scale   float64
	boost   float64 // ties.activity_boost
}

func newActivationParams(sc *scenarios.Scenario) activationParams {
	return activationParams{enabled: sc.Activation.Enabled, scale: sc.Activation.Scale, boost: sc.Ties.ActivityBoost}
}

// works reports whether a contributor with engagement e and the given live
// ties works this tick. Off, everyone works.
func (a *activationParams) works(e float32, ties int, st rng.Stream) bool {
	if !a.enabled {
		return true
	}
	return st.Float64() < a.scale*float64(e)*(1+a.boost*float64(ties))
}
