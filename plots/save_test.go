package plots

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

func TestSave(t *testing.T) {
	p, err := TimeSeries(testAxes(), testBands())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "figures", "nested") // Save creates it
	if err := Save(p, dir, "active"); err != nil {
		t.Fatal(err)
	}

	raw, err := os.ReadFile(filepath.Join(dir, "active.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
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

	svg, err := os.ReadFile(filepath.Join(dir, "active.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "@font-face", "data:font/ttf;", "Liberation Sans", "</svg>"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}

	// Only the two figures, no temporary files.
	assertFiles(t, dir, "active.png", "active.svg")

	// Saving again replaces the files in place.
	if err := Save(p, dir, "active"); err != nil {
		t.Fatal(err)
	}
	assertFiles(t, dir, "active.png", "active.svg")
}

func TestSaveEveryFigure(t *testing.T) {
	ax := testAxes()
	dir := t.TempDir()
	makers := map[string]func() (*plot.Plot, error){
		"timeseries": func() (*plot.Plot, error) { return TimeSeries(ax, testBands()) },
		"sweep":      func() (*plot.Plot, error) { return SweepLine(ax, testBands()) },
		"lorenz":     func() (*plot.Plot, error) { return Lorenz(ax, testCurves()) },
		"survival":   func() (*plot.Plot, error) { return Survival(ax, testSurvival()) },
		"boxes":      func() (*plot.Plot, error) { return Boxes(ax, testGroups()) },
		"heatmap":    func() (*plot.Plot, error) { return HeatMap(ax, testGrid()) },
	}
	var want []string
	for name, mk := range makers {
		p, err := mk()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := Save(p, dir, name); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want = append(want, name+".png", name+".svg")
	}
	assertFiles(t, dir, want...)
}

func TestSaveErrors(t *testing.T) {
	p, err := Boxes(testAxes(), testGroups())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"", "..", "a/b", `a\b`} {
		err := Save(p, dir, name)
		if err == nil || !strings.HasPrefix(err.Error(), "plots: save "+name+": ") {
			t.Errorf("Save(%q) error = %v, want one starting with %q", name, err, "plots: save "+name+": ")
		}
	}
	if err := Save(nil, dir, "nil"); err == nil {
		t.Error("Save(nil plot) succeeded")
	}

	// A plot gonum cannot draw (values ≤ 0 on a log scale panic) gives an
	// error and leaves nothing behind.
	bad, err := TimeSeries(testAxes(), []Band{{Label: "commons", X: []float64{0, 1}, Mean: []float64{-1, 1}}})
	if err != nil {
		t.Fatal(err)
	}
	bad.Y.Scale = plot.LogScale{}
	err = Save(bad, dir, "bad")
	if err == nil || !strings.HasPrefix(err.Error(), "plots: save bad: ") {
		t.Errorf("Save(log scale of negative values) error = %v", err)
	}
	assertFiles(t, dir)

	// dir exists as a file.
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Save(p, file, "boxes"); err == nil || !strings.HasPrefix(err.Error(), "plots: save boxes: ") {
		t.Errorf("Save into a file: error = %v", err)
	}
}

func assertFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, e := range entries {
		if e.Name() == "file" {
			continue
		}
		got[e.Name()] = true
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if info.Size() == 0 {
			t.Errorf("%s is empty", e.Name())
		}
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("%s missing in %s", w, dir)
		}
		delete(got, w)
	}
	for name := range got {
		t.Errorf("unexpected file %s in %s (temporary file left behind?)", name, dir)
	}
}
