package calibrate

import (
	"math"
	"testing"
)

func TestAccMatchesTwoPass(t *testing.T) {
	var a Acc
	xs := []float64{3, math.NaN(), 5, math.Inf(1), 10, 2}
	for _, x := range xs {
		a.Add(x)
	}
	m := a.Moments()
	// finite values 3, 5, 10, 2: mean 5, variance (4+0+25+9)/3
	if m.N != 4 || !near(m.Mean, 5, 1e-12) || !near(m.Var, 38.0/3, 1e-12) {
		t.Errorf("moments = %+v", m)
	}
	var empty, one Acc
	one.Add(7)
	if e := empty.Moments(); e.N != 0 || !math.IsNaN(e.Mean) || !math.IsNaN(e.Var) {
		t.Errorf("empty = %+v", e)
	}
	if o := one.Moments(); o.Mean != 7 || !math.IsNaN(o.Var) {
		t.Errorf("one value = %+v", o)
	}
}

// Implausibility by hand: the ratio |z - m| / sqrt(sd² + d² + v/n) (v(1 +
// 1/n) for a target observed as one run; the distance to a range), mapped
// from Student's t with Welch-Satterthwaite degrees of freedom to the normal
// scale.
func TestImplausibilityKnownValues(t *testing.T) {
	// t quantiles from tables: t(0.975, 3) = 3.182446, t(0.995, 9) = 3.249836.
	const t975df3, t995df9 = 3.182446305284263, 3.2498355415921263
	cases := []struct {
		name string
		t    Target
		m    Moments
		want float64
	}{
		// No runs' variance: the ratio itself.
		{"point, runs agree", Target{Observed: 10, SD: 3}, Moments{N: 4, Mean: 14, Var: 0}, 4.0 / 3},
		{"discrepancy", Target{Observed: 10, SD: 3, Discrepancy: 4}, Moments{N: 4, Mean: 20, Var: 0}, 2},
		{"exact match", Target{Observed: 10, SD: 3}, Moments{N: 4, Mean: 10, Var: 16}, 0},
		// Only the runs' variance, so ν = n - 1: the t quantile of
		// probability p maps to the normal quantile of p.
		{"range, runs only, 4 runs", Target{Range: true, Min: 0.75, Max: math.Inf(1)}, Moments{N: 4, Mean: 0.75 - t975df3*math.Sqrt(0.01/4), Var: 0.01}, 1.959963984540054},
		{"range above, runs only, 10 runs", Target{Range: true, Min: 0, Max: 2}, Moments{N: 10, Mean: 2 + t995df9*math.Sqrt(0.9/10), Var: 0.9}, 2.5758293035489004},
		{"one run, runs only", Target{Range: true, Max: 0, Min: math.Inf(-1), OneRun: true}, Moments{N: 4, Mean: t975df3 * math.Sqrt(2*(1+0.25)), Var: 2}, 1.959963984540054},
		{"inside range", Target{Range: true, Min: 0.75, Max: math.Inf(1)}, Moments{N: 3, Mean: 0.8, Var: 0.01}, 0},
		{"outside range, no variance", Target{Range: true, Min: 0, Max: 2}, Moments{N: 2, Mean: 5, Var: 0}, math.Inf(1)},
		{"one value", Target{Observed: 10, SD: 3}, Moments{N: 1, Mean: 10, Var: math.NaN()}, math.NaN()},
		{"no value", Target{Observed: 10, SD: 3}, Moments{Mean: math.NaN(), Var: math.NaN()}, math.NaN()},
	}
	for _, c := range cases {
		got := c.t.Implausibility(c.m)
		if !(near(got, c.want, 1e-6) || math.IsNaN(got) && math.IsNaN(c.want) || math.IsInf(got, 1) && math.IsInf(c.want, 1)) {
			t.Errorf("%s: implausibility %g, want %g", c.name, got, c.want)
		}
	}
	// Both parts: between the ratio (ν infinite) and the t-mapped value
	// with ν = n - 1, approaching the ratio as the known sd grows.
	m := Moments{N: 4, Mean: 14, Var: 16}
	for _, sd := range []float64{0.5, 3, 30} {
		tg := Target{Observed: 10, SD: sd}
		ratio := 4 / math.Sqrt(sd*sd+4)
		got := tg.Implausibility(m)
		if !(got < ratio) || ratio-got > map[float64]float64{0.5: 0.6, 3: 0.05, 30: 1e-4}[sd] {
			t.Errorf("sd %g: implausibility %g, ratio %g", sd, got, ratio)
		}
		if tg.Variance(m) != sd*sd+4 {
			t.Errorf("sd %g: variance %g", sd, tg.Variance(m))
		}
	}
	// Far in the tail the mapping keeps its precision.
	if got := (Target{Observed: 0, SD: 0.001}).Implausibility(Moments{N: 4, Mean: 100, Var: 1}); !(got > 5) || math.IsInf(got, 0) {
		t.Errorf("far tail: %g", got)
	}
}

func TestAssess(t *testing.T) {
	targets := []Target{{Name: "a", Observed: 0, SD: 1}, {Name: "b", Observed: 0, SD: 1}, {Name: "c", Observed: 0, SD: 1}}
	// (The runs agree: each implausibility is |mean| / sd.)
	p := Point{Params: []float64{1}, Stats: []Moments{{N: 2, Mean: 2, Var: 0}, {N: 2, Mean: 3.5, Var: 0}, {N: 2, Mean: -1, Var: 0}}}
	a := Assess(targets, p, 3)
	if a.Kept || a.Max != 3.5 || len(a.Fails) != 1 || a.Fails[0] != 1 {
		t.Errorf("assessed = %+v", a)
	}
	p.Stats[1] = Moments{N: 1, Mean: 0, Var: math.NaN()}
	a = Assess(targets, p, 3)
	if a.Kept || !math.IsInf(a.Max, 1) || len(a.Fails) != 1 {
		t.Errorf("NaN implausibility: %+v", a)
	}
	p.Stats[1] = Moments{N: 2, Mean: 3, Var: 0}
	if a = Assess(targets, p, 3); !a.Kept || a.Max != 3 {
		t.Errorf("on the cut-off: %+v", a)
	}
}
