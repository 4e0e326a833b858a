package sim

import (
	"math"
	"slices"
	"testing"

	"commonsim/agents"
	"commonsim/scenarios"
)

// forkModel is a small commons stepped for a while with nobody arriving
// or leaving, ready for a fork forced by hand.
func forkModel(t *testing.T, ticks int, sets ...string) *Model {
	t.Helper()
	base := []string{"population.initial=120", "arrival.enabled=false", "exit.enabled=false", "fork.probability=0", "run.ticks=400"}
	m := New(scenario(t, append(base, sets...)...), 7, 1)
	t.Cleanup(m.Close)
	for range ticks {
		m.Step()
	}
	return m
}

// dissatisfy sets the utility of commons c's active core: below
// fork.utility_below for the given members, above it for the others. It
// returns the core.
func dissatisfy(m *Model, c int, founders func(k int) bool) (core []int) {
	p := &m.pop
	below := float32(m.params.fork.UtilityBelow)
	for i := range p.Flags {
		if p.Flags[i]&agents.Active == 0 || int(p.Commons[i]) != c || p.Role[i] == agents.Peripheral {
			continue
		}
		p.Utility[i] = below + 0.2
		if founders(len(core)) {
			p.Utility[i] = below / 2
		}
		core = append(core, i)
	}
	return core
}

// A fork forced at a tick with known founders (the dissatisfied core, no
// ties to follow) moves exactly those founders to a new commons, which
// starts with a copy of its parent's modules: value, debt, difficulty,
// deliveries and first authors. Founders keep their reputation and their
// familiarity with the copies of their modules.
func TestForcedForkMovesFoundersAndCopiesValue(t *testing.T) {
	m := forkModel(t, 30, "ties.enabled=false", "ecosystem.migration=false")
	core := dissatisfy(m, 0, func(k int) bool { return k%2 == 0 })
	if len(core) < 4 {
		t.Fatalf("core of %d", len(core))
	}
	var founders []int
	for k, i := range core {
		if k%2 == 0 {
			founders = append(founders, i)
		}
	}
	nm := m.moduleCount()
	value := slices.Clone(m.value[:nm])
	debt := slices.Clone(m.debt[:nm])
	reputation := map[int]float32{}
	familiar := map[int][]agents.Familiar{}
	for _, i := range founders {
		reputation[i] = m.pop.Reputation[i]
		familiar[i] = slices.Clone(m.pop.FamiliarSlots(i))
	}
	m.found(&m.cs[0])

	if len(m.cs) != 2 || m.cs[1].parent != 0 || m.cs[1].founded != m.tick {
		t.Fatalf("commons after the fork: %d, child's parent %d founded %d", len(m.cs), m.cs[1].parent, m.cs[1].founded)
	}
	var moved []int
	for i := range m.pop.Flags {
		if m.pop.Commons[i] == 1 {
			moved = append(moved, i)
		}
	}
	if !slices.Equal(moved, founders) {
		t.Errorf("moved %v, want the founders %v", moved, founders)
	}
	r := m.forks[0]
	if r.founders != len(founders) || r.followers != 0 || len(r.core) != len(core) {
		t.Errorf("record: founders %d followers %d core %d, want %d, 0, %d", r.founders, r.followers, len(r.core), len(founders), len(core))
	}
	for k := range nm {
		j := nm + k
		if m.value[j] != value[k] || m.debt[j] != debt[k] || m.difficulty[j] != m.difficulty[k] ||
			m.authors.deliveries[j] != m.authors.deliveries[k] || m.authors.firstAuthor[j] != m.authors.firstAuthor[k] ||
			!slices.Equal(m.authors.list(int32(j)), m.authors.list(int32(k))) {
			t.Fatalf("module %d: the copy (value %g debt %g) differs from the original (value %g debt %g)", k, m.value[j], m.debt[j], value[k], debt[k])
		}
	}
	if got, want := m.valueOf(&m.cs[1]), m.valueOf(&m.cs[0]); got != want {
		t.Errorf("child's value %g, parent's %g", got, want)
	}
	for _, i := range founders {
		if m.pop.Reputation[i] != reputation[i] {
			t.Errorf("founder %d: reputation %g, had %g", i, m.pop.Reputation[i], reputation[i])
		}
		for k, f := range m.pop.FamiliarSlots(i) {
			old := familiar[i][k]
			if f.Deliveries() != old.Deliveries() || old.Deliveries() > 0 && f.Module() != old.Module()+int32(nm) {
				t.Errorf("founder %d: familiarity slot %v, had %v (module + %d)", i, f, old, nm)
			}
		}
	}
	// The fork's core is the top ⌈share · members⌉ founders by reputation
	// (roles recomputed at once), as the ranking defines it.
	want, _ := rolesByRanking(onlyCommons(&m.pop, 1), &m.cs[1].inst.roles)
	for _, i := range founders {
		if m.pop.Role[i] != want[i] {
			t.Errorf("founder %d: role %v in the fork it founded, want %v", i, m.pop.Role[i], want[i])
		}
	}
	if r := m.cs[1].inst.roles; r.governance != flat || r.role != agents.Maintainer {
		t.Errorf("fork's governance %v (role %v), want flat by default", r.governance, r.role)
	}
	// And the run goes on with both. A founder who goes back still moved:
	// the share of the core that moved within 26 ticks is the founders'.
	m.measureForks()
	for range 5 {
		m.Step()
	}
	m.moveTo(founders[0], &m.cs[0])
	for m.Tick() < int(m.forks[0].tick)+26 {
		m.Step()
	}
	if got, want := m.forks[0].moved26, float64(len(founders))/float64(len(core)); got != want {
		t.Errorf("core moved within 26 ticks %g, want the founders' share %g", got, want)
	}
}

