package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid is a regular grid of values, e.g. a metric over two swept
// parameters. X and Y are the parameter values of the columns and rows and
// must be strictly increasing; Z[iy][ix] is the value at (X[ix], Y[iy]); NaN
// marks a cell without data. ZLabel names the value and its unit; it labels
// the colour bar.
type Grid struct {
	X, Y   []float64
	Z      [][]float64 // Z[iy][ix]
	ZLabel string
	// XNames and YNames, when set, name the columns and rows instead of
	// their values (categories, e.g. outcomes and scenarios); each has one
	// name per column or row.
	XNames, YNames []string
}

// Heat map layout.
const (
	maxAnnotated = 12      // grids up to this many cells per side get the value written in each cell
	maxTicked    = 15      // at most this many labelled ticks per axis
	annotateSize = 8 * pt  // font size of cell values
	paletteSize  = 256     // colours in the heat map palette
	cbGap        = 10 * pt // between data area and colour bar
	cbWidth      = 10 * pt // colour bar width
	cbTick       = 3 * pt  // colour bar tick length
	cbTextGap    = 3 * pt  // between tick and tick label
	cbLabelGap   = 6 * pt  // between tick labels and the colour bar label
	cbSlices     = 128     // colour steps drawn in the colour bar
	nanNote      = "grey cell: no data"
)

// HeatMap draws g as a heat map with the perceptually uniform, colour-blind
// safe viridis palette (dark purple = low, yellow = high) and a colour bar on
// the right that shows the Z scale and g.ZLabel.
//
// Cells are drawn equally sized in the order of X and Y, as is usual for a
// parameter sweep (whose values need not be evenly spaced, e.g. 10, 20, 50,
// 100); the tick labels give the X and Y values. Small grids (up to 12×12)
// get each cell's value written in it. NaN cells are drawn light grey and
// explained in a legend above the data.
func HeatMap(ax Axes, g Grid) (*plot.Plot, error) {
	if err := checkGrid(g); err != nil {
		return nil, fmt.Errorf("plots: HeatMap: grid %q: %w", g.ZLabel, err)
	}
	zmin, zmax, amax, hasNaN := math.Inf(1), math.Inf(-1), 0.0, false
	for _, row := range g.Z {
		for _, z := range row {
			if !finite(z) {
				hasNaN = true
				continue
			}
			zmin, zmax, amax = math.Min(zmin, z), math.Max(zmax, z), math.Max(amax, math.Abs(z))
		}
	}
	if zmin > zmax {
		return nil, fmt.Errorf("plots: HeatMap: grid %q: no finite values", g.ZLabel)
	}
	if zmin == zmax {
		d := math.Max(math.Abs(zmin)*0.05, 0.5)
		zmin, zmax = zmin-d, zmax+d
	}

	p := newPlot(ax, gridNone)
	pal := viridis(paletteSize)
	h := plotter.NewHeatMap(cellGrid{g}, colors(pal))
	h.Min, h.Max = zmin, zmax
	h.NaN = lightGrey()
	// Adjacent cells are separate antialiased rectangles, which lets the
	// background show through as faint seams between them; a second pass
	// covers the seams.
	p.Add(h, h)

	if len(g.X) <= maxAnnotated && len(g.Y) <= maxAnnotated {
		p.Add(&cellLabels{g: g, pal: pal, min: zmin, max: zmax, format: valueFormat(amax), style: text.Style{
			Font:    sans(annotateSize),
			XAlign:  draw.XCenter,
			YAlign:  draw.YCenter,
			Handler: p.TextHandler,
		}})
	}
	p.Add(&colorBar{
		pal: pal, min: zmin, max: zmax, label: g.ZLabel,
		tick:  p.Y.Tick.Label,
		title: p.Y.Label.TextStyle,
	})
	if hasNaN {
		leg := newTopLegend(p)
		leg.add(nanNote, &plotter.Polygon{Color: lightGrey()})
		p.Add(leg)
	}

	p.X.Tick.Marker = cellTicks(g.X, g.XNames)
	p.Y.Tick.Marker = cellTicks(g.Y, g.YNames)
	p.X.Padding, p.Y.Padding = 0, 0
	p.X.AutoRescale, p.Y.AutoRescale = false, false
	return p, nil
}

