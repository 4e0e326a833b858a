package sim

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"commonsim/agents"
	"commonsim/internal/fastmath"
	"commonsim/internal/parallel"
	"commonsim/internal/radix"
	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// ShardSize is the number of contributors in one shard of the parallel
// phases. It is fixed, not derived from the thread count, so each shard's
// random stream, and hence the run's output, is the same for any --threads.
const ShardSize = 4096

// Model is the state of one run of the reference model: the contributors,
// the modules of the commons, the review queue and the institutions. It is
// advanced by Step and knows nothing of files or plots.
type Model struct {
	sc   *scenarios.Scenario
	seed uint64
	tick int32

	pop agents.Population

	// Modules (mechanism 6).
	value, debt, trace []float64
	weights            []float64
	moduleSubs         []int32 // submissions to each module this tick
	commons            agents.Commons
	debtOrder          []int32

	users float64 // users of the commons (mechanism 1)

	queue []agents.Submission // submissions waiting for review from earlier ticks, oldest first (mechanism 5)

	// Review state of the current tick.
	conflictBar           []float64 // conflict term per module
	costBase, costPerHour float64
	capacity, newcomerBar float64

	pot, potWeight float64 // revenue to return this tick and the sum of weights
	rule           redistributionRule

	work agents.WorkParams
	upd  agents.UpdateParams

	shards []shard
	pool   *parallel.Pool
	jobs   jobs
	params params

	seq rng.Stream // stream of the sequential phases, reseeded per phase and tick

	// Scratch reused every tick.
	workers         radix.Buckets // this tick's workers grouped by module
	tieGroup        int           // modules per job of tie formation
	tieStreams      []rng.Stream  // one per job of tie formation, reseeded per module
	sortBuf         []float64
	sortBuf2        []float64
	sorter          radix.Sorter
	positives       radix.PositivesCopier
	bus             radix.BusCounter
	top             radix.Top
	roleCounts      []roleCount
	coreReviews     bool // the core reviews (not flat, or no experienced peer)
	hazard          []float64
	dissatisfiedFor int

	obs        observation
	counters   tickCounters
	totals     runTotals
	inequality inequalityCache

	series *Series

	// Benchmarks time the metrics phase separately (never in a normal run).
	timeMetrics  bool
	metricsNanos int64
}

// shard is a fixed range of contributors with its own random stream and
// output buffers.
type shard struct {
	lo, hi int
	st     rng.Stream
	subs   []agents.Submission
	totals agents.WorkTotals
	left   []int32

	// Review: indices of this tick's submissions that wait for reviewer
	// hours, and the outcomes of the others.
	waiting  []int32
	reviewed reviewCounts

	// Partial sums of the economy and observation phases, added up in
	// shard order.
	weight, recent, basicIncome, wages float64
	obs                                observation
	core, unhappy                      int
}

// tickCounters are this tick's events, reset at the start of each tick.
type tickCounters struct {
	arrivals, turnedAway, exits, forkExits     int
	submissions, accepted, rejected, abandoned int
	newcomerReviewed, newcomerAccepted         int
	workers, assigned                          int
	hours, reviewCapacity, reviewDemand        float64
	revenue, captured, returned, platformKept  float64
	wages, basicIncome                         float64
	fork                                       bool
}

// runTotals accumulate over the run.
type runTotals struct {
	arrivals, turnedAway, exits, forks int
	revenue, captured, returned        float64
	submissions, accepted              int
}

