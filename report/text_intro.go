package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"commonsim/scenarios"
)

// The opening of report.md: which design the batch is, and, for a
// comparison of scenarios, what each scenario is, how their parameters
// differ and the clear differences in a few plain words.

// anySampled reports whether a scenario uses a sampled design.
func (rs *resultSet) anySampled() bool {
	for si := range rs.manifest.Scenarios {
		if rs.sampled(si) {
			return true
		}
	}
	return false
}

// designText says which design each swept scenario is, and where its
// results are.
func (rs *resultSet) designText(b *strings.Builder) {
	var lines []string
	for si, sc := range rs.manifest.Scenarios {
		d := rs.designOf(si)
		if d == "" || sc.Sweep == nil {
			continue
		}
		var fs []string
		for _, f := range sc.Sweep.Factors {
			r := rs.short(f.Key)
			if len(f.Values) > 0 {
				r += " (" + strings.Join(f.Values, ", ") + ")"
			} else {
				r += fmt.Sprintf(" from %s to %s", shortValue(strconv.FormatFloat(f.Min, 'g', -1, 64)), shortValue(strconv.FormatFloat(f.Max, 'g', -1, 64)))
			}
			fs = append(fs, r)
		}
		n := len(sc.Points)
		var what string
		switch d {
		case scenarios.Factorial:
			what = fmt.Sprintf("a factorial sweep of %d points over %s; the sweep figures draw each output against each factor, a line per level of the second", n, joinAnd(fs))
		case scenarios.LHS:
			what = fmt.Sprintf("a Latin hypercube sample of %d points over %s; the scatter figures draw each output against each factor, with a smoother", n, joinAnd(fs))
		case scenarios.Sobol:
			what = fmt.Sprintf("the first %d points of a scrambled Sobol' sequence over %s; the scatter figures draw each output against each factor, with a smoother", n, joinAnd(fs))
		case scenarios.Morris:
			what = fmt.Sprintf("a Morris screening design, %d trajectories (%d points) over %s; the Morris figures draw each output's μ* (importance) against σ (non-linearity or interaction), and %s holds the indices of every summary metric", sc.Sweep.Samples, n, joinAnd(fs), SensitivityFile)
		case scenarios.Saltelli:
			what = fmt.Sprintf("a Saltelli design for Sobol' indices, %d base points (%d points) over %s; the Sobol' figures draw each output's first-order and total indices, and %s holds the indices of every summary metric", sc.Sweep.Samples, n, joinAnd(fs), SensitivityFile)
		default:
			what = fmt.Sprintf("a %s design of %d points", d, n)
		}
		lines = append(lines, fmt.Sprintf("**Design** (%s): %s.", sc.Name, what))
	}
	if len(lines) == 0 {
		if len(rs.manifest.Scenarios) > 1 {
			lines = append(lines, fmt.Sprintf("**Design**: a comparison of %d scenarios, %s; the runs of a scenario differ only in their random seed.", len(rs.manifest.Scenarios), runsText(rs.groups)))
		} else {
			return
		}
	}
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n")
}

