package sim

import (
	"math"

	"commonsim/agents"
	"commonsim/scenarios"
)

// Mechanism 12, forking (docs/MODEL.md §3.3.12): the right to fork is the
// check on a commons' leaders (seeds 002, 004). When a large enough share
// of a commons' core has been dissatisfied for long enough, a fork may
// happen: the dissatisfied core, and some of those tied to it, found a
// rival commons with a copy of the value (as the licence allows) and
// institutions of their own (by default flat, nothing captured). Its
// cause is recorded. A fork that lost may merge back into its parent
// (merge_back). With found = false the dissatisfied only leave the run,
// as in version 2.

// forkParams are mechanism 12's parameters.
type forkParams struct {
	scenarios.Fork
	inst institutions // of the commons a fork founds

	// What the causes are measured with (docs/MODEL.md §3.3.12).
	fairness   float64 // fairness.weight, 0 when felt unfairness is off
	autonomy   float64 // enjoyment · autonomy_loss · assigned_share
	rejection  float64 // rejection_penalty / adaptation (0 with motivation off)
	burnout    float64 // burnout.utility, 0 when burnout is off
	maxCommons int
}

func newForkParams(sc *scenarios.Scenario) forkParams {
	f := forkParams{Fork: sc.Fork, inst: otherInstitutions(sc, sc.Fork.Institutions), maxCommons: sc.Ecosystem.MaxCommons}
	if sc.Fairness.Enabled {
		f.fairness = sc.Fairness.Weight
	}
	mo := sc.Motivation
	f.autonomy = mo.Enjoyment * mo.AutonomyLoss * sc.Tasks.AssignedShare
	if mo.Enabled && mo.Adaptation > 0 {
		f.rejection = mo.RejectionPenalty / mo.Adaptation
	}
	if sc.Burnout.Enabled {
		f.burnout = sc.Burnout.Utility
	}
	return f
}

// forkCause is what a fork's founders resented most.
type forkCause uint8

// The causes of a fork, in the order of forkCauseNames.
const (
	causeOther forkCause = iota
	causeCapture
	causeHierarchy
	causeRejection
	causeBurnout
	numCauses
)

// forkCauseNames name the causes in forks.csv.
var forkCauseNames = [numCauses]string{"other", "capture", "hierarchy", "rejection", "burnout"}

func (c forkCause) String() string { return forkCauseNames[c] }

// fork is step 8: in each open commons, the core members (maintainers or
// managers) whose utility is below utility_below are counted; when they
// have been at least threshold of the core for patience ticks in a row, a
// fork happens with probability probability, if a commons can still be
// founded (found) and at least one core member is dissatisfied. Then
// forks that lost may merge back (merge_back).
func (m *Model) fork() {
	f := &m.params.fork
	if !f.Enabled {
		return
	}
	m.forShards(m.jobs.forkScan)
	for k, n := 0, len(m.cs); k < n; k++ {
		c := &m.cs[k]
		if c.closed {
			continue
		}
		core, unhappy := 0, 0
		for i := range m.shards {
			core += m.shards[i].perCommons[k].core
			unhappy += m.shards[i].perCommons[k].unhappy
		}
		c.unhappyNow = core > 0 && unhappy > 0 && float64(unhappy) >= f.Threshold*float64(core)
		if !c.unhappyNow {
			c.dissatisfiedFor = 0
			continue
		}
		c.dissatisfiedFor++
		if c.dissatisfiedFor < f.Patience || f.Found && len(m.cs) >= f.maxCommons {
			continue
		}
		m.seq.Reseed(m.seed, streamFork, m.tick, k)
		if m.seq.Rand.Float64() >= f.Probability {
			continue
		}
		m.counters.forks++
		c.dissatisfiedFor = 0
		if f.Found {
			m.found(c)
		} else {
			m.leaveTogether(c)
		}
	}
	if f.MergeBack {
		m.mergeBack()
	}
}

// leaveTogether is version 2's fork (found = false): every active
// contributor of commons c below utility_below leaves the run with
// probability leave_share, drawn in id order.
func (m *Model) leaveTogether(c *commonsState) {
	f := &m.params.fork
	p := &m.pop
	for i := range p.Flags {
		if p.Flags[i]&agents.Active != 0 && int(p.Commons[i]) == c.id && float64(p.Utility[i]) < f.UtilityBelow && m.seq.Rand.Float64() < f.LeaveShare {
			p.Leave(i, m.tick)
			m.counters.forkExits++
			c.counters.exits++
		}
	}
	if m.counters.forkExits > 0 {
		m.recomputeRoles()
	}
}

