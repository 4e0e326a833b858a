package sim

import "commonsim/agents"

// Step advances the model by one tick, in the order of docs/MODEL.md §1.3.
// Every phase reads the state the previous one left, and the parallel
// phases read other contributors' state only from the previous tick, so
// the result is the same for any number of threads.
func (m *Model) Step() {
	m.tick++
	m.counters = tickCounters{}
	for k := range m.cs {
		m.cs[k].counters = commonsCounters{}
		m.relicense(&m.cs[k]) // mechanism 18: the last open state
	}
	m.arrive()             // 1. users and arrival (each newcomer chooses a commons)
	m.ensureShards()       //    (newcomers join the shards)
	m.workPhase()          // 2. work: time budget, review hours, activation, task choice, tasks
	m.formTies()           //    and ties among co-workers
	m.review()             // 3. review, each commons its own queue
	m.updateModules()      // 4. value, depreciation, traces
	m.settleEconomy()      // 5. revenue, capture, redistribution, wages
	m.updateContributors() // 6. motivation, commitment, strain, engagement, exit; roles and the owner's hiring
	m.migrate()            // 7. migration between commons
	m.fork()               // 8. forking (and merging back)
	m.record()             // 9. totals and metrics
}

// workPhase is step 2: in shards, every active contributor works out its
// commons hours (mechanism 13), sets aside its review hours, decides
// whether to work, chooses a module and completes tasks (workShard). The
// shards' totals are added in shard order.
func (m *Model) workPhase() {
	m.pop.Module, m.pop.PrevModule = m.pop.PrevModule, m.pop.Module
	if m.now.hierarchy {
		m.countTeams()
	}
	// This tick's economy as the time budget sees it: whether sponsors
	// pay, and the basic income.
	e := &m.params.economy
	m.now.paying = e.Enabled && (e.SponsorshipEnds == 0 || int(m.tick) < e.SponsorshipEnds)
	m.now.basicIncome = 0
	if e.Enabled {
		m.now.basicIncome = e.BasicIncome
	}
	for k := range m.cs {
		c := &m.cs[k]
		c.now.reviewShare = m.params.choice.tickReviewShare(c.now.overload)
	}
	m.forShards(m.jobs.work)
	for i := range m.shards {
		sh := &m.shards[i]
		t := &sh.totals
		m.counters.submissions += sh.tasks.len()
		m.counters.workers += t.workers
		m.counters.assigned += t.assigned
		m.counters.hours += t.hours
		for k := range m.cs {
			m.cs[k].counters.capacity += sh.perCommons[k].capacity
		}
		for k, o := range t.outside {
			m.counters.outside[k] += o
		}
		for k, n := range t.weeklyHours {
			m.counters.weeklyHours[k] += n
		}
	}
	for k := range m.cs {
		m.counters.reviewCapacity += m.cs[k].counters.capacity
	}
}

// workTotals are a shard's sums from the work phase (the reviewer hours
// are per commons, in the shard's perCommons).
type workTotals struct {
	workers, assigned int
	hours             float64
	outside           [agents.NumSegments]float64 // outside hours of active members (mechanism 13)
	weeklyHours       [hoursBins]int              // active contributors by expected weekly hours
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
	var capacity [maxCommons]float64 // reviewer hours per commons, in a register's reach
	s.tasks.reset(m.params.work.maxTasks)
	for i := s.lo; i < s.hi; i++ {
		if p.Flags[i]&agents.Active == 0 {
			// Departed contributors hold no module, so that a module
			// number always means "worked on it this tick" (ties read it).
			p.Module[i] = -1
			continue
		}
		// The contributor works out its commons hours (§3.3.13) and, a
		// reviewer, sets its review hours aside (§3.3.3); live ties are
		// counted (§3.3.10); it decides whether to work (§3.3.2: sponsored
		// hours are a job, worked every tick), chooses a module of its
		// commons (§3.3.3) and completes tasks (§3.3.4).
		cid := p.Commons[i]
		c := &m.cs[cid]
		hours, review, outside, sponsored := m.hoursAvailable(i, c)
		capacity[cid] += review
		t.outside[p.Segment[i]] += outside
		ties := m.liveTies(i)
		a := &m.params.activation
		activation := a.enabled && sponsored == 0
		pw := 1.0
		if activation {
			pw = a.probability(p.Engagement[i], ties)
		}
		t.weeklyHours[hoursBin(review+min(1, pw)*hours)]++
		if activation && st.Float64() >= pw || hours <= 0 {
			p.Module[i] = -1
			continue
		}
		mod, assigned := m.chooseModule(i, ties, st, c)
		worked := m.completeTasks(i, mod, hours, st, &s.tasks)
		p.Module[i] = mod
		p.Flags[i] |= agents.Worked
		if assigned {
			p.Flags[i] |= agents.Assigned
			t.assigned++
		}
		t.workers++
		t.hours += worked
	}
	s.totals = t
	for c := range m.cs {
		s.perCommons[c].capacity = capacity[c]
	}
}

// updateContributors is step 6: in shards, every active contributor learns,
// gains or loses reputation, commitment, strain and engagement and may
// leave (updateShard); every recompute_every ticks roles are recomputed
// (and the owner hires core members).
func (m *Model) updateContributors() {
	r := &m.params.review
	var demand, capacity float64
	for k := range m.cs {
		c := &m.cs[k]
		c.now.overload = r.overload(c.counters.demand, c.counters.capacity)
		demand += c.counters.demand
		capacity += c.counters.capacity
	}
	m.now.overload = r.overload(demand, capacity)
	m.forShards(m.jobs.update)
	u := &m.counters.updated
	for k := range m.cs {
		m.cs[k].last = commonsSums{}
	}
	for i := range m.shards {
		s := &m.shards[i]
		m.counters.exits += len(s.left)
		for _, id := range s.left {
			m.commonsOf(int(id)).counters.exits++
		}
		for k := range agents.NumSegments {
			u.members[k] += s.updated.members[k]
			u.given[k] += s.updated.given[k]
			u.incomeShare[k] += s.updated.incomeShare[k]
		}
		u.reviewHours += s.updated.reviewHours
		u.paidHours += s.updated.paidHours
		for k := range m.cs {
			m.cs[k].last.add(&s.perCommons[k].sums)
		}
	}
	if int(m.tick)%m.params.roles.every == 0 {
		m.recomputeRoles()
	}
}

// updateShard is one contributor's part of step 6, for the contributors of
// shard k in id order: motivation, with review as work, commitment and
// strain (§3.3.8, §3.3.5, §3.3.14, §3.3.16), recent work (§3.3.7) and exit
// (§3.3.9); then its per-tick scratch is reset. The stayers' count,
// utilities and live ties are summed per commons (mechanism 19).
func (m *Model) updateShard(k int) {
	s := &m.shards[k]
	st := s.st
	st.Reseed(m.seed, streamUpdate, m.tick, k)
	p := &m.pop
	left := s.left[:0]
	var t updateTotals
	var sums [maxCommons]commonsSums // per commons, summed here and stored once
	for i := s.lo; i < s.hi; i++ {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		cid := p.Commons[i]
		e, strained, a := m.motivate(i, &m.cs[cid], &t)
		m.ageRecent(i, a)
		if m.leaves(i, e, strained, st) {
			p.Leave(i, m.tick)
			left = append(left, int32(i))
		} else {
			u := &sums[cid]
			u.active++
			u.utility += float64(p.Utility[i])
			u.ties += float64(p.TieCount[i])
		}
		p.EndTick(i)
	}
	s.left, s.updated = left, t
	for c := range m.cs {
		s.perCommons[c].sums = sums[c]
	}
}
