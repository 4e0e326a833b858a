package sim

import (
	"math"

	"commonsim/agents"
	"commonsim/internal/parallel"
	"commonsim/internal/radix"
	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// Model is the state of one run of the reference model: the contributors,
// the modules of the commons, the review queue and the institutions
// (docs/MODEL.md §1.2). It is advanced by Step and knows nothing of files
// or plots.
type Model struct {
	sc     *scenarios.Scenario
	seed   uint64
	tick   int32
	params params

	pop agents.Population

	// The commons of the run (mechanism 19): one, or several. Their
	// modules form one index, commons c owning [c.base, c.base +
	// modules.count); what is kept per module is here, indexed by it.
	cs            []commonsState
	value, debt   []float64
	trace         []float64
	usable, need  []float64  // usable value and visible need
	moduleSubs    []int32    // submissions to each module this tick
	authors       authorship // who delivered to each module (the truck factor, truck.go)
	weights       []float64  // stigmergic weights w_m (the choice tables' and the candidates')
	difficulty    []float32  // each module's difficulty in (0,1)
	conflictBar   []float64  // this tick's conflict term of each module (review)
	moduleCommons []uint8    // the commons each module belongs to
	newcomerBar   float64    // this tick's extra bar for newcomers (review)

	forks    []forkRecord // every fork of the run (mechanism 12)
	founding []uint8      // scratch of a fork: who moves (founder, follower)

	now      tickState    // what one phase of this tick leaves for the next
	counters tickCounters // this tick's events
	totals   runTotals

	// The engine: shards of contributors, the pool that runs them, and
	// the sequential phases' random stream.
	shards []shard
	pool   *parallel.Pool
	jobs   jobs
	seq    rng.Stream

	// Scratch reused every tick.
	workers    radix.Buckets // this tick's workers grouped by module (ties)
	tieGroup   int           // modules per job of tie formation
	tieStreams []rng.Stream  // one per job of tie formation, reseeded per module
	roleCounts []roleCount   // per chunk and commons (roles)
	teamCounts [][2]int      // per commons: managers, members (hierarchical)
	ecosystem  ecosystemState

	obs observer

	series      *Series
	commons     *CommonsSeries
	commonsView commonsView // recordCommons' scratch
}

// params are the mechanisms' parameters, each derived once from the
// scenario by its mechanism's file.
type params struct {
	arrival     arrivalParams
	activation  activationParams
	choice      choiceParams
	work        workParams
	review      reviewParams
	modules     modulesParams
	economy     economyParams
	motivation  motivationParams
	exit        exitParams
	ties        tiesParams
	roles       rolesParams
	fork        forkParams
	ecosystem   ecosystemParams
	budget      budgetParams
	commitment  commitmentParams
	familiarity familiarityParams
	burnout     burnoutParams
	fairness    fairnessParams
}

func newParams(sc *scenarios.Scenario) params {
	return params{
		arrival:     newArrivalParams(sc),
		activation:  newActivationParams(sc),
		choice:      newChoiceParams(sc),
		work:        newWorkParams(sc),
		review:      newReviewParams(sc),
		modules:     newModulesParams(sc),
		economy:     newEconomyParams(sc),
		motivation:  newMotivationParams(sc),
		exit:        newExitParams(sc),
		ties:        newTiesParams(sc),
		roles:       newRolesParams(sc, sc.Roles.Governance),
		fork:        newForkParams(sc),
		ecosystem:   newEcosystemParams(sc),
		budget:      newBudgetParams(sc),
		commitment:  newCommitmentParams(sc),
		familiarity: newFamiliarityParams(sc),
		burnout:     newBurnoutParams(sc),
		fairness:    newFairnessParams(sc),
	}
}

// tickState is what the phases of a tick hand on to later phases of the
// same tick, for the whole run; what differs between commons is in
// commonsNow.
type tickState struct {
	// The work phase's time budget (mechanism 13), read again by the
	// update.
	basicIncome float64 // paid this tick to every active contributor
	paying      bool    // sponsors still pay wages (mechanism 7)
	hierarchy   bool    // some commons is hierarchical: team sizes are counted
	overload    float64 // reviewers' overload over all commons (the run's metric)
}

// New builds the model for one run at tick 0 (docs/MODEL.md §3.1):
// modules with their difficulties, the founders, their roles, and the
// random streams derived from seed. threads is how many goroutines run the
// parallel phases; it changes speed, never the result.
func New(sc *scenarios.Scenario, seed uint64, threads int) *Model {
	m := &Model{sc: sc, seed: seed, pool: parallel.New(threads), params: newParams(sc)}
	m.seq = rng.NewStream()
	m.ecosystem.choice = rng.NewStream()
	m.bindJobs()

	m.seq.Reseed(seed, streamInit, 0, 0)
	m.pop.MaxTies = sc.Ties.Max
	m.pop.MaxFamiliar = sc.Familiarity.Max
	capacity := sc.Population.Capacity
	if capacity == 0 {
		capacity = sc.Population.Initial * sc.Ecosystem.Commons
	}
	m.pop.Grow(capacity)
	// The commons the run starts with (§3.1), one after another from the
	// initialisation stream: modules, then founders.
	// The commons' storage never grows: a commons' address stays valid
	// while others are founded.
	m.cs = make([]commonsState, 0, sc.Ecosystem.MaxCommons)
	m.teamCounts = make([][2]int, sc.Ecosystem.MaxCommons)
	for k := range sc.Ecosystem.Commons {
		inst := ownInstitutions(sc)
		if k > 0 {
			inst = otherInstitutions(sc, sc.Rival.Institutions)
		}
		c := m.addCommons(inst, -1, 0, nil)
		c.users = m.params.arrival.InitialUsers
		for range sc.Population.Initial {
			nc := m.draw(m.seq.Rand, c)
			nc.Founder = true
			m.pop.Add(nc, m.params.arrival.engagement, 0)
		}
	}
	m.recomputeRoles()
	if m.params.ties.enabled {
		m.tieGroup = max(1, m.moduleCount()/256)
		m.tieStreams = rng.NewStreams(parallel.Chunks(m.moduleCount()*sc.Ecosystem.MaxCommons, m.tieGroup))
	}
	m.series = newSeries(sc)
	m.commons = newCommonsSeries(sc)
	return m
}

// Close stops the model's goroutines. A model must be closed when a run is
// done with it.
func (m *Model) Close() { m.pool.Close() }

// Tick is the number of ticks run so far.
func (m *Model) Tick() int { return int(m.tick) }

// Scenario returns the scenario the model runs.
func (m *Model) Scenario() *scenarios.Scenario { return m.sc }

// Value is the run's total value, the sum over the modules of all its
// commons (a fork's copy counts again).
func (m *Model) Value() float64 {
	var v float64
	for _, x := range m.value {
		v += x
	}
	return v
}

// Commons is the number of commons the run holds so far.
func (m *Model) Commons() int { return len(m.cs) }

// EstimateBytes bounds the memory one run of sc needs, before it allocates:
// the contributors who can ever join (founders, or capacity, plus arrivals
// at the largest possible user base every tick) times the bytes each takes
// with growth slack, plus the time series and modules.
func EstimateBytes(sc *scenarios.Scenario) uint64 {
	e := &sc.Ecosystem
	n := float64(sc.Population.Initial) * float64(e.Commons)
	if sc.Arrival.Enabled {
		// The user base of all commons together is at most the pool at
		// the largest reach (mechanism 19), or what they started with.
		reach := max(sc.Economy.Reach, sc.Fork.Reach, sc.Rival.Reach)
		n += float64(sc.Run.Ticks) * sc.Arrival.ConversionRate * math.Max(sc.Arrival.PotentialUsers*(1+reach), sc.Arrival.InitialUsers*float64(e.Commons))
	}
	n = math.Max(n, float64(sc.Population.Capacity))
	// Per contributor: its state, the metric sort buffer, the end-of-run
	// copies (contribution, durations, counts) and the snapshot of work 52
	// ticks before the end; x1.5 for slice growth.
	per := float64(agents.BytesPerContributor(sc.Ties.Max, sc.Familiarity.Max)+8+8+8+8+1+8) * 1.5
	rows := float64(sc.Run.Ticks/sc.Run.RecordEvery + 1)
	series := rows * float64(len(tickMetrics)+1) * 8
	// Every commons the run may hold (max_commons): its modules, its row
	// of the per-commons series at each recorded tick, and its state (the
	// roles' top-k per chunk of contributors, and the rest).
	commons := float64(e.MaxCommons)
	modules := commons * float64(sc.Modules.Count) * 160
	perCommons := commons * (rows*float64(len(commonsMetrics)+1)*8 + (n/radix.Chunk+1)*8*1024 + 4096)
	return uint64(n*per + series + modules + perCommons)
}

// MemoryBytes is the memory held by the model's contributors, modules and
// buffers (slice capacities), for the B/agent benchmark figure.
func (m *Model) MemoryBytes() int {
	p := &m.pop
	n := cap(p.Flags)
	b := n * (agents.BytesPerContributor(p.MaxTies, p.MaxFamiliar))
	for i := range m.cs {
		b += cap(m.cs[i].queue) * 20
		b += m.cs[i].top.Bytes()
	}
	for _, s := range m.shards {
		b += s.tasks.bytes() + cap(s.left)*4
	}
	b += len(m.value)*8*10 + m.authors.bytes()
	// The metrics' sort buffers, the workers' buckets, and the per-chunk
	// counts and sums of the parallel sort, bus factor and roles.
	b += m.obs.bytes() + m.workers.Bytes()
	return b
}