// Followers are exactly the active members of the parent, not the owner's
// employees, with a live tie to a founder, when follow_share is 1.
func TestForkFollowersAreThoseTiedToFounders(t *testing.T) {
	m := forkModel(t, 30, "fork.follow_share=1", "owner.core_share=0.5")
	dissatisfy(m, 0, func(k int) bool { return k%3 == 0 })
	p := &m.pop
	founder := map[int]bool{}
	for i := range p.Flags {
		if p.Flags[i]&agents.Active != 0 && p.Role[i] != agents.Peripheral && p.Utility[i] < float32(m.params.fork.UtilityBelow) {
			founder[i] = true
		}
	}
	want := map[int]bool{}
	for i := range p.Flags {
		if p.Flags[i]&agents.Active == 0 || founder[i] || p.Flags[i]&agents.Owned != 0 {
			continue
		}
		for t := range p.MaxTies {
			j := p.TiePartner[i*p.MaxTies+t]
			if j >= 0 && founder[int(j)] && int32(uint16(m.tick)-p.TieUsed[i*p.MaxTies+t]) <= m.params.ties.fade {
				want[i] = true
			}
		}
	}
	m.found(&m.cs[0])
	for i := range p.Flags {
		in := p.Commons[i] == 1
		if in != (founder[i] || want[i]) {
			t.Errorf("contributor %d: in the fork %v, founder %v, tied %v", i, in, founder[i], want[i])
		}
	}
	if len(want) == 0 || m.forks[0].followers != len(want) {
		t.Errorf("followers %d, want %d (> 0)", m.forks[0].followers, len(want))
	}
}

// A relicensed commons is forked at its last open state, aged by
// depreciation: V = V(t_r)(1 − δ)^(t − t_r), and what it lost is debt.
func TestForkOfRelicensedCommonsCopiesLastOpenState(t *testing.T) {
	m := forkModel(t, 12, "owner.relicense_tick=5", "ties.enabled=false")
	c := &m.cs[0]
	if c.openValue == nil || c.relicensedAt != 5 {
		t.Fatalf("no last open state kept (relicensed at %d)", c.relicensedAt)
	}
	dissatisfy(m, 0, func(k int) bool { return k == 0 })
	m.found(&m.cs[0])
	nm := m.moduleCount()
	delta := m.params.modules.DepreciationRate
	for k := range nm {
		v, d := m.cs[0].openValue[k], m.cs[0].openDebt[k]
		aged := v * math.Pow(1-delta, float64(m.tick-5))
		if got := m.value[nm+k]; math.Abs(got-aged) > 1e-9*aged || math.Abs(m.debt[nm+k]-(d+v-aged)) > 1e-9*(d+v) {
			t.Fatalf("module %d: copy value %g debt %g, want %g and %g", k, got, m.debt[nm+k], aged, d+v-aged)
		}
		if m.value[nm+k] == m.value[k] {
			t.Fatalf("module %d was copied in its relicensed state", k)
		}
	}
}