// New builds the model for one run at tick 0: modules, founders and the
// random streams derived from seed. threads is how many goroutines run the
// sharded phases; it changes speed, never the result.
func New(sc *scenarios.Scenario, seed uint64, threads int) *Model {
	m := &Model{sc: sc, seed: seed, pool: parallel.New(threads)}
	m.seq = rng.NewStream()
	m.bindJobs()
	m.params = newParams(sc)
	m.resolveParams()

	nm := sc.Modules.Count
	m.value = make([]float64, nm)
	m.debt = make([]float64, nm)
	m.trace = make([]float64, nm)
	m.weights = make([]float64, nm)
	m.moduleSubs = make([]int32, nm)
	m.conflictBar = make([]float64, nm)
	m.commons.Difficulty = make([]float32, nm)
	m.debtOrder = make([]int32, nm)
	if sc.Ties.Enabled {
		m.tieGroup = max(1, nm/256)
		m.tieStreams = make([]rng.Stream, parallel.Chunks(nm, m.tieGroup))
		for g := range m.tieStreams {
			m.tieStreams[g] = rng.NewStream()
		}
	}
	m.seq.Reseed(seed, streamInit, 0, 0)
	for i := range nm {
		m.value[i] = sc.Modules.InitialValue
		// Module difficulty is uniform in (0.05, 0.95): some parts suit
		// newcomers, some only experts.
		m.commons.Difficulty[i] = float32(0.05 + 0.9*m.seq.Rand.Float64())
		m.debtOrder[i] = int32(i)
	}
	m.commons.TopDebt = m.debtOrder[:max(1, nm/4)]
	m.rebuildChoice()

	m.pop.MaxTies = sc.Ties.Max
	capacity := sc.Population.Capacity
	if capacity == 0 {
		capacity = sc.Population.Initial
	}
	m.pop.Grow(capacity)
	m.users = sc.Arrival.InitialUsers
	for range sc.Population.Initial {
		c := m.draw(m.seq.Rand)
		c.Founder = true
		m.pop.Add(c, float32(sc.Motivation.InitialEngagement), 0)
	}
	m.recomputeRoles()
	m.series = newSeries(sc)
	return m
}

// resolveParams turns the scenario into the flat parameter structs the
// phases read, once per run.
func (m *Model) resolveParams() {
	sc := m.sc
	t := sc.Tasks
	m.rule = parseRule(sc.Economy.Redistribution)
	m.work = agents.WorkParams{
		Activation:        sc.Activation.Enabled,
		ActivationScale:   sc.Activation.Scale,
		Ties:              sc.Ties.Enabled,
		ActivityBoost:     sc.Ties.ActivityBoost,
		Fade:              int32(sc.Ties.FadeTicks),
		SelfSelection:     t.SelfSelection,
		AssignedShare:     t.AssignedShare,
		Candidates:        1 + int(math.Round(t.Holoptism*7)),
		Granularity:       t.Granularity,
		TaskMu:            math.Log(t.TaskSizeMean) - t.TaskSizeSigma*t.TaskSizeSigma/2,
		TaskSigma:         t.TaskSizeSigma,
		Shortfall:         fastmath.NewPower(t.ShortfallPower),
		MaxTasks:          t.MaxTasks,
		FitWeight:         t.FitWeight,
		QualityNoise:      sc.Review.QualityNoise,
		ReviewShare:       sc.Review.ReviewShare,
		CoordinationHours: sc.Roles.CoordinationHours,
	}
	if sc.Ties.Enabled {
		m.work.TieAttraction = t.TieAttraction
	}
	if !sc.Review.Enabled {
		m.work.ReviewShare = 0
	}
	if sc.Economy.Enabled {
		m.work.ExtraHours = sc.Economy.BasicIncomeHours * math.Min(1, sc.Economy.BasicIncome/sc.Economy.ReferenceWage)
	}
	mo := sc.Motivation
	m.upd = agents.UpdateParams{
		LearningRate:     mo.LearningRate,
		ReputationDecay:  sc.Roles.ReputationDecay,
		RecentDecay:      1.0 / 26, // recent work is weighted over about half a year
		Motivation:       mo.Enabled,
		Adaptation:       mo.Adaptation,
		Enjoyment:        mo.Enjoyment,
		AutonomyLoss:     mo.AutonomyLoss,
		Learning:         mo.Learning,
		Recognition:      mo.Recognition,
		RecognitionScale: t.TaskSizeMean * sc.Modules.ValuePerHour,
		Visibility:       0.5 + 0.5*t.Holoptism,
		Income:           mo.Income,
		EffortCost:       mo.EffortCost,
		Unfairness:       mo.Unfairness,
		Burnout:          mo.Burnout,
		ReferenceWage:    sc.Economy.ReferenceWage,
		RejectionPenalty: mo.RejectionPenalty,
		NewcomerFactor:   mo.NewcomerRejectionFactor,
		AbandonPenalty:   mo.AbandonPenalty,
		NewcomerTasks:    int32(sc.Review.NewcomerTasks),
		CrowdingOut:      mo.CrowdingOut,
		CrowdingFloor:    mo.CrowdingFloor,
		Exit:             sc.Exit.Enabled,
		Threshold:        sc.Exit.Threshold,
		TieProtection:    sc.Exit.TieProtection,
		Ties:             sc.Ties.Enabled,
		Fade:             int32(sc.Ties.FadeTicks),
	}
	if sc.Economy.Enabled {
		m.upd.CaptureRate = sc.Economy.CaptureRate * (1 - sc.Economy.Reinvest)
	}
	// The hazard that falls with accepted work (Wilkinson 2008), tabulated.
	ex := sc.Exit
	hazard := func(acc int32) float64 {
		return ex.BaseHazard * math.Pow(1+float64(acc)/ex.ExperienceScale, -ex.ExperiencePower)
	}
	m.hazard = make([]float64, 4096)
	for k := range m.hazard {
		m.hazard[k] = hazard(int32(k))
	}
	m.upd.Hazard = m.hazard
	m.upd.HazardTail = hazard
}

