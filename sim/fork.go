package sim

import (
	"commonsim/agents"
	"commonsim/scenarios"
)

// Mechanism 12, forking (docs/MODEL.md §3.3.12): the right to fork is the
// check on a commons' leaders (seeds 002, 004). When a large enough share
// of the core has been dissatisfied for long enough, a fork may happen,
// and a share of all the dissatisfied leave together.

// forkParams are mechanism 12's parameters.
type forkParams struct {
	scenarios.Fork
}

func newForkParams(sc *scenarios.Scenario) forkParams { return forkParams{Fork: sc.Fork} }

// fork is step 7: the core members (maintainers or managers) whose utility
// is below utility_below are counted; when they have been at least
// threshold of the core for patience ticks in a row, a fork happens with
// probability probability: every active contributor below utility_below
// leaves with probability leave_share.
func (m *Model) fork() {
	f := &m.params.fork
	if !f.Enabled {
		return
	}
	p := &m.pop
	m.forShards(m.jobs.forkScan)
	core, unhappy := 0, 0
	for i := range m.shards {
		core += m.shards[i].core
		unhappy += m.shards[i].unhappy
	}
	if core == 0 || float64(unhappy) < f.Threshold*float64(core) {
		m.dissatisfiedFor = 0
		return
	}
	m.dissatisfiedFor++
	if m.dissatisfiedFor < f.Patience {
		return
	}
	m.seq.Reseed(m.seed, streamFork, m.tick, 0)
	if m.seq.Rand.Float64() >= f.Probability {
		return
	}
	m.counters.fork = true
	m.dissatisfiedFor = 0
	for i := range p.Flags {
		if p.Flags[i]&agents.Active != 0 && float64(p.Utility[i]) < f.UtilityBelow && m.seq.Rand.Float64() < f.LeaveShare {
			p.Leave(i, m.tick)
			m.counters.forkExits++
		}
	}
	if m.counters.forkExits > 0 {
		m.recomputeRoles()
	}
}

// forkScanShard counts shard k's active core members and the dissatisfied
// among them.
func (m *Model) forkScanShard(k int) {
	p := &m.pop
	s := &m.shards[k]
	s.core, s.unhappy = 0, 0
	below := float32(m.params.fork.UtilityBelow)
	for i := s.lo; i < s.hi; i++ {
		if p.Flags[i]&agents.Active == 0 || p.Role[i] == agents.Peripheral {
			continue
		}
		s.core++
		if p.Utility[i] < below {
			s.unhappy++
		}
	}
}
