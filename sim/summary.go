package sim

import (
	"math"
	"slices"

	"commonsim/agents"
	"commonsim/analysis"
)

// final is the run at its end as the summary metrics see it: slices and
// numbers made from the model and its time series by finish, so that no
// metric reads (or changes) the model itself.
type final struct {
	contrib   []float64 // cumulative accepted value of everyone who ever joined, ascending
	positive  []float64 // the same, contributors with accepted work only
	benefit   []float64 // cumulative returned revenue of everyone who ever joined
	km        analysis.KMCurve
	tail      analysis.PowerLawFit
	tailErr   error
	ticks     []float64 // the recorded ticks
	active    []float64 // active contributors at the recorded ticks
	value     []float64 // commons value at the recorded ticks
	series    *Series
	collapse  int
	collapsed bool
	totals    runTotals

	acceptance   float64                     // accepted / reviewed over the run
	benefitRatio [agents.NumSegments]float64 // by segment
	retention4   float64                     // newcomers still active 4 ticks after joining
	retention52  float64                     // ... and 52
	lastYear     []float64                   // active contributors' work over the last 52 ticks, ascending
	weeklyHours  [hoursBins]int              // active contributors by FLOSS bin at the last tick

	// The ecosystem at the end (mechanisms 12 and 19).
	outcomes      [NumOutcomes]int // forks by outcome
	founding      int              // contributors who moved in forks' founding groups
	commonsLive   int              // commons neither closed nor discontinued
	largestActive float64          // the largest commons' share of active contributors
	largestValue  float64          // the largest commons' share of value
}

type summaryMetric struct {
	Metric
	of func(f *final) float64
}

