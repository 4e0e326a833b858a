package sim

import (
	"commonsim/agents"
	"commonsim/internal/radix"
	"commonsim/scenarios"
)

// This file is the state of one commons of a run (docs/MODEL.md §1.2):
// a run holds one or several (mechanism 19), each with its own modules,
// users, review queue, roles, institutions and economy. The modules of
// all commons form one index (commons c owns [c.base, c.base +
// modules.count)), so that everything kept per module is as in a run of
// one commons; every contributor holds the number of its commons
// (agents.Population.Commons).

// commonsState is one commons of the run.
type commonsState struct {
	id      int
	parent  int   // the commons it forked from, -1 for one the run started with
	lineage int   // the commons the run started with that it descends from
	founded int32 // tick of founding (0 for those the run started with)
	base    int32 // its first module in the run's module index
	inst    institutions

	view      commons // last tick's modules as the work phase reads them
	needOrder []int32 // its modules (run's numbers) by need, largest first

	users     float64      // its user base (mechanism 1)
	queue     []submission // submissions waiting for review, oldest first (mechanism 5)
	keep      []submission // this tick's queue as review builds it
	reviewing reviewState  // this tick's reviewer hours

	// Roles (mechanism 11): the top-k of the core, and whether the core
	// reviews (not flat, or no experienced peer).
	top         radix.Top
	coreReviews bool

	now commonsNow // what this tick's phases hand on, per commons

	// Mechanism 19: activity (accepted submissions, decaying over about
	// 26 ticks), the last tick it accepted work, its attractiveness, and
	// the sums of the last update over its active contributors (for
	// attractiveness and migration).
	activity     float64
	lastAccepted int32
	share        float64
	last         commonsSums

	// Mechanism 12: ticks its core has been dissatisfied; ticks a fork has
	// been small beside its content parent (merging back); closed once
	// merged back.
	dissatisfiedFor int
	unhappyNow      bool // its core is dissatisfied this tick
	smallFor        int
	closed          bool
	mergedAt        int32

	// Mechanism 18: the last open state, every module's value and debt
	// at the relicensing tick (nil until relicensed).
	openValue, openDebt []float64
	relicensedAt        int32

	counters commonsCounters // this tick's events
}

// commonsNow is what one phase of this tick leaves, per commons, for the
// next.
type commonsNow struct {
	teamSize    float64 // active non-managers per manager (hierarchical)
	reviewShare float64 // a reviewer's share of hours given to review this tick
	ownerPays   float64 // share of its employees' wages the owner paid at the last settlement (mechanism 18)
	reviewUsed  float64 // share of reviewer hours the queue used this tick
	overload    float64 // reviewers' overload in [0,1] (mechanism 5)

	keptShare     float64 // share of revenue the platform keeps: the felt capture
	totalRecent   float64 // sum over active contributors of recent contribution
	totalReturned float64 // revenue returned to contributors
	pot, weight   float64 // revenue to return and the sum of the rule's weights
}

// commonsSums are sums over a commons' active contributors in the update
// phase: how many, their utilities and their live ties.
type commonsSums struct {
	active  int
	utility float64
	ties    float64
}

func (s *commonsSums) add(o *commonsSums) {
	s.active += o.active
	s.utility += o.utility
	s.ties += o.ties
}

// meanUtility is the mean last utility of the commons' active
// contributors, 0 with none.
func (s *commonsSums) meanUtility() float64 {
	if s.active == 0 {
		return 0
	}
	return s.utility / float64(s.active)
}

// commonsCounters are one commons' events of a tick, for its row of the
// per-commons series and its activity.
type commonsCounters struct {
	arrivals, exits, migrantsIn, migrantsOut int
	accepted                                 int
	demand, freshDemand                      float64 // review demand: queue and this tick's, this tick's alone
	capacity                                 float64 // reviewer hours
	revenue                                  float64
}

// institutions are what differs between the commons of a run
// (scenarios.Institutions): governance, capture and redistribution, the
// platform's side of the bargain, the owner's share of the core, and,
// for commons 0 only, the owner's relicensing and a firm's employment.
type institutions struct {
	roles       rolesParams
	capture     float64 // share of revenue a platform captures
	reinvest    float64
	rule        redistributionRule
	reach       float64
	review      reviewCost // with its infrastructure
	coreShare   float64    // share of the core an owner employs
	relicense   int32      // tick its owner relicenses (0: never)
	captureNext float64    // capture from the relicensing tick on
	firm        bool       // its owner sponsors every paid member (owner.sponsors)
}

// ownInstitutions are the institutions of commons 0: the scenario's own.
func ownInstitutions(sc *scenarios.Scenario) institutions {
	return institutions{
		roles:       newRolesParams(sc, sc.Roles.Governance),
		capture:     sc.Economy.CaptureRate,
		reinvest:    sc.Economy.Reinvest,
		rule:        parseRule(sc.Economy.Redistribution),
		reach:       sc.Economy.Reach,
		review:      newReviewCost(sc, sc.Economy.Infrastructure),
		coreShare:   sc.Owner.CoreShare,
		relicense:   int32(sc.Owner.RelicenseTick),
		captureNext: sc.Owner.CaptureAfter,
		firm:        sc.Owner.Sponsors,
	}
}

