package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"

	"commonsim/analysis"
	"commonsim/plots"
)

// sweepLineFigures draws each chosen summary metric against each swept
// numeric parameter: the mean and 95% confidence interval of the runs at
// each value (pooled over the other swept parameters), one line per
// scenario that sweeps it.
func (rs *resultSet) sweepLineFigures(dir string, fl *figureList) error {
	if len(rs.swept) == 0 {
		return nil
	}
	sweptSc := rs.factorialScenarios()
	for _, m := range rs.choice.sweeps {
		mi, name := m.col, m.Name
		title, axis := names(m.Metric)
		for _, key := range rs.swept {
			var bs []plots.Band
			lo, hi := math.MaxInt, 0
			var avg []string
			// A line per level of the second factor (the first other swept
			// parameter) when the lines fit the palette; the parameters
			// beyond it are pooled, and the title says so.
			nLines := 0
			for _, si := range sweptSc {
				if mine := rs.sweptBy(si); slices.Contains(mine, key) {
					n := 1
					if o := othersOf(mine, key); len(o) > 0 {
						n = len(rs.distinct(si, o[0]))
					}
					nLines += n
				}
			}
			perLevel := nLines <= maxLines
			for _, si := range sweptSc {
				mine := rs.sweptBy(si)
				if !slices.Contains(mine, key) {
					continue
				}
				rest := othersOf(mine, key)
				keys, levels := []string{key}, []float64{math.NaN()}
				if perLevel && len(rest) > 0 {
					keys = append(keys, rest[0])
					levels = rs.distinct(si, rest[0])
					rest = rest[1:]
				}
				for _, o := range rest {
					if s := rs.short(o); !slices.Contains(avg, s) {
						avg = append(avg, s)
					}
				}
				for _, lvl := range levels {
					label := rs.manifest.Scenarios[si].Name
					if len(keys) > 1 {
						part := rs.short(keys[1]) + "=" + strconv.FormatFloat(lvl, 'g', 4, 64)
						if len(sweptSc) == 1 {
							label = part
						} else {
							label += ", " + part
						}
					}
					b := plots.Band{Label: label}
					for _, x := range rs.distinct(si, key) {
						vals := []float64{x, lvl}[:len(keys)]
						v := rs.pooled(si, mi, keys, vals)
						if len(v) == 0 {
							continue
						}
						mean, l, h := analysis.MeanCI(v, level)
						if isCount(m.Metric) {
							l = math.Max(0, l)
						}
						b.X = append(b.X, x)
						b.Mean = append(b.Mean, mean)
						b.Lo = append(b.Lo, l)
						b.Hi = append(b.Hi, h)
						lo, hi = min(lo, len(v)), max(hi, len(v))
					}
					bs = append(bs, b)
				}
			}
			if len(bs) == 0 {
				continue
			}
			t := title + " vs " + rs.short(key)
			runs := fmt.Sprintf("%d runs", lo)
			if lo != hi {
				runs = fmt.Sprintf("%d to %d runs", lo, hi)
			}
			if len(avg) > 0 {
				t += "\npooled over " + strings.Join(avg, ", ")
			}
			file := "sweep_" + name
			if len(rs.swept) > 1 {
				file += "_" + fileName(rs.short(key))
			}
			var xs []float64
			for _, b := range bs {
				for _, x := range b.X {
					if !slices.Contains(xs, x) {
						xs = append(xs, x)
					}
				}
			}
			slices.Sort(xs)
			log := geometric(xs)
			xl := paramAxis(key)
			if log {
				xl += ", log scale"
			}
			p, err := plots.SweepLine(plots.Axes{
				Title:     t,
				X:         xl,
				Y:         axis,
				BandLabel: "shaded: 95% CI of mean (" + runs + " per value)",
			}, bs)
			if err == nil {
				valueTicks(p, xs, log)
			}
			what := fmt.Sprintf("%s against %s: mean and 95%% confidence interval", title, key)
			if len(avg) > 0 {
				what += ", averaged over " + strings.Join(avg, ", ")
			}
			if err := fl.save(dir, file, what, p, err); err != nil {
				return err
			}
		}
	}
	return nil
}

// geometric reports whether sorted positive values are spaced more evenly
// on a log scale than on a linear one (1, 4, 16 but not 10, 20, 30).
func geometric(xs []float64) bool {
	if len(xs) < 3 || xs[0] <= 0 {
		return false
	}
	var lin, lg []float64
	for i := 1; i < len(xs); i++ {
		lin = append(lin, xs[i]-xs[i-1])
		lg = append(lg, math.Log(xs[i]/xs[i-1]))
	}
	cv := func(x []float64) float64 {
		m, sd := analysis.MeanSD(x)
		return sd / m
	}
	return cv(lg) < cv(lin)
}

// valueTicks labels the x axis of a sweep figure at the swept values, on a
// log scale when they are spaced geometrically.
func valueTicks(p *plot.Plot, xs []float64, log bool) {
	if log {
		p.X.Scale = plot.LogScale{}
	}
	if len(xs) > 12 {
		if log {
			p.X.Tick.Marker = plot.LogTicks{}
		}
		return
	}
	ticks := make(plot.ConstantTicks, len(xs))
	for i, x := range xs {
		ticks[i] = plot.Tick{Value: x, Label: strconv.FormatFloat(x, 'g', 4, 64)}
	}
	p.X.Tick.Marker = ticks
}

// othersOf returns the keys of all but key.
func othersOf(all []string, key string) []string {
	var out []string
	for _, k := range all {
		if k != key {
			out = append(out, k)
		}
	}
	return out
}
