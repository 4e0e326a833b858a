package sim

import (
	"math"
	"runtime"

	"gonum.org/v1/gonum/stat/distuv"

	"commonsim/agents"
	"commonsim/scenarios"
)

// Step advances the model by one tick, in the order of MODEL.md §3. Every
// phase reads the state the previous one left, and the sharded phases read
// other contributors' state only from the previous tick, so the result is
// the same for any number of threads.
func (m *Model) Step() {
	m.tick++
	m.counters = tickCounters{}
	m.arrive()
	m.ensureShards()
	m.workPhase()
	m.formTies()
	m.review()
	m.updateModules()
	m.settleEconomy()
	m.updateContributors()
	m.fork()
	m.record()
}

// Tick is the number of ticks run so far.
func (m *Model) Tick() int { return int(m.tick) }

// Value is the commons' total value, the sum over modules.
func (m *Model) Value() float64 {
	var v float64
	for _, x := range m.value {
		v += x
	}
	return v
}

// arrive is mechanism 1: the user base moves towards a capacity that
// saturates with the commons' value, and a Poisson stream of users apply to
// contribute; an entry barrier turns away those below a skill threshold.
func (m *Model) arrive() {
	a := m.sc.Arrival
	if !a.Enabled {
		return
	}
	m.seq.Reseed(m.seed, streamArrival, m.tick, 0)
	v := m.Value()
	capacity := a.PotentialUsers * v / (v + a.ValueHalf)
	m.users += a.UserGrowth * (capacity - m.users)
	lambda := a.ConversionRate * m.users
	if lambda <= 0 {
		return
	}
	n := int(distuv.Poisson{Lambda: lambda, Src: m.seq.Rand}.Rand())
	m.pop.Grow(n)
	for range n {
		c := m.draw(m.seq.Rand)
		if float64(c.Skill) < a.EntryBarrier {
			m.counters.turnedAway++
			continue
		}
		m.pop.Add(c, float32(m.sc.Motivation.InitialEngagement), m.tick)
		m.counters.arrivals++
	}
}

// workPhase is MODEL.md §3 step 2, run in shards: decide, choose, work.
func (m *Model) workPhase() {
	m.pop.Module, m.pop.PrevModule = m.pop.PrevModule, m.pop.Module
	if m.sc.Roles.Governance == "hierarchical" {
		managers, members := 0, 0
		for i, r := range m.pop.Role {
			if m.pop.Flags[i]&agents.Active == 0 {
				continue
			}
			if r == agents.Manager {
				managers++
			} else {
				members++
			}
		}
		m.commons.TeamSize = float64(members) / float64(max(1, managers))
	}
	m.forShards(m.jobs.work)
	for i := range m.shards {
		s := &m.shards[i]
		m.counters.submissions += len(s.subs)
		m.counters.workers += s.totals.Workers
		m.counters.assigned += s.totals.Assigned
		m.counters.hours += s.totals.HoursWorked
		m.counters.reviewCapacity += s.totals.ReviewCapacity
	}
}

func (m *Model) workShard(i int) {
	s := &m.shards[i]
	s.st.Reseed(m.seed, streamWork, m.tick, i)
	s.subs, s.totals = agents.Work(&m.pop, s.lo, s.hi, &m.commons, &m.work, m.tick, s.st, s.subs[:0])
}

// formTies is mechanism 10: ties between contributors who worked on the
// same module this tick are refreshed, then co-workers may form new ties;
// unused ones fade.
//
// Shards of contributors, in id order, refresh their workers' ties (in
// parallel: each writes only its own contributors' tie slots); the workers
// are grouped by module (radix.Buckets); then groups of modules form ties
// in parallel: a worker works on one module a tick, so the modules'
// workers are disjoint and each module touches only its own workers'
// ties, drawing from its own stream (seed, tick, module).
//
// Refreshing in id order reads each worker's tie slots as a stream; in
// module order (the buckets) every worker's slots were a cache miss.
func (m *Model) formTies() {
	if !m.sc.Ties.Enabled {
		return
	}
	m.forShards(m.jobs.refreshTies)
	m.workers.Group(m.pop.Module, len(m.value), len(m.shards), m.pool)
	m.forJobs(m.jobs.formTies, len(m.tieStreams))
}