// otherInstitutions are those of a rival or a fork, from the [rival] or
// [fork] table: no relicensing, no firm.
func otherInstitutions(sc *scenarios.Scenario, in scenarios.Institutions) institutions {
	return institutions{
		roles:     newRolesParams(sc, in.Governance),
		capture:   in.CaptureRate,
		reinvest:  in.Reinvest,
		rule:      parseRule(in.Redistribution),
		reach:     in.Reach,
		review:    newReviewCost(sc, in.Infrastructure),
		coreShare: in.OwnerCoreShare,
	}
}

// moduleCount is the number of modules of every commons.
func (m *Model) moduleCount() int { return m.sc.Modules.Count }

// commonsOf is contributor i's commons.
func (m *Model) commonsOf(i int) *commonsState { return &m.cs[m.pop.Commons[i]] }

// modules returns commons c's range of the run's module index.
func (m *Model) modules(c *commonsState) (lo, hi int) {
	return int(c.base), int(c.base) + m.moduleCount()
}

// addCommons makes a new commons with the given institutions, parent and
// founding tick, appends its modules to the run's module index (a copy of
// copyFrom's, or new ones drawn from the sequential stream when copyFrom
// is nil) and returns it. Commons are numbered in the order they are
// made; the returned pointer is valid until the next commons is made.
func (m *Model) addCommons(inst institutions, parent int, founded int32, copyFrom *commonsState) *commonsState {
	id := len(m.cs)
	nm := m.moduleCount()
	base := int32(len(m.value))
	m.growModules(nm)
	m.cs = append(m.cs, commonsState{id: id, parent: parent, lineage: id, founded: founded, base: base, inst: inst, lastAccepted: founded})
	c := &m.cs[id]
	c.now.ownerPays = 1
	m.now.hierarchy = m.now.hierarchy || inst.roles.governance == hierarchical
	for k := range nm {
		m.moduleCommons[int(base)+k] = uint8(id)
	}
	if copyFrom == nil {
		m.initModules(c)
	} else {
		c.lineage = copyFrom.lineage
		m.copyModules(c, copyFrom)
	}
	for i := range m.shards {
		m.shards[i].growCommons(len(m.cs))
	}
	return c
}

// growModules appends n modules to every per-module slice of the run.
// The work phase's views are re-sliced, since the slices may move.
func (m *Model) growModules(n int) {
	grow := func(s []float64) []float64 { return append(s, make([]float64, n)...) }
	m.value, m.debt, m.trace = grow(m.value), grow(m.debt), grow(m.trace)
	m.usable, m.need, m.weights = grow(m.usable), grow(m.need), grow(m.weights)
	m.conflictBar = grow(m.conflictBar)
	m.moduleSubs = append(m.moduleSubs, make([]int32, n)...)
	m.difficulty = append(m.difficulty, make([]float32, n)...)
	m.moduleCommons = append(m.moduleCommons, make([]uint8, n)...)
	m.authors.grow(n)
	for i := range m.cs {
		m.cs[i].view.signal = m.weights
		m.cs[i].view.difficulty = m.difficulty
	}
}

// moveTo moves active contributor i from its commons to commons to
// (docs/MODEL.md §3.3.12, §3.3.19): it keeps its ties; within a lineage
// it keeps its reputation and its familiarity list moves to the copies of
// the same modules, otherwise both start again; its recent work is 0; it
// holds no role until roles are recomputed; it leaves an owner's
// employment. Its submissions still waiting in the old commons' queue
// are withdrawn by the caller (withdraw).
func (m *Model) moveTo(i int, to *commonsState) {
	p := &m.pop
	from := m.commonsOf(i)
	f := p.Flags[i] &^ agents.Reviewer
	if f&agents.Owned != 0 {
		f &^= agents.Owned | agents.Paid
	}
	p.Flags[i] = f
	p.Role[i] = agents.Peripheral
	p.Recent[i] = 0
	if from.lineage == to.lineage {
		p.ShiftFamiliar(i, to.base-from.base)
	} else {
		p.Reputation[i] = 0
		p.ClearFamiliar(i)
	}
	p.Commons[i] = uint8(to.id)
	// Its modules this tick and last are of the old commons: a tie who
	// follows it must not be sent there.
	p.Module[i], p.PrevModule[i] = -1, -1
	from.counters.migrantsOut++
	to.counters.migrantsIn++
}

// withdraw removes from commons c's queue the submissions of contributors
// who are no longer its members.
func (m *Model) withdraw(c *commonsState) {
	q := c.queue[:0]
	for _, s := range c.queue {
		if int(m.pop.Commons[s.Author]) == c.id {
			q = append(q, s)
		}
	}
	clear(c.queue[len(q):])
	c.queue = q
}

// discontinued reports whether commons c accepted no work in the last
// after ticks before tick t (counting from its founding if it never did):
// docs/MODEL.md §3.3.19.
func (c *commonsState) discontinued(t int32, after int) bool {
	return int(t-c.lastAccepted) >= after
}

// grow appends n modules without authors to the record (a new commons).
func (a *authorship) grow(n int) {
	more := newAuthorship(n)
	a.deliveries = append(a.deliveries, more.deliveries...)
	a.firstAuthor = append(a.firstAuthor, more.firstAuthor...)
	a.slots = append(a.slots, more.slots...)
}

// copyModule makes module dst's record of its authors a copy of module
// src's: a fork's copy of the code comes with its history.
func (a *authorship) copyModule(dst, src int) {
	a.deliveries[dst] = a.deliveries[src]
	a.firstAuthor[dst] = a.firstAuthor[src]
	copy(a.list(int32(dst)), a.list(int32(src)))
}
