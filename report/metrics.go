package report

import (
	"strings"

	"commonsim/sim"
)

// The report's choice of metrics, and the words it says them in.
//
// The registry (sim.TickMetrics, sim.SummaryMetrics) says what a metric is:
// its name, unit, one-line description, figure title and axis label. This
// file says which of those metrics the report's figures and tables show,
// in which order, and how its text speaks of them. It is the one place in
// package report that names a metric: choose finds each name in the
// registry once, and the figures and text then hold the metrics
// themselves. A name the registry lacks is left out (a report of another
// engine's result set still draws the rest); TestChoiceIsInRegistry fails
// on it, so that a renamed metric is renamed here too.

// tickChoice is a tick metric drawn over time (timeseries_<name>).
type tickChoice struct {
	name string
	// fromZero: a count or an amount, read best on an axis from zero
	// (shares are drawn from 0 to 1 anyway).
	fromZero bool
}

// summaryWords is what the report's text says of a summary metric.
type summaryWords struct {
	name string
	// noun, more and less say a difference: "<b> has <more|less> <noun>
	// than <a>".
	noun, more, less string
	// infinite says when a run's value is infinite, for a metric that can
	// be (a median tenure, when more than half are still active at the
	// end); lacks names what a group without a finite value lacks.
	infinite, lacks string
}

var (
	// timeSeriesChoice are the tick metrics drawn over time, in the order
	// of the figure list.
	timeSeriesChoice = []tickChoice{
		{"active", true}, {"value", true}, {"gini_contribution", false}, {"captured_share", false}, {"mean_engagement", false}, {"forks", true},
	}
	// boxChoice are the summary metrics drawn as box plots (boxes_<name>),
	// in order.
	// median_tenure is left out: a few weeks in every run of every built-in
	// scenario (most newcomers leave at once), it told nothing apart;
	// one-year retention and forks are the largest differences.
	boxChoice = []string{"final_active", "final_value", "gini_contribution", "returned_share", "bus_factor", "retention_52", "forks"}
	// sweepChoice are the summary metrics drawn against swept parameters
	// and in heat maps, in order.
	sweepChoice = []string{"final_active", "final_value", "gini_contribution"}
	// keyChoice are the summary metrics of report.md's tables and
	// comparisons, in order, with their words.
	keyChoice = []summaryWords{
		{name: "final_active", noun: "active contributors at the end", more: "more", less: "fewer"},
		{name: "final_value", noun: "commons value at the end", more: "a higher", less: "a lower"},
		{name: "gini_contribution", noun: "inequality of contribution (Gini) at the end", more: "a higher", less: "a lower"},
		{name: "top1_share", noun: "share of the work done by the top 1%", more: "a higher", less: "a lower"},
		{name: "returned_share", noun: "share of revenue returned to contributors", more: "a higher", less: "a lower"},
		{name: "captured_share", noun: "share of revenue kept by the platform", more: "a higher", less: "a lower"},
		{name: "bus_factor", noun: "bus factor (people who made half of the recent work)", more: "a higher", less: "a lower"},
		{name: "median_tenure", noun: "median tenure", more: "a longer", less: "a shorter",
			infinite: "more than half still active at the end", lacks: "a finite median"},
		{name: "retention_52", noun: "one-year retention of newcomers", more: "a higher", less: "a lower"},
		{name: "forks", noun: "forks", more: "more", less: "fewer"},
	}
)

// setBy names, for a metric that a scenario's parameters can fix, the
// parameter: the platform keeps economy.capture_rate of the revenue
// unless an owner relicenses (version 2). When such a metric has one value
// in every run of each group, it is an input, not an outcome, and is not
// drawn. A metric not listed is always drawn, even when constant (no fork
// in any run is an outcome).
var setBy = map[string]string{
	"captured_share": "economy.capture_rate",
	"returned_share": "economy.capture_rate",
}

// tickMetric is a tick metric of the registry as the report draws it.
type tickMetric struct {
	sim.Metric
	col      int // its column among the tick metrics (timeseries.csv's order)
	fromZero bool
}

// summaryMetric is a summary metric of the registry as the report shows
// it, with its words (those of keyChoice; the name alone for a metric only
// drawn).
type summaryMetric struct {
	sim.Metric
	col int // its column among the summary metrics (runs.csv's order)
	summaryWords
}

// choice is the report's choice resolved against the registry.
type choice struct {
	timeSeries     []tickMetric
	boxes, sweeps  []summaryMetric
	key            []summaryMetric
	missing        []string // names not in the registry
	drawnTickByCol []bool   // drawnTickByCol[col]: the tick metric is drawn over time
}

// choose resolves the report's choice against the registry's metrics.
func choose(tick, summary []sim.Metric) choice {
	var c choice
	find := func(ms []sim.Metric, name string) int {
		for i, m := range ms {
			if m.Name == name {
				return i
			}
		}
		c.missing = append(c.missing, name)
		return -1
	}
	c.drawnTickByCol = make([]bool, len(tick))
	for _, t := range timeSeriesChoice {
		if i := find(tick, t.name); i >= 0 {
			c.timeSeries = append(c.timeSeries, tickMetric{Metric: tick[i], col: i, fromZero: t.fromZero})
			c.drawnTickByCol[i] = true
		}
	}
	words := func(name string) summaryWords {
		for _, w := range keyChoice {
			if w.name == name {
				return w
			}
		}
		return summaryWords{name: name}
	}
	summaryOf := func(names []string) []summaryMetric {
		var out []summaryMetric
		for _, name := range names {
			if i := find(summary, name); i >= 0 {
				out = append(out, summaryMetric{Metric: summary[i], col: i, summaryWords: words(name)})
			}
		}
		return out
	}
	c.boxes = summaryOf(boxChoice)
	c.sweeps = summaryOf(sweepChoice)
	var keys []string
	for _, w := range keyChoice {
		keys = append(keys, w.name)
	}
	c.key = summaryOf(keys)
	return c
}

// bounded01 reports whether metric m lies between 0 and 1 (a share, a
// Gini, an engagement): its axis is drawn from 0 to 1, so that a gap is
// never exaggerated by a cut axis.
func bounded01(m sim.Metric) bool {
	return m.Unit == "share" || strings.HasPrefix(m.Scale, "0 to 1") || strings.HasPrefix(m.Scale, "0 = ")
}

// isCount reports whether metric m counts people or events (never
// negative): its intervals are floored at 0.
func isCount(m sim.Metric) bool {
	switch m.Unit {
	case "contributors", "forks", "people", "users":
		return true
	}
	return false
}

// unitText says a registry unit in words.
func unitText(unit string) string {
	switch unit {
	case "ticks", "tick":
		return "ticks = weeks"
	case "value":
		return "value units"
	case "share":
		return "share, 0 to 1"
	}
	return unit
}

// names returns the title and axis label of metric m, from the registry
// (sim.Metric's Title, Axis and Scale), the axis with its unit.
func names(m sim.Metric) (title, axis string) {
	title, axis = m.Title, m.Axis
	if title == "" {
		title = upperFirst(m.Doc)
	}
	if axis == "" {
		axis = m.Name
	}
	switch {
	case m.Unit != "" && strings.Contains(axis, m.Unit):
		// "active contributors" already says its unit, "contributors".
	case m.Unit != "":
		axis += " (" + unitText(m.Unit) + ")"
	case m.Scale != "":
		axis += " (" + m.Scale + ")"
	}
	return title, axis
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
