package plots

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

func testMarginal() Marginal {
	return Marginal{Values: []float64{0.2, 0.25, 0.3, 0.3, 0.35, 0.4, math.NaN(), 1.5}, Lo: 0, Hi: 1, Bins: 10,
		Marks: []float64{0.2, 0.3, 0.4}, MarksLabel: "2.5%, 50%, 97.5%", Label: "posterior", RefLabel: "prior"}
}

// The histogram is a density over the fixed range: bars whose areas sum to
// the share of values inside it.
func TestHistogramIsADensity(t *testing.T) {
	m := testMarginal()
	p, err := Histogram(testAxes(), m)
	if err != nil {
		t.Fatal(err)
	}
	render(t, p)
	if p.X.Min != 0 || p.X.Max != 1 || p.Y.Min != 0 {
		t.Errorf("axes [%g, %g], y from %g", p.X.Min, p.X.Max, p.Y.Min)
	}
	m.Values = []float64{0.05, 0.12, 0.17, 0.33, 0.36, 0.38, 0.99, math.NaN()}
	bins, err := m.bins()
	if err != nil {
		t.Fatal(err)
	}
	area := 0.0
	for _, b := range bins {
		area += b.Weight * (b.Max - b.Min)
	}
	// 7 of the 8 values lie in [0, 1]; bin [0.3, 0.4) holds 3 of the 8.
	if len(bins) != 10 || math.Abs(area-7.0/8) > 1e-12 || math.Abs(bins[3].Weight-3/(8*0.1)) > 1e-9 || bins[9].Weight == 0 {
		t.Errorf("%d bins of total area %g, bin 3 density %g: %v", len(bins), area, bins[3].Weight, bins)
	}
}

func TestPosteriorFiguresAndGrid(t *testing.T) {
	ax := testAxes()
	hist, err := Histogram(ax, testMarginal())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Scatter(ax, []float64{0.1, 0.5, math.NaN()}, []float64{2, 3, 4}, 0, 1, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	render(t, sc)
	if sc.X.Min != 0 || sc.X.Max != 1 || sc.Y.Min != 0 || sc.Y.Max != 10 {
		t.Errorf("scatter ranges [%g, %g] x [%g, %g]", sc.X.Min, sc.X.Max, sc.Y.Min, sc.Y.Max)
	}
	boxes, err := BoxesRef(Axes{Title: "implausibility", LegendWidth: 6 * vg.Centimeter, DotLabel: "dot: one point", BoxLabel: "box"},
		[]Group{{Label: "wave 1", Values: []float64{0.5, 3, 40}}, {Label: "wave 2", Values: []float64{0.2, 1, 2.5}}},
		[]Reference{{Y: 3, Label: "cut-off"}, {Y: 2, Label: "tolerance"}}, true)
	if err != nil {
		t.Fatal(err)
	}
	render(t, boxes)
	if _, ok := boxes.Y.Scale.(plot.LogScale); !ok || boxes.Y.Min >= 0.2 || boxes.Y.Max <= 40 {
		t.Errorf("log axis %T from %g to %g", boxes.Y.Scale, boxes.Y.Min, boxes.Y.Max)
	}
	lin, err := BoxesRef(ax, []Group{{Label: "runs", Values: []float64{5, 6, 7}}}, []Reference{{Y: 20, Label: "observed"}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if lin.Y.Max <= 20 {
		t.Errorf("the reference line at 20 is off the axis (max %g)", lin.Y.Max)
	}
	var png, svg bytes.Buffer
	grid := [][]*plot.Plot{{hist, nil}, {sc, boxes}}
	if err := WriteGridPNG(&png, grid, 20*vg.Centimeter, 20*vg.Centimeter, 30); err != nil {
		t.Fatal(err)
	}
	if err := WriteGridSVG(&svg, grid, 20*vg.Centimeter, 20*vg.Centimeter); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")) || !bytes.Contains(svg.Bytes(), []byte("<svg")) {
		t.Errorf("grid: %d bytes of PNG, %d of SVG", png.Len(), svg.Len())
	}
}

func TestPosteriorFiguresInvalidInput(t *testing.T) {
	ax := testAxes()
	for _, tc := range []struct {
		name string
		err  func() error
		want string
	}{
		{"Histogram empty range", func() error { _, err := Histogram(ax, Marginal{Values: []float64{1}, Lo: 1, Hi: 1}); return err }, "range [1, 1] is empty"},
		{"Histogram no value inside", func() error { _, err := Histogram(ax, Marginal{Values: []float64{5}, Lo: 0, Hi: 1}); return err }, "no finite value in [0, 1]"},
		{"Scatter lengths", func() error { _, err := Scatter(ax, []float64{1}, nil, 0, 1, 0, 1); return err }, "len(ys)=0, want len(xs)=1"},
		{"Scatter no point", func() error { _, err := Scatter(ax, []float64{math.NaN()}, []float64{1}, 0, 1, 0, 1); return err }, "no finite points"},
		{"BoxesRef zero on a log axis", func() error {
			_, err := BoxesRef(ax, []Group{{Label: "w", Values: []float64{0, 1}}}, nil, true)
			return err
		}, `group "w": value 0 is not > 0`},
		{"WriteGridPNG ragged", func() error {
			p, _ := Scatter(ax, []float64{1}, []float64{1}, 0, 2, 0, 2)
			var b bytes.Buffer
			err := WriteGridPNG(&b, [][]*plot.Plot{{p, p}, {p}}, Width, Height, 30)
			if b.Len() > 0 {
				return fmt.Errorf("%d bytes written", b.Len())
			}
			return err
		}, "row 1 has 1 panels, row 0 has 2"},
		{"WriteGridSVG no panels", func() error { return WriteGridSVG(&bytes.Buffer{}, nil, Width, Height) }, "no panels"},
	} {
		err := tc.err()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}
