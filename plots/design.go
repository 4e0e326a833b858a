package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The figures of sampled designs: a scatter of an output against a factor
// with a smoother (Latin hypercube), Morris's μ* against σ, and bars of
// Sobol' indices with their intervals.

// SmoothScatter is one point per (X[i], Y[i]), in the first series colour,
// and, when SmoothX is not empty, the curve (SmoothX, SmoothY) over them in
// the second colour, with SmoothLabel in the legend. Non-finite points are
// skipped; no finite point is an error.
type SmoothScatter struct {
	X, Y             []float64
	SmoothX, SmoothY []float64
	PointLabel       string // legend of the points, e.g. "one run per point"
	SmoothLabel      string // legend of the curve, e.g. "LOWESS smoother"
}

// ScatterSmooth draws s (see SmoothScatter).
func ScatterSmooth(ax Axes, s SmoothScatter) (*plot.Plot, error) {
	if len(s.X) != len(s.Y) || len(s.SmoothX) != len(s.SmoothY) {
		return nil, fmt.Errorf("plots: ScatterSmooth: %d x and %d y values, %d and %d of the smoother", len(s.X), len(s.Y), len(s.SmoothX), len(s.SmoothY))
	}
	var xy plotter.XYs
	for i := range s.X {
		if finite(s.X[i]) && finite(s.Y[i]) {
			xy = append(xy, plotter.XY{X: s.X[i], Y: s.Y[i]})
		}
	}
	if len(xy) == 0 {
		return nil, fmt.Errorf("plots: ScatterSmooth: no finite point (%d given)", len(s.X))
	}
	p := newPlot(ax, gridBoth)
	leg := newTopLegend(p)
	pts := &plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{
		Color: translucent(seriesNRGBA(0), 0x99), Radius: vg.Points(2), Shape: draw.CircleGlyph{},
	}}
	p.Add(pts)
	leg.add(s.PointLabel, pts)
	var curve plotter.XYs
	for i := range s.SmoothX {
		if finite(s.SmoothX[i]) && finite(s.SmoothY[i]) {
			curve = append(curve, plotter.XY{X: s.SmoothX[i], Y: s.SmoothY[i]})
		}
	}
	if len(curve) > 1 {
		l := &plotter.Line{XYs: curve, LineStyle: draw.LineStyle{Color: seriesNRGBA(1), Width: 2 * lineWidth}}
		p.Add(l)
		leg.add(s.SmoothLabel, l)
	}
	p.Add(leg)
	return p, nil
}

// Factor is one factor of a sensitivity figure: its name and indices.
type Factor struct {
	Name string
	// Morris: μ* (MuStar) and σ (Sigma). Sobol': the first-order and total
	// indices with the half-widths of their 95% intervals.
	MuStar, Sigma                      float64
	First, FirstConf, Total, TotalConf float64
}

// MorrisPlane draws each factor as a labelled point at (μ*, σ), with the
// lines σ = μ* and σ = 0.1 μ* (Garcia Sanz et al. 2013's reading of the
// plane: above the first, effects are non-linear or interact; below the
// second, nearly linear). Both axes start at zero. Factors without finite
// μ* and σ are skipped; none is an error.
func MorrisPlane(ax Axes, fs []Factor) (*plot.Plot, error) {
	var xy plotter.XYs
	var labels []string
	hi := 0.0
	for _, f := range fs {
		if finite(f.MuStar) && finite(f.Sigma) {
			xy = append(xy, plotter.XY{X: f.MuStar, Y: f.Sigma})
			labels = append(labels, f.Name)
			hi = math.Max(hi, math.Max(f.MuStar, f.Sigma))
		}
	}
	if len(xy) == 0 {
		return nil, fmt.Errorf("plots: MorrisPlane: no factor with finite μ* and σ (%d given)", len(fs))
	}
	if hi == 0 {
		hi = 1
	}
	hi *= 1.15
	p := newPlot(ax, gridBoth)
	leg := newTopLegend(p)
	ref := func(slope float64, dashes []vg.Length) *plotter.Line {
		return &plotter.Line{XYs: plotter.XYs{{X: 0, Y: 0}, {X: hi, Y: slope * hi}}, LineStyle: draw.LineStyle{Color: grey(), Width: vg.Points(1), Dashes: dashes}}
	}
	one, tenth := ref(1, []vg.Length{vg.Points(4), vg.Points(3)}), ref(0.1, []vg.Length{vg.Points(1), vg.Points(2)})
	p.Add(one, tenth)
	pts := &plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{Color: seriesNRGBA(0), Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}}
	p.Add(pts)
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: labels})
	if err != nil {
		return nil, fmt.Errorf("plots: MorrisPlane: %w", err)
	}
	for i := range lab.TextStyle {
		lab.TextStyle[i].Font = sans(tickSize)
		lab.TextStyle[i].XAlign = draw.XLeft
		lab.TextStyle[i].YAlign = draw.YBottom
	}
	lab.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(2)}
	p.Add(lab)
	leg.add("factor", pts)
	leg.add("σ = μ*: non-linear or interacting above", one)
	leg.add("σ = 0.1 μ*: nearly linear below", tenth)
	p.Add(leg)
	p.X.Min, p.Y.Min = 0, 0
	p.X.Max, p.Y.Max = hi, hi
	return p, nil
}