// inShort opens a comparison of scenarios without a sweep: what each is
// (its description), how their parameters differ (runs.csv's parameter
// columns, with each parameter's meaning), and the clear differences of
// the first pair in a sentence.
func (rs *resultSet) inShort(b *strings.Builder, find map[[3]int]comparison) {
	if len(rs.groups) < 2 || len(rs.groups) > maxSentenceGroups || hasSweep(rs) {
		return
	}
	b.WriteString("## In short\n\n")
	for _, g := range rs.groups {
		desc := describeScenario(rs.manifest.Scenarios[g.scIdx].Resolved)
		if desc == "" {
			desc = "no description"
		}
		fmt.Fprintf(b, "- **%s**: %s.\n", g.name, strings.TrimSuffix(desc, "."))
	}
	b.WriteString("\n")
	if len(rs.params) > 0 {
		b.WriteString("Their parameters differ in:\n\n| parameter | meaning |")
		for _, g := range rs.groups {
			fmt.Fprintf(b, " %s |", mdEscape(g.name))
		}
		b.WriteString("\n|---|---|")
		for range rs.groups {
			b.WriteString("---|")
		}
		b.WriteString("\n")
		for k, key := range rs.params {
			meaning := ""
			if prm, ok := scenarios.Lookup(key); ok {
				meaning = prm.Doc
				if prm.Unit != "" {
					meaning += " (" + prm.Unit + ")"
				}
			}
			fmt.Fprintf(b, "| `%s` | %s |", key, mdEscape(meaning))
			for _, g := range rs.groups {
				fmt.Fprintf(b, " %s |", mdEscape(g.params[k]))
			}
			b.WriteString("\n")
		}
		b.WriteString("\nEverything else is the same: `manifest.json` holds every parameter of each scenario (`resolved_toml`), and docs/MODEL.md the mechanisms they drive.\n\n")
	}
	ga, gb := rs.groups[0], rs.groups[1]
	var parts []string
	for _, m := range rs.choice.key {
		c, ok := find[[3]int{0, 1, m.col}]
		if !ok || c.sig != 1 {
			continue
		}
		more := m.more
		if c.diff < 0 {
			more = m.less
		}
		ref := math.Max(math.Abs(c.meanA), math.Abs(c.meanB))
		parts = append(parts, fmt.Sprintf("%s %s (%s against %s)", more, m.noun, fmtRef(c.meanB, ref), fmtRef(c.meanA, ref)))
		if len(parts) == 4 {
			break
		}
	}
	if len(parts) > 0 {
		ticks := ""
		if finite(gb.maxTick) {
			ticks = fmt.Sprintf("After %s weeks, ", fmtFixed(gb.maxTick, 0))
		}
		fmt.Fprintf(b, "%s%s has %s than %s, on average over %s. The sections below give every key metric with its interval and every clear and unclear difference.\n\n",
			ticks, gb.name, joinAnd(parts), ga.name, runsText(rs.groups[:2]))
	} else {
		fmt.Fprintf(b, "These runs show no clear difference between %s and %s in the key metrics below.\n\n", gb.name, ga.name)
	}
}

// describeScenario returns the description of a resolved scenario (its
// TOML's top-level description), or "".
func describeScenario(resolved string) string {
	for _, line := range strings.Split(resolved, "\n") {
		if strings.HasPrefix(line, "[") {
			break
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) != "description" {
			continue
		}
		if s, err := strconv.Unquote(strings.TrimSpace(v)); err == nil {
			return s
		}
		return strings.Trim(strings.TrimSpace(v), `"'`)
	}
	return ""
}

