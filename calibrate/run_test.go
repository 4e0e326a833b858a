package calibrate

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func run(t *testing.T, ev Evaluator, prior Box, targets []Target, s Settings, seed int64) (*Result, []Assessed) {
	t.Helper()
	var all []Assessed
	res, err := Run(context.Background(), prior, targets, s, seed, ev, func(a Assessed) error {
		all = append(all, a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return res, all
}

// ABC on a noise-free line with a known answer: f(x) = 2x observed as 8 ±
// 0.5 keeps exactly the points with |8 - 2x| <= 3 x 0.5, x in [3.25, 4.75];
// the ABC wave then samples the box of wave 1's kept points and accepts
// exactly those with |8 - 2x| <= 2 x 0.5, x in [3.5, 4.5].
func TestABCAcceptsWithinToleranceOnALine(t *testing.T) {
	ev := toy{reps: 2, f: func(x []float64, _ *rand.Rand) []float64 { return []float64{2 * x[0]} }}
	targets := []Target{{Name: "y", Observed: 8, SD: 0.5}}
	s := Settings{Waves: 1, Points: 200, Cutoff: 3, Tolerance: 2}
	res, all := run(t, ev, Box{Lo: []float64{0}, Hi: []float64{10}}, targets, s, 1)
	if res.Stop != StopWaves || len(res.Waves) != 2 || res.Waves[0].ABC || !res.Waves[1].ABC || len(res.Matching()) != 1 {
		t.Fatalf("stop %q after %d waves", res.Stop, len(res.Waves))
	}
	abc := res.Waves[1].Box
	// Wave 1's kept points span about [3.25, 4.75], widened by one stratum
	// of 0.05 (and their span/(k-1), about as much) on each side.
	if !near(abc.Lo[0], 3.2, 0.06) || !near(abc.Hi[0], 4.8, 0.06) {
		t.Errorf("ABC wave's box [%g, %g], want about [3.2, 4.8]", abc.Lo[0], abc.Hi[0])
	}
	accepted, kept := 0, 0
	for _, a := range all {
		x := a.Params[0]
		if a.Accepted != (a.Wave == 2 && x >= 3.5 && x <= 4.5) {
			t.Errorf("wave %d, x = %g: accepted %v", a.Wave, x, a.Accepted)
		}
		if a.Kept != (x >= 3.25 && x <= 4.75) {
			t.Errorf("x = %g: kept %v", x, a.Kept)
		}
		if !near(a.Max, math.Abs(8-2*x)/0.5, 1e-9) {
			t.Errorf("x = %g: implausibility %g", x, a.Max)
		}
		if a.Accepted {
			accepted++
		}
		if a.Kept && a.Wave == 1 {
			kept++
		}
	}
	// 200 Latin hypercube strata: 30 of wave 1's (width 0.05) lie in [3.25,
	// 4.75]; of the ABC wave's, those in [3.5, 4.5], 200 x 1 / its width.
	want := 200 / abc.Width(0)
	if math.Abs(float64(accepted)-want) > 2 || kept < 29 || kept > 31 || res.Accepted != accepted {
		t.Errorf("accepted %d (result %d), want about %.0f; kept %d in wave 1, want about 30", accepted, res.Accepted, want, kept)
	}
	// The accepted points are uniform on [3.5, 4.5].
	sum := res.Summary[0]
	if !near(sum.Median, 4, 0.03) || !near(sum.Q025, 3.525, 0.03) || !near(sum.Q975, 4.475, 0.03) || !near(sum.Mean, 4, 0.03) {
		t.Errorf("summary = %+v", sum)
	}
	if !near(sum.Shrinkage, 0.9, 0.01) || sum.Identification != Identified {
		t.Errorf("shrinkage %g, %s", sum.Shrinkage, sum.Identification)
	}
}

// On a noisy quadratic bowl the waves close in on its minimum: every box
// lies inside the one before, the volume falls wave after wave until the
// region stops shrinking, and the minimum stays inside every box.
func TestWavesShrinkMonotonicallyOnAQuadratic(t *testing.T) {
	ev := toy{reps: 4, f: func(x []float64, rng *rand.Rand) []float64 {
		return []float64{(x[0]-1)*(x[0]-1) + (x[1]+2)*(x[1]+2) + 0.3*rng.NormFloat64()}
	}}
	targets := []Target{{Name: "bowl", Observed: 0, SD: 1}}
	s := Settings{Waves: 8, Points: 40, Cutoff: 3, Tolerance: 2, MinShrink: 0.05}
	prior := Box{Lo: []float64{-5, -5}, Hi: []float64{5, 5}}
	res, _ := run(t, ev, prior, targets, s, 7)
	if len(res.Matching()) < 4 {
		t.Errorf("only %d waves", len(res.Matching()))
	}
	if !res.Last().ABC {
		t.Error("no ABC wave")
	}
	prev, prevFrac := prior, 1.0
	for i, w := range res.Matching() {
		if i == 0 && !reflect.DeepEqual(w.Box, prior) {
			t.Errorf("wave 1 samples %v, not the prior", w.Box)
		}
		for j := range 2 {
			if w.Box.Lo[j] < prev.Lo[j] || w.Box.Hi[j] > prev.Hi[j] {
				t.Errorf("wave %d box %v is not inside %v", w.Wave, w.Box, prev)
			}
			if truth := []float64{1, -2}[j]; truth < w.Box.Lo[j] || truth > w.Box.Hi[j] {
				t.Errorf("wave %d box %v lost the minimum", w.Wave, w.Box)
			}
		}
		frac := w.Box.Fraction(prior)
		if i > 0 && !(frac < prevFrac) {
			t.Errorf("wave %d: volume %g of the prior, not below wave %d's %g", w.Wave, frac, i, prevFrac)
		}
		t.Logf("wave %d: box %.3v..%.3v (%.4f of the prior), kept %d of %d, shrink %.3f", w.Wave, w.Box.Lo, w.Box.Hi, frac, w.Tally.Kept, w.Tally.Points, w.Shrink)
		prev, prevFrac = w.Box, frac
	}
	// The bowl's plausible disk: (x-1)² + (y+2)² <= 3 sqrt(1 + 0.09/4), radius
	// about 1.75, so the last box is about 2 x 1.75 wide.
	last := res.Last().Box // the ABC wave's
	for j := range 2 {
		if w := last.Width(j); w > 4.5 {
			t.Errorf("last box %v is %g wide on axis %d", last, w, j)
		}
	}
	if res.Stop != StopConverged {
		t.Errorf("stopped by %q, want converged within 8 waves", res.Stop)
	}
}

// A parameter the targets do not depend on keeps its prior and is flagged.
func TestUnidentifiedParameterIsFlagged(t *testing.T) {
	ev := toy{reps: 3, f: func(x []float64, rng *rand.Rand) []float64 {
		return []float64{x[0] + 0.05*rng.NormFloat64()}
	}}
	targets := []Target{{Name: "y", Observed: 0.5, SD: 0.03}}
	s := Settings{Waves: 3, Points: 300, Cutoff: 3, Tolerance: 2, MinShrink: 0.1}
	res, _ := run(t, ev, Box{Lo: []float64{0, 0}, Hi: []float64{1, 1}}, targets, s, 3)
	x, free := res.Summary[0], res.Summary[1]
	if x.Identification != Identified || !near(x.Median, 0.5, 0.03) {
		t.Errorf("x: %+v", x)
	}
	if free.Identification != NotIdentified || free.Shrinkage > 0.15 {
		t.Errorf("free parameter: %+v", free)
	}
	t.Logf("x: %+v\nfree: %+v", x, free)
}

func TestRunErrors(t *testing.T) {
	line := func(x []float64, _ *rand.Rand) []float64 { return []float64{x[0], math.NaN()} }
	prior := Box{Lo: []float64{0}, Hi: []float64{1}}
	s := Settings{Waves: 2, Points: 50, Cutoff: 3, Tolerance: 2, MinShrink: 0.1}
	ctx := context.Background()

	// Nothing meets target "far": the error names it and what each other target got.
	ev := toy{reps: 2, f: func(x []float64, _ *rand.Rand) []float64 { return []float64{x[0], 5 * x[0]} }}
	seen := 0
	res, err := Run(ctx, prior, []Target{{Name: "near", Metric: "a", Observed: 0.5, SD: 0.1}, {Name: "far", Metric: "b", Observed: 100, SD: 1}}, s, 1, ev,
		func(Assessed) error { seen++; return nil })
	if res == nil || res.Stop != StopEmpty || len(res.Waves) != 1 || res.Last().ABC || seen != 50 {
		t.Errorf("empty region: result %+v, %d points handed over, want the wave's 50", res, seen)
	}
	var empty *EmptyRegionError
	if !errors.As(err, &empty) || empty.Wave != 1 || !strings.Contains(err.Error(), "no point could meet far (b = 100 ± 1; best implausibility 95.0") ||
		strings.Contains(err.Error(), "meet near") || strings.Contains(err.Error(), "\n") {
		t.Errorf("empty region: %v", err)
	}
	// Each target met somewhere, never together.
	ev = toy{reps: 2, f: func(x []float64, _ *rand.Rand) []float64 { return []float64{x[0], x[0]} }}
	_, err = Run(ctx, prior, []Target{{Name: "low", Observed: 0.1, SD: 0.01}, {Name: "high", Observed: 0.9, SD: 0.01}}, s, 1, ev, nil)
	if !errors.As(err, &empty) || !strings.Contains(err.Error(), "never all at once") || !strings.Contains(err.Error(), "points that fail a single target: ") {
		t.Errorf("disjoint targets: %v", err)
	}
	// A metric NaN everywhere.
	_, err = Run(ctx, prior, []Target{{Name: "a", Observed: 0.5, SD: 0.1}, {Name: "nan", Metric: "collapse_tick", Observed: 1, SD: 1, Where: "t.toml:5"}}, s, 1,
		toy{reps: 2, f: line}, nil)
	if err == nil || !strings.Contains(err.Error(), `targets t.toml:5: target "nan": metric collapse_tick is NaN in every run of wave 1`) {
		t.Errorf("all-NaN target: %v", err)
	}
	// Kept points, none within the tolerance: f(x) = x against 1.25 ± 0.1
	// is at best 2.5 standard deviations away.
	_, err = Run(ctx, prior, []Target{{Name: "edge", Observed: 1.25, SD: 0.1}}, Settings{Waves: 1, Points: 50, Cutoff: 3, Tolerance: 2}, 1,
		toy{reps: 2, f: func(x []float64, _ *rand.Rand) []float64 { return []float64{x[0]} }}, nil)
	if err == nil || !strings.Contains(err.Error(), "no point is within the ABC tolerance 2") {
		t.Errorf("none within tolerance: %v", err)
	}
	for _, bad := range []Settings{{Waves: 0, Points: 1, Cutoff: 3, Tolerance: 2}, {Waves: 1, Points: 1, Cutoff: 3, Tolerance: 4}, {Waves: 1, Points: 1, Cutoff: 0, Tolerance: 0}, {Waves: 1, Points: 1, Cutoff: 3, Tolerance: 2, MinShrink: 1}} {
		if _, err := Run(ctx, prior, []Target{{Observed: 1, SD: 1}}, bad, 1, toy{}, nil); err == nil {
			t.Errorf("settings %+v accepted", bad)
		}
	}
}

// The same seed gives the same calibration; Run reads each wave twice.
func TestRunIsDeterministic(t *testing.T) {
	calls := 0
	ev := toy{reps: 3, calls: &calls, f: func(x []float64, rng *rand.Rand) []float64 {
		return []float64{x[0] * x[1] * (1 + 0.1*rng.NormFloat64())}
	}}
	targets := []Target{{Name: "p", Observed: 0.25, SD: 0.02}}
	s := Settings{Waves: 3, Points: 60, Cutoff: 3, Tolerance: 2}
	prior := Box{Lo: []float64{0, 0}, Hi: []float64{1, 1}}
	a, pa := run(t, ev, prior, targets, s, 11)
	if calls != 2*len(a.Waves) || !a.Last().ABC {
		t.Errorf("%d Wave calls for %d waves", calls, len(a.Waves))
	}
	b, pb := run(t, ev, prior, targets, s, 11)
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(pa, pb) {
		t.Error("two runs with the same seed differ")
	}
	c, _ := run(t, ev, prior, targets, s, 12)
	if reflect.DeepEqual(a.Summary, c.Summary) {
		t.Error("another seed gives the same posterior")
	}
	if WaveSeed(11, 1) == WaveSeed(11, 2) || WaveSeed(11, 1) == WaveSeed(12, 1) || WaveSeed(11, 1) < 0 {
		t.Error("wave seeds are not distinct and non-negative")
	}
}

// Recovery on a toy with two parameters and two noisy targets observed as
// one run at a true point drawn from the central 80% of the prior: the truth
// lies inside both 95% posterior intervals in at least 9 of 10 seeds. (A
// truth at the very edge of a prior range lies outside the central interval
// of a posterior truncated there, whatever the method.)
func TestRecoveryOnAToy(t *testing.T) {
	model := func(x []float64, rng *rand.Rand) []float64 {
		return []float64{x[0] + x[1] + 0.1*rng.NormFloat64(), x[0] - 0.5*x[1] + 0.1*rng.NormFloat64()}
	}
	prior := Box{Lo: []float64{0, 0}, Hi: []float64{1, 1}}
	inside := 0
	for seed := range int64(10) {
		rng := rand.New(rand.NewPCG(uint64(seed), 99))
		truth := []float64{0.1 + 0.8*rng.Float64(), 0.1 + 0.8*rng.Float64()}
		obs := model(truth, rng)
		targets := []Target{{Name: "sum", Observed: obs[0], SD: 0.02, OneRun: true}, {Name: "diff", Observed: obs[1], SD: 0.02, OneRun: true}}
		s := Settings{Waves: 4, Points: 150, ABCPoints: 400, Cutoff: 3, Tolerance: 2, MinShrink: 0.1}
		res, _ := run(t, toy{reps: 4, f: model}, prior, targets, s, seed)
		ok := true
		for i, sum := range res.Summary {
			ok = ok && truth[i] >= sum.Q025 && truth[i] <= sum.Q975
		}
		if ok {
			inside++
		}
		t.Logf("seed %d: truth %.3f, intervals [%.3f, %.3f] [%.3f, %.3f], %d accepted after %d waves: inside %v",
			seed, truth, res.Summary[0].Q025, res.Summary[0].Q975, res.Summary[1].Q025, res.Summary[1].Q975, res.Accepted, len(res.Waves), ok)
	}
	if inside < 9 {
		t.Errorf("the truth is inside the 95%% intervals in %d of 10 seeds, want at least 9", inside)
	}
}
