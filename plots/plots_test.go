package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

var nan = math.NaN()

func testAxes() Axes {
	return Axes{Title: "test figure", X: "tick (week)", Y: "active contributors (people)"}
}

func testBands() []Band {
	return []Band{
		{
			Label: "commons",
			X:     []float64{0, 1, 2, 3, 4},
			Mean:  []float64{10, 12, nan, 15, 16},
			Lo:    []float64{8, 10, 11, 13, 14},
			Hi:    []float64{12, 14, 15, 17, 18},
		},
		{
			Label: "extractive",
			X:     []float64{0, 1, 2, 3, 4},
			Mean:  []float64{10, 9, 7, 6, 5},
		},
	}
}

func testCurves() []Curve {
	return []Curve{
		{Label: "commons", X: []float64{0.25, 0.5, 0.75, 1}, Y: []float64{0.1, 0.3, 0.6, 1}},
		{Label: "extractive", X: []float64{0.25, 0.5, 0.75, 1}, Y: []float64{0.02, 0.1, 0.3, 1}},
	}
}

func testSurvival() []Curve {
	return []Curve{
		{Label: "commons", X: []float64{2, 5, 9, 20}, Y: []float64{0.9, 0.7, 0.6, 0.4}},
		{Label: "extractive", X: []float64{1, 3, 4, nan}, Y: []float64{0.8, 0.4, 0.1, 0}},
	}
}

func testGroups() []Group {
	return []Group{
		{Label: "commons", Values: []float64{0.31, 0.35, 0.33, nan, 0.4}},
		{Label: "extractive", Values: []float64{0.6, 0.65, 0.7, 0.58}},
	}
}

func testGrid() Grid {
	return Grid{
		X:      []float64{0.1, 0.2, 0.3},
		Y:      []float64{10, 20},
		Z:      [][]float64{{0.3, 0.4, 0.5}, {0.35, nan, 0.6}},
		ZLabel: "Gini coefficient",
	}
}

// render draws p on an image canvas, failing the test on a panic.
func render(t *testing.T, p *plot.Plot) {
	t.Helper()
	c := vgimg.New(Width, Height)
	if err := drawPlot(p, c); err != nil {
		t.Fatalf("draw: %v", err)
	}
}

func TestConstructors(t *testing.T) {
	ax := testAxes()
	for _, tc := range []struct {
		name string
		make func() (*plot.Plot, error)
	}{
		{"TimeSeries", func() (*plot.Plot, error) { return TimeSeries(ax, testBands()) }},
		{"SweepLine", func() (*plot.Plot, error) { return SweepLine(ax, testBands()) }},
		{"Lorenz", func() (*plot.Plot, error) { return Lorenz(ax, testCurves()) }},
		{"Survival", func() (*plot.Plot, error) { return Survival(ax, testSurvival()) }},
		{"Boxes", func() (*plot.Plot, error) { return Boxes(ax, testGroups()) }},
		{"HeatMap", func() (*plot.Plot, error) { return HeatMap(ax, testGrid()) }},
		{"HeatMap with names", func() (*plot.Plot, error) {
			g := testGrid()
			g.XNames, g.YNames = []string{"a", "b", "c"}, []string{"first", "second"}
			p, err := HeatMap(ax, g)
			if err == nil {
				if ticks := p.X.Tick.Marker.Ticks(0, 2); ticks[1].Label != "b" {
					return nil, fmt.Errorf("column 1 labelled %q, want its name", ticks[1].Label)
				}
			}
			return p, err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.make()
			if err != nil {
				t.Fatal(err)
			}
			if p == nil {
				t.Fatal("nil plot")
			}
			if p.Title.Text != ax.Title || p.X.Label.Text != ax.X || p.Y.Label.Text != ax.Y {
				t.Errorf("title/labels = %q, %q, %q", p.Title.Text, p.X.Label.Text, p.Y.Label.Text)
			}
			render(t, p)
		})
	}
}

