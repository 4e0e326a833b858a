package analysis

import (
	"math"
	"slices"
	"testing"
)

func TestKaplanMeierHand(t *testing.T) {
	// Classic worked example; R's survfit(Surv(d, e) ~ 1) gives the same
	// table. The censoring at 2 is at risk at 2.
	d := []float64{3, 1, 2, 2, 5, 4}
	e := []bool{true, true, false, true, true, false}
	c := KaplanMeier(d, e)
	want := KMCurve{
		Time:     []float64{1, 2, 3, 5},
		Survival: []float64{5.0 / 6, 4.0 / 6, 4.0 / 6 * 2 / 3, 0},
		AtRisk:   []float64{6, 5, 3, 1},
		Events:   []float64{1, 1, 1, 1},
	}
	for _, f := range []struct {
		name      string
		got, want []float64
	}{
		{"Time", c.Time, want.Time},
		{"Survival", c.Survival, want.Survival},
		{"AtRisk", c.AtRisk, want.AtRisk},
		{"Events", c.Events, want.Events},
	} {
		if len(f.got) != len(f.want) {
			t.Fatalf("%s = %v, want %v", f.name, f.got, f.want)
		}
		for i := range f.got {
			checkClose(t, f.name, f.got[i], f.want[i], 1e-15)
		}
	}
	checkClose(t, "Median", c.Median(), 3, 0)
	for _, tc := range []struct{ t, want float64 }{
		{0, 1}, {0.999, 1}, {1, 5.0 / 6}, {1.5, 5.0 / 6}, {2, 4.0 / 6}, {2.5, 4.0 / 6},
		{3, 4.0 / 9}, {4.9, 4.0 / 9}, {5, 0}, {100, 0}, {math.NaN(), math.NaN()},
	} {
		checkClose(t, "At", c.At(tc.t), tc.want, 1e-15)
	}
	if !slices.Equal(d, []float64{3, 1, 2, 2, 5, 4}) {
		t.Errorf("durations modified: %v", d)
	}
}

func TestKaplanMeierDegenerate(t *testing.T) {
	// No censoring: S is the empirical survival function; nil observed
	// means all observed. Median exactly at S = 0.5.
	c := KaplanMeier([]float64{4, 1, 3, 2}, nil)
	if !slices.Equal(c.Survival, []float64{0.75, 0.5, 0.25, 0}) {
		t.Errorf("uncensored Survival = %v", c.Survival)
	}
	checkClose(t, "uncensored Median", c.Median(), 2, 0)

	// Ties of events.
	c = KaplanMeier([]float64{1, 1, 1, 2}, nil)
	if !slices.Equal(c.Time, []float64{1, 2}) || !slices.Equal(c.Events, []float64{3, 1}) || !slices.Equal(c.Survival, []float64{0.25, 0}) {
		t.Errorf("tied events: %+v", c)
	}

	// All censored: empty non-nil curve, S = 1, median never reached.
	c = KaplanMeier([]float64{1, 2, 3}, []bool{false, false, false})
	if c.Time == nil || len(c.Time) != 0 {
		t.Errorf("all censored: Time = %#v, want empty non-nil", c.Time)
	}
	checkClose(t, "all censored At", c.At(2), 1, 0)
	checkClose(t, "all censored Median", c.Median(), math.Inf(1), 0)

	// Survival stays above 0.5.
	c = KaplanMeier([]float64{1, 2, 3, 4}, []bool{true, false, false, false})
	checkClose(t, "high survival Median", c.Median(), math.Inf(1), 0)

	// Empty input and NaN durations: zero curve.
	for _, d := range [][]float64{nil, {math.NaN()}} {
		c = KaplanMeier(d, nil)
		if c.Time != nil {
			t.Errorf("KaplanMeier(%v) = %+v, want zero curve", d, c)
		}
		checkClose(t, "zero curve Median", c.Median(), math.NaN(), 0)
		checkClose(t, "zero curve At", c.At(1), math.NaN(), 0)
	}
	// NaN durations are skipped.
	c = KaplanMeier([]float64{math.NaN(), 1, 2}, []bool{true, true, true})
	if !slices.Equal(c.Time, []float64{1, 2}) || c.AtRisk[0] != 2 {
		t.Errorf("NaN skipped: %+v", c)
	}

	defer func() {
		if recover() == nil {
			t.Error("length mismatch did not panic")
		}
	}()
	KaplanMeier([]float64{1, 2}, []bool{true})
}

// TestKaplanMeierExponential checks the estimator on exponential durations
// with hazard h under independent exponential censoring (rate c): the true
// median is ln 2 / h and S(t) = exp(-h t).
func TestKaplanMeierExponential(t *testing.T) {
	const (
		n = 20000
		h = 0.1
		c = 0.05 // censoring rate: a third of the durations are censored
	)
	rng := newRand(21)
	d := make([]float64, n)
	obs := make([]bool, n)
	censored := 0
	for i := range d {
		life, cens := rng.ExpFloat64()/h, rng.ExpFloat64()/c
		d[i], obs[i] = math.Min(life, cens), life <= cens
		if !obs[i] {
			censored++
		}
	}
	km := KaplanMeier(d, obs)
	med := km.Median()
	t.Logf("censored %d/%d; KM median %.4f, ln2/h = %.4f; S(10) = %.4f, exp(-1) = %.4f", censored, n, med, math.Ln2/h, km.At(10), math.Exp(-1))
	// SE of the median is about 1/(f(m) sqrt(n_eff)) ~ 0.1 here.
	checkClose(t, "KM median", med, math.Ln2/h, 0.35)
	checkClose(t, "KM S(10)", km.At(10), math.Exp(-1), 0.01)
	checkClose(t, "KM S(20)", km.At(20), math.Exp(-2), 0.01)
	// Ignoring censoring (treating every duration as an event) is biased
	// towards the combined rate h+c: the test can tell the two apart.
	naive := KaplanMeier(d, nil).Median()
	if math.Abs(naive-math.Ln2/(h+c)) > 0.35 || math.Abs(naive-math.Ln2/h) < 1 {
		t.Errorf("naive median %.3f, expected near ln2/(h+c) = %.3f", naive, math.Ln2/(h+c))
	}
}
