package serve

import (
	"slices"

	"commonsim/scenarios"
)

// chart is one live chart of the page: a metric of the registry, whose
// title, axis label, unit, scale and meaning come from the registry
// (sim.Metric), with a sentence for students.
type chart struct {
	Metric  string `json:"metric"`
	Title   string `json:"title"`
	Axis    string `json:"axis"`
	Unit    string `json:"unit"`
	Scale   string `json:"scale"`
	Doc     string `json:"doc"`
	Explain string `json:"explain"`
	Share   bool   `json:"share"` // drawn on a fixed 0 to 1 axis
}

// chartWish lists the charts the lab draws, in order. Each names the
// metrics it can show, best first: a chart is drawn with the first the
// registry has and left out when it has none, so that a renamed or removed
// metric drops a chart instead of breaking the page (model version 2 is to
// add a truck factor beside the bus factor). What the registry does not
// say is here: a sentence for students, and whether the axis is fixed to
// 0 to 1.
var chartWish = []struct {
	names   []string
	explain string
	share   bool
}{
	{[]string{"active"},
		"People taking part in the commons this week. It grows when newcomers join faster than others leave.", false},
	{[]string{"value"},
		"Everything the contributors' accepted work has built, less what wears out each week.", false},
	{[]string{"gini_contribution"},
		"0: everyone who ever joined did the same amount of work; 1: one person did it all.", true},
	{[]string{"truck_factor", "bus_factor"},
		"The fewest people who together made half of the recent work. Small means fragile: lose them and half the work stops.", false},
	{[]string{"mean_engagement"},
		"How keen the active contributors are, on average. Someone whose engagement falls too low leaves.", true},
	{[]string{"captured_share"},
		"The share of the money the commons earns this week that the platform owner keeps instead of returning it.", true},
}

// lorenzChart describes a Lorenz chart, drawn from each chunk's curves.
// The curves are not metrics of the registry: their words are here.
type lorenzChart struct {
	Curve   string `json:"curve"` // contribution or benefit: the key of the curve in a lorenz event
	Title   string `json:"title"`
	Axis    string `json:"axis"`  // the y axis
	XAxis   string `json:"xaxis"` // the x axis
	Explain string `json:"explain"`
}

// lorenzCharts are drawn side by side: who did the work, and who got the
// money back. A platform that captures the value shows as a benefit curve
// far below the contribution curve (or none at all: nobody got anything).
var lorenzCharts = []lorenzChart{
	{
		Curve: "contribution",
		Title: "Who did the work (Lorenz curve)",
		Axis:  "share of all accepted work",
		XAxis: "share of everyone who ever joined (least work first)",
		Explain: "Everyone who ever joined, sorted from least to most work done (left to right), against the share of all work " +
			"the people up to that point did. The straight diagonal is perfect equality; the lower the curve sags, the more " +
			"a few people did most of the work.",
	},
	{
		Curve: "benefit",
		Title: "Who got the money back (Lorenz curve)",
		Axis:  "share of all revenue returned",
		XAxis: "share of everyone who ever joined (least paid back first)",
		Explain: "The same people, sorted by the revenue returned to them so far. Compare it with the work: when the platform " +
			"keeps the money, little or nothing is returned and the curve is missing; when a few are paid, it sags like " +
			"the work's.",
	},
}

// survivalChart describes the chart of how long contributors stay, drawn
// when a run has finished (the Kaplan–Meier curve needs everyone's tenure).
var survivalChart = struct {
	Title   string `json:"title"`
	Axis    string `json:"axis"`
	XAxis   string `json:"xaxis"`
	Explain string `json:"explain"`
}{
	Title: "How long contributors stay (Kaplan–Meier)",
	Axis:  "share still active",
	XAxis: "weeks since joining",
	Explain: "Of everyone who joined, the share still taking part so many weeks after joining (those still there at the " +
		"end count for as long as they were seen). Steep at the left: most newcomers leave early. Drawn when a run finishes.",
}

// pickCharts finds the wished-for charts in the tick registry and returns
// them with their columns in a series row.
func pickCharts(ms []metric) ([]chart, []int) {
	var out []chart
	var cols []int
	for _, w := range chartWish {
		for _, name := range w.names {
			i := slices.IndexFunc(ms, func(m metric) bool { return m.Name == name })
			if i < 0 {
				continue
			}
			m := ms[i]
			out = append(out, chart{Metric: name, Title: m.Title, Axis: m.Axis, Unit: m.Unit, Scale: m.Scale, Doc: m.Doc, Explain: w.explain, Share: w.share})
			cols = append(cols, i)
			break
		}
	}
	return out, cols
}

// keyWish lists the run log's key results, from the summary registry, with
// alternatives as in chartWish.
var keyWish = [][]string{
	{"final_active"}, {"final_value"}, {"gini_contribution"}, {"truck_factor", "bus_factor"},
	{"mean_engagement"}, {"captured_share"}, {"collapsed"},
}

// pickKeys finds the key results in the summary registry.
func pickKeys(ms []metric) (cols []int, names []string) {
	for _, w := range keyWish {
		for _, name := range w {
			if i := slices.IndexFunc(ms, func(m metric) bool { return m.Name == name }); i >= 0 {
				cols, names = append(cols, i), append(names, name)
				break
			}
		}
	}
	return cols, names
}

// essentials are the parameters shown first, open: the ones the built-in
// scenarios differ in, which a student is most likely to try.
func essentials() []string {
	want := []string{
		"economy.capture_rate", "economy.redistribution", "economy.reinvest", "economy.basic_income",
		"roles.governance", "tasks.assigned_share", "tasks.task_size_mean", "tasks.modularity",
		"arrival.entry_barrier", "population.initial", "run.ticks", "run.seed",
	}
	var out []string
	for _, k := range want {
		if slices.ContainsFunc(labParams(), func(p scenarios.Param) bool { return p.Key == k }) {
			out = append(out, k)
		}
	}
	return out
}

// group names a table of parameters for the page, in the words of
// docs/MODEL.md §3.3.
type group struct {
	Table string `json:"table"`
	Title string `json:"title"`
}

func groups() []group {
	return []group{
		{"run", "Run: length, seed, what is recorded"},
		{"population", "Population at the start"},
		{"segments", "Who the contributors are (segments)"},
		{"arrival", "1. Users and arrival"},
		{"activation", "2. Activation"},
		{"tasks", "3-4. Task choice and granularity"},
		{"review", "5. Review and integration"},
		{"modules", "6. Value and depreciation"},
		{"economy", "7. Economy: revenue, capture, redistribution"},
		{"motivation", "8. Motivation and engagement"},
		{"exit", "9. Exit"},
		{"ties", "10. Social ties"},
		{"roles", "11. Merit and roles"},
		{"fork", "12. Forking"},
	}
}
