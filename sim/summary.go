package sim

import (
	"math"
	"slices"

	"commonsim/agents"
	"commonsim/analysis"
)

// final is what the run summaries are computed from: the model at its last
// tick and its time series.
type final struct {
	m         *Model
	contrib   []float64 // cumulative accepted value of everyone who ever joined
	positive  []float64 // the same, contributors with accepted work only
	km        analysis.KMCurve
	tail      analysis.PowerLawFit
	tailErr   error
	active    []float64
	value     []float64
	collapse  int
	collapsed bool
	ticks     []float64
}

type summaryMetric struct {
	Metric
	of func(f *final) float64
}

// summaryMetrics are the per-run reporters, the columns of runs.csv after
// the identity and parameter columns.
var summaryMetrics = []summaryMetric{
	{Metric{"final_active", "contributors", "active contributors at the last tick"}, func(f *final) float64 { return last(f.active) }},
	{Metric{"peak_active", "contributors", "largest number of active contributors at a recorded tick"}, func(f *final) float64 { return slices.Max(f.active) }},
	{Metric{"peak_active_tick", "tick", "first recorded tick with peak_active"}, func(f *final) float64 {
		return f.ticks[slices.Index(f.active, slices.Max(f.active))]
	}},
	{Metric{"final_value", "value", "commons value at the last tick"}, func(f *final) float64 { return last(f.value) }},
	{Metric{"value_trend", "value/tick", "OLS slope of commons value over the second half of the run"}, func(f *final) float64 {
		h := len(f.ticks) / 2
		return analysis.Trend(f.ticks[h:], f.value[h:])
	}},
	{Metric{"collapsed", "0/1", "1 when active contributors or value stayed below the collapse thresholds for collapse_window ticks"}, func(f *final) float64 { return b2f(f.collapsed) }},
	{Metric{"collapse_tick", "tick", "tick at which the collapse began; NaN if none"}, func(f *final) float64 {
		if !f.collapsed {
			return math.NaN()
		}
		return f.ticks[f.collapse]
	}},
	{Metric{"contributors_ever", "contributors", "everyone who ever joined (founders included)"}, func(f *final) float64 { return float64(len(f.contrib)) }},
	{Metric{"contributed_share", "share", "share of everyone who ever joined with at least one accepted task"}, func(f *final) float64 {
		return ratio(float64(len(f.positive)), float64(len(f.contrib)))
	}},
	{Metric{"total_arrivals", "contributors", "newcomers over the run"}, func(f *final) float64 { return float64(f.m.totals.arrivals) }},
	{Metric{"total_turned_away", "applicants", "applicants turned away by the entry barrier over the run"}, func(f *final) float64 { return float64(f.m.totals.turnedAway) }},
	{Metric{"total_exits", "contributors", "departures over the run"}, func(f *final) float64 { return float64(f.m.totals.exits) }},
	{Metric{"forks", "forks", "forks over the run"}, func(f *final) float64 { return float64(f.m.totals.forks) }},
	{Metric{"acceptance_rate", "share", "accepted / reviewed over the run"}, func(f *final) float64 {
		var acc, rej float64
		for i := range f.m.pop.Len() {
			acc += float64(f.m.pop.Accepted[i])
			rej += float64(f.m.pop.Rejected[i])
		}
		return ratio(acc, acc+rej)
	}},
	{Metric{"mean_engagement", "", "mean engagement of active contributors at the last tick"}, func(f *final) float64 { return last(f.m.series.Column("mean_engagement")) }},
	{Metric{"gini_contribution", "", "Gini of cumulative accepted value over everyone who ever joined (zeros included; no n/(n-1) correction)"}, func(f *final) float64 { return analysis.GiniSorted(f.contrib) }},
	{Metric{"gini_contribution_contributors", "", "the same Gini over contributors with accepted work only"}, func(f *final) float64 { return analysis.GiniSorted(f.positive) }},
	{Metric{"top1_share", "share", "share of accepted value made by the top 1% of everyone who ever joined"}, func(f *final) float64 { return analysis.TopShareSorted(f.contrib, 0.01) }},
	{Metric{"top10_share", "share", "share of accepted value made by the top 10% of everyone who ever joined"}, func(f *final) float64 { return analysis.TopShareSorted(f.contrib, 0.10) }},
	{Metric{"theil_contribution", "", "Theil T of accepted value over everyone who ever joined (zeros add 0 ln 0 = 0)"}, func(f *final) float64 { return analysis.Theil(f.contrib) }},
	{Metric{"hoover_contribution", "share", "Hoover index of accepted value over everyone who ever joined"}, func(f *final) float64 { return analysis.Hoover(f.contrib) }},
	{Metric{"palma_contribution", "", "Palma ratio (top 10% / bottom 40%) of accepted value over contributors with accepted work"}, func(f *final) float64 { return analysis.PalmaSorted(f.positive) }},
	{Metric{"gini_benefit", "", "Gini of cumulative returned revenue over everyone who ever joined"}, func(f *final) float64 {
		b := slices.Clone(f.m.pop.Benefit)
		slices.Sort(b)
		return analysis.GiniSorted(b)
	}},
	{Metric{"bus_factor", "contributors", "smallest number who made half of the recent accepted value at the last tick"}, func(f *final) float64 { return last(f.m.series.Column("bus_factor")) }},
	{Metric{"core_size", "contributors", "maintainers plus managers at the last tick"}, func(f *final) float64 { return last(f.m.series.Column("core_size")) }},
	{Metric{"captured_share", "share", "share of all revenue over the run kept by the platform"}, func(f *final) float64 { return ratio(f.m.totals.captured, f.m.totals.revenue) }},
	{Metric{"returned_share", "share", "share of all revenue over the run returned to contributors"}, func(f *final) float64 { return ratio(f.m.totals.returned, f.m.totals.revenue) }},
	{Metric{"benefit_ratio_volunteer", "", "volunteers' share of returned revenue / their share of accepted value"}, func(f *final) float64 { return f.benefitRatio(agents.Volunteer) }},
	{Metric{"benefit_ratio_student", "", "students' share of returned revenue / their share of accepted value"}, func(f *final) float64 { return f.benefitRatio(agents.Student) }},
	{Metric{"benefit_ratio_employee", "", "employees' share of returned revenue / their share of accepted value"}, func(f *final) float64 { return f.benefitRatio(agents.Employee) }},
	{Metric{"median_tenure", "ticks", "Kaplan-Meier median time from joining to leaving, the still-active censored; +Inf when survival never falls to 0.5"}, func(f *final) float64 { return f.km.Median() }},
	{Metric{"retention_4", "share", "share of newcomers (joined after tick 0, at least 4 ticks before the end) still active 4 ticks after joining"}, func(f *final) float64 { return f.retention(4) }},
	{Metric{"retention_52", "share", "share of newcomers still active 52 ticks after joining"}, func(f *final) float64 { return f.retention(52) }},
	{Metric{"tail_alpha", "", "exponent of the accepted-task-count tail, discrete power-law MLE (Clauset, Shalizi & Newman 2009); NaN if too few contributors"}, func(f *final) float64 {
		if f.tailErr != nil {
			return math.NaN()
		}
		return f.tail.Alpha
	}},
	{Metric{"tail_xmin", "tasks", "lower cut-off of the tail chosen by the Kolmogorov-Smirnov distance"}, func(f *final) float64 {
		if f.tailErr != nil {
			return math.NaN()
		}
		return float64(f.tail.Xmin)
	}},
	{Metric{"tail_ks", "", "Kolmogorov-Smirnov distance of the fitted tail"}, func(f *final) float64 {
		if f.tailErr != nil {
			return math.NaN()
		}
		return f.tail.KS
	}},
	{Metric{"tail_n", "contributors", "contributors in the fitted tail (count >= tail_xmin)"}, func(f *final) float64 {
		if f.tailErr != nil {
			return math.NaN()
		}
		return float64(f.tail.NTail)
	}},
}

