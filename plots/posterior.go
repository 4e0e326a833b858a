package plots

import (
	"errors"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Marginal is a sample's distribution over a fixed range against a uniform
// reference, e.g. a calibrated parameter's accepted values against its
// uniform prior.
type Marginal struct {
	Values []float64
	Lo, Hi float64 // the range, e.g. the prior's; Lo < Hi
	Bins   int     // equal bins over [Lo, Hi]; 0 picks about sqrt(n), 8 to 30
	// Marks are dotted vertical lines, e.g. the 2.5%, 50% and 97.5%
	// quantiles, explained by MarksLabel in the legend.
	Marks      []float64
	MarksLabel string
	// Label names the sample in the legend ("posterior (120 points)"),
	// RefLabel the uniform density ("prior"); with none of the three
	// labels there is no legend.
	Label, RefLabel string
}

// Histogram draws m's values as a density histogram over [Lo, Hi] (bars
// whose areas sum to the share of values inside the range), the uniform
// density 1/(Hi - Lo) as a dashed grey line, and the marks. Values outside
// [Lo, Hi] and NaN are left out.
func Histogram(ax Axes, m Marginal) (*plot.Plot, error) {
	bins, err := m.bins()
	if err != nil {
		return nil, err
	}
	h := &plotter.Histogram{Bins: bins, Width: bins[0].Max - bins[0].Min, FillColor: translucent(seriesNRGBA(0), 0x90),
		LineStyle: draw.LineStyle{Color: seriesNRGBA(0), Width: vg.Points(0.75)}}
	p := newPlot(ax, gridHorizontal)
	p.Add(h)
	ref := &plotter.Line{XYs: plotter.XYs{{X: m.Lo, Y: 1 / (m.Hi - m.Lo)}, {X: m.Hi, Y: 1 / (m.Hi - m.Lo)}},
		LineStyle: draw.LineStyle{Color: grey(), Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}}
	p.Add(ref)
	// Without any label (a panel of a figure explained elsewhere) the
	// histogram has no legend.
	leg := newTopLegend(p)
	leg.wrap = ax.LegendWidth
	legend := m.Label != "" || m.RefLabel != "" || m.MarksLabel != ""
	if legend {
		leg.add(orDefault(m.Label, "sample"), h)
		leg.add(orDefault(m.RefLabel, "uniform"), ref)
	}
	if len(m.Marks) > 0 {
		style := draw.LineStyle{Color: seriesNRGBA(1), Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(1.5), vg.Points(2)}}
		top := 0.0
		for _, b := range h.Bins {
			top = math.Max(top, b.Weight)
		}
		top = math.Max(top, 1/(m.Hi-m.Lo)) * 1.05
		for _, x := range m.Marks {
			if finite(x) {
				p.Add(&plotter.Line{XYs: plotter.XYs{{X: x, Y: 0}, {X: x, Y: top}}, LineStyle: style})
			}
		}
		if legend {
			leg.add(orDefault(m.MarksLabel, "marks"), &plotter.Line{LineStyle: style})
		}
	}
	if legend {
		p.Add(leg)
	}
	p.X.Min, p.X.Max = m.Lo, m.Hi
	p.Y.Min = 0
	return p, nil
}

