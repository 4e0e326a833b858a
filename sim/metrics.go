package sim

import (
	"math"
	"slices"
	"time"

	"commonsim/agents"
	"commonsim/analysis"
	"commonsim/scenarios"
)

// Metric is one named reporter (Mesa's DataCollector, Agents.jl's mdata):
// a column of timeseries.csv or runs.csv, with its unit and meaning. The
// lists TickMetrics and SummaryMetrics drive the CSV headers, the units in
// plots and the test that docs/OUTPUTS.md lists every column: a metric is
// added in one place.
type Metric struct {
	Name string
	Unit string
	Doc  string
}

// observation is what one scan of the model at a recorded tick yields.
type observation struct {
	m                             *Model
	active, maintainers, managers int
	paid                          int
	engagement, intrinsic, ties   float64
}

type tickMetric struct {
	Metric
	of func(o *observation) float64
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// tickMetrics are the per-tick reporters, in column order after run_id,
// scenario, point, replicate and tick.
var tickMetrics = []tickMetric{
	{Metric{"active", "contributors", "active contributors at the end of the tick"}, func(o *observation) float64 { return float64(o.active) }},
	{Metric{"arrivals", "contributors/tick", "newcomers who joined this tick"}, func(o *observation) float64 { return float64(o.m.counters.arrivals) }},
	{Metric{"turned_away", "applicants/tick", "applicants turned away by the entry barrier this tick"}, func(o *observation) float64 { return float64(o.m.counters.turnedAway) }},
	{Metric{"exits", "contributors/tick", "contributors who left this tick (forks included)"}, func(o *observation) float64 {
		return float64(o.m.counters.exits + o.m.counters.forkExits)
	}},
	{Metric{"users", "users", "users of the commons"}, func(o *observation) float64 { return o.m.users }},
	{Metric{"workers", "contributors/tick", "contributors who worked this tick"}, func(o *observation) float64 { return float64(o.m.counters.workers) }},
	{Metric{"maintainers", "contributors", "maintainers (the core chosen by reputation)"}, func(o *observation) float64 { return float64(o.maintainers) }},
	{Metric{"managers", "contributors", "managers (hierarchical governance)"}, func(o *observation) float64 { return float64(o.managers) }},
	{Metric{"paid_share", "share", "share of active contributors paid a wage"}, func(o *observation) float64 { return ratio(float64(o.paid), float64(o.active)) }},
	{Metric{"mean_engagement", "", "mean engagement of active contributors, in [0,1]"}, func(o *observation) float64 { return ratio(o.engagement, float64(o.active)) }},
	{Metric{"mean_intrinsic", "", "mean intrinsic motivation of active contributors, in [0,1]"}, func(o *observation) float64 { return ratio(o.intrinsic, float64(o.active)) }},
	{Metric{"mean_ties", "ties", "mean live social ties per active contributor"}, func(o *observation) float64 { return ratio(o.ties, float64(o.active)) }},
	{Metric{"hours", "hours/tick", "hours of work given this tick (review excluded)"}, func(o *observation) float64 { return o.m.counters.hours }},
	{Metric{"submissions", "tasks/tick", "tasks submitted this tick"}, func(o *observation) float64 { return float64(o.m.counters.submissions) }},
	{Metric{"accepted", "tasks/tick", "submissions accepted this tick"}, func(o *observation) float64 { return float64(o.m.counters.accepted) }},
	{Metric{"rejected", "tasks/tick", "submissions rejected this tick"}, func(o *observation) float64 { return float64(o.m.counters.rejected) }},
	{Metric{"abandoned", "tasks/tick", "submissions abandoned after waiting max_wait ticks"}, func(o *observation) float64 { return float64(o.m.counters.abandoned) }},
	{Metric{"queue_length", "tasks", "submissions waiting for review at the end of the tick"}, func(o *observation) float64 { return float64(len(o.m.queue)) }},
	{Metric{"acceptance_rate", "share", "accepted / (accepted + rejected) this tick; NaN when nothing was reviewed"}, func(o *observation) float64 {
		c := o.m.counters
		return ratio(float64(c.accepted), float64(c.accepted+c.rejected))
	}},
	{Metric{"newcomer_acceptance_rate", "share", "acceptance rate of newcomers' submissions this tick"}, func(o *observation) float64 {
		c := o.m.counters
		return ratio(float64(c.newcomerAccepted), float64(c.newcomerReviewed))
	}},
	{Metric{"review_overload", "share", "reviewers' overload: review demand / reviewer hours - 1, in [0,1]"}, func(o *observation) float64 { return o.m.upd.Overload }},
	{Metric{"value", "value", "commons value: sum of the modules' value stocks"}, func(o *observation) float64 { return o.m.Value() }},
	{Metric{"maintenance_debt", "value", "sum of the modules' maintenance debt"}, func(o *observation) float64 {
		var d float64
		for _, x := range o.m.debt {
			d += x
		}
		return d
	}},
	{Metric{"revenue", "money/tick", "revenue the commons' value yields this tick"}, func(o *observation) float64 { return o.m.counters.revenue }},
	{Metric{"captured_share", "share", "share of this tick's revenue the platform keeps (after reinvestment)"}, func(o *observation) float64 {
		return ratio(o.m.counters.platformKept, o.m.counters.revenue)
	}},
	{Metric{"returned_share", "share", "share of this tick's revenue returned to contributors"}, func(o *observation) float64 {
		return ratio(o.m.counters.returned, o.m.counters.revenue)
	}},
	{Metric{"gini_contribution", "", "Gini of cumulative accepted value over everyone who ever joined (zeros included, no n/(n-1) correction)"}, func(o *observation) float64 { return o.m.inequality.giniContribution }},
	{Metric{"gini_benefit", "", "Gini of cumulative returned revenue over everyone who ever joined"}, func(o *observation) float64 { return o.m.inequality.giniBenefit }},
	{Metric{"top1_share", "share", "share of cumulative accepted value made by the top 1% of everyone who ever joined"}, func(o *observation) float64 { return o.m.inequality.top1 }},
	{Metric{"top10_share", "share", "share of cumulative accepted value made by the top 10%"}, func(o *observation) float64 { return o.m.inequality.top10 }},
	{Metric{"bus_factor", "contributors", "smallest number of contributors who made half of the recent accepted value (exponentially weighted, about 26 ticks)"}, func(o *observation) float64 { return o.m.inequality.busFactor }},
	{Metric{"core_size", "contributors", "maintainers plus managers: the core"}, func(o *observation) float64 { return float64(o.maintainers + o.managers) }},
	{Metric{"forks", "forks", "forks so far"}, func(o *observation) float64 { return float64(o.m.totals.forks) }},
}

// TickMetrics lists the columns of timeseries.csv after the identity
// columns and tick.
func TickMetrics() []Metric {
	out := make([]Metric, len(tickMetrics))
	for i, t := range tickMetrics {
		out[i] = t.Metric
	}
	return out
}

// inequalityCache holds the sorted-data metrics, recomputed every
// inequality_every recorded ticks because they need a sort.
type inequalityCache struct {
	giniContribution, giniBenefit, top1, top10, busFactor float64
	recorded                                              int
}

func (m *Model) updateInequality() {
	p := &m.pop
	n := p.Len()
	ic := &m.inequality
	if n == 0 {
		*ic = inequalityCache{math.NaN(), math.NaN(), math.NaN(), math.NaN(), 0, ic.recorded}
		return
	}
	m.sortBuf = slices.Grow(m.sortBuf[:0], n)[:n]
	m.sortBuf2 = slices.Grow(m.sortBuf2[:0], n)[:n]
	// Only the positive amounts are sorted: zeros (those who never had work
	// accepted, often most of everyone who joined) enter through
	// G' = z + (1-z) G and by rescaling the top share p to the positives.
	pos := m.positives.Copy(m.sortBuf, p.Contributed, m.pool)
	pos = m.sorter.Sort(pos, m.sortBuf2, m.pool)
	z := 1 - float64(len(pos))/float64(n)
	ic.giniContribution = analysis.GiniWithZeros(analysis.GiniSorted(pos), z)
	ic.top1 = topShareWithZeros(pos, n, 0.01)
	ic.top10 = topShareWithZeros(pos, n, 0.10)
	pos = m.positives.Copy(m.sortBuf, p.Benefit, m.pool)
	pos = m.sorter.Sort(pos, m.sortBuf2, m.pool)
	ic.giniBenefit = analysis.GiniWithZeros(analysis.GiniSorted(pos), 1-float64(len(pos))/float64(n))
	if len(pos) == 0 {
		ic.giniBenefit = math.NaN()
	}
	ic.busFactor = float64(m.bus.BusFactor(p.Recent, 0.5, m.sortBuf, m.pool))
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

// record is MODEL.md §3 step 8: totals are updated every tick, and a row of
// tick metrics is written every record_every ticks and at the last tick.
func (m *Model) record() {
	c := &m.counters
	t := &m.totals
	t.arrivals += c.arrivals
	t.turnedAway += c.turnedAway
	t.exits += c.exits + c.forkExits
	t.revenue += c.revenue
	t.captured += c.platformKept
	t.returned += c.returned
	t.submissions += c.submissions
	t.accepted += c.accepted
	if c.fork {
		t.forks++
	}
	run := m.sc.Run
	if int(m.tick)%run.RecordEvery != 0 && int(m.tick) != run.Ticks {
		return
	}
	if m.timeMetrics {
		start := time.Now()
		defer func() { m.metricsNanos += time.Since(start).Nanoseconds() }()
	}
	if m.inequality.recorded%run.InequalityEvery == 0 {
		m.updateInequality()
	}
	m.inequality.recorded++
	// The observation lives in the model: passed to the reporters through
	// function values, a local would escape to the heap every tick.
	o := &m.obs
	*o = observation{m: m}
	m.forShards(m.jobs.observe)
	for i := range m.shards {
		so := &m.shards[i].obs
		o.active += so.active
		o.maintainers += so.maintainers
		o.managers += so.managers
		o.paid += so.paid
		o.engagement += so.engagement
		o.intrinsic += so.intrinsic
		o.ties += so.ties
	}
	row := m.series.next(int(m.tick))
	for k, tm := range tickMetrics {
		row[k] = tm.of(o)
	}
}

// Series is a run's time series: one row per recorded tick, columns in the
// order of TickMetrics. It is allocated once for the whole run.
type Series struct {
	Ticks []int
	data  []float64
	width int
}

func newSeries(sc *scenarios.Scenario) *Series {
	rows := sc.Run.Ticks/sc.Run.RecordEvery + 1
	w := len(tickMetrics)
	return &Series{Ticks: make([]int, 0, rows), data: make([]float64, 0, rows*w), width: w}
}

func (s *Series) next(tick int) []float64 {
	s.Ticks = append(s.Ticks, tick)
	s.data = append(s.data, make([]float64, s.width)...)
	return s.data[len(s.data)-s.width:]
}

// Len is the number of rows.
func (s *Series) Len() int { return len(s.Ticks) }

// Row returns row i, in the order of TickMetrics.
func (s *Series) Row(i int) []float64 { return s.data[i*s.width : (i+1)*s.width] }

// Column returns the values of the named metric over the rows.
func (s *Series) Column(name string) []float64 {
	k := slices.IndexFunc(tickMetrics, func(t tickMetric) bool { return t.Name == name })
	if k < 0 {
		return nil
	}
	out := make([]float64, s.Len())
	for i := range out {
		out[i] = s.data[i*s.width+k]
	}
	return out
}

// observeShard scans one shard's active contributors for the per-tick
// metrics.
func (m *Model) observeShard(k int) {
	p := &m.pop
	s := &m.shards[k]
	o := observation{}
	ties := m.sc.Ties.Enabled
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
	s.obs = o
}
