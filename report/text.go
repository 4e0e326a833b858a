package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"commonsim/results"
)

// tableColumns is the most groups side by side in one table.
const tableColumns = 4

// maxSentenceGroups is the most groups whose differences the text spells
// out pair by pair; with more, it shows tables of differences from the
// first group.
const maxSentenceGroups = 3

// text writes the report.
func (rs *resultSet) text(cs []comparison, figs figureList, drew bool) string {
	var b strings.Builder
	m := rs.manifest
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	// Title and what the numbers are.
	var scNames []string
	for _, sc := range m.Scenarios {
		scNames = append(scNames, sc.Name)
	}
	title := strings.Join(scNames, " vs ")
	if len(rs.swept) > 0 || hasSweep(rs) {
		var keys []string
		for _, sc := range m.Scenarios {
			for _, pt := range sc.Points {
				for _, a := range pt {
					if k := rs.short(a.Key); !contains(keys, k) {
						keys = append(keys, k)
					}
				}
			}
		}
		title += ": sweep over " + joinAnd(keys)
	}
	p("# %s\n\n", title)
	ticks := math.NaN()
	for _, g := range rs.groups {
		if finite(g.maxTick) && !(g.maxTick <= ticks) {
			ticks = g.maxTick
		}
	}
	desc := fmt.Sprintf("%d scenario%s", len(m.Scenarios), plural(len(m.Scenarios)))
	switch {
	case len(rs.groups) > len(m.Scenarios) && len(m.Scenarios) == 1:
		desc += fmt.Sprintf(", %d sweep points", len(rs.groups))
	case len(rs.groups) > len(m.Scenarios):
		desc += fmt.Sprintf(", %d groups (scenario and sweep point)", len(rs.groups))
	}
	var ran, missing []string // scenarios with a finished run, and without
	for i, sc := range m.Scenarios {
		if slices.ContainsFunc(rs.groups, func(g *group) bool { return g.scIdx == i }) {
			ran = append(ran, sc.Name)
		} else {
			missing = append(missing, sc.Name)
		}
	}
	desc += ", " + runsText(rs.groups)
	if len(missing) > 0 && len(ran) > 0 {
		// After an interrupt: the runs counted are those of some scenarios.
		desc += " of " + joinAnd(ran) + ", none of " + joinAnd(missing)
	}
	if finite(ticks) {
		desc += ", " + results.FormatFloat(ticks) + " ticks (weeks)"
	}
	p("%s.\n", desc)
	if m.Status == results.StatusInterrupted {
		p("**The batch was interrupted**: %d of %d runs finished; everything below uses the finished runs only.\n", m.Completed, m.Total)
	}
	if len(missing) > 0 {
		p("No run of %s finished, so %s not in the tables or figures.\n", joinAnd(missing), itThey(len(missing)))
	}
	if rs.failed > 0 {
		p("%d run%s failed and %s left out (failed_runs in manifest.json says why).\n", rs.failed, plural(rs.failed), isAre(rs.failed))
	}
	p("Each number is the mean over runs with its 95%% confidence interval in brackets [low, high]: the range in which the true mean most likely lies.\n\n")
	rs.designText(&b)
	find := map[[3]int]comparison{}
	for _, c := range cs {
		find[[3]int{c.a, c.b, c.metric}] = c
	}
	rs.inShort(&b, find)

	// Key metrics.
	var shown []*group
	for _, gi := range rs.drawn {
		shown = append(shown, rs.groups[gi])
	}
	p("## Key metrics\n\n")
	if len(shown) < len(rs.groups) {
		p("%d of the %d groups are shown, %s; %s has them all.\n\n", len(shown), len(rs.groups), rs.drawnWhy, SummaryFile)
	}
	var infNote, nanNote, singleNote, countNote bool
	for start := 0; start < len(shown); start += tableColumns {
		part := shown[start:min(start+tableColumns, len(shown))]
		p("| metric |")
		for _, g := range part {
			p(" %s |", mdEscape(g.name))
		}
		p("\n|---|")
		for range part {
			p("---|")
		}
		p("\n")
		for _, metric := range rs.choice.key {
			mi := metric.col
			_, axis := names(metric.Metric)
			p("| %s |", axis)
			for _, g := range part {
				cell, inf, nan := rs.cell(g, metric)
				singleNote = singleNote || len(g.values(mi)) == 1
				countNote = countNote || isCount(metric.Metric) && len(g.values(mi)) > 1
				infNote = infNote || inf
				nanNote = nanNote || nan
				p(" %s |", cell)
			}
			p("\n")
		}
		p("\n")
	}
	if infNote {
		p("Inf: the median tenure is infinite when more than half of the contributors are still active at the end of a run; such runs are not in the mean.\n")
	}
	if nanNote {
		p("undefined: the metric has no value in these runs (e.g. a share of revenue when there was no revenue, or nothing was returned).\n")
	}
	if singleNote {
		p("A number without an interval comes from a single run: one run gives no confidence interval.\n")
	}
	if countNote {
		p("The intervals of counts (contributors, forks) are floored at 0: Student's t interval of a mean count can reach below 0, which a count cannot.\n")
	}
	if infNote || nanNote || singleNote || countNote {
		p("\n")
	}

	// Comparisons.
	if rs.anySampled() {
		p("## Comparisons\n\n")
		p("The points of a sampled design are not compared pairwise: each is one draw of the factors, and its differences from another point say little. The figures of each output against each factor, and %s for Morris and Saltelli designs, show what the factors do; %s still has every point against the first.\n\n", SensitivityFile, ComparisonFile)
	} else if len(shown) <= maxSentenceGroups {
		for _, pr := range pairs(len(shown)) {
			rs.pairText(&b, find, pr[0], pr[1])
		}
	} else {
		rs.diffTables(&b, find, shown)
	}
	switch {
	case len(shown) > maxSentenceGroups:
		p("%s compares all %d summary metrics, with two effect sizes: Cohen's d and Cliff's delta. With many comparisons, a few clear differences can appear by chance.\n\n", ComparisonFile, len(rs.summary))
	case len(shown) > 1:
		p("Cliff's delta runs from −1 (every run of the group named first is below every run of the other) to +1 (every run above); 0 means the runs overlap evenly. ")
		p("%s compares all %d summary metrics, with Cohen's d as a second effect size. With many comparisons, a few clear differences can appear by chance.\n\n", ComparisonFile, len(rs.summary))
	}

	// Figures.
	p("## Figures\n\n")
	if !drew {
		p("No figures were drawn; `commonsim plot %s` draws them.\n\n", rs.dir)
	} else {
		p("In %s/, as PNG and SVG.\n\n", PlotsDir)
		for _, f := range figs.drawn {
			p("### %s\n\n![%s](%s/%s.png)\n\n%s.png: %s.\n\n", f.what, mdEscape(f.what), PlotsDir, f.name, f.name, strings.TrimSuffix(f.what, "."))
		}
		if len(figs.notes) > 0 {
			p("Notes:\n\n")
			writeList(&b, figs.notes)
		}
	}
	p("Statistics of every summary metric for every group are in %s, of every tick metric at every tick in %s (groups of two or more runs); comparisons between groups in %s (diff = b − a, as above).\n", SummaryFile, SummaryTimeseriesFile, ComparisonFile)
	return b.String()
}