func checkGrid(g Grid) error {
	if len(g.X) == 0 || len(g.Y) == 0 {
		return fmt.Errorf("empty grid: len(X)=%d, len(Y)=%d", len(g.X), len(g.Y))
	}
	if len(g.Z) != len(g.Y) {
		return fmt.Errorf("len(Z)=%d rows, want len(Y)=%d", len(g.Z), len(g.Y))
	}
	for iy, row := range g.Z {
		if len(row) != len(g.X) {
			return fmt.Errorf("len(Z[%d])=%d, want len(X)=%d", iy, len(row), len(g.X))
		}
	}
	for _, axis := range []struct {
		name  string
		v     []float64
		names []string
	}{{"X", g.X, g.XNames}, {"Y", g.Y, g.YNames}} {
		name, v := axis.name, axis.v
		if axis.names != nil && len(axis.names) != len(v) {
			return fmt.Errorf("%d %s names for %d values", len(axis.names), name, len(v))
		}
		for i, x := range v {
			if !finite(x) {
				return fmt.Errorf("%s[%d]=%g is not finite", name, i, x)
			}
			if i > 0 && x <= v[i-1] {
				return fmt.Errorf("%s must be strictly increasing: %s[%d]=%g after %g", name, name, i, x, v[i-1])
			}
		}
	}
	return nil
}

// cellGrid adapts Grid to plotter.GridXYZ with the cells at integer
// coordinates: column ix is centred on x = ix, row iy on y = iy.
type cellGrid struct{ g Grid }

func (g cellGrid) Dims() (c, r int)   { return len(g.g.X), len(g.g.Y) }
func (g cellGrid) Z(c, r int) float64 { return g.g.Z[r][c] }
func (g cellGrid) X(c int) float64    { return float64(c) }
func (g cellGrid) Y(r int) float64    { return float64(r) }

// colors is a palette.Palette.
type colors []color.Color

func (c colors) Colors() []color.Color { return c }

// colorAt returns the palette colour of z, as plotter.HeatMap maps it.
func colorAt(pal []color.Color, lo, hi, z float64) color.Color {
	k := int((z-lo)/(hi-lo)*float64(len(pal)-1) + 0.5)
	return pal[max(0, min(len(pal)-1, k))]
}

// viridis returns n colours of matplotlib's viridis colour map (van der
// Walt & Smith), interpolated linearly between nine reference colours.
func viridis(n int) []color.Color {
	ref := [...][3]float64{
		{0x44, 0x01, 0x54}, {0x47, 0x2D, 0x7B}, {0x3B, 0x52, 0x8B},
		{0x2C, 0x72, 0x8E}, {0x21, 0x90, 0x8C}, {0x27, 0xAD, 0x81},
		{0x5D, 0xC8, 0x63}, {0xAA, 0xDC, 0x32}, {0xFD, 0xE7, 0x25},
	}
	out := make([]color.Color, n)
	for i := range out {
		t := 0.0
		if n > 1 {
			t = float64(i) / float64(n-1) * float64(len(ref)-1)
		}
		k := min(int(t), len(ref)-2)
		f := t - float64(k)
		var c [3]uint8
		for j := range c {
			c[j] = uint8(math.Round(ref[k][j]*(1-f) + ref[k+1][j]*f))
		}
		out[i] = color.NRGBA{R: c[0], G: c[1], B: c[2], A: 0xFF}
	}
	return out
}

// luminance returns the relative luminance of c in [0, 1].
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xFFFF
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// valueFormat returns a formatter that writes every value of a grid whose
// finite values have the largest magnitude amax with the same number of
// decimals, giving about three significant digits (0.500, 0.563; 12.5; 150).
func valueFormat(amax float64) func(float64) string {
	if amax >= 1e6 || (amax > 0 && amax < 1e-3) {
		return func(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }
	}
	decimals := 0
	if amax > 0 {
		decimals = max(0, 2-int(math.Floor(math.Log10(amax))))
	}
	return func(v float64) string { return strconv.FormatFloat(v, 'f', decimals, 64) }
}

