package design

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// ishigami evaluates the Ishigami function at unit coordinates u, mapped to
// x_i uniform on [-pi, pi].
func ishigami(u []float64, a, b float64) float64 {
	x1 := UnitToRange(u[0], -math.Pi, math.Pi)
	x2 := UnitToRange(u[1], -math.Pi, math.Pi)
	x3 := UnitToRange(u[2], -math.Pi, math.Pi)
	s2 := math.Sin(x2)
	return math.Sin(x1) + a*s2*s2 + b*math.Pow(x3, 4)*math.Sin(x1)
}

// ishigamiIndices returns the analytic first-order and total indices of the
// Ishigami function (Sobol' & Levitan 1999; Saltelli et al. 2010).
func ishigamiIndices(a, b float64) (first, total [3]float64) {
	pi4, pi8 := math.Pow(math.Pi, 4), math.Pow(math.Pi, 8)
	v := a*a/8 + b*pi4/5 + b*b*pi8/18 + 0.5
	v1 := 0.5 * (1 + b*pi4/5) * (1 + b*pi4/5)
	v2 := a * a / 8
	v13 := b * b * pi8 * (1.0/18 - 1.0/50)
	first = [3]float64{v1 / v, v2 / v, 0}
	total = [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
	return first, total
}

func evalPlan(p SaltelliPlan, f func([]float64) float64) []float64 {
	y := make([]float64, len(p.Points))
	for i, x := range p.Points {
		y[i] = f(x)
	}
	return y
}

func TestIshigamiAnalyticValues(t *testing.T) {
	// The values quoted in the literature, to 4 decimals.
	first, total := ishigamiIndices(7, 0.1)
	want := [6]float64{0.3139, 0.4424, 0, 0.5576, 0.4424, 0.2437}
	got := [6]float64{first[0], first[1], first[2], total[0], total[1], total[2]}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 5e-5 {
			t.Errorf("analytic Ishigami index %d = %.5f, literature %.4f", i, got[i], want[i])
		}
	}
}

func TestSaltelliIshigami(t *testing.T) {
	const a, b = 7.0, 0.1
	first, total := ishigamiIndices(a, b)
	// Randomised quasi-Monte Carlo with n = 2^13 (40960 runs): over 100
	// seeds the largest error of any of the six indices was 0.007.
	const n = 1 << 13
	const tol = 0.015
	for seed := uint64(1); seed <= 5; seed++ {
		p := Saltelli(n, 3, rand.New(rand.NewPCG(seed, 7)))
		if !p.QuasiRandom {
			t.Fatal("k = 3 should use the Sobol' sequence")
		}
		y := evalPlan(p, func(u []float64) float64 { return ishigami(u, a, b) })
		idx, err := p.Indices(y, rand.New(rand.NewPCG(seed, 8)))
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range idx {
			t.Logf("seed %d x%d: S1 %.4f (%.4f) ±%.4f  ST %.4f (%.4f) ±%.4f", seed, i+1,
				s.First, first[i], s.FirstConf, s.Total, total[i], s.TotalConf)
			if math.Abs(s.First-first[i]) > tol {
				t.Errorf("seed %d: S%d = %.4f, analytic %.4f", seed, i+1, s.First, first[i])
			}
			if math.Abs(s.Total-total[i]) > tol {
				t.Errorf("seed %d: ST%d = %.4f, analytic %.4f", seed, i+1, s.Total, total[i])
			}
			if !(s.FirstConf > 0 && s.FirstConf < 0.1 && s.TotalConf > 0 && s.TotalConf < 0.1) {
				t.Errorf("seed %d: factor %d: implausible confidence half-widths %v, %v", seed, i+1, s.FirstConf, s.TotalConf)
			}
		}
	}
}

// gFunction is the Sobol' G-function prod_i (|4u_i - 2| + a_i)/(1 + a_i).
func gFunction(u, a []float64) float64 {
	y := 1.0
	for i, ai := range a {
		y *= (math.Abs(4*u[i]-2) + ai) / (1 + ai)
	}
	return y
}