func hasSweep(rs *resultSet) bool {
	for _, sc := range rs.manifest.Scenarios {
		if len(sc.Points) > 0 {
			return true
		}
	}
	return false
}

// cell formats a group's key metric for a table: "mean [lo, hi]".
func (rs *resultSet) cell(g *group, m summaryMetric) (s string, inf, undefined bool) {
	mi := m.col
	v := g.values(mi)
	st := describe(v)
	if isCount(m.Metric) && st.lo < 0 {
		st.lo = 0 // a count is never negative (the table's note says so)
	}
	nan, pos, neg := g.count(mi)
	switch {
	case g.ok == 0:
		return "no runs", false, false
	case st.n == 0 && pos+neg > 0 && nan == 0:
		return fmt.Sprintf("Inf in all %d runs", g.ok), true, false
	case st.n == 0:
		return "undefined", false, true
	case st.n == 1:
		s = fmtRef(st.mean, st.mean) // the footnote says why there is no interval
		if st.mean == math.Trunc(st.mean) && math.Abs(st.mean) < 1e15 {
			s = fmtFixed(st.mean, 0)
		}
	default:
		ref := max(math.Abs(st.mean), math.Abs(st.lo), math.Abs(st.hi))
		s = fmtRef(st.mean, ref) + " [" + fmtRef(st.lo, ref) + ", " + fmtRef(st.hi, ref) + "]"
	}
	if pos+neg > 0 {
		s += fmt.Sprintf(" (Inf in %d of %d runs)", pos+neg, g.ok)
		inf = true
	}
	if nan > 0 {
		s += fmt.Sprintf(" (undefined in %d of %d runs)", nan, g.ok)
		undefined = true
	}
	return s, inf, undefined
}

