package sim

import (
	"commonsim/scenarios"
)

// Mechanism 2, activation (docs/MODEL.md §3.3.2): contributors choose
// whether to work at all (self-selection, seed 001). An active contributor
// works this tick with probability
//
//	p = min(1, scale · engagement · (1 + activity_boost · ties)),
//
// ties counting its live ties (mechanism 10): co-workers draw each other
// in (Commoners Framework). A contributor paid for sponsored hours works
// every tick: they are a job (mechanism 13).

// activationParams are mechanism 2's parameters.
type activationParams struct {
	enabled bool
	scale   float64
	boost   float64 // ties.activity_boost
}

func newActivationParams(sc *scenarios.Scenario) activationParams {
	return activationParams{enabled: sc.Activation.Enabled, scale: sc.Activation.Scale, boost: sc.Ties.ActivityBoost}
}

// probability is the chance that a contributor with engagement e and the
// given live ties works this tick: scale · e · (1 + activity_boost · ties)
// (above 1: it works).
func (a *activationParams) probability(e float32, ties int) float64 {
	return a.scale * float64(e) * (1 + a.boost*float64(ties))
}
