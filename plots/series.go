package plots

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Axes holds a figure's title and axis labels. Labels should name the
// quantity and its unit, e.g. X "tick (week)", Y "active contributors (people)".
type Axes struct {
	Title, X, Y string

	// BandLabel explains the shaded bands of TimeSeries and SweepLine in an
	// extra legend entry with a grey key, e.g. "shaded: 95% CI of the mean
	// (20 runs)". If empty and any band has Lo/Hi, the entry reads
	// DefaultBandLabel. It is ignored by the other figures.
	BandLabel string

	// DotLabel and BoxLabel explain the dots and boxes of Boxes and
	// BoxesRef in the legend; if empty they read "dot: one replication"
	// and "box: middle 50% with median, whiskers: up to 1.5× box height".
	DotLabel, BoxLabel string

	// LegendWidth is the width at which the legend's entries wrap into
	// rows: 0 for a figure of its own (Width less room for the axis); a
	// panel of a SaveGrid figure sets about its own width.
	LegendWidth vg.Length

	// Ticks is about how many intervals the labelled ticks of each axis
	// make: 0 for five; fewer suit the small panels of a SaveGrid figure.
	Ticks int
}

// DefaultBandLabel is the legend text for shaded bands when Axes.BandLabel is empty.
const DefaultBandLabel = "line: mean, shaded: 95% band"

// Band is one scenario's line with its 95% band, e.g. mean active
// contributors over replications per tick.
//
// Mean, and Lo and Hi when set, must have the same length as X. Lo and Hi
// are either both nil (no band) or both set. Points are drawn in order of
// increasing X; a NaN (or ±Inf) entry is skipped and breaks the line or the
// band there, leaving a gap.
type Band struct {
	Label           string
	X, Mean, Lo, Hi []float64
}

// TimeSeries draws one coloured line per band (the i-th band in
// SeriesColor(i)) with a translucent polygon of the same colour between Lo
// and Hi, and a legend above the data.
func TimeSeries(ax Axes, bands []Band) (*plot.Plot, error) {
	return bandPlot("TimeSeries", ax, bands, false)
}

// SweepLine is like TimeSeries but marks each X with a point marker (one
// shape per series): a metric against a swept parameter.
func SweepLine(ax Axes, bands []Band) (*plot.Plot, error) {
	return bandPlot("SweepLine", ax, bands, true)
}

func bandPlot(fn string, ax Axes, bands []Band, markers bool) (*plot.Plot, error) {
	if len(bands) == 0 {
		return nil, fmt.Errorf("plots: %s: no bands", fn)
	}
	for i, b := range bands {
		if err := checkBand(i, b); err != nil {
			return nil, fmt.Errorf("plots: %s: %w", fn, err)
		}
	}

	p := newPlot(ax, gridBoth)
	leg := newTopLegend(p)
	var (
		polys, lines []plot.Plotter
		anyBand      bool
		anyData      bool
	)
	for i, b := range bands {
		col := seriesNRGBA(i)
		idx := sortedFinite(b.X)
		var thumbs []plot.Thumbnailer

		if b.Lo != nil {
			fill := &plotter.Polygon{Color: translucent(col, bandAlpha)}
			drawn := false
			for _, run := range runs(idx, func(j int) bool { return finite(b.Lo[j]) && finite(b.Hi[j]) }) {
				if len(run) < 2 {
					continue
				}
				ring := make(plotter.XYs, 0, 2*len(run))
				for _, j := range run {
					ring = append(ring, plotter.XY{X: b.X[j], Y: b.Hi[j]})
				}
				for k := len(run) - 1; k >= 0; k-- {
					j := run[k]
					ring = append(ring, plotter.XY{X: b.X[j], Y: b.Lo[j]})
				}
				polys = append(polys, &plotter.Polygon{XYs: []plotter.XYs{ring}, Color: fill.Color})
				drawn = true
			}
			if drawn {
				thumbs = append(thumbs, fill)
				anyBand, anyData = true, true
			}
		}

		line := &plotter.Line{LineStyle: seriesLine(i)}
		marks := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{
			Color: col, Radius: vg.Points(2.5), Shape: seriesGlyph(i),
		}}
		drawn := false
		for _, run := range runs(idx, func(j int) bool { return finite(b.Mean[j]) }) {
			xy := make(plotter.XYs, len(run))
			for k, j := range run {
				xy[k] = plotter.XY{X: b.X[j], Y: b.Mean[j]}
			}
			lines = append(lines, &plotter.Line{XYs: xy, LineStyle: line.LineStyle})
			// Sweeps mark every point; a time series marks only a point
			// isolated between NaNs, which has no line segment to show it.
			if markers || len(run) == 1 {
				sc := *marks
				sc.XYs = xy
				if !markers {
					sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: lineWidth, Shape: draw.CircleGlyph{}}
				}
				lines = append(lines, &sc)
			}
			drawn = true
		}
		if drawn {
			thumbs = append(thumbs, line)
			if markers {
				thumbs = append(thumbs, marks)
			}
			anyData = true
		}

		label := b.Label
		if len(thumbs) == 0 {
			label += " (no data)"
		}
		leg.add(label, thumbs...)
	}
	if !anyData {
		return nil, fmt.Errorf("plots: %s: no finite data points in any band", fn)
	}
	if anyBand {
		note := ax.BandLabel
		if note == "" {
			note = DefaultBandLabel
		}
		leg.add(note,
			&plotter.Polygon{Color: translucent(grey(), bandAlpha)},
			&plotter.Line{LineStyle: draw.LineStyle{Color: grey(), Width: lineWidth}},
		)
	}

	p.Add(polys...)
	p.Add(lines...)
	p.Add(leg)
	return p, nil
}