func TestInvalidInput(t *testing.T) {
	ax := testAxes()
	for _, tc := range []struct {
		name string
		err  func() error
		want string // substring of the error
	}{
		{"TimeSeries empty", func() error { _, err := TimeSeries(ax, nil); return err }, "no bands"},
		{"TimeSeries Mean length", func() error {
			b := testBands()
			b[1].Mean = b[1].Mean[:3]
			_, err := TimeSeries(ax, b)
			return err
		}, `"extractive": len(Mean)=3, want len(X)=5`},
		{"TimeSeries Lo length", func() error {
			b := testBands()
			b[0].Lo = b[0].Lo[:2]
			_, err := TimeSeries(ax, b)
			return err
		}, `"commons": len(Lo)=2`},
		{"TimeSeries Hi without Lo", func() error {
			b := testBands()
			b[0].Lo = nil
			_, err := TimeSeries(ax, b)
			return err
		}, `"commons": Lo and Hi`},
		{"TimeSeries no points", func() error {
			_, err := TimeSeries(ax, []Band{{Label: "commons"}})
			return err
		}, `"commons": no points`},
		{"TimeSeries all NaN", func() error {
			_, err := TimeSeries(ax, []Band{{Label: "commons", X: []float64{1, 2}, Mean: []float64{nan, nan}}})
			return err
		}, "no finite data"},
		{"SweepLine mismatch", func() error {
			_, err := SweepLine(ax, []Band{{Label: "fee", X: []float64{1, 2}, Mean: []float64{1}}})
			return err
		}, `"fee": len(Mean)=1`},
		{"Lorenz empty", func() error { _, err := Lorenz(ax, nil); return err }, "no curves"},
		{"Lorenz mismatch", func() error {
			c := testCurves()
			c[0].Y = c[0].Y[:1]
			_, err := Lorenz(ax, c)
			return err
		}, `"commons": len(Y)=1, want len(X)=4`},
		{"Lorenz out of range", func() error {
			c := testCurves()
			c[1].Y[2] = 1.5
			_, err := Lorenz(ax, c)
			return err
		}, `"extractive": point (0.75, 1.5) outside`},
		{"Survival empty", func() error { _, err := Survival(ax, []Curve{}); return err }, "no curves"},
		{"Survival mismatch", func() error {
			c := testSurvival()
			c[1].X = append(c[1].X, 7)
			_, err := Survival(ax, c)
			return err
		}, `"extractive": len(Y)=4, want len(X)=5`},
		{"Survival negative time", func() error {
			_, err := Survival(ax, []Curve{{Label: "commons", X: []float64{-1}, Y: []float64{0.5}}})
			return err
		}, "negative event time"},
		{"Survival probability", func() error {
			_, err := Survival(ax, []Curve{{Label: "commons", X: []float64{1}, Y: []float64{1.2}}})
			return err
		}, "outside [0,1]"},
		{"Boxes empty", func() error { _, err := Boxes(ax, nil); return err }, "no groups"},
		{"Boxes empty group", func() error {
			g := testGroups()
			g[1].Values = nil
			_, err := Boxes(ax, g)
			return err
		}, `"extractive": no finite values`},
		{"Boxes all-NaN group", func() error {
			_, err := Boxes(ax, []Group{{Label: "commons", Values: []float64{nan}}})
			return err
		}, `"commons": no finite values`},
		{"HeatMap empty", func() error { _, err := HeatMap(ax, Grid{}); return err }, "empty grid"},
		{"HeatMap rows", func() error {
			g := testGrid()
			g.Z = g.Z[:1]
			_, err := HeatMap(ax, g)
			return err
		}, "len(Z)=1 rows, want len(Y)=2"},
		{"HeatMap ragged", func() error {
			g := testGrid()
			g.Z[1] = g.Z[1][:2]
			_, err := HeatMap(ax, g)
			return err
		}, `"Gini coefficient": len(Z[1])=2, want len(X)=3`},
		{"HeatMap unsorted", func() error {
			g := testGrid()
			g.X[2] = 0.15
			_, err := HeatMap(ax, g)
			return err
		}, "X must be strictly increasing"},
		{"HeatMap names", func() error {
			g := testGrid()
			g.XNames = []string{"a", "b"}
			_, err := HeatMap(ax, g)
			return err
		}, "2 X names for 3 values"},
		{"HeatMap all NaN", func() error {
			_, err := HeatMap(ax, Grid{X: []float64{1}, Y: []float64{1}, Z: [][]float64{{nan}}})
			return err
		}, "no finite values"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err()
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), "plots: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to start with %q and contain %q", err, "plots: ", tc.want)
			}
		})
	}
}