// refreshTiesShard refreshes the ties of shard k's workers with partners
// who worked on the same module. It writes only the shard's own tie slots.
func (m *Model) refreshTiesShard(k int) {
	p := &m.pop
	s := &m.shards[k]
	now := uint16(m.tick)
	module := p.Module
	for i := s.lo; i < s.hi; i++ {
		mod := module[i]
		if mod < 0 {
			continue
		}
		base := i * p.MaxTies
		partners := p.TiePartner[base : base+p.MaxTies]
		used := p.TieUsed[base : base+len(partners)]
		for t, j := range partners {
			// An empty slot (-1) reads module[0] harmlessly and is not
			// refreshed; no branch on whether the partner is a co-worker,
			// which is as good as a coin toss.
			u := used[t]
			if j >= 0 && module[j&^(j>>31)] == mod {
				u = now
			}
			used[t] = u
		}
	}
}

// formTiesGroup forms the new ties of the workers of modules
// [g*tieGroup, (g+1)*tieGroup), whose ties refreshTiesShard has refreshed.
func (m *Model) formTiesGroup(g int) {
	p := &m.pop
	st := m.tieStreams[g]
	fade := int32(m.sc.Ties.FadeTicks)
	formProb := m.sc.Ties.FormProb
	nm := len(m.value)
	order, start := m.workers.Order, m.workers.Start
	for mod := g * m.tieGroup; mod < min(nm, (g+1)*m.tieGroup); mod++ {
		lo, hi := start[mod], start[mod+1]
		if hi-lo < 2 {
			continue
		}
		st.Reseed(m.seed, streamTies, m.tick, mod)
		// New ties are added tieLookahead pairs after they are drawn, in
		// the order drawn: the pair's tie lists, at random places in the
		// population, are touched when it is drawn, so that their cache
		// misses overlap with the work on earlier pairs instead of
		// stalling one after another (at 10^6 contributors they took an
		// eighth of the tick).
		var ahead [tieLookahead][2]int32
		drawn := 0
		var touched uint32
		for k := lo; k < hi; k++ {
			if st.Float64() < formProb {
				i := order[k]
				// Pick uniformly among the other workers of the module.
				r := lo + int32(st.IntN(int(hi-lo-1)))
				if r >= k {
					r++
				}
				j := order[r]
				touched ^= p.TouchTies(i) ^ p.TouchTies(j)
				slot := &ahead[drawn%tieLookahead]
				if drawn >= tieLookahead {
					p.AddTie(slot[0], slot[1], m.tick, fade)
					p.AddTie(slot[1], slot[0], m.tick, fade)
				}
				*slot = [2]int32{i, j}
				drawn++
			}
		}
		for d := max(0, drawn-tieLookahead); d < drawn; d++ {
			pair := ahead[d%tieLookahead]
			p.AddTie(pair[0], pair[1], m.tick, fade)
			p.AddTie(pair[1], pair[0], m.tick, fade)
		}
		// The touches are loads whose values nothing needs; keep them.
		runtime.KeepAlive(touched)
	}
}

// tieLookahead is how many drawn pairs tie formation keeps in flight.
const tieLookahead = 8