// Migration off: nobody changes commons but a fork's founding group.
// Migration on, with a rival that captures 90% and returns nothing,
// contributors move to the commons that does not.
func TestMigrationOnOff(t *testing.T) {
	sets := []string{"population.initial=60", "run.ticks=80", "ecosystem.commons=2", "fork.enabled=false",
		"rival.capture_rate=0.9", "rival.redistribution=none"}
	moves := func(r *Result) (in, out float64) {
		return sumOf(r.Commons.Column("migrants_in")), sumOf(r.Commons.Column("migrants_out"))
	}
	off := run(t, scenario(t, append(sets, "ecosystem.migration=false")...), 3)
	if in, out := moves(off); in != 0 || out != 0 {
		t.Errorf("migration off: %g moved in, %g out", in, out)
	}
	on := run(t, scenario(t, sets...), 3)
	in, out := moves(on)
	if in == 0 || in != out {
		t.Errorf("migration on: %g moved in, %g out, want as many, and some", in, out)
	}
	// More moved to the commons than to the platform.
	toCommons, toRival := 0.0, 0.0
	cs := on.Commons
	col := slices.IndexFunc(CommonsMetrics(), func(x Metric) bool { return x.Name == "migrants_in" })
	for i := range cs.Len() {
		if cs.Commons[i] == 0 {
			toCommons += cs.Row(i)[col]
		} else {
			toRival += cs.Row(i)[col]
		}
	}
	if toCommons <= toRival {
		t.Errorf("moved to the commons %g, to the capturing platform %g", toCommons, toRival)
	}
}

// Two identical commons started together split the users (and the
// newcomers) evenly in expectation: over replications, commons 0's mean
// share of the users at the end is 1/2 within three standard errors.
func TestIdenticalCommonsSplitUsersEvenly(t *testing.T) {
	sc := scenario(t, "population.initial=30", "run.ticks=60", "ecosystem.commons=2", "fork.enabled=false")
	const reps = 40
	var shares, arrivals []float64
	for rep := range reps {
		r := run(t, sc, CommonSeed(11, rep))
		cs := r.Commons
		users := cs.Column("users")
		came := cs.Column("arrivals")
		var u [2]float64
		var a [2]float64
		for i := range cs.Len() {
			a[cs.Commons[i]] += came[i]
			if cs.Ticks[i] == sc.Run.Ticks {
				u[cs.Commons[i]] = users[i]
			}
		}
		shares = append(shares, u[0]/(u[0]+u[1]))
		arrivals = append(arrivals, a[0]/(a[0]+a[1]))
	}
	for name, x := range map[string][]float64{"users": shares, "newcomers": arrivals} {
		mu, se := meanSE(x)
		if math.Abs(mu-0.5) > 3*se || se == 0 {
			t.Errorf("commons 0's share of the %s: %.4f ± %.4f (se), want 1/2", name, mu, se)
		}
	}
}

// onlyCommons is a copy of p in which only commons c's members are
// active.
func onlyCommons(p *agents.Population, c uint8) *agents.Population {
	q := *p
	q.Flags = slices.Clone(p.Flags)
	for i := range q.Flags {
		if p.Commons[i] != c {
			q.Flags[i] &^= agents.Active
		}
	}
	return &q
}

func meanSE(x []float64) (mean, se float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)-1) / float64(len(x)))
}

// Each outcome of Robles & González-Barahona (2012) comes out of a
// constructed case: a fork forced at tick 30 of a run of 100 with nobody
// arriving; then the founders, the rest, both or neither are made to
// leave, so that the side with nobody left accepts no more work; or the
// fork is left small beside a content parent, with merging back on.
func TestForkOutcomes(t *testing.T) {
	for _, c := range []struct {
		name   string
		leave  func(commons int) bool // who leaves right after the fork
		sets   []string
		want   ForkOutcome
		closed bool
	}{
		{"both continue", func(int) bool { return false }, nil, BothContinue, false},
		{"original discontinued", func(c int) bool { return c == 0 }, nil, OriginalDiscontinued, false},
		{"fork discontinued", func(c int) bool { return c == 1 }, nil, ForkDiscontinued, false},
		{"both discontinued", func(int) bool { return true }, nil, BothDiscontinued, false},
		{"merged back", func(int) bool { return false }, []string{"fork.merge_back=true", "fork.merge_share=0.5"}, MergedBack, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := forkModel(t, 30, append([]string{"ties.enabled=false", "run.ticks=100", "ecosystem.migration=false"}, c.sets...)...)
			dissatisfy(m, 0, func(k int) bool { return k == 0 })
			m.found(&m.cs[0])
			p := &m.pop
			for i := range p.Flags {
				if p.Flags[i]&agents.Active != 0 && c.leave(int(p.Commons[i])) {
					p.Leave(i, m.tick)
				}
			}
			if c.closed {
				// The parent's core is content: nobody below the bar.
				m.params.fork.UtilityBelow = 0
			}
			for m.Tick() < m.sc.Run.Ticks {
				m.Step()
			}
			res := m.Result(RunSpec{Params: m.sc})
			if len(res.Forks) != 1 || res.Forks[0].Outcome != c.want {
				t.Fatalf("forks %+v, want one with outcome %s", res.Forks, c.want)
			}
			if m.cs[1].closed != c.closed {
				t.Errorf("child closed %v, want %v", m.cs[1].closed, c.closed)
			}
			if got := summary(res, "forks_"+c.want.String()); got != 1 {
				t.Errorf("forks_%s = %g, want 1", c.want, got)
			}
		})
	}
}

