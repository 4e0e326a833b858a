package sim

import (
	"math"

	"commonsim/agents"
)

// Metric is one named reporter (Mesa's DataCollector, Agents.jl's mdata):
// a column of timeseries.csv or runs.csv, with its unit, its meaning and
// how figures name it. The lists TickMetrics and SummaryMetrics drive the
// CSV headers, the units, titles and axis labels of figures, and the test
// that docs/OUTPUTS.md lists every column: a metric is added in one place.
type Metric struct {
	Name  string
	Unit  string // "" for a pure number such as a Gini
	Doc   string // one line: what it measures
	Title string // a figure's title
	Axis  string // an axis label, to which a figure adds the unit
	Scale string // said in place of the unit when there is none, such as "0 to 1"
}

// tickMetric is a per-tick reporter: a function of the model's view at a
// recorded tick.
type tickMetric struct {
	Metric
	of func(v *view) float64
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
	{Metric{"active", "contributors", "active contributors at the end of the tick",
		"Active contributors over time", "active contributors", ""},
		func(v *view) float64 { return float64(v.scan.active) }},
	{Metric{"arrivals", "contributors/tick", "newcomers who joined this tick",
		"Newcomers per week", "newcomers", ""},
		func(v *view) float64 { return float64(v.counters.arrivals) }},
	{Metric{"turned_away", "applicants/tick", "applicants turned away by the entry barrier this tick",
		"Applicants turned away per week", "applicants turned away", ""},
		func(v *view) float64 { return float64(v.counters.turnedAway) }},
	{Metric{"exits", "contributors/tick", "contributors who left this tick (forks included)",
		"Contributors leaving per week", "contributors leaving", ""},
		func(v *view) float64 { return float64(v.counters.exits + v.counters.forkExits) }},
	{Metric{"users", "users", "users of the commons",
		"Users of the commons over time", "users", ""},
		func(v *view) float64 { return v.users }},
	{Metric{"workers", "contributors/tick", "contributors who worked this tick",
		"Contributors working each week", "contributors working", ""},
		func(v *view) float64 { return float64(v.counters.workers) }},
	{Metric{"maintainers", "contributors", "maintainers (the core chosen by reputation)",
		"Maintainers over time", "maintainers", ""},
		func(v *view) float64 { return float64(v.scan.maintainers) }},
	{Metric{"managers", "contributors", "managers (hierarchical governance)",
		"Managers over time", "managers", ""},
		func(v *view) float64 { return float64(v.scan.managers) }},
	{Metric{"paid_share", "share", "share of active contributors paid by a sponsor (the owner included)",
		"Share of active contributors paid a wage", "paid contributors", ""},
		func(v *view) float64 { return ratio(float64(v.scan.paid), float64(v.scan.active)) }},
	{Metric{"mean_engagement", "", "mean engagement of active contributors, in [0,1]",
		"Engagement of active contributors over time", "mean engagement", "0 to 1"},
		func(v *view) float64 { return ratio(v.scan.engagement, float64(v.scan.active)) }},
	{Metric{"mean_intrinsic", "", "mean intrinsic motivation of active contributors, in [0,1]",
		"Intrinsic motivation of active contributors over time", "mean intrinsic motivation", "0 to 1"},
		func(v *view) float64 { return ratio(v.scan.intrinsic, float64(v.scan.active)) }},
	{Metric{"mean_ties", "ties", "mean live social ties per active contributor",
		"Social ties per active contributor over time", "mean ties", ""},
		func(v *view) float64 { return ratio(v.scan.ties, float64(v.scan.active)) }},
	{Metric{"hours", "hours/tick", "hours of work given this tick (review excluded)",
		"Hours of work per week", "hours of work", ""},
		func(v *view) float64 { return v.counters.hours }},
	{Metric{"submissions", "tasks/tick", "tasks submitted this tick",
		"Tasks submitted per week", "tasks submitted", ""},
		func(v *view) float64 { return float64(v.counters.submissions) }},
	{Metric{"accepted", "tasks/tick", "submissions accepted this tick",
		"Submissions accepted per week", "submissions accepted", ""},
		func(v *view) float64 { return float64(v.counters.accepted) }},
	{Metric{"rejected", "tasks/tick", "submissions rejected this tick",
		"Submissions rejected per week", "submissions rejected", ""},
		func(v *view) float64 { return float64(v.counters.rejected) }},
	{Metric{"abandoned", "tasks/tick", "submissions abandoned after waiting max_wait ticks",
		"Submissions abandoned per week", "submissions abandoned", ""},
		func(v *view) float64 { return float64(v.counters.abandoned) }},
	{Metric{"queue_length", "tasks", "submissions waiting for review at the end of the tick",
		"Review queue over time", "submissions waiting", ""},
		func(v *view) float64 { return float64(v.queue) }},
	{Metric{"acceptance_rate", "share", "accepted / (accepted + rejected) this tick; NaN when nothing was reviewed",
		"Share of reviewed submissions accepted each week", "acceptance rate", ""},
		func(v *view) float64 {
			return ratio(float64(v.counters.accepted), float64(v.counters.accepted+v.counters.rejected))
		}},
	{Metric{"newcomer_acceptance_rate", "share", "acceptance rate of newcomers' submissions this tick",
		"Share of newcomers' reviewed submissions accepted each week", "newcomers' acceptance rate", ""},
		func(v *view) float64 {
			return ratio(float64(v.counters.newcomerAccepted), float64(v.counters.newcomerReviewed))
		}},
	{Metric{"review_overload", "share", "reviewers' overload: review demand / reviewer hours - 1, in [0,1]",
		"Reviewers' overload over time", "review overload", ""},
		func(v *view) float64 { return v.overload }},
	{Metric{"value", "value", "commons value: sum of the modules' value stocks",
		"Value of the commons over time", "commons value", ""},
		func(v *view) float64 { return v.value }},
	{Metric{"maintenance_debt", "value", "sum of the modules' maintenance debt",
		"Maintenance debt over time", "maintenance debt", ""},
		func(v *view) float64 { return v.debt }},
	{Metric{"revenue", "money/tick", "revenue this tick: revenue_per_user * users * usable value / value",
		"Revenue per week", "revenue", ""},
		func(v *view) float64 { return v.counters.revenue }},
	{Metric{"captured_share", "share", "share of this tick's revenue the platform keeps (after reinvestment)",
		"Share of each week's revenue kept by the platform", "revenue kept by the platform", ""},
		func(v *view) float64 { return ratio(v.counters.platformKept, v.counters.revenue) }},
	{Metric{"returned_share", "share", "share of this tick's revenue returned to contributors",
		"Share of each week's revenue returned to contributors", "revenue returned to contributors", ""},
		func(v *view) float64 { return ratio(v.counters.returned, v.counters.revenue) }},
	{Metric{"gini_contribution", "", "Gini of cumulative accepted value over everyone who ever joined (zeros included, no n/(n-1) correction)",
		"Inequality of contribution over time (Gini)", "Gini of contribution", "0 = equal, 1 = unequal"},
		func(v *view) float64 { return v.inequality.giniContribution }},
	{Metric{"gini_benefit", "", "Gini of cumulative returned revenue over everyone who ever joined",
		"Inequality of benefit over time (Gini)", "Gini of benefit", "0 = equal, 1 = unequal"},
		func(v *view) float64 { return v.inequality.giniBenefit }},
	{Metric{"top1_share", "share", "share of cumulative accepted value made by the top 1% of everyone who ever joined",
		"Share of the work done by the top 1% over time", "work done by the top 1%", ""},
		func(v *view) float64 { return v.inequality.top1 }},
	{Metric{"top10_share", "share", "share of cumulative accepted value made by the top 10%",
		"Share of the work done by the top 10% over time", "work done by the top 10%", ""},
		func(v *view) float64 { return v.inequality.top10 }},
	{Metric{"bus_factor", "contributors", "smallest number of active contributors who did half of the active's recent work (accepted value and review, exponentially weighted over about 26 ticks)",
		"Bus factor over time", "bus factor", ""},
		func(v *view) float64 { return v.inequality.busFactor }},
	{Metric{"core_size", "contributors", "maintainers plus managers: the core",
		"Size of the core over time", "core size", ""},
		func(v *view) float64 { return float64(v.scan.maintainers + v.scan.managers) }},
	{Metric{"forks", "forks", "forks so far",
		"Forks so far", "forks", ""},
		func(v *view) float64 { return float64(v.totals.forks) }},
	{Metric{"usable_value", "value", "usable value: sum over modules of value^2 / (value + debt_drag * debt)",
		"Usable value of the commons over time", "usable value", ""},
		func(v *view) float64 { return v.usable }},
	{Metric{"review_hours", "hours/tick", "review hours given this tick (the share of reviewers' hours the queue used)",
		"Review hours per week", "review hours", ""},
		func(v *view) float64 { return v.counters.updated.reviewHours }},
	{Metric{"outside_hours", "hours/tick", "outside work of active contributors this tick",
		"Hours of outside work per week", "outside hours", ""},
		func(v *view) float64 {
			var h float64
			for _, x := range v.counters.outside {
				h += x
			}
			return h
		}},
	{Metric{"mean_commitment", "share", "mean commitment (share of free time given to the commons) of active contributors",
		"Commitment of active contributors over time", "mean commitment", ""},
		func(v *view) float64 { return ratio(v.scan.commitment, float64(v.scan.active)) }},
	{Metric{"mean_strain", "", "mean burnout strain of active contributors, in [0,1]",
		"Burnout strain of active contributors over time", "mean strain", "0 to 1"},
		func(v *view) float64 { return ratio(v.scan.strain, float64(v.scan.active)) }},
	{Metric{"truck_factor", "contributors", "truck factor of Avelino et al. (2016) over active authors of the modules that ever had accepted work (with several commons, all their modules: a fork's copies keep the record of their authors)",
		"Truck factor over time", "truck factor", ""},
		func(v *view) float64 { return v.inequality.truckFactor }},
	{Metric{"revenue_per_active_living", "share", "revenue per active contributor over their mean living cost, this tick",
		"Revenue per active contributor, as a share of living cost", "revenue per active / living cost", ""},
		func(v *view) float64 { return revenuePerActiveLiving(v) }},
	{Metric{"owner_core_share", "share", "share of the active core (maintainers and managers) employed by the owner",
		"Share of the core the owner employs", "core employed by the owner", ""},
		func(v *view) float64 {
			return ratio(float64(v.scan.owned), float64(v.scan.maintainers+v.scan.managers))
		}},
}