// review is mechanism 5: reviewers work through the queue, oldest first,
// as far as their hours allow; acceptance compares a submission's quality
// with the bar (strictness, conflicts on poorly modular code, and an extra
// bar for newcomers that grows as rules calcify); submissions that waited
// too long are abandoned. The queue holds the submissions still waiting
// from earlier ticks; this tick's are read from the shards' buffers, in
// shard order, so nothing is copied.
//
// The outcome is that of one pass in that order, but only the parts that
// need the order run sequentially: the queue, the reviewer hours (which
// of this tick's submissions are reviewed) and the modules' value. The
// decisions on this tick's submissions run in shards (phaseReview): a
// shard's submissions are its own contributors', and the bar depends only
// on the author's accepted count and the module's conflict term.
func (m *Model) review() {
	r := m.sc.Review
	if !r.Enabled {
		clear(m.moduleSubs)
		for i := range m.shards {
			for _, s := range m.shards[i].subs {
				m.moduleSubs[s.Module]++
				m.accept(s)
			}
		}
		return
	}
	modularity := m.sc.Tasks.Modularity
	// Review cost: an overhead plus a share of the work's size, both raised
	// when modules are entangled (Benkler's low-cost integration).
	integration := 1 + r.IntegrationCost*(1-modularity)
	m.costBase, m.costPerHour = r.HoursPerReview*integration, r.ReviewPerHour*integration
	demand := 0.0
	for _, s := range m.queue {
		demand += m.costBase + m.costPerHour*float64(s.Size)
	}
	queueDemand := demand
	clear(m.moduleSubs)
	for i := range m.shards {
		for _, s := range m.shards[i].subs {
			m.moduleSubs[s.Module]++
			demand += m.costBase + m.costPerHour*float64(s.Size)
		}
	}
	m.counters.reviewDemand = demand
	for k, n := range m.moduleSubs {
		m.conflictBar[k] = 0
		if n > 1 {
			m.conflictBar[k] = r.Conflict * (1 - modularity) * math.Log(float64(n))
		}
	}
	m.capacity = m.counters.reviewCapacity
	m.newcomerBar = r.NewcomerStrictness + r.NewcomerStrictnessGrowth*float64(m.tick)/52
	keep := m.queue[:0]
	var queued reviewCounts
	for _, s := range m.queue {
		if m.reviewOne(s, &queued) {
			keep = append(keep, s)
		}
	}
	// Reviewer hours: when they cover this tick's demand with room to spare
	// for rounding, every submission is reviewed; otherwise a sequential
	// pass finds the ones that wait.
	allFit := m.capacity >= (demand-queueDemand)*(1+1e-6)
	for i := range m.shards {
		sh := &m.shards[i]
		sh.waiting = sh.waiting[:0]
		if allFit {
			continue
		}
		for k, s := range sh.subs {
			cost := m.costBase + m.costPerHour*float64(s.Size)
			if cost > 0 && m.capacity < cost {
				sh.waiting = append(sh.waiting, int32(k))
				if m.tick-s.Tick >= int32(r.MaxWait) {
					m.abandon(s)
				} else {
					keep = append(keep, s)
				}
				continue
			}
			m.capacity -= cost
		}
	}
	m.queue = m.trimQueue(keep)
	m.forShards(m.jobs.review)
	m.counters.add(queued)
	for i := range m.shards {
		sh := &m.shards[i]
		m.counters.add(sh.reviewed)
		// The modules' value, in the order of a single pass.
		for _, s := range sh.subs {
			if s.Module >= 0 {
				m.addValue(s.Module, float64(s.Size)*m.sc.Modules.ValuePerHour)
			}
		}
	}
}

// trimQueue returns the queue's storage to the allocator when the queue
// has shrunk to a small part of it (after the founding burst, say), so the
// model does not keep the largest queue it ever had. It reallocates only
// on a fourfold shrink, never in a steady state.
func (m *Model) trimQueue(q []agents.Submission) []agents.Submission {
	if cap(q) < 1<<16 || 4*len(q) > cap(q) {
		return q
	}
	return append(make([]agents.Submission, 0, 2*len(q)), q...)
}

// reviewCounts are one shard's review outcomes this tick.
type reviewCounts struct {
	accepted, rejected, newcomerReviewed, newcomerAccepted int
}

// add adds a review pass's outcomes to the tick's counters.
func (c *tickCounters) add(r reviewCounts) {
	c.accepted += r.accepted
	c.rejected += r.rejected
	c.newcomerReviewed += r.newcomerReviewed
	c.newcomerAccepted += r.newcomerAccepted
}

// reviewShard decides on shard k's submissions of this tick that reviewer
// hours reached, in order, and updates their authors (all in the shard).
// It leaves in the buffer the module of the accepted submissions only
// (-1 for the others), for the modules' value to be added up in order.
func (m *Model) reviewShard(k int) {
	sh := &m.shards[k]
	sh.reviewed = reviewCounts{}
	next := 0 // next index in sh.waiting
	for idx := range sh.subs {
		s := &sh.subs[idx]
		if next < len(sh.waiting) && int(sh.waiting[next]) == idx {
			next++
			s.Module = -1
			continue
		}
		if !m.decide(*s, &sh.reviewed) {
			s.Module = -1
		}
	}
}

