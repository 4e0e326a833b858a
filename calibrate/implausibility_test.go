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

// Implausibility by hand: |z - m| / sqrt(sd² + v/r + d²), v(1 + 1/r) for a
// target observed as one run, the distance to a range.
func TestImplausibilityKnownValues(t *testing.T) {
	m := Moments{N: 4, Mean: 14, Var: 16}
	point := Target{Observed: 10, SD: 3}
	cases := []struct {
		name string
		t    Target
		m    Moments
		want float64
	}{
		{"point", point, m, 4 / math.Sqrt(9+4)},
		{"discrepancy", Target{Observed: 10, SD: 3, Discrepancy: 2}, m, 4 / math.Sqrt(9+4+4)},
		{"one run", Target{Observed: 10, SD: 3, OneRun: true}, m, 4 / math.Sqrt(9+4+16)},
		{"exact match", point, Moments{N: 4, Mean: 10, Var: 16}, 0},
		{"inside range", Target{Range: true, Min: 0.75, Max: math.Inf(1)}, Moments{N: 3, Mean: 0.8, Var: 0.01}, 0},
		{"below range", Target{Range: true, Min: 0.75, Max: math.Inf(1)}, Moments{N: 4, Mean: 0.7, Var: 0.01}, 0.05 / math.Sqrt(0.01/4)},
		{"above range, with sd", Target{Range: true, Min: 0, Max: 2, SD: 1}, Moments{N: 2, Mean: 5, Var: 2}, 3 / math.Sqrt(1+1)},
		{"outside range, no variance", Target{Range: true, Min: 0, Max: 2}, Moments{N: 2, Mean: 5, Var: 0}, math.Inf(1)},
		{"one value", point, Moments{N: 1, Mean: 10, Var: math.NaN()}, math.NaN()},
		{"no value", point, Moments{Mean: math.NaN(), Var: math.NaN()}, math.NaN()},
	}
	for _, c := range cases {
		got := c.t.Implausibility(c.m)
		if !(near(got, c.want, 1e-12) || math.IsNaN(got) && math.IsNaN(c.want) || math.IsInf(got, 1) && math.IsInf(c.want, 1)) {
			t.Errorf("%s: implausibility %g, want %g", c.name, got, c.want)
		}
	}
}

func TestAssess(t *testing.T) {
	targets := []Target{{Name: "a", Observed: 0, SD: 1}, {Name: "b", Observed: 0, SD: 1}, {Name: "c", Observed: 0, SD: 1}}
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