// segmentTickMetrics are the per-segment columns (docs/MODEL.md §3.5), one
// per segment each, after tickMetrics' others: prefix + the segment's name.
var segmentTickMetrics = []struct {
	prefix, unit, doc, title, axis string
	of                             func(v *view, s agents.Segment) float64
}{
	{"hours_", "hours/tick", "mean hours given (task and review) per active member: ", "Hours given per week: ", "hours given",
		func(v *view, s agents.Segment) float64 {
			u := &v.counters.updated
			return ratio(u.given[s], float64(u.members[s]))
		}},
	{"outside_hours_", "hours/tick", "mean outside hours per active member: ", "Outside work per week: ", "outside hours",
		func(v *view, s agents.Segment) float64 {
			return ratio(v.counters.outside[s], float64(v.counters.updated.members[s]))
		}},
	{"income_living_", "share", "mean commons income over living cost per active member: ", "Commons income as a share of living cost: ", "income / living cost",
		func(v *view, s agents.Segment) float64 {
			u := &v.counters.updated
			return ratio(u.incomeShare[s], float64(u.members[s]))
		}},
}

func init() {
	for _, st := range segmentTickMetrics {
		for s := range agents.NumSegments {
			of := st.of
			name := s.String() + "s"
			tickMetrics = append(tickMetrics, tickMetric{
				Metric{st.prefix + s.String(), st.unit, st.doc + name, st.title + name, st.axis, ""},
				func(v *view) float64 { return of(v, s) },
			})
		}
	}
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