// whyText explains the clear differences of b from a by the mechanisms of
// docs/MODEL.md behind them, for a comparison of scenarios without a
// sweep. Each sentence is a chain of the model's documented mechanisms
// whose every link is checked in this result set: it is written only when
// the parameters it names are as it says (read from the scenarios'
// resolved TOML) and every difference it cites is a clear one (its 95%
// interval excludes 0) in the direction it says. A difference no chain
// accounts for is left unexplained rather than guessed at.
func (rs *resultSet) whyText(b *strings.Builder, find map[[3]int]comparison, a, bi int) {
	ga, gb := rs.groups[a], rs.groups[bi]
	// d returns the comparison of summary metric name, and whether it is
	// a clear difference with the sign sign (b - a).
	d := func(name string, sign float64) (comparison, bool) {
		col := rs.summaryCol(name)
		c, ok := find[[3]int{a, bi, col}]
		return c, ok && col >= 0 && c.sig == 1 && c.diff*sign > 0
	}
	num := func(c comparison) (string, string) {
		ref := math.Max(math.Abs(c.meanA), math.Abs(c.meanB))
		return fmtRef(c.meanB, ref), fmtRef(c.meanA, ref)
	}
	param := func(g *group, key string) string {
		sc, err := scenarios.ParseResolved(g.scenario, []byte(rs.manifest.Scenarios[g.scIdx].Resolved))
		if err != nil {
			return ""
		}
		p, ok := scenarios.Lookup(key)
		if !ok {
			return ""
		}
		return p.Get(sc)
	}
	var out []string
	capt, moreCapture := d("captured_share", 1)
	felt := moreCapture && param(gb, "fairness.enabled") == "true"
	eng, lessEngaged := d("mean_engagement", -1)
	if felt && lessEngaged {
		kb, ka := num(capt)
		eb, ea := num(eng)
		out = append(out, fmt.Sprintf("**Capture is felt.** %s's platform keeps %s of the revenue against %s; with felt unfairness on (mechanism 17, docs/MODEL.md §3.3.17) that take lowers every contributor's utility and engagement, and %s's active contributors end less engaged (%s against %s).",
			gb.name, kb, ka, gb.name, eb, ea))
	}
	ret, fewerStay := d("retention_52", -1)
	act, fewerActive := d("final_active", -1)
	if lessEngaged && fewerStay && fewerActive {
		rb, ra := num(ret)
		fb, fa := num(act)
		s := fmt.Sprintf("**Fewer stay.** A contributor whose engagement falls below the exit threshold leaves, and the hazard of leaving falls only as accepted work accumulates (mechanism 9, §3.3.9): %s keeps %s of its newcomers for a year against %s, and ends with %s active contributors against %s",
			gb.name, rb, ra, fb, fa)
		if val, lessValue := d("final_value", -1); lessValue {
			vb, va := num(val)
			s += fmt.Sprintf(", and fewer to build the commons (value %s against %s)", vb, va)
		}
		out = append(out, s+".")
	}
	gini, lowerGini := d("gini_contribution", -1)
	top, lowerTop := d("top1_share", -1)
	if lowerGini && fewerStay && lowerTop {
		gb2, ga2 := num(gini)
		rb, ra := num(ret)
		tb, ta := num(top)
		out = append(out, fmt.Sprintf("**A lower Gini is not a fairer commons.** The Gini of contribution (%s against %s) counts everyone who ever joined, and long records of accepted work make the top of it; with fewer newcomers staying a year (%s against %s), fewer build such records, and the top 1%% did less of the work (%s against %s): the lower Gini comes with a missing core, not a fairer commons (see the top-share figure).",
			gb2, ga2, rb, ra, tb, ta))
	}
	fk, moreForks := d("forks", 1)
	if moreForks && felt && param(gb, "fork.enabled") == "true" {
		fb, fa := num(fk)
		out = append(out, fmt.Sprintf("**Forks.** A fork happens when enough of the core stays below a utility threshold for `fork.patience` weeks (mechanism 12, §3.3.12), and the felt take lowers utility (mechanism 17): %s forked %s times on average against %s.", gb.name, fb, fa))
	}
	if moreForks && param(gb, "fork.enabled") == "true" && param(gb, "fork.found") == "true" {
		fb, fa := num(fk)
		out = append(out, fmt.Sprintf("**Forks found rival commons.** With `fork.found` on (mechanism 12, §3.3.12), a fork starts a flat commons with a copy of the value, and the dissatisfied core and those tied to them move there: %s forked %s times on average against %s, and its active contributors and value at the end are summed over every commons of a run, the forks' included (a fork's copy of the value counted again); `commons.csv` and `forks.csv` give each commons apart.", gb.name, fb, fa))
	}
	bus, smallerBus := d("bus_factor", -1)
	if smallerBus && fewerActive {
		bb, ba := num(bus)
		fb, fa := num(act)
		out = append(out, fmt.Sprintf("**A smaller bus factor** comes with a smaller community: %s people of %s active did half of %s's recent work, against %s of %s in %s.", bb, fb, gb.name, ba, fa, ga.name))
	}
	if len(out) == 0 {
		return
	}
	b.WriteString("Why, in the model (each link below is a mechanism of docs/MODEL.md, and each difference it cites is a clear one in these runs):\n\n")
	writeList(b, out)
}
