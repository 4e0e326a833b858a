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

	// The modules (mechanism 6) and the commons as the work phase sees it.
	value, debt, trace []float64
	usable, need       []float64  // usable value and visible need
	moduleSubs         []int32    // submissions to each module this tick
	authors            authorship // who delivered to each module (the truck factor, truck.go)
	weights            []float64
	needOrder          []int32
	commons            commons

	users float64 // users of the commons (mechanism 1)

	queue     []submission // submissions waiting for review from earlier ticks, oldest first (mechanism 5)
	reviewing reviewState  // this tick's reviewer hours and bars

	dissatisfiedFor int // ticks the core has been dissatisfied (mechanism 12)

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
	workers     radix.Buckets // this tick's workers grouped by module (ties)
	tieGroup    int           // modules per job of tie formation
	tieStreams  []rng.Stream  // one per job of tie formation, reseeded per module
	top         radix.Top     // the core (roles)
	roleCounts  []roleCount
	coreReviews bool // the core reviews (not flat, or no experienced peer)

	obs observer

	series *Series
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
	budget      budgetParams
	commitment  commitmentParams
	familiarity familiarityParams
	burnout     burnoutParams
	fairness    fairnessParams
	owner       ownerParams
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
		roles:       newRolesParams(sc),
		fork:        newForkParams(sc),
		budget:      newBudgetParams(sc),
		commitment:  newCommitmentParams(sc),
		familiarity: newFamiliarityParams(sc),
		burnout:     newBurnoutParams(sc),
		fairness:    newFairnessParams(sc),
		owner:       newOwnerParams(sc),
	}
}

// tickState is what the phases of a tick hand on to later phases of the
// same tick.
type tickState struct {
	teamSize float64 // active non-managers per manager (hierarchical), for coordination

	// The work phase's time budget (mechanism 13) and review hours
	// (mechanism 5), read again by the update.
	basicIncome float64 // paid this tick to every active contributor
	reviewShare float64 // a reviewer's share of hours given to review this tick
	ownerPays   float64 // share of its employees' wages the owner paid at the last settlement (mechanism 18)
	reviewUsed  float64 // share of reviewer hours the queue used this tick

	// Economy (mechanism 7), read by the contributor update.
	paying        bool    // sponsors still pay wages
	keptShare     float64 // share of revenue the platform keeps: the felt capture
	totalRecent   float64 // sum over active contributors of recent contribution
	totalReturned float64 // revenue returned to contributors
	pot, weight   float64 // revenue to return and the sum of the rule's weights

	overload float64 // reviewers' overload in [0,1] (mechanism 5), felt as burnout
}

// New builds the model for one run at tick 0 (docs/MODEL.md §3.1):
// modules with their difficulties, the founders, their roles, and the
// random streams derived from seed. threads is how many goroutines run the
// parallel phases; it changes speed, never the result.
func New(sc *scenarios.Scenario, seed uint64, threads int) *Model {
	m := &Model{sc: sc, seed: seed, pool: parallel.New(threads), params: newParams(sc)}
	m.now.ownerPays = 1
	m.seq = rng.NewStream()
	m.bindJobs()

	nm := sc.Modules.Count
	m.reviewing.conflictBar = make([]float64, nm)
	m.seq.Reseed(seed, streamInit, 0, 0)
	m.initModules(nm)

	m.pop.MaxTies = sc.Ties.Max
	m.pop.MaxFamiliar = sc.Familiarity.Max
	capacity := sc.Population.Capacity
	if capacity == 0 {
		capacity = sc.Population.Initial
	}
	m.pop.Grow(capacity)
	m.users = m.params.arrival.InitialUsers
	for range sc.Population.Initial {
		c := m.draw(m.seq.Rand)
		c.Founder = true
		m.pop.Add(c, m.params.arrival.engagement, 0)
	}
	m.recomputeRoles()
	if m.params.ties.enabled {
		m.tieGroup = max(1, nm/256)
		m.tieStreams = rng.NewStreams(parallel.Chunks(nm, m.tieGroup))
	}
	m.series = newSeries(sc)
	return m
}

// Close stops the model's goroutines. A model must be closed when a run is
// done with it.
func (m *Model) Close() { m.pool.Close() }

// Tick is the number of ticks run so far.
func (m *Model) Tick() int { return int(m.tick) }

// Scenario returns the scenario the model runs.
func (m *Model) Scenario() *scenarios.Scenario { return m.sc }

// Value is the commons' total value, the sum over modules.
func (m *Model) Value() float64 {
	var v float64
	for _, x := range m.value {
		v += x
	}
	return v
}

// EstimateBytes bounds the memory one run of sc needs, before it allocates:
// the contributors who can ever join (founders, or capacity, plus arrivals
// at the largest possible user base every tick) times the bytes each takes
// with growth slack, plus the time series and modules.
func EstimateBytes(sc *scenarios.Scenario) uint64 {
	n := float64(sc.Population.Initial)
	if sc.Arrival.Enabled {
		n += float64(sc.Run.Ticks) * sc.Arrival.ConversionRate * math.Max(sc.Arrival.PotentialUsers, sc.Arrival.InitialUsers)
	}
	n = math.Max(n, float64(sc.Population.Capacity))
	// Per contributor: its state, the metric sort buffer, the end-of-run
	// copies (contribution, durations, counts) and the snapshot of work 52
	// ticks before the end; x1.5 for slice growth.
	per := float64(agents.BytesPerContributor(sc.Ties.Max, sc.Familiarity.Max)+8+8+8+8+1+8) * 1.5
	series := float64(sc.Run.Ticks/sc.Run.RecordEvery+1) * float64(len(tickMetrics)+1) * 8
	modules := float64(sc.Modules.Count) * 160
	return uint64(n*per + series + modules)
}

// MemoryBytes is the memory held by the model's contributors, modules and
// buffers (slice capacities), for the B/agent benchmark figure.
func (m *Model) MemoryBytes() int {
	p := &m.pop
	n := cap(p.Flags)
	b := n * (agents.BytesPerContributor(p.MaxTies, p.MaxFamiliar))
	b += cap(m.queue) * 20
	for _, s := range m.shards {
		b += s.tasks.bytes() + cap(s.left)*4
	}
	b += len(m.value)*8*10 + m.authors.bytes()
	// The metrics' sort buffers, the workers' buckets, and the per-chunk
	// counts and sums of the parallel sort, bus factor and roles.
	b += m.obs.bytes() + m.workers.Bytes() + m.top.Bytes()
	return b
}
