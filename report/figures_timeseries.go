package report

import (
	"fmt"
	"math"

	"commonsim/plots"
)

// timeSeriesFigures draws each chosen tick metric over time: one line per
// drawn group, the mean over its runs at each recorded tick, with the 95%
// confidence interval of that mean as a band (bands, from summary.csv's
// pass over timeseries.csv).
func (rs *resultSet) timeSeriesFigures(dir string, fl *figureList, f frame, bands map[int]map[int]*band) error {
	for _, m := range rs.choice.timeSeries {
		title, axis := names(m.Metric)
		var bs []plots.Band
		for gi, g := range f.drawn {
			b := bands[gi][m.col]
			if b == nil {
				b = &band{x: []float64{0}, mean: []float64{math.NaN()}, lo: []float64{math.NaN()}, hi: []float64{math.NaN()}}
			}
			bs = append(bs, plots.Band{Label: g.name, X: b.x, Mean: b.mean, Lo: b.lo, Hi: b.hi})
		}
		p, err := plots.TimeSeries(plots.Axes{
			Title:     title + f.firstOf,
			X:         "tick (week)",
			Y:         axis,
			BandLabel: "shaded: 95% CI of mean (" + runsText(f.drawn) + ")",
		}, bs)
		if err == nil {
			switch {
			case m.Unit == "share":
				p.Y.Min, p.Y.Max = 0, 1
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