func TestNaNAndInfSkipped(t *testing.T) {
	inf := math.Inf(1)
	p, err := TimeSeries(testAxes(), []Band{{
		Label: "commons",
		X:     []float64{0, 1, nan, 3, 4, 5},
		Mean:  []float64{1, inf, 3, nan, 5, 6},
		Lo:    []float64{0, 0, 0, 0, nan, 5},
		Hi:    []float64{2, 2, 2, 2, 2, 7},
	}})
	if err != nil {
		t.Fatal(err)
	}
	render(t, p)
	if p.Y.Max >= 100 || p.X.Max > 5 {
		t.Errorf("axis range %v..%v × %v..%v includes skipped values", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
}

func TestFixedRanges(t *testing.T) {
	p, err := Lorenz(testAxes(), testCurves())
	if err != nil {
		t.Fatal(err)
	}
	render(t, p)
	if p.X.Min != 0 || p.X.Max != 1 || p.Y.Min != 0 || p.Y.Max != 1 {
		t.Errorf("Lorenz axes %v..%v × %v..%v, want 0..1 × 0..1", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}

	p, err = Survival(testAxes(), testSurvival())
	if err != nil {
		t.Fatal(err)
	}
	render(t, p)
	if p.X.Min != 0 || p.Y.Min != 0 || p.Y.Max != 1 {
		t.Errorf("Survival axes %v..%v × %v..%v, want 0.. × 0..1", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
}

func TestLegendAndColorBarReserveRoom(t *testing.T) {
	c := draw.New(vgimg.New(Width, Height))

	// The legend sits above the data area, not on it.
	p, err := TimeSeries(Axes{}, testBands())
	if err != nil {
		t.Fatal(err)
	}
	leg := newTopLegend(p)
	leg.add("commons") // one row, as high as the plot's legend
	if got, max := p.DataCanvas(c).Max.Y, c.Max.Y-leg.height(); got > max {
		t.Errorf("data area top %v, want ≤ %v (room for the legend)", got, max)
	}

	h, err := HeatMap(testAxes(), testGrid())
	if err != nil {
		t.Fatal(err)
	}
	d := h.DataCanvas(c)
	if room := c.Max.X - d.Max.X; room < cbGap+cbWidth {
		t.Errorf("room right of the heat map %v, want ≥ %v for the colour bar", room, cbGap+cbWidth)
	}
}

func TestSeriesColor(t *testing.T) {
	commons, extractive := SeriesColor(0), SeriesColor(1)
	if commons == extractive {
		t.Error("first two series share a colour")
	}
	if want := (color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}); commons != want {
		t.Errorf("SeriesColor(0) = %v, want Okabe–Ito blue %v", commons, want)
	}
	if SeriesColor(8) != SeriesColor(0) {
		t.Error("palette does not repeat after 8 colours")
	}
	seen := map[color.Color]bool{}
	for i := range 8 {
		seen[SeriesColor(i)] = true
	}
	if len(seen) != 8 {
		t.Errorf("%d distinct colours in the first 8, want 8", len(seen))
	}
}

func TestJitterDeterministic(t *testing.T) {
	seen := map[float64]bool{}
	for j := range 20 {
		o := jitterOffset(j)
		if o < -1 || o >= 1 {
			t.Errorf("jitterOffset(%d) = %v, outside [-1, 1)", j, o)
		}
		if o != jitterOffset(j) {
			t.Errorf("jitterOffset(%d) not deterministic", j)
		}
		seen[o] = true
	}
	if len(seen) != 20 {
		t.Errorf("%d distinct offsets for 20 points", len(seen))
	}
}

func TestNiceTicks(t *testing.T) {
	labels := func(lo, hi float64) []string {
		var out []string
		for _, tk := range (niceTicks{}).Ticks(lo, hi) {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{
		{0, 199, "0 50 100 150 200"}, // snaps to 200
		{8, 110, "20 40 60 80 100"},
		{0, 1, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{0.27, 0.78, "0.3 0.4 0.5 0.6 0.7"},
		{-0.5, 0.5, "-0.4 -0.2 0.0 0.2 0.4"},
	} {
		if got := strings.Join(labels(tc.lo, tc.hi), " "); got != tc.want {
			t.Errorf("ticks(%v, %v) = %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestViridis(t *testing.T) {
	pal := viridis(256)
	if len(pal) != 256 {
		t.Fatalf("len = %d", len(pal))
	}
	if pal[0] != (color.NRGBA{R: 0x44, G: 0x01, B: 0x54, A: 0xFF}) || pal[255] != (color.NRGBA{R: 0xFD, G: 0xE7, B: 0x25, A: 0xFF}) {
		t.Errorf("ends %v, %v, want viridis purple and yellow", pal[0], pal[255])
	}
	for i := 1; i < len(pal); i++ {
		// 8-bit rounding may cost a hair of luminance between neighbours.
		if luminance(pal[i]) < luminance(pal[i-1])-1e-3 {
			t.Fatalf("luminance falls at %d: the palette must be monotone", i)
		}
	}
}
