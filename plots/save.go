package plots

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// WritePNG draws p as a PNG image of Width×Height at dpi dots per inch (DPI
// when dpi is 0) and writes it to w. The figure is drawn whole before the
// first byte is written, so a figure that cannot be drawn writes nothing.
// Where the bytes go is the caller's: commonsim's report writes them
// through results.CreateAtomic, so that no half-written figure is ever left
// under its final name.
func WritePNG(w io.Writer, p *plot.Plot, dpi int) error {
	if p == nil {
		return errors.New("plots: nil plot")
	}
	if dpi <= 0 {
		dpi = DPI
	}
	c := vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(dpi))
	if err := drawPlot(p, c); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(w); err != nil {
		return fmt.Errorf("plots: write PNG: %w", err)
	}
	return nil
}

// WriteSVG draws p as an SVG image of Width×Height and writes it to w; as
// WritePNG, nothing is written when p cannot be drawn.
//
// Fonts are named, not embedded: an embedded Liberation Sans made every
// figure 1.1 MB (issue 17). The text asks for Liberation Sans, then Arial
// and Helvetica, which have the same metrics (Liberation Sans was drawn to
// match Arial's widths), so the layout gonum/plot computed holds, then any
// sans-serif font.
func WriteSVG(w io.Writer, p *plot.Plot) error {
	if p == nil {
		return errors.New("plots: nil plot")
	}
	c := vgsvg.NewWith(vgsvg.UseWH(Width, Height), vgsvg.EmbedFonts(false))
	if err := drawPlot(p, c); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return fmt.Errorf("plots: write SVG: %w", err)
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"), []byte(svgFontFamily))
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("plots: write SVG: %w", err)
	}
	return nil
}

// svgFontFamily is the font-family of the SVG figures' text: standard
// names, with fallbacks of the same metrics.
const svgFontFamily = "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"

// margin is the blank border around a saved figure, so that no text touches
// the edge of the page (or is clipped where a viewer substitutes a slightly
// wider font for the embedded one).
const margin = 6 * pt

// drawPlot draws p on c, inside a blank margin, turning a panic inside gonum/plot (e.g. from an
// impossible axis range a caller set) into an error.
func drawPlot(p *plot.Plot, c vg.CanvasSizer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("draw: %v", r)
		}
	}()
	p.Draw(draw.Crop(draw.New(c), margin, -margin, margin, -margin))
	return nil
}
