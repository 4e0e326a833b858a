package design

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func evalMorris(p MorrisPlan, f func([]float64) float64) []float64 {
	y := make([]float64, len(p.Points))
	for i, x := range p.Points {
		y[i] = f(x)
	}
	return y
}

func TestMorrisStructure(t *testing.T) {
	for _, levels := range []int{2, 4, 6} {
		const r, k = 12, 5
		p := Morris(r, k, levels, rand.New(rand.NewPCG(1, uint64(levels))))
		wantDelta := float64(levels) / (2 * float64(levels-1))
		if p.R != r || p.K != k || p.Levels != levels || p.Delta != wantDelta {
			t.Fatalf("plan header %d %d %d %v", p.R, p.K, p.Levels, p.Delta)
		}
		if len(p.Points) != r*(k+1) || len(p.Steps) != r*k {
			t.Fatalf("levels %d: %d points, %d steps", levels, len(p.Points), len(p.Steps))
		}
		for _, row := range p.Points {
			for _, x := range row {
				g := x * float64(levels-1)
				if x < 0 || x > 1 || math.Abs(g-math.Round(g)) > 1e-9 {
					t.Fatalf("levels %d: coordinate %v not on the grid", levels, x)
				}
			}
		}
		for tr := range r {
			moved := make([]bool, k)
			for s := range k {
				st := p.Steps[tr*k+s]
				a, b := p.Points[tr*(k+1)+s], p.Points[tr*(k+1)+s+1]
				if moved[st.Factor] {
					t.Fatalf("trajectory %d moves factor %d twice", tr, st.Factor)
				}
				moved[st.Factor] = true
				if math.Abs(math.Abs(st.Delta)-p.Delta) > 1e-12 {
					t.Fatalf("step delta %v, want ±%v", st.Delta, p.Delta)
				}
				for i := range k {
					d := b[i] - a[i]
					if i == st.Factor && d != st.Delta || i != st.Factor && d != 0 {
						t.Fatalf("trajectory %d step %d: factor %d changes by %v (step says factor %d by %v)",
							tr, s, i, d, st.Factor, st.Delta)
					}
				}
			}
		}
	}
}

func TestMorrisLinear(t *testing.T) {
	c := []float64{3, -2, 0, 0.5, 10}
	p := Morris(10, len(c), 4, rand.New(rand.NewPCG(2, 3)))
	y := evalMorris(p, func(x []float64) float64 {
		var s float64
		for i, ci := range c {
			s += ci * x[i]
		}
		return s
	})
	idx, err := p.Effects(y)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range idx {
		if math.Abs(m.MuStar-math.Abs(c[i])) > 1e-12 || math.Abs(m.Mu-c[i]) > 1e-12 || m.Sigma > 1e-12 {
			t.Errorf("x%d (c = %v): %+v, want mu = c, mu* = |c|, sigma = 0", i+1, c[i], m)
		}
	}
	if idx[2] != (MorrisIndex{}) {
		t.Errorf("factor that does not enter: %+v, want all zero", idx[2])
	}
}

func TestMorrisNonlinear(t *testing.T) {
	// y = x1 + x2*x3 + x4^2: x1 is linear (sigma = 0), x2 and x3 interact and
	// x4 is non-linear (sigma > 0), x5 does not enter (mu* = 0).
	p := Morris(30, 5, 4, rand.New(rand.NewPCG(5, 5)))
	y := evalMorris(p, func(x []float64) float64 { return x[0] + x[1]*x[2] + x[3]*x[3] })
	idx, err := p.Effects(y)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(idx[0].MuStar-1) > 1e-12 || idx[0].Sigma > 1e-12 {
		t.Errorf("x1: %+v, want mu* = 1, sigma = 0", idx[0])
	}
	for _, i := range []int{1, 2, 3} {
		if idx[i].Sigma < 0.1 {
			t.Errorf("x%d: sigma = %v, want > 0.1", i+1, idx[i].Sigma)
		}
	}
	// The elementary effect of x2 is x3 (in {0,1/3,2/3,1}), so mu* is within
	// [0, 1]; that of x4 is 2*x4 + Delta with x4 in {0, 1/3}: mu* in [2/3, 4/3].
	if idx[1].MuStar < 0 || idx[1].MuStar > 1 || idx[3].MuStar < 2.0/3-1e-12 || idx[3].MuStar > 4.0/3+1e-12 {
		t.Errorf("mu* out of its analytic range: x2 %v, x4 %v", idx[1].MuStar, idx[3].MuStar)
	}
	if idx[4] != (MorrisIndex{}) {
		t.Errorf("x5 does not enter: %+v", idx[4])
	}
}