func checkBand(i int, b Band) error {
	name := seriesName(i, b.Label)
	switch {
	case len(b.X) == 0:
		return fmt.Errorf("band %s: no points (len(X)=0)", name)
	case len(b.Mean) != len(b.X):
		return fmt.Errorf("band %s: len(Mean)=%d, want len(X)=%d", name, len(b.Mean), len(b.X))
	case (b.Lo == nil) != (b.Hi == nil):
		return fmt.Errorf("band %s: Lo and Hi must both be set or both be nil", name)
	case b.Lo != nil && len(b.Lo) != len(b.X):
		return fmt.Errorf("band %s: len(Lo)=%d, want len(X)=%d", name, len(b.Lo), len(b.X))
	case b.Hi != nil && len(b.Hi) != len(b.X):
		return fmt.Errorf("band %s: len(Hi)=%d, want len(X)=%d", name, len(b.Hi), len(b.X))
	}
	return nil
}

// Curve is one scenario's curve, e.g. a Lorenz curve or a Kaplan–Meier
// survival curve. X and Y must have the same length.
type Curve struct {
	Label string
	X, Y  []float64
}

// Lorenz draws one Lorenz curve per scenario (the i-th in SeriesColor(i))
// and the dashed grey line of equality, labelled "equality". Both axes run
// from 0 to 1, e.g. ax.X "cumulative share of contributors", ax.Y
// "cumulative share of accepted contribution".
//
// Points are drawn in order of increasing X; points with a NaN coordinate
// are skipped. The curve starts at (0, 0): that point is added if missing.
// A coordinate outside [0, 1] is an error.
func Lorenz(ax Axes, curves []Curve) (*plot.Plot, error) {
	pts, err := curvePoints("Lorenz", curves, func(i int, c Curve, x, y float64) error {
		if x < -tol || x > 1+tol || y < -tol || y > 1+tol {
			return fmt.Errorf("curve %s: point (%g, %g) outside [0,1]×[0,1]", seriesName(i, c.Label), x, y)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	p := newPlot(ax, gridBoth)
	leg := newTopLegend(p)
	equality := &plotter.Line{
		XYs: plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}},
		LineStyle: draw.LineStyle{
			Color:  grey(),
			Width:  vg.Points(1),
			Dashes: []vg.Length{vg.Points(4), vg.Points(3)},
		},
	}
	p.Add(equality)
	for i, c := range curves {
		xy := pts[i]
		for k := range xy { // remove rounding excursions beyond [0, 1]
			xy[k].X, xy[k].Y = clamp01(xy[k].X), clamp01(xy[k].Y)
		}
		if len(xy) > 0 && (xy[0].X != 0 || xy[0].Y != 0) {
			xy = append(plotter.XYs{{X: 0, Y: 0}}, xy...)
		}
		addCurve(p, leg, i, c.Label, xy, plotter.NoStep)
	}
	leg.add("equality", equality)
	p.Add(leg)
	p.X.Min, p.X.Max = 0, 1
	p.Y.Min, p.Y.Max = 0, 1
	return p, nil
}

// Survival draws Kaplan–Meier step functions, one per scenario (the i-th in
// SeriesColor(i)): X holds the event times and Y the survival probability
// just after each event. Each curve starts at (0, 1) (added if missing) and
// steps down at each event; the y axis runs from 0 to 1.
//
// Points with a NaN coordinate are skipped and points are taken in order of
// increasing X. A negative time or a probability outside [0, 1] is an error.
func Survival(ax Axes, curves []Curve) (*plot.Plot, error) {
	pts, err := curvePoints("Survival", curves, func(i int, c Curve, x, y float64) error {
		if x < 0 {
			return fmt.Errorf("curve %s: negative event time %g", seriesName(i, c.Label), x)
		}
		if y < -tol || y > 1+tol {
			return fmt.Errorf("curve %s: survival %g at time %g outside [0,1]", seriesName(i, c.Label), y, x)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	p := newPlot(ax, gridBoth)
	leg := newTopLegend(p)
	for i, c := range curves {
		xy := pts[i]
		for k := range xy {
			xy[k].Y = clamp01(xy[k].Y)
		}
		if len(xy) > 0 && (xy[0].X != 0 || xy[0].Y != 1) {
			xy = append(plotter.XYs{{X: 0, Y: 1}}, xy...)
		}
		addCurve(p, leg, i, c.Label, xy, plotter.PostStep)
	}
	p.Add(leg)
	p.X.Min = 0
	p.Y.Min, p.Y.Max = 0, 1
	return p, nil
}

// tol is the tolerance for values that must lie in [0, 1].
const tol = 1e-9

// curvePoints validates curves and returns, for each, its finite points in
// order of increasing X.
func curvePoints(fn string, curves []Curve, check func(i int, c Curve, x, y float64) error) ([]plotter.XYs, error) {
	if len(curves) == 0 {
		return nil, fmt.Errorf("plots: %s: no curves", fn)
	}
	out := make([]plotter.XYs, len(curves))
	n := 0
	for i, c := range curves {
		name := seriesName(i, c.Label)
		switch {
		case len(c.X) == 0:
			return nil, fmt.Errorf("plots: %s: curve %s: no points (len(X)=0)", fn, name)
		case len(c.Y) != len(c.X):
			return nil, fmt.Errorf("plots: %s: curve %s: len(Y)=%d, want len(X)=%d", fn, name, len(c.Y), len(c.X))
		}
		for _, j := range sortedFinite(c.X) {
			if !finite(c.Y[j]) {
				continue
			}
			if err := check(i, c, c.X[j], c.Y[j]); err != nil {
				return nil, fmt.Errorf("plots: %s: %w", fn, err)
			}
			out[i] = append(out[i], plotter.XY{X: c.X[j], Y: c.Y[j]})
		}
		n += len(out[i])
	}
	if n == 0 {
		return nil, errors.New("plots: " + fn + ": no finite data points in any curve")
	}
	return out, nil
}

// addCurve adds curve i as a line in its series style and its legend entry.
func addCurve(p *plot.Plot, leg *topLegend, i int, label string, xy plotter.XYs, step plotter.StepKind) {
	line := &plotter.Line{XYs: xy, LineStyle: seriesLine(i), StepStyle: step}
	if len(xy) == 0 {
		leg.add(label + " (no data)")
		return
	}
	p.Add(line)
	leg.add(label, line)
}

func clamp01(v float64) float64 { return math.Min(1, math.Max(0, v)) }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// sortedFinite returns the indices of the finite entries of xs, ordered by
// increasing value (ties keep their input order).
func sortedFinite(xs []float64) []int {
	idx := make([]int, 0, len(xs))
	for i, x := range xs {
		if finite(x) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case xs[a] < xs[b]:
			return -1
		case xs[a] > xs[b]:
			return 1
		}
		return 0
	})
	return idx
}

// runs splits idx into maximal runs of consecutive entries for which ok holds.
func runs(idx []int, ok func(int) bool) [][]int {
	var (
		out [][]int
		cur []int
	)
	for _, j := range idx {
		if ok(j) {
			cur = append(cur, j)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}