// found founds a rival of commons c (docs/MODEL.md §3.3.12): the founders
// are c's dissatisfied core; each other active member of c with a live tie
// to a founder follows with probability follow_share (drawn in id order),
// the owner's employees aside. The new commons copies c's modules as the
// licence allows and has the [fork] institutions; the founding group moves
// to it, and roles are recomputed in both.
func (m *Model) found(c *commonsState) {
	f := &m.params.fork
	p := &m.pop
	n := p.Len()
	if cap(m.founding) < n {
		m.founding = make([]uint8, n)
	}
	founding := m.founding[:n]
	clear(founding)
	rec := forkRecord{tick: m.tick, parent: c.id}
	below := float32(f.UtilityBelow)
	var grievance [numCauses]float64
	for i := range n {
		if p.Flags[i]&agents.Active == 0 || int(p.Commons[i]) != c.id || p.Role[i] == agents.Peripheral {
			continue
		}
		rec.core = append(rec.core, int32(i))
		if p.Utility[i] < below {
			founding[i] = founder
			rec.founders++
			m.grievances(i, c, &grievance)
		}
	}
	rec.cause = causeOther
	for k := causeCapture; k < numCauses; k++ {
		if grievance[k] > grievance[rec.cause] {
			rec.cause = k
		}
	}
	// Followers: tied to a founder, not the owner's employees.
	fade := m.params.ties.fade
	now := uint16(m.tick)
	for i := range n {
		fl := p.Flags[i]
		if fl&agents.Active == 0 || int(p.Commons[i]) != c.id || founding[i] != 0 || fl&agents.Owned != 0 {
			continue
		}
		tied := false
		base := i * p.MaxTies
		for t, j := range p.TiePartner[base : base+p.MaxTies] {
			if j >= 0 && founding[j] == founder && now-p.TieUsed[base+t] <= uint16(fade) {
				tied = true
				break
			}
		}
		if tied && m.seq.Rand.Float64() < f.FollowShare {
			founding[i] = follower // follows a founder, not another follower
			rec.followers++
		}
	}
	parent := c.id
	child := m.addCommons(f.inst, parent, m.tick, c)
	c = &m.cs[parent]
	rec.child = child.id
	for i := range n {
		if founding[i] != 0 {
			m.moveTo(i, child)
		}
	}
	m.withdraw(c)
	rec.unmeasured()
	m.forks = append(m.forks, rec)
	m.recomputeRoles()
}

// Who moves in a fork's founding group (Model.founding).
const (
	founder  uint8 = 1
	follower uint8 = 2
)

// grievances adds dissatisfied core member i's grievances, in utility per
// tick, to g (docs/MODEL.md §3.3.12): its felt unfairness (capture), the
// enjoyment it loses to assignment (hierarchy), its rejections per tick of
// its tenure over adaptation (rejection), and its strain (burnout).
func (m *Model) grievances(i int, c *commonsState, g *[numCauses]float64) {
	f := &m.params.fork
	p := &m.pop
	now := &c.now
	if f.fairness > 0 {
		gave, got := 0.0, 0.0
		if now.totalRecent > 0 {
			gave = float64(p.Recent[i]) / now.totalRecent
		}
		if now.totalReturned > 0 {
			got = float64(p.ReturnedTick[i]) / now.totalReturned
		}
		g[causeCapture] += f.fairness * feltUnfairness(now.keptShare, p.Flags[i]&agents.Owned != 0, gave, got, now.totalReturned > 0)
	}
	g[causeHierarchy] += f.autonomy * float64(p.Intrinsic[i])
	tenure := float64(m.tick-p.Joined[i]) + 1
	g[causeRejection] += f.rejection * float64(p.Rejected[i]) / tenure
	g[causeBurnout] += f.burnout * p.Strain[i].Float()
}

// mergeBack merges back every open fork that has had at most merge_share
// of its open parent's active contributors for patience ticks in a row
// while the parent's core was content (docs/MODEL.md §3.3.12).
func (m *Model) mergeBack() {
	f := &m.params.fork
	for k := range m.cs {
		d := &m.cs[k]
		if d.closed || d.parent < 0 || m.cs[d.parent].closed {
			continue
		}
		p := &m.cs[d.parent]
		if p.unhappyNow || float64(d.last.active) > f.MergeShare*float64(p.last.active) {
			d.smallFor = 0
			continue
		}
		d.smallFor++
		if d.smallFor >= f.Patience {
			m.merge(d, p)
		}
	}
}

// merge closes fork d into its parent p: d's active members move to p,
// its users join p's, each of p's modules takes whichever version, p's or
// d's, has the larger usable value, and d is closed.
func (m *Model) merge(d, p *commonsState) {
	pop := &m.pop
	for i := range pop.Flags {
		if pop.Flags[i]&agents.Active != 0 && int(pop.Commons[i]) == d.id {
			m.moveTo(i, p)
		}
	}
	p.users += d.users
	d.users = 0
	plo, _ := m.modules(p)
	dlo, dhi := m.modules(d)
	for k := range dhi - dlo {
		i, j := plo+k, dlo+k
		if m.usable[j] > m.usable[i] {
			m.value[i], m.debt[i] = m.value[j], m.debt[j]
		}
	}
	m.updateUsable(p)
	m.rebuildChoice(p)
	d.closed, d.mergedAt = true, m.tick
	d.queue = d.queue[:0]
	m.withdraw(p)
	m.recomputeRoles()
}

// forkScanShard counts shard k's active core members and the dissatisfied
// among them, per commons.
func (m *Model) forkScanShard(k int) {
	p := &m.pop
	s := &m.shards[k]
	for c := range m.cs {
		s.perCommons[c].core, s.perCommons[c].unhappy = 0, 0
	}
	below := float32(m.params.fork.UtilityBelow)
	for i := s.lo; i < s.hi; i++ {
		if p.Flags[i]&agents.Active == 0 || p.Role[i] == agents.Peripheral {
			continue
		}
		sc := &s.perCommons[p.Commons[i]]
		sc.core++
		if p.Utility[i] < below {
			sc.unhappy++
		}
	}
}

// nan is a missing value in the fork records.
var nan = math.NaN()
