package sim

import (
	"math"
	"testing"

	"commonsim/analysis"
	"commonsim/scenarios"
)

// scenario returns the commons scenario with overrides, failing the test on
// a bad override.
func scenario(t testing.TB, sets ...string) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.LoadBuiltin("commons")
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.SetAll(sets); err != nil {
		t.Fatal(err)
	}
	return sc
}

// minimal switches every mechanism off but work: nobody arrives or leaves,
// everyone works every tick, every submission is accepted, and each worker
// does one task of exactly its hours. Volunteers have no living cost, so
// each gives its commitment times its whole time budget.
var minimal = []string{
	"arrival.enabled=false", "activation.enabled=false", "tasks.self_selection=false",
	"tasks.granularity=false", "review.enabled=false", "modules.depreciation=false",
	"economy.enabled=false", "motivation.enabled=false", "exit.enabled=false",
	"ties.enabled=false", "fork.enabled=false", "motivation.learning_rate=0",
	"commitment.enabled=false", "familiarity.enabled=false", "burnout.enabled=false", "fairness.enabled=false",
	"segments.volunteer.share=1", "segments.student.share=0", "segments.employee.share=0",
	"segments.volunteer.living_cost=0",
}

func run(t testing.TB, sc *scenarios.Scenario, seed uint64) *Result {
	t.Helper()
	r := Run(RunSpec{Scenario: sc.Name, Seed: seed, Params: sc}, 1)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}

func summary(r *Result, name string) float64 {
	for i, m := range SummaryMetrics() {
		if m.Name == name {
			return r.Summary[i]
		}
	}
	panic("no summary metric " + name)
}

// With only work switched on, contributions are proportional to hours, and
// hours are commitment (lognormal) times the time budget, so the Gini of
// contributions is the Gini of the lognormal distribution: erf(sigma/2)
// (the median is small so that the cap of commitment at 1 never binds).
func TestDegenerateGiniIsLognormalGini(t *testing.T) {
	for _, sigma := range []float64{0.5, 1.0, 1.5} {
		sc := scenario(t, append(minimal, "population.initial=50000", "run.ticks=2", "segments.volunteer.budget_hours=168",
			"segments.volunteer.commitment_sigma="+ftoa(sigma), "segments.volunteer.commitment=0.001")...)
		r := run(t, sc, 1)
		got := summary(r, "gini_contribution")
		want := math.Erf(sigma / 2)
		if math.Abs(got-want) > 0.01 {
			t.Errorf("sigma %g: Gini of contributions %.4f, want erf(sigma/2) = %.4f", sigma, got, want)
		}
		// Nobody arrives or leaves; everyone works every tick.
		for _, name := range []string{"active", "workers"} {
			for _, v := range r.Series.Column(name) {
				if v != 50000 {
					t.Fatalf("%s = %g, want 50000", name, v)
				}
			}
		}
		if summary(r, "acceptance_rate") != 1 || summary(r, "total_exits") != 0 {
			t.Errorf("acceptance %g, exits %g", summary(r, "acceptance_rate"), summary(r, "total_exits"))
		}
	}
}

// The value of the commons is the hours accepted, tick by tick: hours
// worked each tick add exactly their value (value_per_hour = 1).
func TestDegenerateValueAccounting(t *testing.T) {
	sc := scenario(t, append(minimal, "population.initial=500", "run.ticks=5")...)
	m := New(sc, 3, 1)
	defer m.Close()
	var hours float64
	for _, c := range m.pop.Commitment {
		hours += float64(c) * sc.Segments.Volunteer.BudgetHours
	}
	v0 := m.Value()
	for k := 1; k <= 5; k++ {
		m.Step()
		if got, want := m.Value(), v0+float64(k)*hours; math.Abs(got-want) > 1e-6*want {
			t.Fatalf("tick %d: value %g, want %g", k, got, want)
		}
	}
}

// With no work, depreciation alone gives V(t) = V0 (1-d)^t and debt V0 - V(t).
func TestDegenerateDepreciation(t *testing.T) {
	sc := scenario(t, append(minimal, "population.initial=0", "modules.depreciation=true", "modules.depreciation_rate=0.05", "run.ticks=10")...)
	r := run(t, sc, 1)
	v := r.Series.Column("value")
	d := r.Series.Column("maintenance_debt")
	v0 := float64(sc.Modules.Count) * sc.Modules.InitialValue
	for k := range v {
		want := v0 * math.Pow(0.95, float64(k+1))
		if math.Abs(v[k]-want) > 1e-9*v0 || math.Abs(d[k]-(v0-want)) > 1e-9*v0 {
			t.Fatalf("tick %d: value %g debt %g, want %g and %g", k+1, v[k], d[k], want, v0-want)
		}
	}
}

// A constant exit hazard h (no experience effect, no ties, no engagement
// exits) gives geometric tenures: Kaplan-Meier median about ln 2 / h.
func TestDegenerateConstantHazardHalfLife(t *testing.T) {
	const h = 0.05
	sc := scenario(t, append(minimal, "population.initial=20000", "run.ticks=80", "exit.enabled=true",
		"exit.base_hazard=0.05", "exit.experience_power=0", "exit.threshold=0")...)
	r := run(t, sc, 2)
	// Discrete ticks: S(t) = (1-h)^t, median = ln 0.5 / ln(1-h) = 13.5 -> 14.
	want := math.Ceil(math.Log(0.5) / math.Log(1-h))
	if got := summary(r, "median_tenure"); got != want {
		t.Errorf("median tenure %g, want %g (ln2/h = %.1f)", got, want, math.Ln2/h)
	}
}

// Arrivals are a Poisson stream with mean conversion_rate * users; with no
// user growth the mean is fixed.
func TestDegenerateArrivals(t *testing.T) {
	sc := scenario(t, append(minimal, "population.initial=0", "arrival.enabled=true", "arrival.user_growth=0",
		"arrival.initial_users=10000", "arrival.conversion_rate=0.002", "run.ticks=400")...)
	r := run(t, sc, 5)
	a := r.Series.Column("arrivals")
	mean, sd := analysis.MeanSD(a)
	if math.Abs(mean-20) > 4*math.Sqrt(20.0/400) || math.Abs(sd*sd-20) > 5 {
		t.Errorf("arrivals mean %.2f var %.2f, want Poisson(20)", mean, sd*sd)
	}
}

func ftoa(f float64) string { return fmtFloat(f) }
