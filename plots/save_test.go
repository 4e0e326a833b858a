package plots

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

func TestWritePNGAndSVG(t *testing.T) {
	p, err := TimeSeries(testAxes(), testBands())
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if err := WritePNG(&raw, p, 0); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&raw)
	if err != nil {
		t.Fatalf("decode PNG: %v", err)
	}
	w, h, dpi := Width, Height, vg.Length(DPI) // variables: rounding happens at run time, as in vgimg
	wantW := int(w/vg.Inch*dpi + 0.5)
	wantH := int(h/vg.Inch*dpi + 0.5)
	if b := img.Bounds(); b.Dx() != wantW || b.Dy() != wantH {
		t.Errorf("PNG is %dx%d px, want %dx%d (16 cm x 10 cm at %d dpi)", b.Dx(), b.Dy(), wantW, wantH, DPI)
	}
	if wantW != 1890 || wantH != 1181 {
		t.Errorf("print size %dx%d px, want 1890x1181", wantW, wantH)
	}

	// A lower resolution: the same print size in fewer pixels.
	raw.Reset()
	if err := WritePNG(&raw, p, 30); err != nil {
		t.Fatal(err)
	}
	if img, err := png.Decode(&raw); err != nil || img.Bounds().Dx() != 189 {
		t.Errorf("PNG at 30 dpi: %v, %v", err, img.Bounds())
	}

	var svg bytes.Buffer
	if err := WriteSVG(&svg, p); err != nil {
		t.Fatal(err)
	}
	// Standard font names with fallbacks, no embedded font (1.1 MB each).
	for _, want := range []string{"<svg", "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;", "</svg>"} {
		if !bytes.Contains(svg.Bytes(), []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	for _, unwanted := range []string{"@font-face", "data:font/ttf;", "font-family:Liberation Sans;"} {
		if bytes.Contains(svg.Bytes(), []byte(unwanted)) {
			t.Errorf("SVG has %q", unwanted)
		}
	}
	if svg.Len() > 200<<10 {
		t.Errorf("SVG is %d bytes, want under 200 KB", svg.Len())
	}
}

func TestWriteEveryFigure(t *testing.T) {
	ax := testAxes()
	makers := map[string]func() (*plot.Plot, error){
		"timeseries": func() (*plot.Plot, error) { return TimeSeries(ax, testBands()) },
		"sweep":      func() (*plot.Plot, error) { return SweepLine(ax, testBands()) },
		"lorenz":     func() (*plot.Plot, error) { return Lorenz(ax, testCurves()) },
		"survival":   func() (*plot.Plot, error) { return Survival(ax, testSurvival()) },
		"boxes":      func() (*plot.Plot, error) { return Boxes(ax, testGroups()) },
		"heatmap":    func() (*plot.Plot, error) { return HeatMap(ax, testGrid()) },
	}
	for name, mk := range makers {
		p, err := mk()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var png, svg bytes.Buffer
		if err := WritePNG(&png, p, 30); err != nil || png.Len() == 0 {
			t.Errorf("%s: PNG %v (%d bytes)", name, err, png.Len())
		}
		if err := WriteSVG(&svg, p); err != nil || svg.Len() == 0 {
			t.Errorf("%s: SVG %v (%d bytes)", name, err, svg.Len())
		}
	}
}

func TestWriteErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePNG(&buf, nil, 0); err == nil {
		t.Error("WritePNG(nil plot) succeeded")
	}
	if err := WriteSVG(&buf, nil); err == nil {
		t.Error("WriteSVG(nil plot) succeeded")
	}

	// A plot gonum cannot draw (values <= 0 on a log scale panic) gives an
	// error and writes nothing.
	bad, err := TimeSeries(testAxes(), []Band{{Label: "commons", X: []float64{0, 1}, Mean: []float64{-1, 1}}})
	if err != nil {
		t.Fatal(err)
	}
	bad.Y.Scale = plot.LogScale{}
	if err := WritePNG(&buf, bad, 30); err == nil || !strings.HasPrefix(err.Error(), "plots: draw: ") {
		t.Errorf("WritePNG(log scale of negative values) error = %v", err)
	}
	if err := WriteSVG(&buf, bad); err == nil || !strings.HasPrefix(err.Error(), "plots: draw: ") {
		t.Errorf("WriteSVG(log scale of negative values) error = %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written for figures that could not be drawn", buf.Len())
	}
}
