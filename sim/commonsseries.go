package sim

import (
	"slices"

	"commonsim/scenarios"
)

// This file is the per-commons time series (commons.csv, docs/OUTPUTS.md):
// at every recorded tick, one row for each commons the run holds by then,
// in long form. It observes; it changes nothing.

// commonsView is one commons as its row sees it at a recorded tick.
type commonsView struct {
	c                *commonsState
	active, coreSize int
	value, usable    float64
	capture          float64
	discontinued     bool
}

// commonsMetric is a per-commons reporter.
type commonsMetric struct {
	Metric
	of func(v *commonsView) float64
}

// commonsMetrics are the columns of commons.csv after run_id, scenario,
// point, replicate, tick and commons.
var commonsMetrics = []commonsMetric{
	{Metric{"parent", "commons", "the commons it forked from; -1 for one the run started with",
		"Parent commons", "parent", ""},
		func(v *commonsView) float64 { return float64(v.c.parent) }},
	{Metric{"founded", "tick", "tick it was founded (0 for those the run started with)",
		"Tick of founding", "founded", ""},
		func(v *commonsView) float64 { return float64(v.c.founded) }},
	{Metric{"active", "contributors", "its active contributors at the end of the tick",
		"Active contributors of each commons", "active contributors", ""},
		func(v *commonsView) float64 { return float64(v.active) }},
	{Metric{"core_size", "contributors", "its maintainers plus managers",
		"Core of each commons", "core size", ""},
		func(v *commonsView) float64 { return float64(v.coreSize) }},
	{Metric{"arrivals", "contributors/tick", "newcomers who joined it this tick",
		"Newcomers per week, by commons", "newcomers", ""},
		func(v *commonsView) float64 { return float64(v.c.counters.arrivals) }},
	{Metric{"exits", "contributors/tick", "its contributors who left the run this tick",
		"Departures per week, by commons", "departures", ""},
		func(v *commonsView) float64 { return float64(v.c.counters.exits) }},
	{Metric{"migrants_in", "contributors/tick", "contributors who moved to it this tick (a fork's founding group, migrants, a merge)",
		"Contributors moving in per week", "moving in", ""},
		func(v *commonsView) float64 { return float64(v.c.counters.migrantsIn) }},
	{Metric{"migrants_out", "contributors/tick", "contributors who moved from it to another commons this tick",
		"Contributors moving out per week", "moving out", ""},
		func(v *commonsView) float64 { return float64(v.c.counters.migrantsOut) }},
	{Metric{"users", "users", "its users",
		"Users of each commons", "users", ""},
		func(v *commonsView) float64 { return v.c.users }},
	{Metric{"attractiveness", "share", "its share of the pool of users and newcomers this tick (1 with one open commons)",
		"Attractiveness of each commons", "share of the pool", ""},
		func(v *commonsView) float64 { return v.c.share }},
	{Metric{"accepted", "tasks/tick", "submissions it accepted this tick",
		"Submissions accepted per week, by commons", "submissions accepted", ""},
		func(v *commonsView) float64 { return float64(v.c.counters.accepted) }},
	{Metric{"activity", "tasks", "accepted submissions, exponentially weighted (decay 1/26 per tick)",
		"Activity of each commons", "activity", ""},
		func(v *commonsView) float64 { return v.c.activity }},
	{Metric{"value", "value", "the value of its modules",
		"Value of each commons", "value", ""},
		func(v *commonsView) float64 { return v.value }},
	{Metric{"usable_value", "value", "the usable value of its modules",
		"Usable value of each commons", "usable value", ""},
		func(v *commonsView) float64 { return v.usable }},
	{Metric{"mean_utility", "", "mean last utility of its active contributors at the tick's update, in [0,1]; NaN with none",
		"Utility of each commons' contributors", "mean utility", "0 to 1"},
		func(v *commonsView) float64 { return ratio(v.c.last.utility, float64(v.c.last.active)) }},
	{Metric{"capture_rate", "share", "the capture rate of its platform this tick",
		"Capture rate of each commons", "capture rate", ""},
		func(v *commonsView) float64 { return v.capture }},
	{Metric{"discontinued", "0/1", "1 when it accepted no work in the last ecosystem.discontinued_after ticks",
		"Discontinued commons", "discontinued", ""},
		func(v *commonsView) float64 { return b2f(v.discontinued) }},
	{Metric{"closed", "0/1", "1 once it has merged back into its parent",
		"Commons merged back", "closed", ""},
		func(v *commonsView) float64 { return b2f(v.c.closed) }},
}

// CommonsMetrics lists the columns of commons.csv after the identity
// columns, tick and commons.
func CommonsMetrics() []Metric {
	out := make([]Metric, len(commonsMetrics))
	for i, c := range commonsMetrics {
		out[i] = c.Metric
	}
	return out
}

// CommonsSeries is a run's per-commons time series: one row per recorded
// tick and commons held by then, columns in the order of CommonsMetrics.
type CommonsSeries struct {
	Ticks   []int
	Commons []int
	data    []float64
	width   int
}

func newCommonsSeries(sc *scenarios.Scenario) *CommonsSeries {
	rows := (sc.Run.Ticks/sc.Run.RecordEvery + 1) * sc.Ecosystem.Commons
	w := len(commonsMetrics)
	return &CommonsSeries{Ticks: make([]int, 0, rows), Commons: make([]int, 0, rows), data: make([]float64, 0, rows*w), width: w}
}

// Len is the number of rows.
func (s *CommonsSeries) Len() int { return len(s.Ticks) }

// Row returns row i, in the order of CommonsMetrics.
func (s *CommonsSeries) Row(i int) []float64 { return s.data[i*s.width : (i+1)*s.width] }

// Column returns the values of the named metric over the rows.
func (s *CommonsSeries) Column(name string) []float64 {
	k := slices.IndexFunc(commonsMetrics, func(c commonsMetric) bool { return c.Name == name })
	if k < 0 {
		return nil
	}
	return column(s.data, s.width, k)
}

// recordCommons records one row per commons at a recorded tick, from the
// observation pass's per-commons counts.
func (m *Model) recordCommons() {
	s := m.commons
	after := m.params.ecosystem.DiscontinuedAfter
	for k := range m.cs {
		c := &m.cs[k]
		// The view is the model's scratch: a local would escape through
		// the metrics' functions and cost an allocation per commons.
		v := &m.commonsView
		*v = commonsView{c: c, value: m.valueOf(c), usable: m.usableOf(c), capture: m.captureRate(c),
			discontinued: !c.closed && c.discontinued(m.tick, after)}
		for i := range m.shards {
			v.active += m.shards[i].perCommons[k].active
			v.coreSize += m.shards[i].perCommons[k].coreSize
		}
		s.Ticks = append(s.Ticks, int(m.tick))
		s.Commons = append(s.Commons, k)
		for _, cm := range commonsMetrics {
			s.data = append(s.data, cm.of(v))
		}
	}
}
