package report

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"commonsim/analysis"
	"commonsim/sim"
)

// meanCI must give exactly what analysis.MeanCI gives.
func TestMeanCIMatchesAnalysis(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for n := range 60 {
		for range 5 {
			x := make([]float64, n)
			for i := range x {
				x[i] = rng.NormFloat64()*100 + 7
			}
			m1, l1, h1 := meanCI(x)
			m2, l2, h2 := analysis.MeanCI(x, level)
			if !same(m1, m2) || !same(l1, l2) || !same(h1, h2) {
				t.Fatalf("n=%d: meanCI = %v %v %v, analysis.MeanCI = %v %v %v", n, m1, l1, h1, m2, l2, h2)
			}
		}
	}
}

func TestWrap(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  []string
	}{
		{"a bb ccc", 4, []string{"a bb", "ccc"}},
		{"a bb ccc", 100, []string{"a bb ccc"}},
		{"toolongword x", 3, []string{"toolongword", "x"}},
		{"", 10, nil},
	}
	for _, c := range cases {
		got := wrap(c.in, c.width)
		if len(got) != len(c.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("wrap(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
			}
		}
	}
}

func TestFormatting(t *testing.T) {
	cases := []struct {
		v, ref float64
		want   string
	}{
		{6046, 6046, "6046"}, {-4781.4, 5100, "-4781"}, {12.34, 12.34, "12.3"}, {0.7877, 0.7877, "0.788"},
		{0.0012, 0.0012, "0.00120"}, {0, 0, "0"}, {-0.0001, 1, "0.00"}, {math.NaN(), 1, "n/a"}, {math.Inf(1), 1, "Inf"},
	}
	for _, c := range cases {
		if got := fmtRef(c.v, c.ref); got != c.want {
			t.Errorf("fmtRef(%v, %v) = %q, want %q", c.v, c.ref, got, c.want)
		}
	}
	for in, want := range map[string]string{"0.26666666666666666": "0.2667", "0.3": "0.3", "proportional": "proportional", "1000000": "1000000", "1.5e-07": "1.5e-07", "123.456789": "123.5"} {
		if got := shortValue(in); got != want {
			t.Errorf("shortValue(%q) = %q, want %q", in, got, want)
		}
	}
	for _, c := range []struct {
		xs  []float64
		log bool
	}{{[]float64{1, 4, 16}, true}, {[]float64{10, 20, 30, 40}, false}, {[]float64{0, 0.3, 0.6}, false}, {[]float64{1, 16}, false}} {
		if got := geometric(c.xs); got != c.log {
			t.Errorf("geometric(%v) = %v", c.xs, got)
		}
	}
}

// Every metric the report chooses is in the registry (a renamed metric
// must be renamed in metrics.go too, or its figure silently goes), once
// per list, and every key metric has its words.
func TestChoiceIsInRegistry(t *testing.T) {
	c := choose(sim.TickMetrics(), sim.SummaryMetrics())
	if len(c.missing) > 0 {
		t.Errorf("not in the registry: %v", c.missing)
	}
	if len(c.timeSeries) != len(timeSeriesChoice) || len(c.boxes) != len(boxChoice) || len(c.sweeps) != len(sweepChoice) || len(c.key) != len(keyChoice) {
		t.Errorf("resolved %d, %d, %d, %d metrics", len(c.timeSeries), len(c.boxes), len(c.sweeps), len(c.key))
	}
	seen := map[string]bool{}
	for _, m := range c.key {
		if seen[m.Name] || m.noun == "" || m.more == "" || m.less == "" || (m.infinite == "") != (m.lacks == "") {
			t.Errorf("key metric %s: twice, or words missing: %+v", m.Name, m.summaryWords)
		}
		seen[m.Name] = true
	}
	for _, m := range c.boxes {
		if m.name != m.Name {
			t.Errorf("box %s has the words of %s", m.Name, m.name)
		}
	}
	if c := choose(nil, nil); len(c.missing) != len(timeSeriesChoice)+len(boxChoice)+len(sweepChoice)+len(keyChoice) || len(c.key) != 0 {
		t.Errorf("an empty registry: %+v", c)
	}
}