// cellTicks puts a tick at each cell centre (cell i is at i), labelled with
// its value v[i]; on long axes only every k-th tick is labelled.
func cellTicks(v []float64, names []string) plot.ConstantTicks {
	stride := (len(v) + maxTicked - 1) / maxTicked
	t := make(plot.ConstantTicks, len(v))
	for i, x := range v {
		t[i] = plot.Tick{Value: float64(i)}
		switch {
		case names != nil:
			t[i].Label = names[i]
		case i%stride == 0:
			t[i].Label = strconv.FormatFloat(x, 'g', 4, 64)
		}
	}
	return t
}

// cellLabels writes each cell's value in its centre, in black or white
// depending on the cell colour.
type cellLabels struct {
	g        Grid
	pal      []color.Color
	min, max float64
	format   func(float64) string
	style    text.Style
}

func (l *cellLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for iy, row := range l.g.Z {
		for ix, z := range row {
			if !finite(z) {
				continue
			}
			sty := l.style
			sty.Color = color.White
			if luminance(colorAt(l.pal, l.min, l.max, z)) > 0.3 {
				sty.Color = color.Black
			}
			c.FillText(sty, vg.Point{X: trX(float64(ix)), Y: trY(float64(iy))}, l.format(z))
		}
	}
}

// colorBar draws a vertical colour bar with ticks and a label to the right
// of the data area. It reserves its room through GlyphBoxes, so the data
// area shrinks to make space for it.
type colorBar struct {
	pal         []color.Color
	min, max    float64
	label       string
	tick, title text.Style
}

func (b *colorBar) ticks() []plot.Tick {
	var out []plot.Tick
	for _, t := range (niceTicks{}).Ticks(b.min, b.max) {
		if !t.IsMinor() && t.Value >= b.min && t.Value <= b.max {
			out = append(out, t)
		}
	}
	return out
}

func (b *colorBar) width() vg.Length {
	var lw vg.Length
	for _, t := range b.ticks() {
		if w := b.tick.Width(t.Label); w > lw {
			lw = w
		}
	}
	w := cbGap + cbWidth + cbTick + cbTextGap + lw
	if b.label != "" {
		w += cbLabelGap + b.title.Height(b.label)
	}
	return w
}

// GlyphBoxes reserves room right of the data area.
func (b *colorBar) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	return []plot.GlyphBox{{
		X: 1, Y: 0.5,
		Rectangle: vg.Rectangle{Max: vg.Point{X: b.width()}},
	}}
}

func (b *colorBar) Plot(c draw.Canvas, _ *plot.Plot) {
	x0 := c.Max.X + cbGap
	x1 := x0 + cbWidth
	y0, y1 := c.Min.Y, c.Max.Y
	yOf := func(z float64) vg.Length {
		return y0 + vg.Length((z-b.min)/(b.max-b.min))*(y1-y0)
	}

	dy := (y1 - y0) / cbSlices
	for k := range cbSlices {
		z := b.min + (float64(k)+0.5)/cbSlices*(b.max-b.min)
		lo := y0 + vg.Length(k)*dy
		hi := lo + dy
		if k < cbSlices-1 {
			hi += dy / 4 // overlap a little so no seams show between slices
		}
		c.FillPolygon(colorAt(b.pal, b.min, b.max, z), []vg.Point{
			{X: x0, Y: lo}, {X: x1, Y: lo}, {X: x1, Y: hi}, {X: x0, Y: hi},
		})
	}
	frame := draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}
	c.StrokeLines(frame, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}})

	tick := b.tick
	tick.XAlign, tick.YAlign = draw.XLeft, draw.YCenter
	var lw vg.Length
	for _, t := range b.ticks() {
		y := yOf(t.Value)
		c.StrokeLine2(frame, x1, y, x1+cbTick, y)
		c.FillText(tick, vg.Point{X: x1 + cbTick + cbTextGap, Y: y}, t.Label)
		if w := tick.Width(t.Label); w > lw {
			lw = w
		}
	}

	if b.label != "" {
		sty := b.title
		sty.Rotation = math.Pi / 2
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
		h := sty.Height(b.label)
		x := x1 + cbTick + cbTextGap + lw + cbLabelGap + h - sty.FontExtents().Descent
		c.FillText(sty, vg.Point{X: x, Y: (y0 + y1) / 2}, b.label)
	}
}
