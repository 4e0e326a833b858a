package sim

import (
	"math"
	"slices"
	"testing"

	"commonsim/agents"
	"commonsim/analysis"
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

// truckFactorOf is the truck factor by the plain definitions of package
// analysis (Authors, then TruckFactor over the modules that ever had
// accepted work) on the given deliveries of active contributors.
func truckFactorOf(m *Model, d []analysis.Delivery) int {
	totals := make([]int, len(m.authors.deliveries))
	for k, n := range m.authors.deliveries {
		totals[k] = int(n)
	}
	var counted [][]int
	for k, a := range analysis.Authors(d, totals) {
		if totals[k] > 0 {
			counted = append(counted, a)
		}
	}
	return analysis.TruckFactor(counted)
}

// listedDeliveries are the active authors' deliveries as the modules'
// lists have them (count − floor).
func listedDeliveries(m *Model) []analysis.Delivery {
	var d []analysis.Delivery
	for mod := range int32(len(m.authors.deliveries)) {
		for _, s := range m.authors.list(mod) {
			if s.author >= 0 && m.pop.Flags[s.author]&agents.Active != 0 && s.count > s.floor {
				d = append(d, analysis.Delivery{Author: int(s.author), Module: int(mod), Count: int(s.count - s.floor), First: m.authors.firstAuthor[mod] == s.author})
			}
		}
	}
	return d
}

// familiarDeliveries are the active contributors' deliveries as their
// familiarity lists have them: every delivery, when the lists are as long
// as there are modules (and no count saturates).
func familiarDeliveries(m *Model) []analysis.Delivery {
	var d []analysis.Delivery
	for i := range m.pop.Len() {
		if m.pop.Flags[i]&agents.Active == 0 {
			continue
		}
		for _, f := range m.pop.FamiliarSlots(i) {
			if f.Deliveries() > 0 {
				d = append(d, analysis.Delivery{Author: i, Module: int(f.Module()), Count: int(f.Deliveries()), First: m.authors.firstAuthor[f.Module()] == int32(i)})
			}
		}
	}
	return d
}

// The truck factor the model computes equals the plain definition of
// package analysis on the modules' lists of authors, at every tick of runs
// with different sizes and module counts, where the lists are full and
// replace authors.
func TestTruckFactorAgainstDefinition(t *testing.T) {
	for _, sets := range [][]string{
		{"population.initial=60", "modules.count=12"},
		{"population.initial=300", "modules.count=30", "arrival.conversion_rate=0.002"},
		{"population.initial=40", "modules.count=100", "familiarity.max=2"},
	} {
		evictions := truckFactorEveryTick(t, append(sets, "run.ticks=80"), 3, listedDeliveries)
		if sets[0] != "population.initial=40" && evictions == 0 {
			t.Errorf("%v: no list ever replaced an author: the test does not reach the bound", sets)
		}
	}
}

// Where no module's list of authors ever replaced one (fewer active
// contributors than slots) and the familiarity lists hold every module,
// the truck factor is exact: it equals the plain definition on every
// contributor's deliveries, whatever the familiarity lists' behavioural
// bound would have kept (here a contributor can author every module).
func TestTruckFactorExactBelowTheBound(t *testing.T) {
	for _, sets := range [][]string{
		{"population.initial=8", "modules.count=8", "familiarity.max=8"},
		{"population.initial=6", "modules.count=5", "familiarity.max=5", "exit.base_hazard=0.02"},
		{"population.initial=8", "modules.count=3", "familiarity.max=3", "tasks.stigmergy=0"},
	} {
		if n := truckFactorEveryTick(t, append(sets, "run.ticks=120", "arrival.enabled=false"), 5, familiarDeliveries); n != 0 {
			t.Fatalf("%v: %d replacements: not below the bound", sets, n)
		}
	}
}

// truckFactorEveryTick runs the scenario with the given settings for its
// run.ticks and checks at every tick that the model's truck factor equals
// the plain definition on the deliveries that deliveries reports, and that
// the truck factor changed at least once. It returns how many times the
// modules' lists replaced an author.
func truckFactorEveryTick(t *testing.T, sets []string, seed uint64, deliveries func(*Model) []analysis.Delivery) int64 {
	t.Helper()
	sc := scenario(t, sets...)
	m := New(sc, seed, 1)
	defer m.Close()
	seen := map[int]bool{}
	for range sc.Run.Ticks {
		m.Step()
		fast, plain := m.truckFactor(), truckFactorOf(m, deliveries(m))
		if fast != plain {
			t.Fatalf("%v, tick %d: truck factor %d, by definition %d", sets, m.tick, fast, plain)
		}
		seen[fast] = true
	}
	if len(seen) < 2 {
		t.Errorf("%v: the truck factor never changed (%v): the test does not test much", sets, seen)
	}
	return m.authors.evictions
}

// A module's list of authors: exact below the bound; above it, by
// space-saving, every listed author's count brackets its deliveries
// (count − floor <= d <= count) and every author with more than a
// 1/authorSlots share of the deliveries is listed; departed authors' slots
// are freed.
func TestAuthorshipLists(t *testing.T) {
	a := newAuthorship(1)
	for k := range int32(authorSlots) {
		a.record(0, k, int64(k+1))
	}
	for k, s := range a.list(0) {
		if s.author != int32(k) || s.count != int32(k+1) || s.floor != 0 {
			t.Fatalf("below the bound, slot %d: %+v", k, s)
		}
	}
	if a.evictions != 0 || a.firstAuthor[0] != 0 || a.deliveries[0] != authorSlots*(authorSlots+1)/2 {
		t.Fatalf("below the bound: %d evictions, first author %d, %d deliveries", a.evictions, a.firstAuthor[0], a.deliveries[0])
	}
	// A stream where two heavy authors deliver among many one-off ones.
	a = newAuthorship(1)
	truth := map[int32]int64{}
	var total int64
	for k := range int32(5000) {
		author := 100 + k
		switch {
		case k%5 == 0:
			author = 1
		case k%7 == 0:
			author = 2
		}
		n := int64(1 + k%3)
		a.record(0, author, n)
		truth[author] += n
		total += n
	}
	if a.evictions == 0 {
		t.Fatal("the stream never filled the list")
	}
	listed := map[int32]bool{}
	for _, s := range a.list(0) {
		d := truth[s.author]
		if int64(s.count-s.floor) > d || d > int64(s.count) {
			t.Errorf("author %d: %d deliveries outside [%d, %d]", s.author, d, s.count-s.floor, s.count)
		}
		listed[s.author] = true
	}
	for author, d := range truth {
		if d*authorSlots > total && !listed[author] {
			t.Errorf("author %d with %d of %d deliveries is not listed", author, d, total)
		}
	}
	if !listed[1] || !listed[2] {
		t.Errorf("the heavy authors are not listed: %+v", a.list(0))
	}
}

// The model frees the slots of those who left before it credits new
// deliveries, so that no list holds a departed contributor for long.
func TestAuthorshipForgetsTheDeparted(t *testing.T) {
	sc := scenario(t, "population.initial=200", "modules.count=10", "run.ticks=60", "exit.base_hazard=0.05")
	m := New(sc, 2, 1)
	defer m.Close()
	for range 60 {
		m.Step()
		m.clearDeparted()
		for k, s := range m.authors.slots {
			if s.author >= 0 && m.pop.Flags[s.author]&agents.Active == 0 {
				t.Fatalf("tick %d: slot %d holds departed contributor %d", m.tick, k, s.author)
			}
		}
	}
	if m.totals.exits == 0 {
		t.Fatal("nobody left: the test does not test much")
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

// An owner hires only while it keeps revenue to pay its employees from:
// with a capture of 0 it employs no one; relicensing from 0 it hires from
// the relicensing tick on; with a capture it hires from the start.
func TestOwnerHiresOnlyWhenItKeepsRevenue(t *testing.T) {
	owned := func(m *Model) int {
		n := 0
		for _, f := range m.pop.Flags {
			if f&agents.Owned != 0 {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		name          string
		sets          []string
		before, after bool // employees before and after tick 30
	}{
		{"capture 0", []string{"economy.capture_rate=0"}, false, false},
		{"no economy", []string{"economy.capture_rate=0.5", "economy.enabled=false"}, false, false},
		{"relicensing from 0", []string{"economy.capture_rate=0", "owner.relicense_tick=30", "owner.capture_after=0.9"}, false, true},
		{"capture 0.3", []string{"economy.capture_rate=0.3"}, true, true},
	} {
		sc := scenario(t, append([]string{"population.initial=400", "run.ticks=60", "owner.core_share=0.6"}, c.sets...)...)
		m := New(sc, 3, 1)
		for range 29 {
			m.Step()
		}
		before := owned(m)
		for range 20 {
			m.Step()
		}
		after := owned(m)
		m.Close()
		if (before > 0) != c.before || (after > 0) != c.after {
			t.Errorf("%s: %d employees before tick 30, %d after; want some: %v, %v", c.name, before, after, c.before, c.after)
		}
	}
}