// draw returns a newcomer's traits: a segment by the shares, motivation
// weights Beta distributed around the segment's means, lognormal hours and
// Beta distributed skill.
func (m *Model) draw(rng *rand.Rand) agents.Newcomer {
	seg := m.sc.Segments
	u := rng.Float64()
	var s scenarios.Segment
	var id agents.Segment
	switch {
	case u < seg.Volunteer.Share:
		s, id = seg.Volunteer, agents.Volunteer
	case u < seg.Volunteer.Share+seg.Student.Share:
		s, id = seg.Student, agents.Student
	default:
		s, id = seg.Employee, agents.Employee
	}
	src := rng // *rand.Rand is a rand.Source (it has Uint64)
	return agents.Newcomer{
		Segment:   id,
		Intrinsic: float32(beta(s.Intrinsic, src)),
		Social:    float32(beta(s.Social, src)),
		Extrinsic: float32(beta(s.Extrinsic, src)),
		Hours:     float32(math.Min(168, s.HoursMedian*math.Exp(s.HoursSigma*rng.NormFloat64()))),
		Skill:     float32(min(0.99, max(0.01, beta(s.Skill, src)))),
		Paid:      rng.Float64() < s.PaidShare,
	}
}

// betaConcentration is alpha+beta of the Beta distributions of traits:
// 10 gives a standard deviation of about 0.15 around a mean of 0.5.
const betaConcentration = 10

func beta(mean float64, src rand.Source) float64 {
	if mean <= 0 {
		return 0
	}
	if mean >= 1 {
		return 1
	}
	return distuv.Beta{Alpha: mean * betaConcentration, Beta: (1 - mean) * betaConcentration, Src: src}.Rand()
}

// rebuildChoice rebuilds the stigmergic choice table from the traces and the
// list of the most indebted modules (for assignment).
func (m *Model) rebuildChoice() {
	var sum float64
	for _, t := range m.trace {
		sum += t
	}
	mean := sum / float64(len(m.trace))
	for i, t := range m.trace {
		w := 1.0
		if mean > 0 && m.sc.Tasks.Stigmergy > 0 {
			w += m.sc.Tasks.Stigmergy * t / mean
		}
		m.weights[i] = w
	}
	m.commons.Choice.Build(m.weights)
	debt := m.debt
	slices.SortStableFunc(m.debtOrder, func(a, b int32) int {
		switch {
		case debt[a] > debt[b]:
			return -1
		case debt[a] < debt[b]:
			return 1
		}
		return int(a - b)
	})
}