func gIndices(a []float64) (first, total []float64) {
	vi := make([]float64, len(a))
	prod := 1.0
	for i, ai := range a {
		vi[i] = 1 / (3 * (1 + ai) * (1 + ai))
		prod *= 1 + vi[i]
	}
	v := prod - 1
	first = make([]float64, len(a))
	total = make([]float64, len(a))
	for i := range a {
		first[i] = vi[i] / v
		total[i] = vi[i] * prod / (1 + vi[i]) / v
	}
	return first, total
}

func TestSaltelliGFunction(t *testing.T) {
	a := []float64{0, 1, 4.5, 9, 99, 99, 99, 99}
	first, total := gIndices(a)
	// n = 2^13: over 30 seeds the largest error was 0.0065.
	const n = 1 << 13
	const tol = 0.015
	p := Saltelli(n, len(a), rand.New(rand.NewPCG(3, 1)))
	y := evalPlan(p, func(u []float64) float64 { return gFunction(u, a) })
	idx, err := p.Indices(y, rand.New(rand.NewPCG(3, 2)))
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range idx {
		t.Logf("x%d: S1 %.4f (%.4f) ±%.4f  ST %.4f (%.4f) ±%.4f", i+1,
			s.First, first[i], s.FirstConf, s.Total, total[i], s.TotalConf)
		if math.Abs(s.First-first[i]) > tol || math.Abs(s.Total-total[i]) > tol {
			t.Errorf("x%d: S1 %.4f ST %.4f, analytic %.4f %.4f", i+1, s.First, s.Total, first[i], total[i])
		}
	}
}

func TestSaltelliLinearPseudoRandom(t *testing.T) {
	// 21 factors: 2k = 42 > MaxSobolDim, so the base samples are pseudo-random.
	const k = 21
	c := make([]float64, k)
	var sum2 float64
	for i := range c {
		c[i] = float64(i % 4) // 0, 1, 2, 3, 0, ...
		sum2 += c[i] * c[i]
	}
	const n = 1 << 13
	p := Saltelli(n, k, rand.New(rand.NewPCG(11, 0)))
	if p.QuasiRandom {
		t.Fatal("k = 21 cannot use the embedded Sobol' directions")
	}
	y := evalPlan(p, func(u []float64) float64 {
		var s float64
		for i, ci := range c {
			s += ci * u[i]
		}
		return s
	})
	idx, err := p.Indices(y, rand.New(rand.NewPCG(11, 1)))
	if err != nil {
		t.Fatal(err)
	}
	// Pseudo-random: the standard errors of these estimators with n = 8192
	// are below about 0.006 here; allow 0.03. The bootstrap intervals should
	// cover the analytic values about 95% of the time.
	covered, trials := 0, 0
	for i, s := range idx {
		want := c[i] * c[i] / sum2
		t.Logf("x%d: S1 %.4f ±%.4f  ST %.4f ±%.4f  analytic %.4f", i+1, s.First, s.FirstConf, s.Total, s.TotalConf, want)
		if math.Abs(s.First-want) > 0.03 || math.Abs(s.Total-want) > 0.03 {
			t.Errorf("x%d: S1 %.4f ST %.4f, analytic %.4f", i+1, s.First, s.Total, want)
		}
		if c[i] == 0 {
			if s.Total != 0 || s.First != 0 {
				t.Errorf("x%d does not enter the model but S1 = %v, ST = %v", i+1, s.First, s.Total)
			}
			continue
		}
		for _, e := range [][2]float64{{s.First, s.FirstConf}, {s.Total, s.TotalConf}} {
			trials++
			if math.Abs(e[0]-want) <= e[1] {
				covered++
			}
		}
	}
	t.Logf("bootstrap 95%% intervals cover %d of %d analytic values", covered, trials)
	if float64(covered) < 0.75*float64(trials) {
		t.Errorf("bootstrap 95%% intervals cover only %d of %d analytic values", covered, trials)
	}
}

