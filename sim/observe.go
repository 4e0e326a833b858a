package sim

import (
	"math"
	"slices"
	"time"

	"commonsim/agents"
	"commonsim/analysis"
	"commonsim/internal/radix"
)

// This file is the observation layer: what the model counts as it runs,
// and the read-only view of it that the metrics (metrics.go, summary.go)
// read. Nothing here changes the model.

// tickCounters are this tick's events, reset at the start of each tick.
type tickCounters struct {
	arrivals, turnedAway, exits, forkExits     int
	submissions, accepted, rejected, abandoned int
	newcomerReviewed, newcomerAccepted         int
	workers, assigned                          int
	hours, reviewCapacity, reviewDemand        float64
	// revenue; captured, the platform's gross capture κR; platformKept,
	// what it keeps after reinvesting, κ(1 − reinvest)R; returned, what is
	// shared among contributors.
	revenue, captured, returned, platformKept float64
	wages, basicIncome                        float64
	fork                                      bool
}

// add adds a review pass's outcomes to the tick's counters.
func (c *tickCounters) add(r reviewCounts) {
	c.accepted += r.accepted
	c.rejected += r.rejected
	c.newcomerReviewed += r.newcomerReviewed
	c.newcomerAccepted += r.newcomerAccepted
}

// runTotals accumulate over the run.
type runTotals struct {
	arrivals, turnedAway, exits, forks int
	// revenue; kept, what the platform kept (κ(1 − reinvest)R summed);
	// returned, what was shared among contributors.
	revenue, kept, returned float64
	submissions, accepted   int
}

// add adds a tick's counters to the totals.
func (t *runTotals) add(c *tickCounters) {
	t.arrivals += c.arrivals
	t.turnedAway += c.turnedAway
	t.exits += c.exits + c.forkExits
	t.revenue += c.revenue
	t.kept += c.platformKept
	t.returned += c.returned
	t.submissions += c.submissions
	t.accepted += c.accepted
	if c.fork {
		t.forks++
	}
}

// scan is what one pass over the active contributors at a recorded tick
// counts and sums.
type scan struct {
	active, maintainers, managers int
	paid                          int
	engagement, intrinsic, ties   float64
}

// add adds another shard's scan to s.
func (s *scan) add(o *scan) {
	s.active += o.active
	s.maintainers += o.maintainers
	s.managers += o.managers
	s.paid += o.paid
	s.engagement += o.engagement
	s.intrinsic += o.intrinsic
	s.ties += o.ties
}

// inequality holds the sorted-data metrics, recomputed every
// inequality_every recorded ticks because they need a sort.
type inequality struct {
	giniContribution, giniBenefit, top1, top10, busFactor float64
}

// view is the model as the per-tick metrics see it at a recorded tick:
// values copied out of the model, so that no metric can change it.
type view struct {
	counters   tickCounters
	totals     runTotals
	users      float64
	queue      int     // submissions waiting for review
	overload   float64 // reviewers' overload
	value      float64 // the commons' value
	debt       float64 // the modules' maintenance debt
	inequality inequality
	scan       scan
}

// observer is the observation layer's state in the model.
type observer struct {
	view       view // lives here: a local passed to the metrics would escape to the heap every tick
	inequality inequality
	recorded   int // rows recorded so far

	sortBuf, sortBuf2 []float64
	sorter            radix.Sorter
	positives         radix.PositivesCopier
	bus               radix.BusCounter

	// Benchmarks time the metrics separately (never in a normal run).
	timeMetrics  bool
	metricsNanos int64
}

// bytes is the memory the observer's buffers hold.
func (o *observer) bytes() int {
	return (cap(o.sortBuf)+cap(o.sortBuf2))*8 + o.sorter.Bytes() + o.bus.Bytes()
}