func TestMorrisSingleTrajectory(t *testing.T) {
	p := Morris(1, 2, 4, rand.New(rand.NewPCG(1, 1)))
	idx, err := p.Effects(evalMorris(p, func(x []float64) float64 { return 2 * x[1] }))
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(idx[1].Sigma) || math.Abs(idx[1].MuStar-2) > 1e-12 {
		t.Errorf("r = 1: %+v, want mu* = 2 and sigma NaN", idx[1])
	}
}

func TestMorrisDeterministic(t *testing.T) {
	a := Morris(4, 3, 4, rand.New(rand.NewPCG(7, 7)))
	b := Morris(4, 3, 4, rand.New(rand.NewPCG(7, 7)))
	c := Morris(4, 3, 4, rand.New(rand.NewPCG(8, 7)))
	if !equalMatrix(a.Points, b.Points) {
		t.Error("same seed gave different designs")
	}
	if equalMatrix(a.Points, c.Points) {
		t.Error("different seeds gave the same design")
	}
}

func TestMorrisErrors(t *testing.T) {
	p := Morris(3, 2, 4, rand.New(rand.NewPCG(1, 1)))
	y := evalMorris(p, func(x []float64) float64 { return x[0] })
	if _, err := p.Effects(y[1:]); err == nil || !strings.Contains(err.Error(), "want R*(K+1)") {
		t.Errorf("short y: err = %v", err)
	}
	y[4] = math.NaN()
	if _, err := p.Effects(y); err == nil || !strings.Contains(err.Error(), "output 4 is NaN") {
		t.Errorf("NaN: err = %v", err)
	}
	for _, c := range []struct{ r, k, levels int }{{0, 2, 4}, {2, 0, 4}, {2, 2, 3}, {2, 2, 0}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Morris(%d, %d, %d) did not panic", c.r, c.k, c.levels)
				}
			}()
			Morris(c.r, c.k, c.levels, rand.New(rand.NewPCG(1, 1)))
		}()
	}
}

func TestMorrisOptimized(t *testing.T) {
	const r, k, levels, cand = 8, 4, 4, 60
	p := MorrisOptimized(r, k, levels, cand, rand.New(rand.NewPCG(3, 3)))
	if p.R != r || len(p.Points) != r*(k+1) || len(p.Steps) != r*k {
		t.Fatalf("R = %d, %d points, %d steps", p.R, len(p.Points), len(p.Steps))
	}
	// The chosen trajectories are candidates, with their steps.
	all := Morris(cand, k, levels, rand.New(rand.NewPCG(3, 3)))
	for tr := range r {
		found := false
		for m := range cand {
			if equalMatrix(p.Points[tr*(k+1):(tr+1)*(k+1)], all.Points[m*(k+1):(m+1)*(k+1)]) {
				found = true
				for s := range k {
					if p.Steps[tr*k+s] != all.Steps[m*k+s] {
						t.Fatalf("trajectory %d: step %d differs from candidate %d", tr, s, m)
					}
				}
				break
			}
		}
		if !found {
			t.Fatalf("trajectory %d is not one of the candidates", tr)
		}
	}
	// Better spread than taking the first r candidates (what Morris with the
	// same generator state returns) or any of several random designs.
	best := p.Spread()
	if first := Morris(r, k, levels, rand.New(rand.NewPCG(3, 3))).Spread(); best <= first {
		t.Errorf("optimised spread %v <= unoptimised %v", best, first)
	}
	for seed := uint64(10); seed < 20; seed++ {
		if s := Morris(r, k, levels, rand.New(rand.NewPCG(seed, 0))).Spread(); s >= best {
			t.Errorf("random design (seed %d) spread %v >= optimised %v", seed, s, best)
		}
	}
	// Still exact on a linear model.
	idx, err := p.Effects(evalMorris(p, func(x []float64) float64 { return 4*x[0] - x[3] }))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(idx[0].MuStar-4) > 1e-12 || math.Abs(idx[3].MuStar-1) > 1e-12 || idx[1].MuStar != 0 {
		t.Errorf("linear model on optimised design: %+v", idx)
	}
}

func TestMorrisSpread(t *testing.T) {
	// Two one-factor trajectories {0,1} and {1,0} (levels 2, Delta 1): the
	// four point pairs are at distances 1, 0, 0, 1, so d = 2 and spread 2.
	p := MorrisPlan{K: 1, R: 2, Levels: 2, Delta: 1,
		Points: [][]float64{{0}, {1}, {1}, {0}},
		Steps:  []MorrisStep{{0, 1}, {0, -1}}}
	if s := p.Spread(); s != 2 {
		t.Errorf("spread = %v, want 2", s)
	}
}