// summaryMetrics are the per-run reporters, the columns of runs.csv after
// the identity and parameter columns.
var summaryMetrics = []summaryMetric{
	{Metric{"final_active", "contributors", "active contributors at the last tick",
		"Active contributors at the end", "active contributors at the end", ""},
		func(f *final) float64 { return last(f.active) }},
	{Metric{"peak_active", "contributors", "largest number of active contributors at a recorded tick",
		"Largest number of active contributors", "peak active contributors", ""},
		func(f *final) float64 { return slices.Max(f.active) }},
	{Metric{"peak_active_tick", "tick", "first recorded tick with peak_active",
		"When active contributors peaked", "tick of the peak", ""},
		func(f *final) float64 { return f.ticks[slices.Index(f.active, slices.Max(f.active))] }},
	{Metric{"final_value", "value", "commons value at the last tick",
		"Value of the commons at the end", "commons value at the end", ""},
		func(f *final) float64 { return last(f.value) }},
	{Metric{"value_trend", "value/tick", "OLS slope of commons value over the second half of the run",
		"Growth of the commons' value in the second half", "value trend", ""},
		func(f *final) float64 {
			h := len(f.ticks) / 2
			return analysis.Trend(f.ticks[h:], f.value[h:])
		}},
	{Metric{"collapsed", "0/1", "1 when active contributors or value stayed below the collapse thresholds for collapse_window ticks",
		"Share of runs in which the commons collapsed", "collapsed", ""},
		func(f *final) float64 { return b2f(f.collapsed) }},
	{Metric{"collapse_tick", "tick", "tick at which the collapse began; NaN if none",
		"When the commons collapsed", "tick of collapse", ""},
		func(f *final) float64 {
			if !f.collapsed {
				return math.NaN()
			}
			return f.ticks[f.collapse]
		}},
	{Metric{"contributors_ever", "contributors", "everyone who ever joined (founders included)",
		"Contributors who ever joined", "contributors ever", ""},
		func(f *final) float64 { return float64(len(f.contrib)) }},
	{Metric{"contributed_share", "share", "share of everyone who ever joined with at least one accepted task",
		"Share of contributors with accepted work", "contributed share", ""},
		func(f *final) float64 { return ratio(float64(len(f.positive)), float64(len(f.contrib))) }},
	{Metric{"total_arrivals", "contributors", "newcomers over the run",
		"Newcomers over the run", "newcomers", ""},
		func(f *final) float64 { return float64(f.totals.arrivals) }},
	{Metric{"total_turned_away", "applicants", "applicants turned away by the entry barrier over the run",
		"Applicants turned away over the run", "applicants turned away", ""},
		func(f *final) float64 { return float64(f.totals.turnedAway) }},
	{Metric{"total_exits", "contributors", "departures over the run",
		"Departures over the run", "departures", ""},
		func(f *final) float64 { return float64(f.totals.exits) }},
	{Metric{"forks", "forks", "forks over the run",
		"Forks", "forks", ""},
		func(f *final) float64 { return float64(f.totals.forks) }},
	{Metric{"acceptance_rate", "share", "accepted / reviewed over the run",
		"Share of reviewed submissions accepted", "acceptance rate", ""},
		func(f *final) float64 { return f.acceptance }},
	{Metric{"mean_engagement", "", "mean engagement of active contributors at the last tick",
		"Engagement of active contributors at the end", "mean engagement", "0 to 1"},
		func(f *final) float64 { return last(f.series.Column("mean_engagement")) }},
	{Metric{"gini_contribution", "", "Gini of cumulative accepted value over everyone who ever joined (zeros included; no n/(n-1) correction)",
		"Inequality of contribution at the end (Gini)", "Gini of contribution", "0 = equal, 1 = unequal"},
		func(f *final) float64 { return analysis.GiniSorted(f.contrib) }},
	{Metric{"gini_contribution_contributors", "", "the same Gini over contributors with accepted work only",
		"Inequality of contribution among contributors with accepted work (Gini)", "Gini among contributors", "0 = equal, 1 = unequal"},
		func(f *final) float64 { return analysis.GiniSorted(f.positive) }},
	{Metric{"top1_share", "share", "share of accepted value made by the top 1% of everyone who ever joined",
		"Share of the work done by the top 1%", "work done by the top 1%", ""},
		func(f *final) float64 { return analysis.TopShareSorted(f.contrib, 0.01) }},
	{Metric{"top10_share", "share", "share of accepted value made by the top 10% of everyone who ever joined",
		"Share of the work done by the top 10%", "work done by the top 10%", ""},
		func(f *final) float64 { return analysis.TopShareSorted(f.contrib, 0.10) }},
	{Metric{"theil_contribution", "", "Theil T of accepted value over everyone who ever joined (zeros add 0 ln 0 = 0)",
		"Inequality of contribution at the end (Theil)", "Theil index of contribution", "0 = equal"},
		func(f *final) float64 { return analysis.Theil(f.contrib) }},
	{Metric{"hoover_contribution", "share", "Hoover index of accepted value over everyone who ever joined",
		"Inequality of contribution at the end (Hoover)", "Hoover index of contribution", ""},
		func(f *final) float64 { return analysis.Hoover(f.contrib) }},
	{Metric{"palma_contribution", "", "Palma ratio (top 10% / bottom 40%) of accepted value over contributors with accepted work",
		"Inequality of contribution at the end (Palma ratio)", "Palma ratio of contribution", "top 10% / bottom 40%"},
		func(f *final) float64 { return analysis.PalmaSorted(f.positive) }},
	{Metric{"gini_benefit", "", "Gini of cumulative returned revenue over everyone who ever joined",
		"Inequality of benefit at the end (Gini)", "Gini of benefit", "0 = equal, 1 = unequal"},
		func(f *final) float64 { return analysis.Gini(f.benefit) }},
	{Metric{"bus_factor", "contributors", "smallest number of active contributors who did half of the active's recent work (accepted value and review) at the last tick",
		"Bus factor at the end", "bus factor", ""},
		func(f *final) float64 { return last(f.series.Column("bus_factor")) }},
	{Metric{"core_size", "contributors", "maintainers plus managers at the last tick",
		"Size of the core at the end", "core size", ""},
		func(f *final) float64 { return last(f.series.Column("core_size")) }},
	{Metric{"captured_share", "share", "share of all revenue over the run kept by the platform",
		"Share of revenue kept by the platform", "revenue kept by the platform", ""},
		func(f *final) float64 { return ratio(f.totals.kept, f.totals.revenue) }},
	{Metric{"returned_share", "share", "share of all revenue over the run returned to contributors",
		"Share of revenue returned to contributors", "revenue returned to contributors", ""},
		func(f *final) float64 { return ratio(f.totals.returned, f.totals.revenue) }},
	{Metric{"benefit_ratio_volunteer", "", "volunteers' share of returned revenue / their share of accepted value",
		"Volunteers' benefit for their work", "volunteers' benefit ratio", "1 = paid back in proportion"},
		func(f *final) float64 { return f.benefitRatio[agents.Volunteer] }},
	{Metric{"benefit_ratio_student", "", "students' share of returned revenue / their share of accepted value",
		"Students' benefit for their work", "students' benefit ratio", "1 = paid back in proportion"},
		func(f *final) float64 { return f.benefitRatio[agents.Student] }},
	{Metric{"benefit_ratio_employee", "", "employees' share of returned revenue / their share of accepted value",
		"Employees' benefit for their work", "employees' benefit ratio", "1 = paid back in proportion"},
		func(f *final) float64 { return f.benefitRatio[agents.Employee] }},
	{Metric{"median_tenure", "ticks", "Kaplan-Meier median time from joining to leaving, the still-active censored; +Inf when survival never falls to 0.5",
		"Median tenure of contributors", "median tenure", ""},
		func(f *final) float64 { return f.km.Median() }},
	{Metric{"retention_4", "share", "share of newcomers (joined after tick 0, at least 4 ticks before the end) still active 4 ticks after joining",
		"Newcomers still active after a month", "one-month retention", ""},
		func(f *final) float64 { return f.retention4 }},
	{Metric{"retention_52", "share", "share of newcomers still active 52 ticks after joining",
		"Newcomers still active after a year", "one-year retention", ""},
		func(f *final) float64 { return f.retention52 }},
	{Metric{"tail_alpha", "", "exponent of the accepted-task-count tail, discrete power-law MLE (Clauset, Shalizi & Newman 2009); NaN if too few contributors",
		"Tail exponent of contribution counts", "tail exponent", "steeper above"},
		func(f *final) float64 { return f.tailOr(f.tail.Alpha) }},
	{Metric{"tail_xmin", "tasks", "lower cut-off of the tail chosen by the Kolmogorov-Smirnov distance",
		"Lower cut-off of the tail", "tail cut-off", ""},
		func(f *final) float64 { return f.tailOr(float64(f.tail.Xmin)) }},
	{Metric{"tail_ks", "", "Kolmogorov-Smirnov distance of the fitted tail",
		"Fit of the tail (Kolmogorov-Smirnov distance)", "KS distance", "0 = perfect fit"},
		func(f *final) float64 { return f.tailOr(f.tail.KS) }},
	{Metric{"tail_n", "contributors", "contributors in the fitted tail (count >= tail_xmin)",
		"Contributors in the fitted tail", "contributors in the tail", ""},
		func(f *final) float64 { return f.tailOr(float64(f.tail.NTail)) }},
	{Metric{"final_usable_value", "value", "usable value at the last tick",
		"Usable value of the commons at the end", "usable value at the end", ""},
		func(f *final) float64 { return last(f.series.Column("usable_value")) }},
	{Metric{"truck_factor", "contributors", "truck factor (Avelino et al. 2016) at the last tick, over active authors (with several commons, of all their modules)",
		"Truck factor at the end", "truck factor", ""},
		func(f *final) float64 { return last(f.series.Column("truck_factor")) }},
	{Metric{"top10_active_share_52", "share", "share of the work (accepted value and review) of the last 52 ticks done by the top 10% of active contributors",
		"Share of the last year's work done by the top 10% of the active", "work done by the top 10% of the active", ""},
		func(f *final) float64 {
			if len(f.lastYear) == 0 {
				return math.NaN()
			}
			return analysis.TopShareSorted(f.lastYear, 0.10)
		}},
	{Metric{"review_share", "share", "share of all hours given over the run that were review",
		"Share of hours given to review", "review share of hours", ""},
		func(f *final) float64 { return ratio(f.totals.reviewHours, f.totals.hours+f.totals.reviewHours) }},
	{Metric{"paid_hours_share", "share", "share of all hours given (task and review) over the run given by paid contributors (Riehle et al. 2014: about half)",
		"Share of hours given by paid contributors", "paid share of hours", ""},
		func(f *final) float64 { return ratio(f.totals.paidHours, f.totals.hours+f.totals.reviewHours) }},
	{Metric{"revenue_per_active_living", "share", "revenue per active contributor over their mean living cost, mean over the recorded ticks of the last 52",
		"Revenue per active contributor, as a share of living cost", "revenue per active / living cost", ""},
		func(f *final) float64 { return ratio(f.totals.revenueShare, float64(f.totals.revenueShareTicks)) }},
	{Metric{"mean_commitment", "share", "mean commitment of active contributors at the last tick",
		"Commitment of active contributors at the end", "mean commitment", ""},
		func(f *final) float64 { return last(f.series.Column("mean_commitment")) }},
	{Metric{"owner_core_share", "share", "share of the active core employed by the owner at the last tick",
		"Share of the core the owner employs at the end", "core employed by the owner", ""},
		func(f *final) float64 { return last(f.series.Column("owner_core_share")) }},
	{Metric{"fork_founding", "contributors", "contributors who moved in forks' founding groups over the run (founders and followers)",
		"Contributors in forks' founding groups", "founding groups", ""},
		func(f *final) float64 { return float64(f.founding) }},
	{Metric{"forks_both_continue", "forks", "forks after which parent and fork both continue at the last tick (Robles & Gonzalez-Barahona 2012)",
		"Forks after which both continue", "both continue", ""},
		func(f *final) float64 { return float64(f.outcomes[BothContinue]) }},
	{Metric{"forks_original_discontinued", "forks", "forks whose parent is discontinued at the last tick and the fork not",
		"Forks whose original was discontinued", "original discontinued", ""},
		func(f *final) float64 { return float64(f.outcomes[OriginalDiscontinued]) }},
	{Metric{"forks_fork_discontinued", "forks", "forks discontinued at the last tick, their parent not",
		"Forks discontinued", "fork discontinued", ""},
		func(f *final) float64 { return float64(f.outcomes[ForkDiscontinued]) }},
	{Metric{"forks_both_discontinued", "forks", "forks discontinued at the last tick, and their parent too",
		"Forks discontinued with their original", "both discontinued", ""},
		func(f *final) float64 { return float64(f.outcomes[BothDiscontinued]) }},
	{Metric{"forks_merged_back", "forks", "forks merged back into their parent (fork.merge_back)",
		"Forks merged back", "merged back", ""},
		func(f *final) float64 { return float64(f.outcomes[MergedBack]) }},
	{Metric{"commons_live", "commons", "commons neither merged back nor discontinued at the last tick",
		"Commons still live at the end", "live commons", ""},
		func(f *final) float64 { return float64(f.commonsLive) }},
	{Metric{"largest_active_share", "share", "the largest commons' share of active contributors at the last tick (1 with one commons)",
		"The largest commons' share of contributors", "largest commons' share of contributors", ""},
		func(f *final) float64 { return f.largestActive }},
	{Metric{"largest_value_share", "share", "the largest commons' share of value at the last tick (1 with one commons)",
		"The largest commons' share of value", "largest commons' share of value", ""},
		func(f *final) float64 { return f.largestValue }},
}

