package batch

import (
	"sync"
	"sync/atomic"

	"commonsim/sim"
)

// Progress is how far a batch has got: Runs of its Total runs are written
// (those of an earlier, resumed attempt included), and the runs started
// but not yet written are Partial runs' worth along: the sum over them of
// ticks done / ticks. A bar at Runs+Partial of Total moves within a single
// long run, where one counting whole runs would sit at 0 until it ends.
type Progress struct {
	Runs, Total int
	Partial     float64
}

// Fraction is the share of the batch done, Partial included, in [0, 1].
func (p Progress) Fraction() float64 {
	if p.Total <= 0 {
		return 1
	}
	return min(1, (float64(p.Runs)+p.Partial)/float64(p.Total))
}

// tracker follows the runs of an executing plan for Plan.Progress, which
// another goroutine reads while the batch runs.
type tracker struct {
	mu       sync.Mutex
	runs     int
	total    int
	inflight map[int]*watchedRun // by run id
}

// watchedRun is a run in flight: sim.RunWatched stores its ticks done.
type watchedRun struct {
	ticks atomic.Int64
	of    int64
}

// reset starts tracking a batch with runs of total runs written.
func (t *tracker) reset(runs, total int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.runs, t.total, t.inflight = runs, total, map[int]*watchedRun{}
}

// start registers a run about to start and returns the counter of its
// ticks (Options.Watch).
func (t *tracker) start(spec *sim.RunSpec) *atomic.Int64 {
	w := &watchedRun{of: int64(spec.Params.Run.Ticks)}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.inflight == nil {
		t.inflight = map[int]*watchedRun{}
	}
	t.inflight[spec.ID] = w
	return &w.ticks
}

// written records that run id was written, making runs written in all.
func (t *tracker) written(id, runs int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.inflight, id)
	t.runs = runs
}

// progress sums the runs in flight in millionths of a run, as integers, so
// that the sum does not depend on the order of the map.
func (t *tracker) progress() Progress {
	t.mu.Lock()
	defer t.mu.Unlock()
	var ppm int64
	for _, w := range t.inflight {
		ppm += min(w.ticks.Load(), w.of) * 1_000_000 / max(w.of, 1)
	}
	return Progress{Runs: t.runs, Total: t.total, Partial: float64(ppm) / 1e6}
}

// Progress reports how far the plan's batch has got. It may be called from
// any goroutine, before, during and after Execute.
func (p *Plan) Progress() Progress {
	if p.tracker == nil {
		return Progress{Runs: p.Done, Total: p.Runs()}
	}
	return p.tracker.progress()
}