// vs writes "b vs a" with the same decimals.
func vs(b, a float64) string {
	ref := max(math.Abs(a), math.Abs(b))
	return fmtRef(b, ref) + " vs " + fmtRef(a, ref)
}

func diffText(d, lo, hi float64) string {
	ref := max(math.Abs(d), math.Abs(lo), math.Abs(hi))
	return fmtRef(d, ref) + " [" + fmtRef(lo, ref) + ", " + fmtRef(hi, ref) + "]"
}

// fmtRef writes v with about three significant digits of ref, the largest
// number it is shown with, so that a mean and its interval share decimals.
func fmtRef(v, ref float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case math.IsInf(v, 1):
		return "Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	d := 0
	switch a := math.Abs(ref); {
	case a == 0 || math.IsNaN(a) || math.IsInf(a, 0) || a >= 100:
		d = 0
	case a >= 10:
		d = 1
	default:
		d = min(8, 2-int(math.Floor(math.Log10(a))))
	}
	if ref == 0 && v != 0 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return fmtFixed(v, d)
}

// fmtFixed writes v with d decimals, never as "-0", with a comma between
// thousands (818,140) from 10,000 on.
func fmtFixed(v float64, d int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	s := strconv.FormatFloat(v, 'f', d, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	if math.Abs(v) >= 1e4 && !math.IsInf(v, 0) {
		s = thousands(s)
	}
	return s
}

// thousands puts a comma between the thousands of a number's whole part.
func thousands(s string) string {
	sign, rest := "", s
	if strings.HasPrefix(rest, "-") {
		sign, rest = "-", rest[1:]
	}
	whole, frac := rest, ""
	if i := strings.IndexByte(rest, '.'); i >= 0 {
		whole, frac = rest[:i], rest[i:]
	}
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String() + frac
}

func writeList(b *strings.Builder, items []string) {
	if len(items) == 0 {
		b.WriteString("- none\n\n")
		return
	}
	for _, it := range items {
		b.WriteString("- " + it + "\n")
	}
	b.WriteString("\n")
}

// mdEscape keeps labels from breaking Markdown tables.
func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func itThey(n int) string {
	if n == 1 {
		return "it is"
	}
	return "they are"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// why says why a comparison of metric m could not be made.
func (rs *resultSet) why(c comparison, m summaryMetric) string {
	var parts []string
	for _, side := range []struct {
		g *group
		n int
	}{{rs.groups[c.a], c.na}, {rs.groups[c.b], c.nb}} {
		if side.n >= 2 {
			continue
		}
		nan, pos, neg := side.g.count(c.metric)
		switch {
		case side.g.ok == 0:
			parts = append(parts, side.g.name+": no successful run")
		case side.n == 0 && pos+neg > 0 && nan == 0 && m.infinite != "":
			parts = append(parts, side.g.name+": Inf in every run")
		case side.n == 0:
			parts = append(parts, side.g.name+": no value")
		default:
			parts = append(parts, side.g.name+": only 1 run with a value")
		}
	}
	return strings.Join(parts, "; ")
}

// pairText spells out the differences between groups a and b in the key
// metrics, from b's point of view: "extractive has fewer ... than commons".
func (rs *resultSet) pairText(b *strings.Builder, find map[[3]int]comparison, a, bi int) {
	ga, gb := rs.groups[a], rs.groups[bi]
	fmt.Fprintf(b, "## %s compared with %s\n\n", gb.name, ga.name)
	var clear, unclear, cannot []string
	for _, ph := range rs.choice.key {
		c, ok := find[[3]int{a, bi, ph.col}]
		if !ok {
			continue
		}
		switch {
		case math.IsNaN(c.sig):
			cannot = append(cannot, fmt.Sprintf("%s (%s)", ph.noun, rs.why(c, ph)))
		case c.sig == 1:
			more := ph.more
			if c.diff < 0 { // diff = b - a < 0: b has less
				more = ph.less
			}
			clear = append(clear, fmt.Sprintf("%s has %s %s than %s: %s, difference %s, Cliff's delta %s.",
				gb.name, more, ph.noun, ga.name, vs(c.meanB, c.meanA), diffText(c.diff, c.lo, c.hi), fmtFixed(c.delta, 2)))
		default:
			unclear = append(unclear, fmt.Sprintf("%s: %s, difference %s.", ph.noun, vs(c.meanB, c.meanA), diffText(c.diff, c.lo, c.hi)))
		}
	}
	fmt.Fprintf(b, "Clear differences (the 95%% confidence interval of the difference %s − %s excludes 0):\n\n", gb.name, ga.name)
	writeList(b, clear)
	if !hasSweep(rs) {
		rs.whyText(b, find, a, bi)
	}
	b.WriteString("No clear difference (the interval includes 0: these runs cannot tell the two apart):\n\n")
	writeList(b, unclear)
	if len(cannot) > 0 {
		fmt.Fprintf(b, "Cannot be compared: %s.\n\n", strings.Join(cannot, "; "))
	}
}

// diffTables shows, for many groups, each group's difference from the
// first in the key metrics, clear differences in bold.
func (rs *resultSet) diffTables(b *strings.Builder, find map[[3]int]comparison, shown []*group) {
	first := shown[0]
	fmt.Fprintf(b, "## Differences from %s\n\n", first.name)
	fmt.Fprintf(b, "Each cell is the group's mean minus the mean of %s, with the 95%% confidence interval of that difference. **Bold**: a clear difference (the interval excludes 0); plain: no clear difference; n/a: cannot be computed (fewer than 2 runs with a value). %s has every pair.\n\n", first.name, ComparisonFile)
	rest := shown[1:]
	for start := 0; start < len(rest); start += tableColumns {
		part := rest[start:min(start+tableColumns, len(rest))]
		b.WriteString("| metric |")
		for _, g := range part {
			fmt.Fprintf(b, " %s |", mdEscape(g.name))
		}
		b.WriteString("\n|---|")
		for range part {
			b.WriteString("---|")
		}
		b.WriteString("\n")
		for _, m := range rs.choice.key {
			mi := m.col
			_, axis := names(m.Metric)
			fmt.Fprintf(b, "| %s |", axis)
			for _, g := range part {
				c, ok := find[[3]int{0, slices.Index(rs.groups, g), mi}]
				cell := "n/a"
				if ok && !math.IsNaN(c.sig) {
					cell = diffText(c.diff, c.lo, c.hi)
					if c.sig == 1 {
						cell = "**" + cell + "**"
					}
				}
				fmt.Fprintf(b, " %s |", cell)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
}
