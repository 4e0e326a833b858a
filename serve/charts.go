package serve

import (
	"slices"

	"commonsim/scenarios"
)

// chart is one live chart of the page: a metric of the registry, with a
// title and a sentence for students. Unit and Doc come from the registry.
type chart struct {
	Metric  string `json:"metric"`
	Title   string `json:"title"`
	Axis    string `json:"axis"`
	Explain string `json:"explain"`
	Unit    string `json:"unit"`
	Doc     string `json:"doc"`
	Share   bool   `json:"share"` // drawn on a fixed 0 to 1 axis
}

// chartWish lists the charts the lab draws, in order. Each names the
// metrics it can show, best first: a chart is drawn with the first the
// registry has and left out when it has none, so that a renamed or removed
// metric drops a chart instead of breaking the page (model version 2 is to
// add a truck factor beside the bus factor).
var chartWish = []struct {
	names                []string
	title, axis, explain string
	share                bool
}{
	{[]string{"active"}, "Active contributors", "contributors",
		"People taking part in the commons this week. It grows when newcomers join faster than others leave.", false},
	{[]string{"value"}, "Value of the commons", "value units",
		"Everything the contributors' accepted work has built, less what wears out each week.", false},
	{[]string{"gini_contribution"}, "Inequality of contribution (Gini)", "Gini (0 to 1)",
		"0: everyone who ever joined did the same amount of work; 1: one person did it all.", true},
	{[]string{"truck_factor", "bus_factor"}, "Bus factor", "contributors",
		"The fewest people who together made half of the recent work. Small means fragile: lose them and half the work stops.", false},
	{[]string{"mean_engagement"}, "Engagement", "engagement",
		"How keen the active contributors are, on average. Someone whose engagement falls too low leaves.", true},
	{[]string{"captured_share"}, "Revenue kept by the platform", "share kept",
		"The share of the money the commons earns this week that the platform owner keeps instead of returning it.", true},
}

// lorenzChart describes the Lorenz chart, drawn from each chunk's curves.
var lorenzChart = chart{
	Title: "Who did the work (Lorenz curve)",
	Axis:  "share of all accepted work",
	Explain: "Everyone who ever joined, sorted from least to most work done (left to right), against the share of all work " +
		"the people up to that point did. The straight diagonal is perfect equality; the lower the curve sags, the more " +
		"a few people did most of the work.",
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
			out = append(out, chart{Metric: name, Title: w.title, Axis: w.axis, Explain: w.explain, Unit: ms[i].Unit, Doc: ms[i].Doc, Share: w.share})
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
