package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

var nan = math.NaN()

func TestInequalityHandCases(t *testing.T) {
	for _, tc := range []struct {
		x                                 []float64
		gini, giniC, theil, hoover, palma float64
	}{
		{x: nil, gini: nan, giniC: nan, theil: nan, hoover: nan, palma: nan},
		{x: []float64{0, 0, 0}, gini: nan, giniC: nan, theil: nan, hoover: nan, palma: nan},
		{x: []float64{7}, gini: 0, giniC: nan, theil: 0, hoover: 0, palma: 0.1 / 0.4},
		{x: []float64{1, 1, 1, 1}, gini: 0, giniC: 0, theil: 0, hoover: 0, palma: 0.1 / 0.4},
		{x: []float64{0, 0, 0, 1}, gini: 0.75, giniC: 1, theil: math.Log(4), hoover: 0.75, palma: math.Inf(1)},
		{x: []float64{1, 0, 0, 0}, gini: 0.75, giniC: 1, theil: math.Log(4), hoover: 0.75, palma: math.Inf(1)},
		{x: []float64{0, 1}, gini: 0.5, giniC: 1, theil: math.Log(2), hoover: 0.5, palma: math.Inf(1)},
		// sum (2i-5) x_i = -3 -2 +3 +12 = 10, G = 10/(4*10); Palma: top 10% = 0.4*4,
		// bottom 40% = 1 + 0.6*2.
		{x: []float64{4, 2, 3, 1}, gini: 0.25, giniC: 1.0 / 3, theil: 0.1064401352862, hoover: 0.2, palma: 1.6 / 2.2},
		// (0.5 ln 0.5 + 1.5 ln 1.5)/2.
		{x: []float64{1, 3}, gini: 0.25, giniC: 0.5, theil: (0.5*math.Log(0.5) + 1.5*math.Log(1.5)) / 2, hoover: 0.25, palma: 0.2 * 3 / (0.8 * 1)},
		// 1..10: top 10% holds 10/55, bottom 40% holds 10/55; sum|x-5.5| = 25.
		{x: []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, gini: 0.3, giniC: 1.0 / 3, theil: 0.1513033723422, hoover: 12.5 / 55, palma: 1},
	} {
		name := fmt.Sprint(tc.x)
		orig := slices.Clone(tc.x)
		checkClose(t, "Gini"+name, Gini(tc.x), tc.gini, 1e-12)
		checkClose(t, "GiniCorrected"+name, GiniCorrected(tc.x), tc.giniC, 1e-12)
		checkClose(t, "Theil"+name, Theil(tc.x), tc.theil, 1e-10)
		checkClose(t, "Hoover"+name, Hoover(tc.x), tc.hoover, 1e-12)
		checkClose(t, "Palma"+name, Palma(tc.x), tc.palma, 1e-12)
		if !slices.Equal(orig, tc.x) {
			t.Errorf("input %v modified to %v", orig, tc.x)
		}
	}
}

func TestTheilHand(t *testing.T) {
	// {1,2,3,4}: mu = 2.5, T = (1/4) sum (x/mu) ln(x/mu).
	var want float64
	for _, v := range []float64{1, 2, 3, 4} {
		want += v / 2.5 * math.Log(v/2.5)
	}
	want /= 4
	checkClose(t, "Theil{1,2,3,4}", Theil([]float64{1, 2, 3, 4}), want, 1e-12)
	checkClose(t, "Theil{1,2,3,4} literal", want, 0.1064401352862, 1e-10)
	// One holder of everything among n: ln n.
	x := make([]float64, 1000)
	x[17] = 3
	checkClose(t, "Theil one of 1000", Theil(x), math.Log(1000), 1e-12)
}

func TestGiniWithZeros(t *testing.T) {
	for _, tc := range []struct{ g, z, want float64 }{
		{0, 0.75, 0.75}, // {1} plus three zeros = {0,0,0,1}
		{0.25, 0, 0.25},
		{0.25, 1, 1},
		{0.25, 0.5, 0.625},
		{nan, 0.5, nan},
		{0.25, -0.1, nan},
		{0.25, 1.1, nan},
		{0.25, nan, nan},
	} {
		checkClose(t, fmt.Sprintf("GiniWithZeros(%v,%v)", tc.g, tc.z), GiniWithZeros(tc.g, tc.z), tc.want, 1e-15)
	}
	// Exactness against Gini on random data padded with zeros.
	rng := newRand(11)
	for trial := 0; trial < 20; trial++ {
		n, zeros := 1+rng.IntN(50), rng.IntN(80)
		x := make([]float64, n, n+zeros)
		for i := range x {
			x[i] = rng.ExpFloat64() + 0.01
		}
		g := Gini(x)
		x = append(x, make([]float64, zeros)...)
		z := float64(zeros) / float64(n+zeros)
		checkClose(t, "GiniWithZeros vs padded Gini", GiniWithZeros(g, z), Gini(x), 1e-12)
	}
}

