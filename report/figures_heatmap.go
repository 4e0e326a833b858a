package report

import (
	"fmt"
	"math"
	"strings"

	"commonsim/analysis"
	"commonsim/plots"
)

// maxHeatValues is the most distinct values per axis of a heat map: sampled
// designs (lhs, morris, saltelli) give nearly every point its own value, and
// a grid of them would be almost empty.
const maxHeatValues = 20

// heatMaps draws, for each scenario sweeping two numeric parameters or
// more, each chosen summary metric over the first two (the mean of the runs
// of each cell, pooled over the others), when they take at most
// maxHeatValues values each.
func (rs *resultSet) heatMaps(dir string, fl *figureList) error {
	sweptSc := rs.factorialScenarios()
	for _, si := range sweptSc {
		mine := rs.sweptBy(si)
		if len(mine) < 2 {
			continue
		}
		kx, ky := mine[0], mine[1]
		xs, ys := rs.distinct(si, kx), rs.distinct(si, ky)
		scName := rs.manifest.Scenarios[si].Name
		if len(xs) > maxHeatValues || len(ys) > maxHeatValues {
			fl.note("No heat map for %s: %s and %s take %d and %d distinct values; heat maps need a grid (design = factorial) of at most %d values per parameter.", scName, kx, ky, len(xs), len(ys), maxHeatValues)
			continue
		}
		var avg []string
		for _, o := range mine[2:] {
			avg = append(avg, rs.short(o))
		}
		for _, m := range rs.choice.sweeps {
			mi, name := m.col, m.Name
			title, _ := names(m.Metric)
			// The colour bar is short: the unit, but no scale hint.
			zl := m.Axis
			if m.Unit != "" && !strings.Contains(zl, m.Unit) {
				zl += " (" + unitText(m.Unit) + ")"
			}
			g := plots.Grid{X: xs, Y: ys, ZLabel: "mean " + zl}
			lo, hi := math.MaxInt, 0
			for _, y := range ys {
				row := make([]float64, len(xs))
				for ix, x := range xs {
					v := rs.pooled(si, mi, []string{kx, ky}, []float64{x, y})
					row[ix], _ = analysis.MeanSD(v)
					lo, hi = min(lo, len(v)), max(hi, len(v))
				}
				g.Z = append(g.Z, row)
			}
			t := fmt.Sprintf("%s\n%s, mean of %d runs per cell", title, scName, lo)
			if lo != hi {
				t = fmt.Sprintf("%s\n%s, mean of %d to %d runs per cell", title, scName, lo, hi)
			}
			if len(avg) > 0 {
				t += ", averaged over " + strings.Join(avg, ", ")
			}
			file := "heatmap_" + name
			if len(sweptSc) > 1 {
				file += "_" + fileName(scName)
			}
			p, err := plots.HeatMap(plots.Axes{Title: t, X: paramAxis(kx), Y: paramAxis(ky)}, g)
			what := fmt.Sprintf("%s over %s and %s (mean over runs)", title, kx, ky)
			if len(sweptSc) > 1 {
				what = scName + ": " + what
			}
			if err := fl.save(dir, file, what, p, err); err != nil {
				return err
			}
		}
	}
	return nil
}