// The benefit top-share curve counts the platform as one recipient: with
// nothing returned it holds the captured share from the top 1% on; with
// half kept and half returned equally to 99 contributors, the top
// recipient (the platform) holds 0.5 and everyone 1.
func TestTopShareWithPlatform(t *testing.T) {
	rs := &resultSet{summary: []sim.Metric{{Name: "captured_share"}, {Name: "returned_share"}, {Name: "contributors_ever"}}}
	groupOf := func(kappa, rho, n float64) *group {
		return &group{ok: 1, runs: []*run{{ok: true, values: []float64{kappa, rho, n}}}}
	}
	equal := func(q float64) float64 { return q } // the diagonal: top q hold q
	nothing := func(float64) float64 { return math.NaN() }
	cases := []struct {
		kappa, rho, n float64
		contributors  func(float64) float64
		q, want       float64
	}{
		{0.9, 0, 100, nothing, 0.01, 0.9},
		{0.9, 0, 100, nothing, 1, 0.9},
		{0.5, 0.5, 99, equal, 0.01, 0.5},
		{0.5, 0.5, 99, equal, 0.5, 0.5 + 0.5*49/99.0},
		{0.5, 0.5, 99, equal, 1, 1},
		// A small take: the top recipients are contributors, not the platform.
		{0.001, 0.999, 9, func(q float64) float64 { return math.Min(1, 2*q) }, 0.1, 0.999 * 2 * (1.0 / 9)},
	}
	for _, c := range cases {
		top := rs.withPlatform(groupOf(c.kappa, c.rho, c.n), c.contributors, 0, 1, 2)
		if got := top(c.q); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("κ=%g ρ=%g n=%g: top %g holds %g, want %g", c.kappa, c.rho, c.n, c.q, got, c.want)
		}
	}
	if rs.withPlatform(groupOf(0, 0, 10), equal, 0, 1, 2) != nil {
		t.Error("no revenue received: want no curve")
	}
}

// Beyond maxLines groups, line figures draw maxLines groups spread over the
// ranks of the first key metric: its lowest and highest included, in
// group order.
func TestPickDrawnSpreadsOverRanks(t *testing.T) {
	rs := &resultSet{summary: sim.SummaryMetrics()}
	rs.choice = choose(sim.TickMetrics(), rs.summary)
	key := rs.choice.key[0].col
	vals := []float64{5, 90, 12, 40, 3, 77, 60, 18, 25, 33, 8, 50} // 12 groups
	for _, v := range vals {
		r := &run{ok: true, values: make([]float64, len(rs.summary))}
		r.values[key] = v
		rs.groups = append(rs.groups, &group{ok: 1, runs: []*run{r}})
	}
	rs.pickDrawn()
	if len(rs.drawn) != maxLines {
		t.Fatalf("drew %d groups, want %d", len(rs.drawn), maxLines)
	}
	if !slices.Contains(rs.drawn, 4) || !slices.Contains(rs.drawn, 1) {
		t.Errorf("drawn %v lacks the lowest (group 4) or the highest (group 1)", rs.drawn)
	}
	if !slices.IsSorted(rs.drawn) || rs.drawnWhy == "" {
		t.Errorf("drawn %v not in group order, or no reason given (%q)", rs.drawn, rs.drawnWhy)
	}
	rs.groups = rs.groups[:maxLines]
	rs.pickDrawn()
	if len(rs.drawn) != maxLines || rs.drawn[0] != 0 || rs.drawn[maxLines-1] != maxLines-1 {
		t.Errorf("%d groups: drawn %v, want all", maxLines, rs.drawn)
	}
}

// The survival band runs to the end asked for, each run carrying its last
// value beyond its own last step, with the mean and t interval across runs.
func TestSurvivalBandToTheEnd(t *testing.T) {
	a := &survAcc{cur: -1}
	for id, steps := range [][]step{{{0, 1}, {2, 0.5}}, {{0, 1}, {1, 0.8}, {4, 0.2}}} {
		a.cur, a.steps = id, append(a.steps[:0], steps...)
		a.addRun()
	}
	x, mean, lo, hi := a.band(10)
	if len(x) != 11 || x[10] != 10 {
		t.Fatalf("x = %v, want 0 ... 10", x)
	}
	// t = 3: run 1 at 0.5, run 2 at 0.8; t = 10: 0.5 and 0.2 carried on.
	for _, c := range []struct{ t, want float64 }{{0, 1}, {3, 0.65}, {10, 0.35}} {
		if math.Abs(mean[int(c.t)]-c.want) > 1e-12 {
			t.Errorf("mean at %g = %g, want %g", c.t, mean[int(c.t)], c.want)
		}
	}
	if !(lo[10] < 0.35 && hi[10] > 0.35) {
		t.Errorf("interval at 10: [%g, %g] does not hold the mean", lo[10], hi[10])
	}
}