func TestSaltelliLayout(t *testing.T) {
	const n, k = 16, 3
	p := Saltelli(n, k, rand.New(rand.NewPCG(1, 2)))
	if p.N != n || p.K != k || len(p.Points) != n*(k+2) {
		t.Fatalf("N=%d K=%d rows=%d", p.N, p.K, len(p.Points))
	}
	A, B := p.Points[:n], p.Points[n:2*n]
	for i := range k {
		AB := p.Points[(2+i)*n : (3+i)*n]
		for j := range n {
			for c := range k {
				want := A[j][c]
				if c == i {
					want = B[j][c]
				}
				if AB[j][c] != want {
					t.Fatalf("AB_%d[%d][%d] = %v, want %v", i, j, c, AB[j][c], want)
				}
			}
		}
	}
	for _, row := range p.Points {
		for _, x := range row {
			if x < 0 || x >= 1 {
				t.Fatalf("coordinate %v outside [0,1)", x)
			}
		}
	}
	// A and B are the halves of a 2k-dimensional Sobol' net: with n a power of
	// two every column of A and of B has one point per 1/n stratum.
	for _, M := range [][][]float64{A, B} {
		for c := range k {
			seen := make([]bool, n)
			for _, row := range M {
				seen[int(row[c]*n)] = true
			}
			for s, ok := range seen {
				if !ok {
					t.Errorf("column %d has no point in stratum %d", c, s)
				}
			}
		}
	}
	q := Saltelli(n, k, rand.New(rand.NewPCG(1, 2)))
	r := Saltelli(n, k, rand.New(rand.NewPCG(2, 2)))
	if !equalMatrix(p.Points, q.Points) {
		t.Error("same seed gave different designs")
	}
	if equalMatrix(p.Points, r.Points) {
		t.Error("different seeds gave the same design")
	}
}

func TestSaltelliIndicesDeterministic(t *testing.T) {
	p := Saltelli(256, 3, rand.New(rand.NewPCG(5, 5)))
	y := evalPlan(p, func(u []float64) float64 { return ishigami(u, 7, 0.1) })
	i1, err1 := p.Indices(y, rand.New(rand.NewPCG(9, 9)))
	i2, err2 := p.Indices(y, rand.New(rand.NewPCG(9, 9)))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	for i := range i1 {
		if i1[i] != i2[i] {
			t.Errorf("factor %d: %v then %v from the same bootstrap seed", i, i1[i], i2[i])
		}
	}
	i3, err := p.IndicesBootstrap(y, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range i3 {
		if i3[i].First != i1[i].First || i3[i].Total != i1[i].Total {
			t.Errorf("factor %d: point estimate depends on the bootstrap", i)
		}
		if !math.IsNaN(i3[i].FirstConf) || !math.IsNaN(i3[i].TotalConf) {
			t.Errorf("factor %d: confidence without bootstrap should be NaN, got %v", i, i3[i])
		}
	}
}

func TestSaltelliIndicesErrors(t *testing.T) {
	p := Saltelli(8, 2, rand.New(rand.NewPCG(1, 1)))
	rng := rand.New(rand.NewPCG(1, 1))
	good := evalPlan(p, func(u []float64) float64 { return u[0] + 2*u[1] })

	if _, err := p.Indices(good[:len(good)-1], rng); err == nil || !strings.Contains(err.Error(), "want N*(K+2)") {
		t.Errorf("short y: err = %v", err)
	}
	bad := append([]float64(nil), good...)
	bad[5] = math.NaN()
	if _, err := p.Indices(bad, rng); err == nil || !strings.Contains(err.Error(), "output 5 is NaN") {
		t.Errorf("NaN: err = %v", err)
	}
	bad[5] = math.Inf(-1)
	if _, err := p.Indices(bad, rng); err == nil || !strings.Contains(err.Error(), "output 5 is -Inf") {
		t.Errorf("-Inf: err = %v", err)
	}
	flat := make([]float64, len(good))
	for i := range flat {
		flat[i] = 0.1
	}
	if _, err := p.Indices(flat, rng); err == nil || !strings.Contains(err.Error(), "zero variance") {
		t.Errorf("constant y: err = %v", err)
	}
	if _, err := p.Indices(good, nil); err == nil {
		t.Error("nil rng: no error")
	}
	if _, err := p.IndicesBootstrap(good, -1, rng); err == nil {
		t.Error("negative resamples: no error")
	}
}

func equalMatrix(a, b [][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}
