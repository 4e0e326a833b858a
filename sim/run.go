package sim

import (
	"fmt"
	"runtime/debug"
	"sync/atomic"

	"commonsim/analysis"
	"commonsim/scenarios"
)

// RunSpec is one run's identity and parameters: a replicate of a sweep point
// of a scenario. ID is its position in the run matrix; Seed is derived from
// the scenario's base seed and the identity, never from scheduling.
type RunSpec struct {
	ID        int
	Scenario  string
	Point     int
	Replicate int
	Seed      uint64
	Assign    []scenarios.Assignment // the sweep point's values
	Params    *scenarios.Scenario    // fully resolved parameters
}

// Result is what a run yields: its time series, its summary metrics (in
// the order of SummaryMetrics), the Lorenz curves of contribution and
// benefit and the Kaplan-Meier survival of tenure at the end. Err is set
// when the run failed (a panic inside the model); the other fields are then
// empty.
type Result struct {
	Spec         RunSpec
	Series       *Series
	Summary      []float64
	Lorenz       [2][]float64 // cumulative share at LorenzPoints population shares: contribution, benefit
	Survival     analysis.KMCurve
	Contributors int // everyone who ever joined: those at risk at tenure 0
	// The ecosystem (mechanisms 12 and 19): the per-commons time series
	// and the run's forks.
	Commons *CommonsSeries
	Forks   []Fork
	Err     error
}

// Run executes one run: a pure function of the spec (parameters and seed).
// threads is the number of goroutines for the sharded phases. A panic in the
// model is caught and returned as the result's Err, with the seed, so one
// bad run does not take down a batch.
func Run(spec RunSpec, threads int) *Result { return RunWatched(spec, threads, nil) }

// RunWatched is Run that stores, after each tick, the number of ticks done
// in ticks (when not nil), for a progress report to read from another
// goroutine while the run goes on. The counter only reports: the result is
// Run's, byte for byte.
func RunWatched(spec RunSpec, threads int, ticks *atomic.Int64) (res *Result) {
	res = &Result{Spec: spec}
	defer func() {
		if r := recover(); r != nil {
			res = &Result{Spec: spec, Err: fmt.Errorf("run %d (scenario %s, point %d, replicate %d, seed %d) panicked: %v\n%s",
				spec.ID, spec.Scenario, spec.Point, spec.Replicate, spec.Seed, r, debug.Stack())}
		}
	}()
	m := New(spec.Params, spec.Seed, threads)
	defer m.Close()
	for t := range spec.Params.Run.Ticks {
		m.Step()
		if ticks != nil {
			ticks.Store(int64(t + 1))
		}
	}
	f := m.finish()
	res.Series = m.series
	res.Summary = make([]float64, len(summaryMetrics))
	for i, s := range summaryMetrics {
		res.Summary[i] = s.of(f)
	}
	_, res.Lorenz[0] = analysis.Lorenz(f.contrib, LorenzPoints)
	_, res.Lorenz[1] = analysis.Lorenz(f.benefit, LorenzPoints)
	res.Survival = f.km
	res.Contributors = m.pop.Len()
	res.Commons, res.Forks = m.commons, m.forkResults()
	return res
}