// reviewOne reviews a queued submission s if reviewer hours are left,
// abandons it if it has waited too long, and reports whether it stays in
// the queue.
func (m *Model) reviewOne(s agents.Submission, c *reviewCounts) (waits bool) {
	cost := m.costBase + m.costPerHour*float64(s.Size)
	if cost > 0 && m.capacity < cost {
		if m.tick-s.Tick >= int32(m.sc.Review.MaxWait) {
			m.abandon(s)
			return false
		}
		return true
	}
	m.capacity -= cost
	if m.decide(s, c) {
		m.addValue(s.Module, float64(s.Size)*m.sc.Modules.ValuePerHour)
	}
	return false
}

// decide compares a reviewed submission's quality with the bar (strictness,
// the module's conflict term, and the newcomer bar while its author is a
// newcomer), updates the author and counts the outcome in c. It reports
// whether s was accepted; the module's value is the caller's to add.
func (m *Model) decide(s agents.Submission, c *reviewCounts) (accepted bool) {
	r := &m.sc.Review
	p := &m.pop
	bar := r.Strictness + m.conflictBar[s.Module]
	newcomer := p.Accepted[s.Author] < int32(r.NewcomerTasks)
	if newcomer {
		bar += m.newcomerBar
		c.newcomerReviewed++
	}
	if float64(s.Quality) > bar {
		m.credit(s)
		c.accepted++
		if newcomer {
			c.newcomerAccepted++
		}
		return true
	}
	c.rejected++
	p.Rejected[s.Author]++
	if p.RejectedTick[s.Author] < 255 {
		p.RejectedTick[s.Author]++
	}
	return false
}

func (m *Model) abandon(s agents.Submission) {
	m.counters.abandoned++
	if m.pop.AbandonTick[s.Author] < 255 {
		m.pop.AbandonTick[s.Author]++
	}
}

// accept accepts s without review (review off).
func (m *Model) accept(s agents.Submission) {
	m.credit(s)
	m.addValue(s.Module, float64(s.Size)*m.sc.Modules.ValuePerHour)
	m.counters.accepted++
}

// credit writes an accepted submission to its author.
func (m *Model) credit(s agents.Submission) {
	p := &m.pop
	v := float64(s.Size) * m.sc.Modules.ValuePerHour
	p.Accepted[s.Author]++
	p.Contributed[s.Author] += v
	p.AcceptedTick[s.Author] += float32(v)
}

// addValue adds accepted value v to module mod.
func (m *Model) addValue(mod int32, v float64) {
	m.value[mod] += v
	// Accepted work first makes good the module's maintenance debt.
	m.debt[mod] -= min(m.debt[mod], v)
}

// updateModules is mechanism 6: depreciation turns value into maintenance
// debt, and traces of activity fade and are renewed (stigmergy).
func (m *Model) updateModules() {
	mo := m.sc.Modules
	for i := range m.value {
		if mo.Depreciation {
			loss := mo.DepreciationRate * m.value[i]
			m.value[i] -= loss
			m.debt[i] += loss
		}
		m.trace[i] = (1-mo.TraceDecay)*m.trace[i] + float64(m.moduleSubs[i])
	}
	m.rebuildChoice()
}

// settleEconomy is mechanism 7: the commons' value yields revenue; the
// platform captures a share and may reinvest part of it; the rest is
// returned by the redistribution rule; sponsors pay wages and a basic
// income may be paid from outside. Both passes over the contributors run in
// shards; the shards' sums are added in shard order.
func (m *Model) settleEconomy() {
	e := m.sc.Economy
	if !e.Enabled {
		m.upd.TotalReturned = 0
		return
	}
	c := &m.counters
	c.revenue = e.RevenuePerValue * m.Value()
	c.captured = e.CaptureRate * c.revenue
	c.platformKept = c.captured * (1 - e.Reinvest)
	pot := c.revenue - c.platformKept
	m.upd.Paying = e.SponsorshipEnds == 0 || int(m.tick) < e.SponsorshipEnds

	// Pass 1: the weights of the redistribution rule.
	m.forShards(m.jobs.economyWeights)
	var total, recent float64
	for i := range m.shards {
		total += m.shards[i].weight
		recent += m.shards[i].recent
	}
	m.upd.TotalRecent = recent
	if m.rule == ruleNone || total == 0 {
		pot = 0
	}
	c.returned = pot
	m.upd.TotalReturned = pot
	m.pot, m.potWeight = pot, total
	// Pass 2: pay.
	m.forShards(m.jobs.economyPay)
	for i := range m.shards {
		c.basicIncome += m.shards[i].basicIncome
		c.wages += m.shards[i].wages
	}
}