// record is step 8: totals are updated every tick, and a row of tick
// metrics is written every record_every ticks and at the last tick.
func (m *Model) record() {
	m.totals.add(&m.counters)
	run := m.sc.Run
	if int(m.tick)%run.RecordEvery != 0 && int(m.tick) != run.Ticks {
		return
	}
	o := &m.obs
	if o.timeMetrics {
		start := time.Now()
		defer func() { o.metricsNanos += time.Since(start).Nanoseconds() }()
	}
	if o.recorded%run.InequalityEvery == 0 {
		m.updateInequality()
	}
	o.recorded++
	m.forShards(m.jobs.observe)
	v := &o.view
	*v = view{counters: m.counters, totals: m.totals, users: m.users, queue: len(m.queue),
		overload: m.now.overload, value: m.Value(), inequality: o.inequality}
	for _, d := range m.debt {
		v.debt += d
	}
	for i := range m.shards {
		v.scan.add(&m.shards[i].scan)
	}
	row := m.series.next(int(m.tick))
	for k, tm := range tickMetrics {
		row[k] = tm.of(v)
	}
}

// observeShard scans shard k's active contributors for the per-tick
// metrics.
func (m *Model) observeShard(k int) {
	p := &m.pop
	s := &m.shards[k]
	var o scan
	ties := m.params.ties.enabled
	for i := s.lo; i < s.hi; i++ {
		f := p.Flags[i]
		if f&agents.Active == 0 {
			continue
		}
		o.active++
		switch p.Role[i] {
		case agents.Maintainer:
			o.maintainers++
		case agents.Manager:
			o.managers++
		}
		if f&agents.Paid != 0 {
			o.paid++
		}
		o.engagement += float64(p.Engagement[i])
		o.intrinsic += float64(p.Intrinsic[i])
		if ties {
			o.ties += float64(p.TieCount[i])
		}
	}
	s.scan = o
}

// updateInequality recomputes the sorted metrics over everyone who ever
// joined. Only the positive amounts are sorted: zeros (those who never had
// work accepted, often most of everyone who joined) enter through G' = z +
// (1 − z) G and by rescaling the top share p to the positives.
func (m *Model) updateInequality() {
	p := &m.pop
	o := &m.obs
	ic := &o.inequality
	n := p.Len()
	if n == 0 {
		*ic = inequality{math.NaN(), math.NaN(), math.NaN(), math.NaN(), 0}
		return
	}
	o.sortBuf = slices.Grow(o.sortBuf[:0], n)[:n]
	o.sortBuf2 = slices.Grow(o.sortBuf2[:0], n)[:n]
	pos := o.positives.Copy(o.sortBuf, p.Contributed, m.pool)
	pos = o.sorter.Sort(pos, o.sortBuf2, m.pool)
	z := 1 - float64(len(pos))/float64(n)
	ic.giniContribution = analysis.GiniWithZeros(analysis.GiniSorted(pos), z)
	ic.top1 = topShareWithZeros(pos, n, 0.01)
	ic.top10 = topShareWithZeros(pos, n, 0.10)
	pos = o.positives.Copy(o.sortBuf, p.Benefit, m.pool)
	pos = o.sorter.Sort(pos, o.sortBuf2, m.pool)
	ic.giniBenefit = analysis.GiniWithZeros(analysis.GiniSorted(pos), 1-float64(len(pos))/float64(n))
	if len(pos) == 0 {
		ic.giniBenefit = math.NaN()
	}
	ic.busFactor = float64(o.bus.BusFactor(p.Recent, 0.5, o.sortBuf, m.pool))
}

// topShareWithZeros is the share of the total held by the top fraction p of
// n people, of whom only the sorted positives hold anything.
func topShareWithZeros(pos []float64, n int, p float64) float64 {
	if len(pos) == 0 {
		return math.NaN()
	}
	q := p * float64(n) / float64(len(pos))
	if q >= 1 {
		return 1
	}
	return analysis.TopShareSorted(pos, q)
}
