package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Group is one box of a box plot, e.g. one scenario's final Gini
// coefficient in each replication.
type Group struct {
	Label  string
	Values []float64
	// Color is the 1-based index of the group's colour in the series palette
	// (SeriesColor(Color-1)), so that a scenario keeps its colour when other
	// groups are left out; 0 colours the group by its position.
	Color int
}

// Boxes draws one box per group (the i-th in SeriesColor(i)), labelled on
// the x axis with the group labels, and every value as a point jittered
// sideways so that individual replications stay visible. The jitter is
// deterministic (derived from the value's index). Boxes show the quartiles
// and median; whiskers reach the most extreme values within 1.5 IQR of the
// box (Tukey). A legend above the data explains this.
//
// NaN values are skipped; a group without finite values is an error.
func Boxes(ax Axes, groups []Group) (*plot.Plot, error) {
	p, leg, err := boxes(ax, groups)
	if err != nil {
		return nil, err
	}
	p.Add(leg)
	return p, nil
}

// boxes is Boxes without its legend added, so that callers can add entries
// to it first; under are drawn beneath the boxes (on x from -0.5 to
// len(groups) - 0.5).
func boxes(ax Axes, groups []Group, under ...plot.Plotter) (*plot.Plot, *topLegend, error) {
	if len(groups) == 0 {
		return nil, nil, fmt.Errorf("plots: Boxes: no groups")
	}
	vals := make([]plotter.Values, len(groups))
	names := make([]string, len(groups))
	for i, g := range groups {
		for _, v := range g.Values {
			if finite(v) {
				vals[i] = append(vals[i], v)
			}
		}
		if len(vals[i]) == 0 {
			return nil, nil, fmt.Errorf("plots: Boxes: group %s: no finite values (%d given)", seriesName(i, g.Label), len(g.Values))
		}
		names[i] = g.Label
	}

	p := newPlot(ax, gridHorizontal)
	p.Add(under...)
	n := len(groups)
	// The data area is roughly legendWrapWidth wide and each group gets one
	// x unit of it: boxes take 40% of their slot, within readable limits.
	area := legendWrapWidth
	if ax.LegendWidth > 0 {
		area = ax.LegendWidth
	}
	slot := area / vg.Length(n)
	boxW := vg.Length(math.Min(math.Max(float64(0.4*slot), float64(vg.Points(10))), float64(vg.Points(70))))
	// Jitter spans ±30% of the box width, in x units.
	jitter := 0.3 * float64(boxW) / float64(slot)

	var points []plot.Plotter
	for i := range groups {
		col := groupColor(i, groups[i])
		b, err := plotter.NewBoxPlot(boxW, float64(i), vals[i])
		if err != nil {
			return nil, nil, fmt.Errorf("plots: Boxes: group %s: %w", seriesName(i, groups[i].Label), err)
		}
		boxStyle(b, col)
		p.Add(b)

		xy := make(plotter.XYs, len(vals[i]))
		for j, v := range vals[i] {
			xy[j] = plotter.XY{X: float64(i) + jitter*jitterOffset(j), Y: v}
		}
		points = append(points, &plotter.Scatter{XYs: xy, GlyphStyle: pointStyle(col)})
	}
	p.Add(points...)

	leg := newTopLegend(p)
	leg.wrap = ax.LegendWidth
	key, err := plotter.NewBoxPlot(legendThumbW, 0, plotter.Values{0})
	if err != nil {
		return nil, nil, fmt.Errorf("plots: Boxes: %w", err)
	}
	boxStyle(key, grey())
	leg.add(orDefault(ax.BoxLabel, "box: middle 50% with median, whiskers: up to 1.5× box height"), boxKey{key})
	leg.add(orDefault(ax.DotLabel, "dot: one replication"), &plotter.Scatter{GlyphStyle: pointStyle(grey())})

	p.NominalX(names...)
	p.X.Tick.Label.Font = sans(labelSize)
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	p.X.Padding = 0
	// Leave a little room above and below the data, so the outermost
	// points and whisker caps do not touch the legend or the axis.
	margin := 0.04 * (p.Y.Max - p.Y.Min)
	p.Y.Min, p.Y.Max = p.Y.Min-margin, p.Y.Max+margin
	return p, leg, nil
}

func boxStyle(b *plotter.BoxPlot, col color.NRGBA) {
	b.FillColor = translucent(col, bandAlpha)
	b.BoxStyle = draw.LineStyle{Color: col, Width: vg.Points(1.2)}
	b.MedianStyle = draw.LineStyle{Color: col, Width: vg.Points(2.5)}
	b.WhiskerStyle = draw.LineStyle{Color: col, Width: vg.Points(1)}
	// Every value is drawn as a jittered point, so outliers need no glyph.
	b.GlyphStyle = draw.GlyphStyle{}
}

func pointStyle(col color.NRGBA) draw.GlyphStyle {
	return draw.GlyphStyle{
		Color:  translucent(col, 0xB0),
		Radius: vg.Points(2),
		Shape:  draw.CircleGlyph{},
	}
}

// jitterOffset returns a deterministic offset in [-1, 1) for the j-th value:
// the golden-ratio sequence spreads consecutive indices evenly.
func jitterOffset(j int) float64 {
	const phi = 0.6180339887498949
	_, frac := math.Modf(float64(j+1) * phi)
	return 2*frac - 1
}

// boxKey draws a miniature box plot as a legend key.
type boxKey struct{ b *plotter.BoxPlot }

func (k boxKey) Thumbnail(c *draw.Canvas) {
	xm, ym := (c.Min.X+c.Max.X)/2, (c.Min.Y+c.Max.Y)/2
	hw, hh, wh, cap := vg.Points(4), vg.Points(2.5), vg.Points(5.5), vg.Points(2)
	box := []vg.Point{
		{X: xm - hw, Y: ym - hh}, {X: xm - hw, Y: ym + hh},
		{X: xm + hw, Y: ym + hh}, {X: xm + hw, Y: ym - hh}, {X: xm - hw, Y: ym - hh},
	}
	c.FillPolygon(k.b.FillColor, box)
	c.StrokeLines(k.b.WhiskerStyle,
		[]vg.Point{{X: xm, Y: ym + hh}, {X: xm, Y: ym + wh}},
		[]vg.Point{{X: xm - cap, Y: ym + wh}, {X: xm + cap, Y: ym + wh}},
		[]vg.Point{{X: xm, Y: ym - hh}, {X: xm, Y: ym - wh}},
		[]vg.Point{{X: xm - cap, Y: ym - wh}, {X: xm + cap, Y: ym - wh}},
	)
	c.StrokeLines(k.b.BoxStyle, box)
	median := k.b.MedianStyle
	median.Width = vg.Points(1.5)
	c.StrokeLine2(median, xm-hw, ym, xm+hw, ym)
}

// groupColor is the colour of the i-th group: its own palette index when it
// has one, else its position.
func groupColor(i int, g Group) color.NRGBA {
	if g.Color > 0 {
		return seriesNRGBA(g.Color - 1)
	}
	return seriesNRGBA(i)
}
