package report

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"

	"commonsim/plots"
)

// timeSeriesFigures draws each chosen tick metric over time: one line per
// drawn group, the mean over its runs at each recorded tick, with the 95%
// confidence interval of that mean as a band (bands, from summary.csv's
// pass over timeseries.csv).
//
// A metric that is the same at every tick of every run of the drawn groups
// (the platform's capture rate of commons and extractive, 0 and 0.9) is
// set by the scenarios' parameters, not an outcome: it is not drawn, and
// the report says so. Beyond maxLines groups, a subset is drawn without
// bands (frame). Shares and other measures bounded by 0 and 1 are drawn on
// their whole 0-1 axis; bands of counts are floored at 0.
func (rs *resultSet) timeSeriesFigures(dir string, fl *figureList, f frame, bands map[int]map[int]*band) error {
	for _, m := range rs.choice.timeSeries {
		title, axis := names(m.Metric)
		var bs []plots.Band
		var all []*band
		for k, g := range f.drawn {
			b := bands[f.idx[k]][m.col]
			if b == nil {
				b = &band{x: []float64{0}, mean: []float64{math.NaN()}, lo: []float64{math.NaN()}, hi: []float64{math.NaN()}}
			}
			all = append(all, b)
			pb := plots.Band{Label: g.name, X: b.x, Mean: b.mean, Lo: b.lo, Hi: b.hi}
			if f.subset {
				pb.Lo, pb.Hi = nil, nil
			} else if isCount(m.Metric) {
				pb.Lo = floored(b.lo)
			}
			bs = append(bs, pb)
		}
		if v, ok := constantBands(all); ok && setBy[m.Name] != "" {
			fl.note("timeseries_%s was not drawn: %s is %s at every tick of every run, as the scenarios' %s sets it: an input, not an outcome.", m.Name, m.Name, joinAnd(v), setBy[m.Name])
			continue
		}
		note := "shaded: 95% CI of mean (" + runsText(f.drawn) + ")"
		if isCount(m.Metric) {
			note += ", floored at 0"
		}
		p, err := plots.TimeSeries(plots.Axes{
			Title:     title + f.firstOf,
			X:         "tick (week)",
			Y:         axis,
			BandLabel: note,
		}, bs)
		if err == nil {
			switch {
			case bounded01(m.Metric):
				boundedAxis(p)
			case p.Y.Min > 0 && m.fromZero:
				p.Y.Min = 0 // counts and amounts read best from zero
			}
		}
		if err := fl.save(dir, "timeseries_"+m.Name, fmt.Sprintf("%s: mean over runs with its 95%% confidence interval", title), p, err); err != nil {
			return err
		}
	}
	return nil
}

// constantBands reports whether every band holds one value at every tick
// (NaN ticks aside) with no spread between runs, and the values, one per
// band, as text.
func constantBands(bs []*band) ([]string, bool) {
	var vals []string
	for _, b := range bs {
		v := math.NaN()
		for i, x := range b.mean {
			if !finite(x) {
				continue
			}
			if !math.IsNaN(v) && !same(x, v) || finite(b.lo[i]) && !same(b.lo[i], x) || finite(b.hi[i]) && !same(b.hi[i], x) {
				return nil, false
			}
			v = x
		}
		if math.IsNaN(v) {
			continue
		}
		if s := fmtRef(v, v); !slices.Contains(vals, s) {
			vals = append(vals, s)
		}
	}
	return vals, len(vals) > 0
}

// floored returns x with negative values raised to 0: the lower end of a
// count's interval.
func floored(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = v
		if v < 0 {
			out[i] = 0
		}
	}
	return out
}

// same reports whether a and b differ by rounding only (a share computed
// as 0.9 of a revenue is 0.8999999999999999 in some ticks).
func same(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(a)) }

// boundedAxis draws a measure bounded by 0 and 1 from 0, so that a gap is
// never exaggerated by a cut axis, and up to 1 unless every value is
// small (below 0.3: one-year retention of a few percent), where the whole
// axis would flatten the differences into its floor.
func boundedAxis(p *plot.Plot) {
	p.Y.Min = 0
	if p.Y.Max >= 0.3 {
		p.Y.Max = 1
	}
}