func TestShares(t *testing.T) {
	x := []float64{4, 1, 3, 2}
	five := []float64{1, 1, 1, 1, 6}
	for _, tc := range []struct {
		name string
		got  float64
		want float64
	}{
		{"TopShare p=0", TopShare(x, 0), 0},
		{"TopShare p=0.25", TopShare(x, 0.25), 0.4},
		{"TopShare p=0.5", TopShare(x, 0.5), 0.7},
		{"TopShare p=0.125 (half of the largest)", TopShare(x, 0.125), 0.2},
		{"TopShare p=1", TopShare(x, 1), 1},
		{"TopShare top 10% of 5", TopShare(five, 0.1), 0.3},
		{"TopShare top 30% of 5", TopShare(five, 0.3), 0.65},
		{"TopShare p<0", TopShare(x, -0.1), nan},
		{"TopShare p>1", TopShare(x, 1.1), nan},
		{"TopShare p NaN", TopShare(x, nan), nan},
		{"TopShare empty", TopShare(nil, 0.1), nan},
		{"TopShare zeros", TopShare([]float64{0, 0}, 0.1), nan},
		{"BottomShare p=0.25", BottomShare(x, 0.25), 0.1},
		{"BottomShare p=0.375", BottomShare(x, 0.375), 0.2},
		{"BottomShare p=1", BottomShare(x, 1), 1},
		{"BottomShare p=0", BottomShare(x, 0), 0},
		{"BottomShare empty", BottomShare(nil, 0.5), nan},
		{"BottomShare p NaN", BottomShare(x, nan), nan},
	} {
		checkClose(t, tc.name, tc.got, tc.want, 1e-12)
	}
	// TopShare(p) = 1 - BottomShare(1-p) on the interpolated Lorenz curve.
	rng := newRand(3)
	y := make([]float64, 37)
	for i := range y {
		y[i] = rng.ExpFloat64()
	}
	for p := 0.0; p <= 1; p += 0.01 {
		checkClose(t, fmt.Sprintf("TopShare(%v) vs 1-BottomShare", p), TopShare(y, p), 1-BottomShare(y, 1-p), 1e-12)
	}
}

func TestLorenz(t *testing.T) {
	for _, tc := range []struct {
		x         []float64
		points    int
		wantPop   []float64
		wantShare []float64
	}{
		{[]float64{1, 1, 1, 1}, 5, []float64{0, 0.25, 0.5, 0.75, 1}, []float64{0, 0.25, 0.5, 0.75, 1}},
		{[]float64{1, 0, 0, 0}, 9, []float64{0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1}, []float64{0, 0, 0, 0, 0, 0, 0, 0.5, 1}},
		{[]float64{3, 1}, 3, []float64{0, 0.5, 1}, []float64{0, 0.25, 1}},
		{[]float64{3, 1}, 2, []float64{0, 1}, []float64{0, 1}},
		{nil, 3, []float64{0, 0.5, 1}, []float64{nan, nan, nan}},
		{[]float64{0, 0}, 2, []float64{0, 1}, []float64{nan, nan}},
		{[]float64{1, 2}, 1, nil, nil},
	} {
		pop, share := Lorenz(tc.x, tc.points)
		if len(pop) != len(tc.wantPop) || len(share) != len(tc.wantShare) {
			t.Errorf("Lorenz(%v, %d) lengths %d, %d; want %d", tc.x, tc.points, len(pop), len(share), len(tc.wantPop))
			continue
		}
		for j := range pop {
			checkClose(t, fmt.Sprintf("Lorenz(%v,%d) population[%d]", tc.x, tc.points, j), pop[j], tc.wantPop[j], 1e-15)
			checkClose(t, fmt.Sprintf("Lorenz(%v,%d) share[%d]", tc.x, tc.points, j), share[j], tc.wantShare[j], 1e-15)
		}
	}
	// Consistency with BottomShare on random data.
	rng := newRand(5)
	y := make([]float64, 53)
	for i := range y {
		y[i] = rng.Float64() * 10
	}
	pop, share := Lorenz(y, 101)
	for j := range pop {
		checkClose(t, "Lorenz vs BottomShare", share[j], BottomShare(y, pop[j]), 1e-12)
	}
}

// sample draws n values from r.
func sample(n int, r interface{ Rand() float64 }) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = r.Rand()
	}
	return x
}

