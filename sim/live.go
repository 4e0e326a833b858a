package sim

import "commonsim/analysis"

// This file is for callers that show a run while it goes (the browser lab
// of package serve, a notebook's live plot): make the model with New, call
// Step once per tick, and after a step read the row of tick metrics it
// recorded (LastRow) and, every few ticks, the Lorenz curves so far
// (Lorenz). After run.ticks steps, Result is what Run returns for the same
// spec and threads, to the bit (TestSteppedEqualsRun). Nothing here
// changes the model: reading between steps leaves every later tick as it
// would have been.

// LastRow returns the row of tick metrics that the last Step recorded, in
// the order of TickMetrics, and its tick. ok is false before the first Step
// and after a Step whose tick was not recorded (run.record_every; the last
// tick always is). The row is the model's time series itself, which keeps
// it unchanged for the rest of the run: read it, do not modify it.
func (m *Model) LastRow() (tick int, row []float64, ok bool) {
	s := m.series
	n := s.Len()
	if n == 0 || s.Ticks[n-1] != int(m.tick) {
		return 0, nil, false
	}
	return s.Ticks[n-1], s.Row(n - 1), true
}

// Lorenz returns the Lorenz curves of contribution and of benefit over
// everyone who has joined so far, at LorenzPoints population shares: at
// the last tick, Result.Lorenz. It sorts copies of two values per
// contributor, so it is for every few ticks rather than every tick.
func (m *Model) Lorenz() [2][]float64 {
	var l [2][]float64
	_, l[0] = analysis.Lorenz(m.pop.Contributed, LorenzPoints)
	_, l[1] = analysis.Lorenz(m.pop.Benefit, LorenzPoints)
	return l
}

// Result returns the run's result at the current tick, for spec (the spec
// the model was made from): after spec.Params.Run.Ticks steps it is what
// Run(spec, threads) returns. Its Series is the model's own. It is made as
// Run makes its result (run.go); the two are held equal by
// TestSteppedEqualsRun.
func (m *Model) Result(spec RunSpec) *Result {
	f := m.finish()
	res := &Result{Spec: spec, Series: m.series, Summary: make([]float64, len(summaryMetrics))}
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