// SobolBars draws, for each factor, a bar of its first-order index and one
// of its total index side by side, each with an error bar of its 95%
// interval. The axis runs from 0 to 1 (further if an interval does).
// Factors without finite indices are drawn without bars; none is an error.
func SobolBars(ax Axes, fs []Factor) (*plot.Plot, error) {
	if len(fs) == 0 {
		return nil, fmt.Errorf("plots: SobolBars: no factors")
	}
	first, total := make(plotter.Values, len(fs)), make(plotter.Values, len(fs))
	var errFirst, errTotal plotter.XYs
	var confFirst, confTotal plotter.YErrors
	names := make([]string, len(fs))
	lo, hi := 0.0, 1.0
	any := false
	for i, f := range fs {
		names[i] = f.Name
		first[i], total[i] = zeroIfNaN(f.First), zeroIfNaN(f.Total)
		any = any || finite(f.First) || finite(f.Total)
		for _, e := range []struct {
			v, c  float64
			xy    *plotter.XYs
			conf  *plotter.YErrors
			shift float64
		}{{f.First, f.FirstConf, &errFirst, &confFirst, -0.175}, {f.Total, f.TotalConf, &errTotal, &confTotal, 0.175}} {
			if finite(e.v) && finite(e.c) {
				*e.xy = append(*e.xy, plotter.XY{X: float64(i) + e.shift, Y: e.v})
				*e.conf = append(*e.conf, struct{ Low, High float64 }{e.c, e.c})
				lo, hi = math.Min(lo, e.v-e.c), math.Max(hi, e.v+e.c)
			}
		}
	}
	if !any {
		return nil, fmt.Errorf("plots: SobolBars: no finite index (%d factors)", len(fs))
	}
	p := newPlot(ax, gridHorizontal)
	leg := newTopLegend(p)
	// Bars are rectangles in data units, so that the error bars (placed in
	// data units too) sit on their centres: factor i's first-order bar
	// spans [i-barW, i], its total bar [i, i+barW].
	const barW = 0.35
	for k, v := range []plotter.Values{first, total} {
		col := seriesNRGBA(k)
		var rings []plotter.XYer
		for i, y := range v {
			x0 := float64(i) + float64(k-1)*barW
			rings = append(rings, plotter.XYs{{X: x0, Y: 0}, {X: x0 + barW, Y: 0}, {X: x0 + barW, Y: y}, {X: x0, Y: y}})
		}
		poly, err := plotter.NewPolygon(rings...)
		if err != nil {
			return nil, fmt.Errorf("plots: SobolBars: %w", err)
		}
		poly.Color = col
		poly.LineStyle.Width = 0
		p.Add(poly)
		leg.add([]string{"first-order S1 (the factor alone)", "total ST (with interactions); whiskers: 95% bootstrap CI"}[k], poly)
	}
	for _, e := range []struct {
		xy   plotter.XYs
		conf plotter.YErrors
	}{{errFirst, confFirst}, {errTotal, confTotal}} {
		if len(e.xy) == 0 {
			continue
		}
		eb, err := plotter.NewYErrorBars(errorPoints{e.xy, e.conf})
		if err != nil {
			return nil, fmt.Errorf("plots: SobolBars: %w", err)
		}
		eb.LineStyle = draw.LineStyle{Color: grey(), Width: vg.Points(1)}
		eb.CapWidth = vg.Points(5)
		p.Add(eb)
	}
	p.Add(leg)
	ticks := make(plot.ConstantTicks, len(names))
	for i, n := range names {
		ticks[i] = plot.Tick{Value: float64(i), Label: n}
	}
	p.X.Tick.Marker = ticks
	p.X.Min, p.X.Max = -0.6, float64(len(names)-1)+0.6
	p.Y.Min, p.Y.Max = lo, hi
	return p, nil
}

// errorPoints is points with symmetric error bars, for NewYErrorBars.
type errorPoints struct {
	plotter.XYs
	plotter.YErrors
}

func zeroIfNaN(v float64) float64 {
	if finite(v) {
		return v
	}
	return 0
}