// hoursBinNames are the FLOSS 2002 survey's bins of weekly hours, as
// column suffixes and in words.
var hoursBinNames = [hoursBins][2]string{
	{"lt2", "under 2"}, {"2_5", "2 to 5"}, {"6_10", "6 to 10"}, {"11_20", "11 to 20"}, {"21_40", "21 to 40"}, {"gt40", "over 40"},
}

func init() {
	for k, name := range hoursBinNames {
		summaryMetrics = append(summaryMetrics, summaryMetric{
			Metric{"hours_" + name[0], "share",
				"share of active contributors at the last tick who give " + name[1] + " hours a week (review plus working probability times task hours, rounded; FLOSS 2002 bins)",
				"Share of active contributors giving " + name[1] + " hours a week", name[1] + " hours a week", ""},
			func(f *final) float64 {
				n := 0
				for _, c := range f.weeklyHours {
					n += c
				}
				return ratio(float64(f.weeklyHours[k]), float64(n))
			},
		})
	}
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

// tailOr is x, or NaN when the tail could not be fitted.
func (f *final) tailOr(x float64) float64 {
	if f.tailErr != nil {
		return math.NaN()
	}
	return x
}

// finish makes the end-of-run view of the model.
func (m *Model) finish() *final {
	p := &m.pop
	n := p.Len()
	f := &final{series: m.series, totals: m.totals, benefit: slices.Clone(p.Benefit)}
	f.contrib = slices.Clone(p.Contributed)
	slices.Sort(f.contrib)
	f.positive = f.contrib[firstPositive(f.contrib):]
	durations := make([]float64, n)
	observed := make([]bool, n)
	newcomer := make([]bool, n)
	counts := make([]int, 0, n)
	for i := range n {
		end := m.tick
		if p.Left[i] >= 0 {
			end = p.Left[i]
			observed[i] = true
		}
		durations[i] = float64(end - p.Joined[i])
		newcomer[i] = p.Flags[i]&agents.Founder == 0
		if p.Accepted[i] > 0 {
			counts = append(counts, int(p.Accepted[i]))
		}
	}
	f.km = analysis.KaplanMeier(durations, observed)
	f.tail, f.tailErr = analysis.FitDiscretePowerLaw(counts)
	f.retention4 = analysis.Retention(p.Joined, p.Left, newcomer, m.tick, 4)
	f.retention52 = analysis.Retention(p.Joined, p.Left, newcomer, m.tick, 52)
	f.acceptance = analysis.AcceptanceRate(p.Accepted, p.Rejected)
	in := make([]bool, n)
	for seg := range agents.NumSegments {
		for i := range n {
			in[i] = p.Segment[i] == seg
		}
		f.benefitRatio[seg] = analysis.ShareRatio(p.Contributed, p.Benefit, in)
	}
	f.active = m.series.Column("active")
	f.value = m.series.Column("value")
	f.ticks = make([]float64, m.series.Len())
	for i, t := range m.series.Ticks {
		f.ticks[i] = float64(t)
	}
	run := m.sc.Run
	window := max(1, (run.CollapseWindow+run.RecordEvery-1)/run.RecordEvery)
	f.collapse, f.collapsed = analysis.CollapseOfCommons(f.active, f.value, float64(run.CollapseActive), run.CollapseValueShare, window)
	for i := range n {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		w := m.workDone(i)
		if i < len(m.obs.snapshot) {
			w -= m.obs.snapshot[i]
		}
		f.lastYear = append(f.lastYear, w)
	}
	slices.Sort(f.lastYear)
	f.weeklyHours = m.counters.weeklyHours
	m.finishEcosystem(f)
	return f
}

// finishEcosystem fills in the ecosystem's end: forks by outcome, the
// founding groups, the live commons and the largest commons' shares of
// active contributors and of value.
func (m *Model) finishEcosystem(f *final) {
	for k := range m.forks {
		f.outcomes[m.outcome(&m.forks[k])]++
		f.founding += m.forks[k].founders + m.forks[k].followers
	}
	active := m.activeByCommons()
	after := m.params.ecosystem.DiscontinuedAfter
	var total, most int
	var value, largest float64
	for k := range m.cs {
		c := &m.cs[k]
		if !c.closed && !c.discontinued(m.tick, after) {
			f.commonsLive++
		}
		total += active[k]
		most = max(most, active[k])
		v := m.valueOf(c)
		value += v
		largest = max(largest, v)
	}
	f.largestActive = ratio(float64(most), float64(total))
	f.largestValue = ratio(largest, value)
}

// firstPositive returns the index of the first positive value in sorted
// (ascending, non-negative).
func firstPositive(sorted []float64) int {
	i, _ := slices.BinarySearchFunc(sorted, 0.0, func(a, b float64) int {
		if a <= b {
			return -1
		}
		return 1
	})
	return i
}

// LorenzPoints is the number of points of the Lorenz curves in a result.
const LorenzPoints = 101