// bins returns m's density histogram: equal bins over [Lo, Hi] whose
// weights are the share of all values (NaN and those outside included in
// the count) in the bin, over its width.
func (m Marginal) bins() ([]plotter.HistogramBin, error) {
	if !(m.Lo < m.Hi) || !finite(m.Lo) || !finite(m.Hi) {
		return nil, fmt.Errorf("plots: Histogram: range [%g, %g] is empty", m.Lo, m.Hi)
	}
	var in []float64
	for _, v := range m.Values {
		if finite(v) && v >= m.Lo && v <= m.Hi {
			in = append(in, v)
		}
	}
	if len(in) == 0 {
		return nil, fmt.Errorf("plots: Histogram: no finite value in [%g, %g] (%d given)", m.Lo, m.Hi, len(m.Values))
	}
	n := m.Bins
	if n <= 0 {
		n = min(30, max(8, int(math.Round(math.Sqrt(float64(len(in)))))))
	}
	width := (m.Hi - m.Lo) / float64(n)
	counts := make([]float64, n)
	for _, v := range in {
		counts[min(n-1, int((v-m.Lo)/width))]++
	}
	bins := make([]plotter.HistogramBin, n)
	for i, c := range counts {
		lo := m.Lo + float64(i)*width
		bins[i] = plotter.HistogramBin{Min: lo, Max: lo + width, Weight: c / (float64(len(m.Values)) * width)}
	}
	return bins, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Scatter draws points (xs[i], ys[i]) over the fixed ranges [xlo, xhi] x
// [ylo, yhi], e.g. two parameters of a calibration's accepted points over
// their priors. Points with a NaN coordinate are left out; no finite point
// is an error.
func Scatter(ax Axes, xs, ys []float64, xlo, xhi, ylo, yhi float64) (*plot.Plot, error) {
	if len(xs) != len(ys) {
		return nil, fmt.Errorf("plots: Scatter: len(ys)=%d, want len(xs)=%d", len(ys), len(xs))
	}
	if !(xlo < xhi) || !(ylo < yhi) {
		return nil, fmt.Errorf("plots: Scatter: empty range [%g, %g] x [%g, %g]", xlo, xhi, ylo, yhi)
	}
	var xy plotter.XYs
	for i := range xs {
		if finite(xs[i]) && finite(ys[i]) {
			xy = append(xy, plotter.XY{X: xs[i], Y: ys[i]})
		}
	}
	if len(xy) == 0 {
		return nil, errors.New("plots: Scatter: no finite points")
	}
	p := newPlot(ax, gridBoth)
	// Smaller, more transparent dots as points accumulate.
	radius := vg.Points(math.Max(1, math.Min(2.5, 30/math.Sqrt(float64(len(xy))))))
	alpha := uint8(math.Max(0x50, math.Min(0xD0, 0x1000/math.Sqrt(float64(len(xy))))))
	p.Add(&plotter.Scatter{XYs: xy, GlyphStyle: draw.GlyphStyle{Color: translucent(seriesNRGBA(0), alpha), Radius: radius, Shape: draw.CircleGlyph{}}})
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xlo, xhi, ylo, yhi
	p.X.AutoRescale, p.Y.AutoRescale = false, false
	return p, nil
}

// WriteGridPNG draws panels, a grid of plots (rows of equal length; a nil
// entry leaves its cell empty), as one PNG image of width×height at dpi
// dots per inch (DPI when dpi is 0), the panels' data areas aligned
// (plot.Align), and writes it to w. As WritePNG, it writes nothing when
// the grid cannot be drawn, and where the bytes go is the caller's.
func WriteGridPNG(w io.Writer, panels [][]*plot.Plot, width, height vg.Length, dpi int) error {
	if dpi <= 0 {
		dpi = DPI
	}
	c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))
	if err := drawGrid(panels, c); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(w); err != nil {
		return fmt.Errorf("plots: write PNG: %w", err)
	}
	return nil
}

// WriteGridSVG is WriteGridPNG as SVG, fonts embedded.
func WriteGridSVG(w io.Writer, panels [][]*plot.Plot, width, height vg.Length) error {
	c := vgsvg.NewWith(vgsvg.UseWH(width, height), vgsvg.EmbedFonts(true))
	if err := drawGrid(panels, c); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("plots: write SVG: %w", err)
	}
	return nil
}

