package sim

import (
	"math"

	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// Mechanism 9, exit (docs/MODEL.md §3.3.9): a contributor leaves when its
// engagement falls below a threshold, and otherwise by a hazard that falls
// with its past contributions and its ties. A constant hazard gives
// geometric, thin-tailed contribution counts; observed ones are
// heavy-tailed, which a hazard that falls with contributions produces
// (Wilkinson 2008, "Strong regularities in online peer production", EC
// '08; tested in docs/MODEL.md §4). Burnout's strain raises the hazard
// (mechanism 16): an overloaded core leaves.

// exitParams are mechanism 9's parameters.
type exitParams struct {
	scenarios.Exit
	ties   bool    // ties.enabled: ties lower the hazard
	strain float64 // burnout.exit: strain raises the hazard (0 when burnout is off)
	// hazardTable[k] is baseHazard(k), so that the tick does no math.Pow
	// per contributor; beyond its end baseHazard is computed.
	hazardTable []float64
}

func newExitParams(sc *scenarios.Scenario) exitParams {
	x := exitParams{Exit: sc.Exit, ties: sc.Ties.Enabled}
	if sc.Burnout.Enabled {
		x.strain = sc.Burnout.Exit
	}
	// No one can have more accepted tasks than ticks times max_tasks: a
	// short run needs a short table (a sweep of small runs spent an eighth
	// of its time filling 4096 entries per run).
	if x.Enabled {
		x.hazardTable = make([]float64, min(4096, sc.Run.Ticks*sc.Tasks.MaxTasks+1))
		for k := range x.hazardTable {
			x.hazardTable[k] = x.baseHazard(int32(k))
		}
	}
	return x
}

// baseHazard is the exit hazard of a contributor with k accepted tasks and
// no ties: base_hazard · (1 + k / experience_scale)^(−experience_power).
func (x *exitParams) baseHazard(k int32) float64 {
	return x.BaseHazard * math.Pow(1+float64(k)/x.ExperienceScale, -x.ExperiencePower)
}

// leaves reports whether active contributor i, at engagement e and burnout
// strain s, leaves this tick: when e < threshold, else with probability
//
//	h = baseHazard(accepted) / (1 + tie_protection · ties) · (1 + burnout.exit · s).
//
// Off, nobody leaves.
func (m *Model) leaves(i int, e, s float64, st rng.Stream) bool {
	return m.params.exit.Enabled && m.exits(i, e, s, st)
}

// exits is leaves with exit on.
func (m *Model) exits(i int, e, s float64, st rng.Stream) bool {
	x := &m.params.exit
	if e < x.Threshold {
		return true
	}
	var h float64
	if k := m.pop.Accepted[i]; int(k) < len(x.hazardTable) {
		h = x.hazardTable[k]
	} else {
		h = x.baseHazard(k)
	}
	if x.ties {
		h /= 1 + x.TieProtection*float64(m.pop.TieCount[i])
	}
	h *= 1 + x.strain*s
	return st.Float64() < h
}
