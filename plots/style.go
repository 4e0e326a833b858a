package plots

import (
	"fmt"
	"image/color"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figure size and resolution used by WritePNG and WriteSVG.
const (
	Width  = 16 * vg.Centimeter // figure width (print size)
	Height = 10 * vg.Centimeter // figure height (print size)
	DPI    = 300                // PNG resolution in dots per inch
)

// pt is one PostScript point (1/72 inch), vg's unit of length.
const pt vg.Length = 1

// Font sizes, readable at the Width×Height print size.
const (
	titleSize  = 12 * pt
	labelSize  = 10 * pt
	tickSize   = 9 * pt
	legendSize = 9 * pt
	lineWidth  = 1.5 * pt
)

// bandAlpha is the opacity of the shaded confidence bands.
const bandAlpha = 0x40

// SeriesColor returns the colour of the i-th series (scenario) of a figure.
// Colours follow the colour-blind-safe Okabe–Ito palette in a fixed order
// (blue, vermillion, green, purple, orange, sky blue, yellow, black) and
// repeat after eight series, so passing scenarios in the same order to every
// figure gives every scenario the same colour everywhere.
func SeriesColor(i int) color.Color {
	return seriesNRGBA(i)
}

func seriesNRGBA(i int) color.NRGBA {
	okabeIto := [...]color.NRGBA{
		{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
		{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
		{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
		{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
		{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
		{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
		{R: 0xF0, G: 0xE4, B: 0x42, A: 0xFF}, // yellow
		{R: 0x00, G: 0x00, B: 0x00, A: 0xFF}, // black
	}
	if i < 0 {
		i = -i
	}
	return okabeIto[i%len(okabeIto)]
}

// translucent returns c with the given alpha (non-premultiplied).
func translucent(c color.NRGBA, alpha uint8) color.NRGBA {
	c.A = alpha
	return c
}

// seriesDashes returns the dash pattern of the i-th series: solid for the
// first eight, dashed once the palette repeats, so series stay distinct.
func seriesDashes(i int) []vg.Length {
	if i < 8 {
		return nil
	}
	return []vg.Length{vg.Points(5), vg.Points(2.5)}
}

// seriesGlyph returns the marker shape of the i-th series, so that sweep
// lines stay distinguishable without colour.
func seriesGlyph(i int) draw.GlyphDrawer {
	switch i % 6 {
	case 0:
		return draw.CircleGlyph{}
	case 1:
		return draw.BoxGlyph{}
	case 2:
		return draw.PyramidGlyph{}
	case 3:
		return draw.RingGlyph{}
	case 4:
		return draw.SquareGlyph{}
	default:
		return draw.TriangleGlyph{}
	}
}

func seriesLine(i int) draw.LineStyle {
	return draw.LineStyle{Color: seriesNRGBA(i), Width: lineWidth, Dashes: seriesDashes(i)}
}

// grey is used for reference lines and neutral legend keys.
func grey() color.NRGBA { return color.NRGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xFF} }

// lightGrey is used for grid lines.
func lightGrey() color.NRGBA { return color.NRGBA{R: 0xDD, G: 0xDD, B: 0xDD, A: 0xFF} }

func sans(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}

func sansBold(size vg.Length) font.Font {
	f := sans(size)
	f.Weight = xfont.WeightBold
	return f
}

// Which grid lines newPlot draws.
const (
	gridNone = iota
	gridHorizontal
	gridBoth
)

// newPlot returns a plot with commonsim's house style: title, axis labels,
// fonts, round tick values and light grey grid lines (added first, so they
// lie under the data).
func newPlot(ax Axes, grid int) *plot.Plot {
	p := plot.New()
	p.Title.Text = ax.Title
	p.Title.TextStyle.Font = sansBold(titleSize)
	p.Title.Padding = vg.Points(6)

	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(labelSize)
		a.Label.Padding = vg.Points(3)
		a.Tick.Label.Font = sans(tickSize)
		a.Tick.Length = vg.Points(5)
		a.LineStyle.Width = vg.Points(0.75)
		a.Tick.LineStyle.Width = vg.Points(0.75)
		a.Padding = vg.Points(4)
		a.Tick.Marker = niceTicks{n: ax.Ticks}
		a.AutoRescale = true
	}
	p.X.Label.Text = ax.X
	p.Y.Label.Text = ax.Y

	p.Legend.TextStyle.Font = sans(legendSize)

	if grid != gridNone {
		g := plotter.NewGrid()
		g.Horizontal = draw.LineStyle{Color: lightGrey(), Width: vg.Points(0.5)}
		g.Vertical = g.Horizontal
		if grid == gridHorizontal {
			g.Vertical = draw.LineStyle{}
		}
		p.Add(g)
	}
	return p
}

func legendText(p *plot.Plot) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    sans(legendSize),
		XAlign:  draw.XLeft,
		YAlign:  draw.YCenter,
		Handler: p.TextHandler,
	}
}

// seriesName names series i in error messages.
func seriesName(i int, label string) string {
	if label == "" {
		return fmt.Sprintf("#%d (unlabelled)", i+1)
	}
	return fmt.Sprintf("%q", label)
}