// ensureShards makes one shard per ShardSize contributors, each with its own
// random source, reusing the ones it has.
func (m *Model) ensureShards() {
	n := m.pop.Len()
	need := (n + ShardSize - 1) / ShardSize
	for len(m.shards) < need {
		m.shards = append(m.shards, shard{st: rng.NewStream()})
	}
	for i := range need {
		m.shards[i].lo = i * ShardSize
		m.shards[i].hi = min(n, (i+1)*ShardSize)
	}
	m.shards = m.shards[:need]
	// A population of one shard runs every phase in order on the calling
	// goroutine: its jobs (the modules of tie formation, say) are too small
	// to pay for handing them out (with 2 threads they cost 10^3
	// contributors 12%).
	m.pool.SetInline(need == 1)
}

// params are the mechanisms' parameters, derived once from the scenario.
type params struct {
	roles rolesParams
}

func newParams(sc *scenarios.Scenario) params {
	return params{roles: newRolesParams(sc)}
}

// jobs are the model's parallel jobs, bound once in New: handing a bound
// method to the pool allocates nothing, where a method value made at each
// call would allocate every tick.
type jobs struct {
	work, refreshTies, formTies, review      func(int)
	economyWeights, economyPay, update       func(int)
	forkScan, observe, resetRoles, placeCore func(int)
}

func (m *Model) bindJobs() {
	m.jobs = jobs{
		work: m.workShard, refreshTies: m.refreshTiesShard, formTies: m.formTiesGroup, review: m.reviewShard,
		economyWeights: m.economyWeightsShard, economyPay: m.economyPayShard, update: m.updateShard,
		forkScan: m.forkScanShard, observe: m.observeShard, resetRoles: m.resetRoles, placeCore: m.placeCore,
	}
}

// Close stops the model's goroutines. A model must be closed when a run is
// done with it.
func (m *Model) Close() { m.pool.Close() }

// forShards runs job for every shard, in parallel when threads > 1.
// Shards write only their own contributors and buffers.
func (m *Model) forShards(job func(int)) { m.pool.Run(len(m.shards), job) }

// forJobs runs jobs 0..n-1, in parallel when threads > 1. Jobs write
// disjoint state, so their order does not matter.
func (m *Model) forJobs(job func(int), n int) { m.pool.Run(n, job) }

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
	// Per contributor: its state, the metric sort buffer and the end-of-run
	// copies (contribution, durations, counts); x1.5 for slice growth.
	per := float64(agents.BytesPerContributor(sc.Ties.Max)+8+8+8+8+1) * 1.5
	series := float64(sc.Run.Ticks/sc.Run.RecordEvery+1) * float64(len(tickMetrics)+1) * 8
	modules := float64(sc.Modules.Count) * 80
	return uint64(n*per + series + modules)
}

// MemoryBytes is the memory held by the model's contributors, modules and
// buffers (slice capacities), for the B/agent benchmark figure.
func (m *Model) MemoryBytes() int {
	p := &m.pop
	n := cap(p.Flags)
	b := n * (agents.BytesPerContributor(p.MaxTies))
	b += cap(m.sortBuf)*8 + cap(m.sortBuf2)*8 + m.workers.Bytes()
	b += cap(m.queue) * 20
	for _, s := range m.shards {
		b += cap(s.subs)*20 + cap(s.left)*4 + cap(s.waiting)*4
	}
	b += len(m.value) * 8 * 5
	// The parallel sort's, bus factor's and roles' per-chunk counts and sums.
	b += m.sorter.Bytes() + m.bus.Bytes() + m.top.Bytes()
	return b
}