// drawGrid draws the panels on c inside the figure margin, turning a panic
// inside gonum/plot into an error.
func drawGrid(panels [][]*plot.Plot, c vg.CanvasSizer) (err error) {
	if len(panels) == 0 || len(panels[0]) == 0 {
		return errors.New("no panels")
	}
	cols := len(panels[0])
	for i, row := range panels {
		if len(row) != cols {
			return fmt.Errorf("row %d has %d panels, row 0 has %d", i, len(row), cols)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("draw: %v", r)
		}
	}()
	// Room on the right and at the top for the last tick labels, which
	// overhang their data areas.
	tiles := draw.Tiles{Rows: len(panels), Cols: cols, PadX: vg.Points(4), PadY: vg.Points(4), PadRight: vg.Points(12), PadTop: vg.Points(6)}
	dc := draw.Crop(draw.New(c), margin, -margin, margin, -margin)
	canvases := plot.Align(panels, tiles, dc)
	for j, row := range panels {
		for i, p := range row {
			if p != nil {
				p.Draw(canvases[j][i])
			}
		}
	}
	return nil
}

// Reference is a horizontal line across a figure, e.g. a threshold or an
// observed value, with an optional band from Lo to Hi (e.g. the observed
// value ± 2 sd), drawn when Lo < Hi.
type Reference struct {
	Y      float64
	Lo, Hi float64
	Label  string
}

// BoxesRef is Boxes with horizontal reference lines (dashed, in the series
// colours after the groups'), on a logarithmic y axis if logY: e.g. the
// implausibility of the points of each wave of a calibration against its
// cut-off and tolerance, or a target's simulated runs against its observed
// value. With logY every value must be > 0.
func BoxesRef(ax Axes, groups []Group, refs []Reference, logY bool) (*plot.Plot, error) {
	for i, g := range groups {
		for _, v := range g.Values {
			if logY && finite(v) && v <= 0 {
				return nil, fmt.Errorf("plots: BoxesRef: group %s: value %g is not > 0 on a log scale", seriesName(i, g.Label), v)
			}
		}
	}
	// The bands go beneath the boxes; the lines above them.
	x0, x1 := -0.5, float64(len(groups))-0.5
	var bands []plot.Plotter
	bandOf := map[int]*plotter.Polygon{}
	for k, r := range refs {
		if r.Lo < r.Hi && finite(r.Lo) && finite(r.Hi) && (!logY || r.Lo > 0) {
			band := &plotter.Polygon{XYs: []plotter.XYs{{{X: x0, Y: r.Lo}, {X: x1, Y: r.Lo}, {X: x1, Y: r.Hi}, {X: x0, Y: r.Hi}}},
				Color: translucent(seriesNRGBA(len(groups)+k), bandAlpha)}
			bands = append(bands, band)
			bandOf[k] = band
		}
	}
	p, leg, err := boxes(ax, groups, bands...)
	if err != nil {
		return nil, fmt.Errorf("plots: BoxesRef: %w", err)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, g := range groups {
		for _, v := range g.Values {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	for k, r := range refs {
		lo, hi = math.Min(lo, r.Y), math.Max(hi, r.Y)
		line := &plotter.Line{XYs: plotter.XYs{{X: x0, Y: r.Y}, {X: x1, Y: r.Y}},
			LineStyle: draw.LineStyle{Color: seriesNRGBA(len(groups) + k), Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}}
		thumbs := []plot.Thumbnailer{line}
		if band, ok := bandOf[k]; ok {
			lo, hi = math.Min(lo, r.Lo), math.Max(hi, r.Hi)
			thumbs = append([]plot.Thumbnailer{band}, thumbs...)
		}
		p.Add(line)
		leg.add(r.Label, thumbs...)
	}
	p.Add(leg)
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
		p.Y.Min, p.Y.Max = lo/1.5, hi*1.5
		return p, nil
	}
	pad := 0.06 * (hi - lo)
	if pad == 0 {
		pad = math.Max(1e-9, 0.1*math.Abs(hi))
	}
	p.Y.Min, p.Y.Max = math.Min(p.Y.Min, lo-pad), math.Max(p.Y.Max, hi+pad)
	return p, nil
}