// redistributionWeight is contributor i's weight under the rule, and its
// recent contribution r (recent work plus this tick's accepted value).
func (m *Model) redistributionWeight(i int) (w, r float64) {
	p := &m.pop
	r = float64(p.Recent[i]) + float64(p.AcceptedTick[i])
	switch m.rule {
	case ruleEqual:
		if r > 0 {
			w = 1
		}
	case ruleProportional:
		w = r
	case ruleBasicIncome:
		w = 1
	}
	return w, r
}

// redistributionRule is economy.redistribution as a small enum, resolved
// once per run: the economy passes read it for every contributor, where a
// string comparison would cost more than the rest of the weight.
type redistributionRule uint8

const (
	ruleNone redistributionRule = iota
	ruleEqual
	ruleProportional
	ruleBasicIncome
)

// parseRule resolves a validated economy.redistribution.
func parseRule(s string) redistributionRule {
	switch s {
	case "equal":
		return ruleEqual
	case "proportional":
		return ruleProportional
	case "basic_income":
		return ruleBasicIncome
	}
	return ruleNone
}

func (m *Model) economyWeightsShard(k int) {
	s := &m.shards[k]
	s.weight, s.recent = 0, 0
	for i := s.lo; i < s.hi; i++ {
		if m.pop.Flags[i]&agents.Active == 0 {
			continue
		}
		w, r := m.redistributionWeight(i)
		s.weight += w
		s.recent += r
	}
}

func (m *Model) economyPayShard(k int) {
	e := &m.sc.Economy
	p := &m.pop
	s := &m.shards[k]
	s.basicIncome, s.wages = 0, 0
	for i := s.lo; i < s.hi; i++ {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		var share float64
		if m.pot > 0 {
			w, _ := m.redistributionWeight(i)
			share = m.pot * w / m.potWeight
		}
		income := share + e.BasicIncome
		s.basicIncome += e.BasicIncome
		if m.upd.Paying && p.Flags[i]&agents.Paid != 0 {
			income += e.Wage
			s.wages += e.Wage
		}
		p.ReturnedTick[i] = float32(share)
		p.Benefit[i] += share
		p.IncomeTick[i] = float32(income)
	}
}

// updateContributors is MODEL.md §3 step 6, run in shards, then roles.
func (m *Model) updateContributors() {
	m.upd.Overload = 0
	if m.counters.reviewCapacity > 0 {
		m.upd.Overload = min(1, max(0, m.counters.reviewDemand/m.counters.reviewCapacity-1))
	} else if m.counters.reviewDemand > 0 {
		m.upd.Overload = 1
	}
	m.forShards(m.jobs.update)
	for i := range m.shards {
		m.counters.exits += len(m.shards[i].left)
	}
	if int(m.tick)%m.sc.Roles.RecomputeEvery == 0 {
		m.recomputeRoles()
	}
}

func (m *Model) updateShard(i int) {
	s := &m.shards[i]
	s.st.Reseed(m.seed, streamUpdate, m.tick, i)
	s.left = agents.Update(&m.pop, s.lo, s.hi, &m.upd, m.tick, s.st, s.left[:0])
}

// fork is mechanism 12: when a large enough share of the core has been
// dissatisfied for long enough, a fork may happen and a share of all the
// dissatisfied leave together.
func (m *Model) fork() {
	f := m.sc.Fork
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

// Scenario returns the scenario the model runs.
func (m *Model) Scenario() *scenarios.Scenario { return m.sc }

// forkScanShard counts one shard's active core members and the dissatisfied
// among them.
func (m *Model) forkScanShard(k int) {
	p := &m.pop
	s := &m.shards[k]
	s.core, s.unhappy = 0, 0
	below := float32(m.sc.Fork.UtilityBelow)
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
