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
	forks                                     int
	outside                                   [agents.NumSegments]float64 // outside hours by segment (mechanism 13)
	weeklyHours                               [hoursBins]int              // active contributors by FLOSS bin of weekly hours
	updated                                   updateTotals                // hours given, income, review by segment
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
	// hours worked on tasks, hours of review, and hours given by the paid
	hours, reviewHours, paidHours float64
	// revenue_per_active_living summed over the recorded ticks of the last
	// 52, and their number
	revenueShare      float64
	revenueShareTicks int
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
	t.hours += c.hours
	t.reviewHours += c.updated.reviewHours
	t.paidHours += c.updated.paidHours
	t.forks += c.forks
}

// scan is what one pass over the active contributors at a recorded tick
// counts and sums.
type scan struct {
	active, maintainers, managers int
	paid, owned                   int // owned: core members the owner employs
	engagement, intrinsic, ties   float64
	commitment, strain            float64
	segments                      [agents.NumSegments]int
}

// add adds another shard's scan to s.
func (s *scan) add(o *scan) {
	s.active += o.active
	s.maintainers += o.maintainers
	s.managers += o.managers
	s.paid += o.paid
	s.owned += o.owned
	s.engagement += o.engagement
	s.intrinsic += o.intrinsic
	s.ties += o.ties
	s.commitment += o.commitment
	s.strain += o.strain
	for k, n := range o.segments {
		s.segments[k] += n
	}
}

// inequality holds the sorted-data metrics, recomputed every
// inequality_every recorded ticks because they need a sort.
type inequality struct {
	giniContribution, giniBenefit, top1, top10, busFactor, truckFactor float64
}

// view is the model as the per-tick metrics see it at a recorded tick:
// values copied out of the model, so that no metric can change it.
type view struct {
	counters   tickCounters
	totals     runTotals
	users      float64
	queue      int     // submissions waiting for review, all commons
	overload   float64 // reviewers' overload, all commons
	value      float64 // the commons' value
	usable     float64 // its usable value
	debt       float64 // the modules' maintenance debt
	living     float64 // the active contributors' living costs, summed
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
	truck             truckFactor // the truck factor's scratch
	// snapshot is everyone's work 52 ticks before the end (accepted value
	// and review), for the core's share of the last year's work.
	snapshot []float64

	// Benchmarks time the metrics separately (never in a normal run).
	timeMetrics  bool
	metricsNanos int64
}

// bytes is the memory the observer's buffers hold.
func (o *observer) bytes() int {
	return (cap(o.sortBuf)+cap(o.sortBuf2)+cap(o.snapshot))*8 + o.sorter.Bytes() + o.bus.Bytes() + o.truck.bytes()
}

// record is step 8: totals are updated every tick, and a row of tick
// metrics is written every record_every ticks and at the last tick.
func (m *Model) record() {
	m.totals.add(&m.counters)
	m.measureForks()
	run := m.sc.Run
	if int(m.tick) == run.Ticks-52 {
		m.takeSnapshot()
	}
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
	*v = view{counters: m.counters, totals: m.totals,
		overload: m.now.overload, value: m.Value(), usable: m.Usable(), inequality: o.inequality}
	for k := range m.cs {
		v.users += m.cs[k].users
		v.queue += len(m.cs[k].queue)
	}
	for _, d := range m.debt {
		v.debt += d
	}
	for i := range m.shards {
		v.scan.add(&m.shards[i].scan)
	}
	for s, n := range v.scan.segments {
		v.living += float64(n) * m.params.motivation.livingCost[s]
	}
	if run.Ticks-int(m.tick) < 52 {
		m.totals.revenueShare += revenuePerActiveLiving(v)
		m.totals.revenueShareTicks++
		v.totals = m.totals
	}
	row := m.series.next(int(m.tick))
	for k, tm := range tickMetrics {
		row[k] = tm.of(v)
	}
	m.recordCommons()
}

// observeShard scans shard k's active contributors for the per-tick
// metrics.
func (m *Model) observeShard(k int) {
	p := &m.pop
	s := &m.shards[k]
	var o scan
	ties := m.params.ties.enabled
	for c := range m.cs {
		s.perCommons[c].active, s.perCommons[c].coreSize = 0, 0
	}
	for i := s.lo; i < s.hi; i++ {
		f := p.Flags[i]
		if f&agents.Active == 0 {
			continue
		}
		sc := &s.perCommons[p.Commons[i]]
		sc.active++
		if p.Role[i] != agents.Peripheral {
			sc.coreSize++
		}
		o.active++
		o.segments[p.Segment[i]]++
		switch p.Role[i] {
		case agents.Maintainer:
			o.maintainers++
		case agents.Manager:
			o.managers++
		}
		if p.Role[i] != agents.Peripheral && f&agents.Owned != 0 {
			o.owned++
		}
		o.commitment += float64(p.Commitment[i])
		o.strain += p.Strain[i].Float()
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
		*ic = inequality{math.NaN(), math.NaN(), math.NaN(), math.NaN(), 0, 0}
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
	ic.truckFactor = float64(m.truckFactor())
}

// workDone is contributor i's work so far: accepted value plus review work.
func (m *Model) workDone(i int) float64 {
	return m.pop.Contributed[i] + float64(m.pop.Reviewed[i])*m.params.motivation.valuePerHour
}

// takeSnapshot records everyone's work so far, 52 ticks before the end,
// for the core's share of the last year's work (top10_active_share_52). It
// allocates once per run.
func (m *Model) takeSnapshot() {
	n := m.pop.Len()
	m.obs.snapshot = make([]float64, n)
	for i := range n {
		m.obs.snapshot[i] = m.workDone(i)
	}
}

// revenuePerActiveLiving is the tick's revenue per active contributor over
// their mean living cost (docs/MODEL.md §3.3.7: the scale of revenue).
func revenuePerActiveLiving(v *view) float64 {
	return ratio(v.counters.revenue, v.living)
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
