package report

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"

	"commonsim/analysis"
	"commonsim/plots"
	"commonsim/scenarios"
)

// The figures of sampled designs, which a sweep's lines and heat maps do
// not suit (their points are scattered, one run each, not a grid):
//
//   - lhs and sobol: each key output against each factor, one point per
//     design point (the mean of its runs), with a LOWESS smoother;
//   - morris: each key output's μ* against σ, a point per factor;
//   - saltelli: each key output's first-order and total Sobol' indices,
//     with their 95% bootstrap intervals, a pair of bars per factor.
//
// The indices are those of sensitivity.csv, computed in the same pass.

// lowessSpan is the share of the points each local fit of the LHS
// smoother uses.
const lowessSpan = 0.6

// designOf returns the design of scenario si's sweep: "" without one.
func (rs *resultSet) designOf(si int) string {
	if sw := rs.manifest.Scenarios[si].Sweep; sw != nil {
		return sw.Design
	}
	if len(rs.manifest.Scenarios[si].Points) > 0 {
		return scenarios.Factorial
	}
	return ""
}

// sampled reports whether scenario si's sweep is a sampled design.
func (rs *resultSet) sampled(si int) bool {
	switch rs.designOf(si) {
	case scenarios.LHS, scenarios.Sobol, scenarios.Morris, scenarios.Saltelli:
		return true
	}
	return false
}

// designFigures draws the figures of each scenario with a sampled design.
func (rs *resultSet) designFigures(dir string, fl *figureList) error {
	for si, sc := range rs.manifest.Scenarios {
		suffix := ""
		if len(rs.manifest.Scenarios) > 1 {
			suffix = "_" + fileName(sc.Name)
		}
		var err error
		switch rs.designOf(si) {
		case scenarios.LHS, scenarios.Sobol:
			err = rs.scatterFigures(dir, fl, si, suffix)
		case scenarios.Morris, scenarios.Saltelli:
			err = rs.indexFigures(dir, fl, si, suffix)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// scatterFigures draws each key output against each swept factor of
// scenario si's Latin hypercube or Sobol' sequence.
func (rs *resultSet) scatterFigures(dir string, fl *figureList, si int, suffix string) error {
	name := rs.manifest.Scenarios[si].Name
	for _, m := range rs.choice.sweeps {
		title, axis := names(m.Metric)
		for _, key := range rs.sweptBy(si) {
			var x, y []float64
			for _, g := range rs.groups {
				v, ok := paramValue(g, key)
				if g.scIdx != si || !ok {
					continue
				}
				mean, _ := analysis.MeanSD(g.values(m.col))
				x, y = append(x, v), append(y, mean)
			}
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, v := range x {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			var grid []float64
			for k := range 60 {
				grid = append(grid, lo+(hi-lo)*float64(k)/59)
			}
			per := "one point per design point"
			if runs := rs.groupsOf(si); len(runs) > 0 && runs[0].ok > 1 {
				per += " (mean of its runs)"
			}
			p, err := plots.ScatterSmooth(plots.Axes{
				Title: fmt.Sprintf("%s vs %s\n%s, %s of %d points", title, rs.short(key), name, sampleName(rs.designOf(si)), len(x)),
				X:     paramAxis(key),
				Y:     axis,
			}, plots.SmoothScatter{X: x, Y: y, SmoothX: grid, SmoothY: analysis.Lowess(x, y, lowessSpan, grid),
				PointLabel: per, SmoothLabel: fmt.Sprintf("LOWESS smoother (span %g)", lowessSpan)})
			if err == nil && bounded01(m.Metric) {
				boundedAxis(p)
			}
			file := "scatter_" + m.Name + "_" + fileName(rs.short(key)) + suffix
			what := fmt.Sprintf("%s against %s over the %s, with a LOWESS smoother", title, key, sampleName(rs.designOf(si)))
			if err := fl.save(dir, file, what, p, err); err != nil {
				return err
			}
		}
	}
	return nil
}

// groupsOf returns the groups of scenario si.
func (rs *resultSet) groupsOf(si int) []*group {
	var out []*group
	for _, g := range rs.groups {
		if g.scIdx == si {
			out = append(out, g)
		}
	}
	return out
}

// indexFigures draws the Morris plane or the Sobol' bars of each key
// output of scenario si.
func (rs *resultSet) indexFigures(dir string, fl *figureList, si int, suffix string) error {
	sc := rs.manifest.Scenarios[si]
	d := rs.designOf(si)
	if rs.indices == nil {
		fl.note("No %s figures for %s: the indices are computed for a complete result set only (not a shard, not an interrupted batch).", d, sc.Name)
		return nil
	}
	for _, m := range rs.choice.sweeps {
		title, axis := names(m.Metric)
		fs, ok := rs.indices[[2]int{si, m.col}]
		if !ok {
			fl.note("No %s figure of %s for %s: sensitivity_skipped in manifest.json says why.", d, m.Name, sc.Name)
			continue
		}
		var file, what string
		var p *plot.Plot
		var err error
		if d == scenarios.Morris {
			file = "morris_" + m.Name + suffix
			what = fmt.Sprintf("%s: Morris μ* (importance) against σ (non-linearity or interaction) of each factor", title)
			p, err = plots.MorrisPlane(plots.Axes{
				Title: fmt.Sprintf("Morris screening of %s\n%s, %d trajectories", lowerFirst(title), sc.Name, sc.Sweep.Samples),
				X:     "μ*: mean absolute elementary effect (" + unitless(axis) + " per factor range)",
				Y:     "σ: sd of the elementary effects",
			}, fs)
		} else {
			file = "sobol_" + m.Name + suffix
			what = fmt.Sprintf("%s: first-order and total Sobol' indices of each factor, with 95%% bootstrap intervals", title)
			p, err = plots.SobolBars(plots.Axes{
				Title: fmt.Sprintf("Sobol' indices of %s\n%s, Saltelli design of %d base points", lowerFirst(title), sc.Name, sc.Sweep.Samples),
				X:     "factor",
				Y:     "share of the variance of the output",
			}, fs)
		}
		if err := fl.save(dir, file, what, p, err); err != nil {
			return err
		}
	}
	return nil
}

// unitless returns an axis label's words without a trailing unit in
// parentheses.
func unitless(axis string) string {
	if i := lastOpen(axis); i > 0 {
		return axis[:i-1]
	}
	return axis
}

func lastOpen(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '(' {
			return i
		}
	}
	return -1
}

func lowerFirst(s string) string {
	if s == "" || len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

// factorsOf returns sensitivity figure factors named by their short keys.
func (rs *resultSet) factorsOf(keys []string) []plots.Factor {
	out := make([]plots.Factor, len(keys))
	for i, k := range keys {
		out[i].Name = rs.short(k)
	}
	return out
}

// sampleName names the point sample of an lhs or sobol design.
func sampleName(design string) string {
	if design == scenarios.Sobol {
		return "Sobol' sequence"
	}
	return "Latin hypercube"
}