// SummaryMetrics lists the summary columns of runs.csv.
func SummaryMetrics() []Metric {
	out := make([]Metric, len(summaryMetrics))
	for i, s := range summaryMetrics {
		out[i] = s.Metric
	}
	return out
}

func last(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	return x[len(x)-1]
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (f *final) benefitRatio(seg agents.Segment) float64 {
	p := &f.m.pop
	var c, b, ct, bt float64
	for i := range p.Len() {
		ct += p.Contributed[i]
		bt += p.Benefit[i]
		if p.Segment[i] == seg {
			c += p.Contributed[i]
			b += p.Benefit[i]
		}
	}
	return ratio(ratio(b, bt), ratio(c, ct))
}

func (f *final) retention(h int32) float64 {
	p := &f.m.pop
	end := f.m.tick
	var n, kept float64
	for i := range p.Len() {
		if p.Flags[i]&agents.Founder != 0 || p.Joined[i]+h > end {
			continue
		}
		n++
		if p.Left[i] < 0 || p.Left[i]-p.Joined[i] >= h {
			kept++
		}
	}
	return ratio(kept, n)
}

func (m *Model) finish() *final {
	p := &m.pop
	f := &final{m: m}
	f.contrib = slices.Clone(p.Contributed)
	slices.Sort(f.contrib)
	i := sort0(f.contrib)
	f.positive = f.contrib[i:]
	durations := make([]float64, p.Len())
	observed := make([]bool, p.Len())
	counts := make([]int, 0, p.Len())
	for i := range p.Len() {
		end := m.tick
		if p.Left[i] >= 0 {
			end = p.Left[i]
			observed[i] = true
		}
		durations[i] = float64(end - p.Joined[i])
		if p.Accepted[i] > 0 {
			counts = append(counts, int(p.Accepted[i]))
		}
	}
	f.km = analysis.KaplanMeier(durations, observed)
	f.tail, f.tailErr = analysis.FitDiscretePowerLaw(counts)
	f.active = m.series.Column("active")
	f.value = m.series.Column("value")
	f.ticks = make([]float64, m.series.Len())
	for i, t := range m.series.Ticks {
		f.ticks[i] = float64(t)
	}
	f.collapse, f.collapsed = m.collapse(f.active, f.value)
	return f
}

// sort0 returns the index of the first positive value in sorted.
func sort0(sorted []float64) int {
	i, _ := slices.BinarySearchFunc(sorted, 0.0, func(a, b float64) int {
		if a <= b {
			return -1
		}
		return 1
	})
	return i
}

// collapse finds the first recorded tick from which active contributors
// stayed below collapse_active, or value below collapse_value_share of its
// running peak, for collapse_window ticks.
func (m *Model) collapse(active, value []float64) (int, bool) {
	run := m.sc.Run
	window := max(1, (run.CollapseWindow+run.RecordEvery-1)/run.RecordEvery)
	start, ok := analysis.Collapse(active, float64(run.CollapseActive), window)
	rel := make([]float64, len(value))
	peak := 0.0
	for i, v := range value {
		peak = max(peak, v)
		rel[i] = ratio(v, peak)
	}
	vs, vok := analysis.Collapse(rel, run.CollapseValueShare, window)
	switch {
	case ok && vok:
		return min(start, vs), true
	case ok:
		return start, true
	case vok:
		return vs, true
	}
	return -1, false
}

// LorenzPoints is the number of points of the Lorenz curves in a result.
const LorenzPoints = 101
