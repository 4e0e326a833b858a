package sim

import "commonsim/agents"

// Step advances the model by one tick, in the order of docs/MODEL.md §1.3.
// Every phase reads the state the previous one left, and the parallel
// phases read other contributors' state only from the previous tick, so
// the result is the same for any number of threads.
func (m *Model) Step() {
	m.tick++
	m.counters = tickCounters{}
	m.arrive()             // 1. users and arrival
	m.ensureShards()       //    (newcomers join the shards)
	m.workPhase()          // 2. work: review hours, activation, task choice, tasks
	m.formTies()           //    and ties among co-workers
	m.review()             // 3. review
	m.updateModules()      // 4. value, depreciation, traces
	m.settleEconomy()      // 5. revenue, capture, redistribution, wages
	m.updateContributors() // 6. motivation, engagement, exit; roles
	m.fork()               // 7. forking
	m.record()             // 8. totals and metrics
}

// workPhase is step 2: in shards, every active contributor sets aside its
// review hours, decides whether to work, chooses a module and completes
// tasks (workShard). The shards' totals are added in shard order.
func (m *Model) workPhase() {
	m.pop.Module, m.pop.PrevModule = m.pop.PrevModule, m.pop.Module
	if m.params.roles.governance == hierarchical {
		m.now.teamSize = m.teamSize()
	}
	m.forShards(m.jobs.work)
	for i := range m.shards {
		t := &m.shards[i].totals
		m.counters.submissions += len(m.shards[i].subs)
		m.counters.workers += t.workers
		m.counters.assigned += t.assigned
		m.counters.hours += t.hours
		m.counters.reviewCapacity += t.reviewCapacity
	}
}

// workTotals are a shard's sums from the work phase.
type workTotals struct {
	workers, assigned     int
	hours, reviewCapacity float64
}

// workShard is one contributor's part of step 2, for the contributors of
// shard k in id order (docs/MODEL.md §3.3.2 to §3.3.4). It reads other
// contributors' state only from the previous tick (their modules).
func (m *Model) workShard(k int) {
	s := &m.shards[k]
	st := s.st
	st.Reseed(m.seed, streamWork, m.tick, k)
	p := &m.pop
	var t workTotals
	subs := s.subs[:0]
	for i := s.lo; i < s.hi; i++ {
		if p.Flags[i]&agents.Active == 0 {
			// Departed contributors hold no module, so that a module
			// number always means "worked on it this tick" (ties read it).
			p.Module[i] = -1
			continue
		}
		// Reviewers set their review hours aside (§3.3.3), live ties are
		// counted (§3.3.10); the contributor decides whether to work
		// (§3.3.2), chooses a module (§3.3.3) and completes tasks (§3.3.4).
		hours, review := m.hoursAvailable(i)
		t.reviewCapacity += review
		ties := m.liveTies(i)
		if !m.params.activation.works(p.Engagement[i], ties, st) || hours <= 0 {
			p.Module[i] = -1
			continue
		}
		mod, assigned := m.chooseModule(i, ties, st)
		var worked float64
		subs, worked = m.completeTasks(i, mod, hours, st, subs)
		p.Module[i] = mod
		p.Flags[i] |= agents.Worked
		if assigned {
			p.Flags[i] |= agents.Assigned
			t.assigned++
		}
		t.workers++
		t.hours += worked
	}
	s.subs, s.totals = subs, t
}

// updateContributors is step 6: in shards, every active contributor learns,
// gains or loses reputation and engagement and may leave (updateShard);
// every recompute_every ticks roles are recomputed.
func (m *Model) updateContributors() {
	m.now.overload = m.params.review.overload(m.counters.reviewDemand, m.counters.reviewCapacity)
	m.forShards(m.jobs.update)
	for i := range m.shards {
		m.counters.exits += len(m.shards[i].left)
	}
	if int(m.tick)%m.params.roles.every == 0 {
		m.recomputeRoles()
	}
}

// updateShard is one contributor's part of step 6, for the contributors of
// shard k in id order: motivation (§3.3.8), recent work (§3.3.7) and exit
// (§3.3.9); then its per-tick scratch is reset.
func (m *Model) updateShard(k int) {
	s := &m.shards[k]
	st := s.st
	st.Reseed(m.seed, streamUpdate, m.tick, k)
	p := &m.pop
	left := s.left[:0]
	for i := s.lo; i < s.hi; i++ {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		e := m.motivate(i)
		m.ageRecent(i)
		if m.leaves(i, e, st) {
			p.Leave(i, m.tick)
			left = append(left, int32(i))
		}
		p.EndTick(i)
	}
	s.left = left
}
