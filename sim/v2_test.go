package sim

import (
	"math"
	"slices"
	"testing"

	"commonsim/agents"
)

// bare switches off everything but work and the time budget, for every
// segment: no arrivals, exits, activation, review, motivation, forks or
// strain; commitment fixed at 1.
var bare = []string{
	"arrival.enabled=false", "activation.enabled=false", "tasks.granularity=false", "review.enabled=false",
	"modules.depreciation=false", "motivation.enabled=false", "exit.enabled=false", "ties.enabled=false",
	"fork.enabled=false", "commitment.enabled=false", "burnout.enabled=false", "fairness.enabled=false",
	"segments.volunteer.commitment=1", "segments.volunteer.commitment_sigma=0",
	"segments.student.commitment=1", "segments.student.commitment_sigma=0",
	"segments.employee.commitment=1", "segments.employee.commitment_sigma=0",
}

// With no living cost, every contributor gives its full time budget, in
// every segment (a paid one: its sponsored hours and the rest).
func TestNoLivingCostFullBudget(t *testing.T) {
	sc := scenario(t, append(slices.Clone(bare), "population.initial=3000", "run.ticks=3",
		"segments.volunteer.living_cost=0", "segments.student.living_cost=0", "segments.employee.living_cost=0")...)
	m := New(sc, 7, 1)
	defer m.Close()
	budget := [agents.NumSegments]float64{sc.Segments.Volunteer.BudgetHours, sc.Segments.Student.BudgetHours, sc.Segments.Employee.BudgetHours}
	for k := range 3 {
		m.Step()
		for i := range m.pop.Len() {
			if got, want := float64(m.pop.Hours[i]), budget[m.pop.Segment[i]]; got != want {
				t.Fatalf("tick %d, contributor %d (%s): hours %g, want its budget %g", k+1, i, m.pop.Segment[i], got, want)
			}
		}
	}
}

