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