// With several commons and forks that found commons (capture and
// hierarchy, forks certain once the core is unhappy), the same seed gives
// the same run, to the bit, for any number of threads: the whole-run and
// per-commons series, the summary and the forks.
func TestEcosystemSameForAnyThreads(t *testing.T) {
	sc := scenario(t, "population.initial=9000", "run.ticks=40", "ecosystem.commons=2", "economy.capture_rate=0.9",
		"roles.governance=hierarchical", "fork.probability=1", "fork.patience=2", "ecosystem.migration_rate=0.2")
	spec := RunSpec{Scenario: sc.Name, Seed: 5, Params: sc}
	one := Run(spec, 1)
	if one.Err != nil {
		t.Fatal(one.Err)
	}
	if len(one.Forks) == 0 || one.Commons.Len() == 0 {
		t.Fatalf("no fork (%d) or no commons rows (%d): pick a case with forks", len(one.Forks), one.Commons.Len())
	}
	for _, threads := range []int{2, 4} {
		other := Run(spec, threads)
		if other.Err != nil {
			t.Fatal(other.Err)
		}
		if !sameBits(one.Series.data, other.Series.data) || !sameBits(one.Summary, other.Summary) ||
			!sameBits(one.Commons.data, other.Commons.data) || !slices.Equal(one.Commons.Commons, other.Commons.Commons) ||
			len(one.Forks) != len(other.Forks) {
			t.Fatalf("%d threads differ from 1", threads)
		}
		for k := range one.Forks {
			a, b := one.Forks[k], other.Forks[k]
			if a.Tick != b.Tick || a.Founders != b.Founders || a.Followers != b.Followers || a.Trigger != b.Trigger ||
				!sameBits([]float64{a.CoreMoved26, a.ParentActive52}, []float64{b.CoreMoved26, b.ParentActive52}) {
				t.Fatalf("%d threads: fork %d differs: %+v vs %+v", threads, k, a, b)
			}
		}
	}
}

// A run of one commons has one row per recorded tick in the per-commons
// series, agreeing with the whole run's series; and the ecosystem's run
// metrics are those of one commons.
func TestOneCommonsSeriesIsTheRun(t *testing.T) {
	r := run(t, scenario(t, "population.initial=50", "run.ticks=30", "fork.enabled=false"), 2)
	if r.Commons.Len() != r.Series.Len() {
		t.Fatalf("%d per-commons rows, %d ticks", r.Commons.Len(), r.Series.Len())
	}
	for _, name := range []string{"active", "users", "value", "usable_value", "accepted", "arrivals"} {
		if got, want := r.Commons.Column(name), r.Series.Column(name); !sameBits(got, want) {
			t.Errorf("%s: per commons %v, run %v", name, got[:3], want[:3])
		}
	}
	for name, want := range map[string]float64{"largest_active_share": 1, "largest_value_share": 1, "commons_live": 1, "fork_founding": 0} {
		if got := summary(r, name); got != want {
			t.Errorf("%s = %g, want %g", name, got, want)
		}
	}
}

// The module numbers a run may use fit the familiarity lists.
func TestModuleNumbersFitFamiliarity(t *testing.T) {
	if scenarios.MaxModuleNumbers != agents.MaxFamiliarModules {
		t.Errorf("scenarios.MaxModuleNumbers %d, agents.MaxFamiliarModules %d", scenarios.MaxModuleNumbers, agents.MaxFamiliarModules)
	}
	if maxCommons < 64 {
		t.Errorf("maxCommons %d is below ecosystem.max_commons' range", maxCommons)
	}
}

// The memory estimate counts every commons a run may hold.
func TestEstimateCountsCommons(t *testing.T) {
	one := EstimateBytes(scenario(t, "ecosystem.max_commons=1"))
	many := EstimateBytes(scenario(t, "ecosystem.max_commons=64", "modules.count=10000"))
	if many <= one+64*10000*100 {
		t.Errorf("estimate with 64 commons of 10^4 modules %d, with one of 30 %d", many, one)
	}
}

// A tick of a run of three commons, migration on, allocates nothing once
// the buffers have grown: less than one allocation per tick on average
// (a buffer may still grow, amortised).
func TestEcosystemTickAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	m := New(scenario(t, "population.initial=3000", "arrival.enabled=false", "exit.enabled=false", "fork.enabled=false",
		"run.ticks=1000", "ecosystem.commons=3", "ecosystem.migration_rate=0.2"), 1, 1)
	t.Cleanup(m.Close)
	for range 30 {
		m.Step()
	}
	if a := testing.AllocsPerRun(50, m.Step); a >= 1 {
		t.Errorf("%g allocations per tick", a)
	}
}