// TestInequalityAnalytic compares the sample measures of large seeded
// samples with closed forms for the parent distribution. Standard errors at
// n = 2e5 are a few 1e-3; tolerances are about 5 of them.
func TestInequalityAnalytic(t *testing.T) {
	const n = 200000
	src := func(s uint64) rand.Source { return rand.NewPCG(s, 42) }
	logn05 := sample(n, distuv.LogNormal{Mu: 0, Sigma: 0.5, Src: src(1)})
	logn1 := sample(n, distuv.LogNormal{Mu: 0, Sigma: 1, Src: src(2)})
	pareto3 := sample(n, distuv.Pareto{Xm: 1, Alpha: 3, Src: src(3)})
	expo := sample(n, distuv.Exponential{Rate: 1, Src: src(4)})

	_, lorExp := Lorenz(expo, 11)
	for _, tc := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		// Lognormal: G = erf(sigma/2), T = sigma^2/2 (Aitchison and Brown 1957).
		{"Gini lognormal(0.5) vs erf(0.25)", Gini(logn05), math.Erf(0.25), 0.005},
		{"Gini lognormal(1) vs erf(0.5)", Gini(logn1), math.Erf(0.5), 0.005},
		{"Theil lognormal(0.5) vs 0.125", Theil(logn05), 0.125, 0.005},
		{"Theil lognormal(1) vs 0.5", Theil(logn1), 0.5, 0.01},
		// Pareto(a): G = 1/(2a-1), top share p^(1-1/a), bottom share 1-(1-p)^(1-1/a).
		{"Gini Pareto(3) vs 1/5", Gini(pareto3), 0.2, 0.005},
		{"TopShare 10% Pareto(3) vs 0.1^(2/3)", TopShare(pareto3, 0.1), math.Pow(0.1, 2.0/3), 0.005},
		{"Palma Pareto(3)", Palma(pareto3), math.Pow(0.1, 2.0/3) / (1 - math.Pow(0.6, 2.0/3)), 0.01},
		{"BusFactor/n Pareto(3) vs 0.5^1.5", float64(BusFactor(pareto3, 0.5)) / n, math.Pow(0.5, 1.5), 0.005},
		// Exponential: G = 1/2, Hoover = 1/e, L(p) = p + (1-p) ln(1-p).
		{"Gini exponential vs 1/2", Gini(expo), 0.5, 0.005},
		{"Hoover exponential vs 1/e", Hoover(expo), 1 / math.E, 0.005},
		{"Lorenz(0.5) exponential", lorExp[5], 0.5 + 0.5*math.Log(0.5), 0.005},
		{"Lorenz(0.9) exponential", lorExp[9], 0.9 + 0.1*math.Log(0.1), 0.005},
		// Large n: the correction factor n/(n-1) is negligible.
		{"GiniCorrected exponential vs 1/2", GiniCorrected(expo), 0.5, 0.005},
	} {
		checkClose(t, tc.name, tc.got, tc.want, tc.tol)
		t.Logf("%s: got %.5f, want %.5f", tc.name, tc.got, tc.want)
	}
}

func TestSortedVariantsMatch(t *testing.T) {
	rng := newRand(8)
	for _, n := range []int{1, 2, 3, 10, 101} {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Floor(rng.ExpFloat64() * 5)
		}
		s := slices.Sorted(slices.Values(x))
		if Gini(x) != GiniSorted(s) && !(math.IsNaN(Gini(x)) && math.IsNaN(GiniSorted(s))) {
			t.Errorf("n=%d: Gini %v != GiniSorted %v", n, Gini(x), GiniSorted(s))
		}
		for _, p := range []float64{0, 0.1, 0.4, 0.5, 0.99, 1} {
			checkClose(t, "TopShare vs Sorted", TopShare(x, p), TopShareSorted(s, p), 0)
			checkClose(t, "Quantile vs Sorted", Quantile(p, x), QuantileSorted(p, s), 0)
		}
		if BusFactor(x, 0.5) != BusFactorSorted(s, 0.5) {
			t.Errorf("n=%d: BusFactor mismatch", n)
		}
		checkClose(t, "Palma vs Sorted", Palma(x), PalmaSorted(s), 0)
	}
}

func TestSortedNoAllocs(t *testing.T) {
	rng := newRand(9)
	s := make([]float64, 10000)
	for i := range s {
		s[i] = rng.ExpFloat64()
	}
	slices.Sort(s)
	var sink float64
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"GiniSorted", func() { sink += GiniSorted(s) }},
		{"TopShareSorted", func() { sink += TopShareSorted(s, 0.1) }},
		{"BottomShareSorted", func() { sink += BottomShareSorted(s, 0.4) }},
		{"PalmaSorted", func() { sink += PalmaSorted(s) }},
		{"BusFactorSorted", func() { sink += float64(BusFactorSorted(s, 0.5)) }},
		{"QuantileSorted", func() { sink += QuantileSorted(0.9, s) }},
		{"Theil", func() { sink += Theil(s) }},
		{"Hoover", func() { sink += Hoover(s) }},
		{"Herfindahl", func() { sink += Herfindahl(s) }},
	} {
		if a := testing.AllocsPerRun(20, tc.f); a != 0 {
			t.Errorf("%s allocates %v times per call, want 0", tc.name, a)
		}
	}
	_ = sink
}