// The material channel alone (felt unfairness off), flexibility 1 and
// commitment 1: under capture 0 and capture 1 the hours of every contributor
// at tick 2 differ by exactly the revenue returned to it at tick 1 divided
// by its outside wage. At tick 1 the two runs are identical (nothing has
// been returned yet).
func TestMaterialChannelReturnedRevenueOverWage(t *testing.T) {
	sets := append(slices.Clone(bare), "population.initial=2000", "run.ticks=2", "economy.revenue_per_user=2",
		"segments.volunteer.flexibility=1", "segments.student.flexibility=1", "segments.employee.flexibility=1",
		"segments.employee.paid_share=0")
	step := func(capture string) (*Model, []float32) {
		m := New(scenario(t, append(slices.Clone(sets), "economy.capture_rate="+capture)...), 5, 1)
		m.Step()
		returned := slices.Clone(m.pop.ReturnedTick)
		m.Step()
		return m, returned
	}
	open, returned := step("0")
	defer open.Close()
	taken, none := step("1")
	defer taken.Close()
	wage := [agents.NumSegments]float64{}
	for k, s := range segmentsOf(open.sc) {
		wage[k] = s.OutsideWage
	}
	checked := 0
	for i := range open.pop.Len() {
		if none[i] != 0 {
			t.Fatalf("capture 1 returned %g to contributor %d", none[i], i)
		}
		want := float64(returned[i]) / wage[open.pop.Segment[i]]
		got := float64(open.pop.Hours[i]) - float64(taken.pop.Hours[i])
		if math.Abs(got-want) > 1e-4*(1+want) {
			t.Fatalf("contributor %d: hours differ by %g, want returned %g / wage %g = %g", i, got, returned[i], wage[open.pop.Segment[i]], want)
		}
		if returned[i] > 0 {
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d contributors received revenue: the test does not test much", checked)
	}
}

// A basic income B buys flexibility * B / wage hours of outside work, which
// commitment 1 gives to the commons; with the material channel off it buys
// none.
func TestBasicIncomeBuysHours(t *testing.T) {
	sets := append(slices.Clone(bare), "population.initial=1000", "run.ticks=1", "economy.revenue_per_user=0",
		"segments.employee.paid_share=0")
	hours := func(extra ...string) []float32 {
		m := New(scenario(t, append(slices.Clone(sets), extra...)...), 2, 1)
		defer m.Close()
		m.Step()
		return slices.Clone(m.pop.Hours)
	}
	base, bi, off := hours(), hours("economy.basic_income=100"), hours("economy.basic_income=100", "budget.enabled=false")
	sc := scenario(t, sets...)
	m := New(sc, 2, 1)
	defer m.Close()
	segs := segmentsOf(sc)
	for i := range base {
		s := segs[m.pop.Segment[i]]
		want := s.Flexibility * 100 / s.OutsideWage
		if got := float64(bi[i] - base[i]); math.Abs(got-want) > 1e-4 {
			t.Fatalf("contributor %d: basic income bought %g hours, want %g", i, got, want)
		}
		if off[i] != base[i] {
			t.Fatalf("contributor %d: with the material channel off basic income changed hours %g -> %g", i, base[i], off[i])
		}
	}
}

// Usable value is value^2 / (value + debt_drag * debt) on every module.
func TestDebtLowersUsableValue(t *testing.T) {
	for _, drag := range []string{"0", "1", "3"} {
		sc := scenario(t, "population.initial=200", "run.ticks=30", "modules.debt_drag="+drag)
		m := New(sc, 1, 1)
		for range 30 {
			m.Step()
		}
		for k, v := range m.value {
			want := v * v / (v + sc.Modules.DebtDrag*m.debt[k])
			if math.Abs(m.usable[k]-want) > 1e-9*v {
				t.Fatalf("drag %s, module %d: usable %g, want %g", drag, k, m.usable[k], want)
			}
		}
		if drag == "0" && math.Abs(m.Usable()-m.Value()) > 1e-12*m.Value() {
			t.Errorf("drag 0: usable %g, value %g", m.Usable(), m.Value())
		}
		m.Close()
	}
}

// The truck factor the model computes equals the plain definition of
// package analysis on the same familiarity lists, at every tick of runs
// with different sizes and module counts.
func TestTruckFactorAgainstDefinition(t *testing.T) {
	for _, sets := range [][]string{
		{"population.initial=60", "modules.count=12"},
		{"population.initial=300", "modules.count=30", "arrival.conversion_rate=0.002"},
		{"population.initial=40", "modules.count=100", "familiarity.max=2"},
	} {
		sc := scenario(t, append(sets, "run.ticks=80")...)
		m := New(sc, 3, 1)
		seen := map[int]bool{}
		for range 80 {
			m.Step()
			fast, plain := m.truckFactor(), m.truckFactorByDefinition()
			if fast != plain {
				t.Fatalf("%v, tick %d: truck factor %d, by definition %d", sets, m.tick, fast, plain)
			}
			seen[fast] = true
		}
		m.Close()
		if len(seen) < 2 {
			t.Errorf("%v: the truck factor never changed (%v): the test does not test much", sets, seen)
		}
	}
}

// Common random numbers: two scenarios that differ only in name give
// identical runs (same seed), and different ones without them.
func TestCommonRandomNumbers(t *testing.T) {
	a := scenario(t, "population.initial=100", "run.ticks=20")
	b := a.Clone()
	b.Name = "other"
	if SeedOf(a, 0, 3) != SeedOf(b, 2, 3) || SeedOf(a, 0, 3) == SeedOf(a, 0, 4) {
		t.Fatal("with common random numbers the seed depends on the replicate alone")
	}
	ra, rb := run(t, a, SeedOf(a, 0, 1)), run(t, b, SeedOf(b, 0, 1))
	for k := range ra.Summary {
		if ra.Summary[k] != rb.Summary[k] && !(math.IsNaN(ra.Summary[k]) && math.IsNaN(rb.Summary[k])) {
			t.Errorf("%s: %g vs %g", SummaryMetrics()[k].Name, ra.Summary[k], rb.Summary[k])
		}
	}
	a.Run.CommonRandomNumbers, b.Run.CommonRandomNumbers = false, false
	if SeedOf(a, 0, 1) == SeedOf(b, 0, 1) || SeedOf(a, 0, 1) != RunSeed(a.Run.Seed, a.Name, 0, 1) {
		t.Error("without common random numbers the seed is RunSeed of the run's identity")
	}
}
