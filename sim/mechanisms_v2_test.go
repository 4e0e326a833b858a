package sim

import (
	"math"
	"testing"
)

// With no living cost nothing is worked outside, and a contributor with
// commitment 1 gives its whole budget, sponsored hours included.
func TestCommonsHoursNoLivingCost(t *testing.T) {
	b := segmentBudget{budget: 55, livingCost: 0, wage: 30, flexibility: 0.2, sponsored: 30}
	for _, sponsored := range []float64{0, 30} {
		h, o := commonsHours(&b, sponsored, 0, 1, true)
		if h != 55 || o != 0 {
			t.Errorf("sponsored %g: hours %g outside %g, want 55 and 0", sponsored, h, o)
		}
	}
}

// The time budget by hand, and income buying time at the rate flexibility /
// wage.
func TestCommonsHours(t *testing.T) {
	b := segmentBudget{budget: 60, livingCost: 700, wage: 25, flexibility: 0.3}
	// O0 = 700/25 = 28; O* = (700-100)/25 = 24; O = 28 - 0.3*4 = 26.8.
	h, o := commonsHours(&b, 0, 100, 0.5, true)
	if math.Abs(o-26.8) > 1e-12 || math.Abs(h-0.5*(60-26.8)) > 1e-12 {
		t.Errorf("hours %g outside %g, want %g and 26.8", h, o, 0.5*(60-26.8))
	}
	// The material channel off: income buys no time.
	if _, o := commonsHours(&b, 0, 100, 0.5, false); o != 28 {
		t.Errorf("material off: outside %g, want 28", o)
	}
	// Flexibility 1, commitment 1: hours rise by exactly income / wage
	// while the need is not clamped.
	b.flexibility = 1
	h0, _ := commonsHours(&b, 0, 0, 1, true)
	h1, _ := commonsHours(&b, 0, 250, 1, true)
	if math.Abs(h1-h0-250.0/25) > 1e-12 {
		t.Errorf("income 250 at wage 25 bought %g hours, want 10", h1-h0)
	}
	// Income beyond the living cost buys no more than the whole outside job.
	h2, o2 := commonsHours(&b, 0, 5000, 1, true)
	if h2 != 60 || o2 != 0 {
		t.Errorf("rich: hours %g outside %g, want 60 and 0", h2, o2)
	}
	// A sponsor's wage covers the living cost: no outside work, and the
	// sponsored hours come first.
	e := segmentBudget{budget: 55, livingCost: 900, wage: 35, flexibility: 0.2}
	h3, o3 := commonsHours(&e, 30, 0, 0.2, true)
	if o3 != 0 || math.Abs(h3-(30+0.2*25)) > 1e-12 {
		t.Errorf("sponsored: hours %g outside %g, want 35 and 0", h3, o3)
	}
}

// With recognition every tick, commitment converges to
// (growth + relax c0) / (growth + relax); without, back to c0.
func TestCommitmentFixedPoint(t *testing.T) {
	const growth, relax, c0 = 0.02, 0.01, 0.1
	c := c0
	for range 2000 {
		c = commit(c, c0, 1, growth, relax)
	}
	if want := (growth + relax*c0) / (growth + relax); math.Abs(c-want) > 1e-9 {
		t.Errorf("commitment %g, want %g", c, want)
	}
	for range 4000 {
		c = commit(c, c0, 0, growth, relax)
	}
	if math.Abs(c-c0) > 1e-9 {
		t.Errorf("without recognition commitment %g, want back to %g", c, c0)
	}
}

// Under a constant load o strain after k ticks is o (1 - (1-rate)^k).
func TestStrainFollowsOverload(t *testing.T) {
	const o, rate = 0.8, 0.1
	s := 0.0
	for k := 1; k <= 30; k++ {
		s = strain(s, o, rate)
		if want := o * (1 - math.Pow(1-rate, float64(k))); math.Abs(s-want) > 1e-12 {
			t.Fatalf("tick %d: strain %g, want %g", k, s, want)
		}
	}
}

func TestFeltUnfairness(t *testing.T) {
	for _, tc := range []struct {
		kept      float64
		employed  bool
		gave, got float64
		returned  bool
		want      float64
	}{
		{0.9, false, 0.1, 0, false, 0.9}, // nothing returned: capture alone
		{0.9, true, 0.1, 0, false, 0},    // the owner's employee
		{0, false, 0.2, 0.1, true, 0.5},  // got half its share
		{0, false, 0.2, 0.3, true, 0},    // got more than its share
		{0.5, false, 0, 0, true, 0.5},    // no recent work: no gap
	} {
		if got := feltUnfairness(tc.kept, tc.employed, tc.gave, tc.got, tc.returned); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("feltUnfairness(%+v) = %g, want %g", tc, got, tc.want)
		}
	}
}

func TestHoursBin(t *testing.T) {
	for _, tc := range []struct {
		h    float64
		want int
	}{{0, 0}, {1.49, 0}, {1.5, 1}, {5.49, 1}, {5.5, 2}, {10.4, 2}, {10.5, 3}, {20.5, 4}, {40.49, 4}, {40.5, 5}, {168, 5}} {
		if got := hoursBin(tc.h); got != tc.want {
			t.Errorf("hoursBin(%g) = %d, want %d", tc.h, got, tc.want)
		}
	}
}

// The owner pays what it keeps, up to the full wages.
func TestOwnerWages(t *testing.T) {
	for _, tc := range []struct{ kept, bill, want float64 }{{100, 400, 0.25}, {500, 400, 1}, {0, 400, 0}, {100, 0, 1}} {
		if got := ownerWages(tc.kept, tc.bill); got != tc.want {
			t.Errorf("ownerWages(%g, %g) = %g, want %g", tc.kept, tc.bill, got, tc.want)
		}
	}
}
