package sim

import (
	"math"

	"commonsim/scenarios"
)

// Mechanism 5, review and integration (docs/MODEL.md §3.3.5): peer review
// after the fact, a-posteriori filtering instead of a-priori credentials
// (seeds 001, 002). Submissions queue; reviewers' hours are spent on the
// queue, oldest first; reviewing costs more when modules are entangled
// (Benkler's low-cost integration) and less with a platform's
// infrastructure, and concurrent work on one module conflicts. Review is
// work: the reviewer hours the queue used are recorded as each reviewer's
// contribution (in the update, motivation.go). A reviewed submission is accepted when its quality clears a
// bar that is higher for newcomers, and grows as rules calcify (Halfaker
// et al. 2013). A submission that waited max_wait ticks is abandoned.

// reviewParams are mechanism 5's parameters.
type reviewParams struct {
	enabled            bool
	strictness         float64
	conflict           float64 // conflict · (1 − modularity)
	newcomerStrictness float64
	newcomerGrowth     float64 // per 52 ticks
	newcomerTasks      int32   // accepted tasks until a contributor is no longer a newcomer
	maxWait            int32
	valuePerHour       float64 // modules.value_per_hour: value an accepted hour adds
}

func newReviewParams(sc *scenarios.Scenario) reviewParams {
	r := sc.Review
	return reviewParams{
		enabled:            r.Enabled,
		strictness:         r.Strictness,
		conflict:           r.Conflict * (1 - sc.Tasks.Modularity),
		newcomerStrictness: r.NewcomerStrictness,
		newcomerGrowth:     r.NewcomerStrictnessGrowth,
		newcomerTasks:      int32(r.NewcomerTasks),
		maxWait:            int32(r.MaxWait),
		valuePerHour:       sc.Modules.ValuePerHour,
	}
}

// reviewCost is what reviewing costs in one commons: a submission of size
// s costs costBase + costPerHour · s reviewer hours, (hours_per_review +
// review_per_hour · s) · (1 + integration_cost · (1 − modularity)) · (1 −
// infrastructure), the infrastructure being the commons' platform's
// (mechanism 7).
type reviewCost struct {
	costBase, costPerHour float64
}

func newReviewCost(sc *scenarios.Scenario, infrastructure float64) reviewCost {
	r := sc.Review
	integration := (1 + r.IntegrationCost*(1-sc.Tasks.Modularity)) * (1 - infrastructure)
	return reviewCost{costBase: r.HoursPerReview * integration, costPerHour: r.ReviewPerHour * integration}
}

// cost is the reviewer hours a submission of the given size costs. (It
// takes the size, not the submission: an inlined call copies a struct
// argument through the stack, and the loads of the copy stall.)
func (r *reviewCost) cost(size float32) float64 {
	return r.costBase + r.costPerHour*float64(size)
}

// overload is reviewers' overload, min(1, max(0, demand / capacity − 1)),
// and 1 when there are no reviewer hours but demand: felt as burnout.
func (r *reviewParams) overload(demand, capacity float64) float64 {
	switch {
	case capacity > 0:
		return min(1, max(0, demand/capacity-1))
	case demand > 0:
		return 1
	}
	return 0
}

// reviewState is one commons' review of the current tick.
type reviewState struct {
	capacity float64 // reviewer hours left
	allFit   bool    // this tick's submissions were all reviewed without counting their cost
}

// reviewCounts are the outcomes of one pass of review.
type reviewCounts struct {
	accepted, rejected, newcomerReviewed, newcomerAccepted int
}

// review is step 3: each commons reviews its own queue and this tick's
// submissions to its modules with its own reviewers' hours. Each queue
// holds the submissions still waiting from earlier ticks; this tick's are
// read from the shards' buffers, in shard order, so nothing is copied.
// Off, every submission is accepted at once.
//
// The outcome is that of one pass in queue order per commons, but only
// the parts that need the order run sequentially: the queue, the reviewer
// hours (which of this tick's submissions are reviewed) and the modules'
// value. The decisions on this tick's submissions run in shards
// (reviewShard): a shard's submissions are its own contributors', and the
// bar depends only on the author's accepted count and the module's
// conflict term.
func (m *Model) review() {
	clear(m.moduleSubs)
	for k := range m.cs {
		m.cs[k].now.reviewUsed = 0
	}
	m.clearDeparted()
	if !m.params.review.enabled {
		m.acceptAll()
		return
	}
	m.openReview()
	for k := range m.cs {
		c := &m.cs[k]
		var queued reviewCounts
		c.keep, queued = m.reviewQueue(c)
		m.counters.add(queued)
		c.counters.accepted += queued.accepted
	}
	m.findWaiting()
	for k := range m.cs {
		c := &m.cs[k]
		c.queue = trimQueue(c.keep)
		c.keep = nil
		c.now.reviewUsed = m.reviewerHoursUsed(c)
	}
	m.forShards(m.jobs.review)
	m.closeReview()
}

// reviewerHoursUsed is the share of commons c's reviewer hours this tick
// that its queue and this tick's submissions used (review is work,
// recorded in the update). When the hours covered this tick's demand,
// findWaiting spent none of them one by one.
func (m *Model) reviewerHoursUsed(c *commonsState) float64 {
	capacity := c.counters.capacity
	if capacity <= 0 {
		return 0
	}
	used := capacity - c.reviewing.capacity
	if c.reviewing.allFit {
		used += c.counters.freshDemand
	}
	return min(1, used/capacity)
}

// acceptAll accepts this tick's submissions without review.
func (m *Model) acceptAll() {
	for i := range m.shards {
		t := &m.shards[i].tasks
		start := 0
		for _, r := range t.runs {
			c := &m.cs[m.moduleCommons[r.module]]
			for k := start; k < int(r.end); k++ {
				m.moduleSubs[r.module]++
				m.accept(t.submission(r, k, m.tick))
				c.counters.accepted++
			}
			start = int(r.end)
		}
	}
}

// openReview counts this tick's submissions per module and sets the
// tick's conflict terms, newcomer bar and each commons' reviewer hours.
// It records each commons' review demand (the cost of its queue and of
// this tick's submissions to it) and the demand of this tick's
// submissions alone.
func (m *Model) openReview() {
	r := &m.params.review
	for k := range m.cs {
		c := &m.cs[k]
		demand := 0.0
		for _, s := range c.queue {
			demand += c.inst.review.cost(s.Size)
		}
		// freshDemand holds the queue's demand until this tick's is
		// added: this tick's alone is the difference (as one sum less
		// the other, not a sum of its own: the bits matter).
		c.counters.demand, c.counters.freshDemand = demand, demand
	}
	for i := range m.shards {
		t := &m.shards[i].tasks
		start := int32(0)
		for _, run := range t.runs {
			m.moduleSubs[run.module] += run.end - start
			// Added one by one in order, in a register (the bits are those
			// of one sum over the tick's submissions).
			c := &m.cs[m.moduleCommons[run.module]]
			cost, demand := c.inst.review, c.counters.demand
			for _, size := range t.size[start:run.end] {
				demand += cost.cost(size)
			}
			c.counters.demand = demand
			start = run.end
		}
	}
	for k, n := range m.moduleSubs {
		m.conflictBar[k] = 0
		if n > 1 {
			m.conflictBar[k] = r.conflict * math.Log(float64(n))
		}
	}
	for k := range m.cs {
		c := &m.cs[k]
		c.counters.freshDemand = c.counters.demand - c.counters.freshDemand
		c.reviewing.capacity = c.counters.capacity
		m.counters.reviewDemand += c.counters.demand
	}
	m.newcomerBar = r.newcomerStrictness + r.newcomerGrowth*float64(m.tick)/52
}

// reviewQueue works through commons c's queue, oldest first, as far as its
// reviewer hours go; it returns the submissions that still wait, and the
// outcomes.
func (m *Model) reviewQueue(c *commonsState) (keep []submission, n reviewCounts) {
	keep = c.queue[:0]
	for _, s := range c.queue {
		if m.reviewQueued(c, s, &n) {
			keep = append(keep, s)
		}
	}
	return keep, n
}

// findWaiting finds which of this tick's submissions, in shard order, the
// reviewer hours left in their commons do not reach: they join that
// commons' queue (its keep), or are abandoned, and are marked (a negative
// size) for reviewShard to pass over. When a commons' hours cover this
// tick's demand, with room to spare for rounding, every submission to it
// is reviewed and none is counted; when every commons' do, the pass is
// skipped.
func (m *Model) findWaiting() {
	r := &m.params.review
	every := true
	for k := range m.cs {
		c := &m.cs[k]
		c.reviewing.allFit = c.reviewing.capacity >= c.counters.freshDemand*(1+1e-6)
		every = every && c.reviewing.allFit
	}
	if every {
		return
	}
	for i := range m.shards {
		t := &m.shards[i].tasks
		start := 0
		for _, run := range t.runs {
			c := &m.cs[m.moduleCommons[run.module]]
			if c.reviewing.allFit {
				start = int(run.end)
				continue
			}
			for k := start; k < int(run.end); k++ {
				cost := c.inst.review.cost(t.size[k])
				if cost > 0 && c.reviewing.capacity < cost {
					if s := t.submission(run, k, m.tick); m.tick-s.Tick >= r.maxWait {
						m.abandon(s)
					} else {
						c.keep = append(c.keep, s)
					}
					t.size[k] = -t.size[k]
					continue
				}
				c.reviewing.capacity -= cost
			}
			start = int(run.end)
		}
	}
}

// closeReview adds the shards' outcomes to the tick's counters and the
// value of this tick's accepted submissions to their modules, in the order
// of a single pass (addValue, with a run's module held in registers).
func (m *Model) closeReview() {
	vph := m.params.review.valuePerHour
	for i := range m.shards {
		sh := &m.shards[i]
		for k := range m.cs {
			m.counters.add(sh.perCommons[k].reviewed)
			m.cs[k].counters.accepted += sh.perCommons[k].reviewed.accepted
		}
		t := &sh.tasks
		start := 0
		for _, r := range t.runs {
			mod := r.module
			value, debt, n := m.value[mod], m.debt[mod], int64(0)
			for _, size := range t.size[start:r.end] {
				if size > 0 {
					v := float64(size) * vph
					value += v
					debt -= min(debt, v)
					n++
				}
			}
			start = int(r.end)
			if n == 0 {
				continue
			}
			m.value[mod], m.debt[mod] = value, debt
			m.authors.record(mod, r.author, n)
		}
	}
}

// trimQueue returns the queue's storage to the allocator when the queue
// has shrunk to a small part of it (after the founding burst, say), so the
// model does not keep the largest queue it ever had. It reallocates only
// on a fourfold shrink, never in a steady state.
func trimQueue(q []submission) []submission {
	if cap(q) < 1<<16 || 4*len(q) > cap(q) {
		return q
	}
	return append(make([]submission, 0, 2*len(q)), q...)
}

// reviewShard decides on shard k's submissions of this tick that reviewer
// hours reached, in order, and updates their authors (all in the shard).
// It leaves a positive size on the accepted submissions only, for the
// modules' value to be added up in order.
func (m *Model) reviewShard(k int) {
	sh := &m.shards[k]
	for c := range m.cs {
		sh.perCommons[c].reviewed = reviewCounts{}
	}
	t := &sh.tasks
	start := 0
	for _, r := range t.runs {
		m.decideRun(r, t.size[start:r.end], t.quality[start:r.end], &sh.perCommons[m.moduleCommons[r.module]].reviewed)
		start = int(r.end)
	}
}

// reviewQueued reviews a queued submission s of commons c if reviewer
// hours are left, abandons it if it has waited too long, and reports
// whether it stays in the queue.
func (m *Model) reviewQueued(c *commonsState, s submission, n *reviewCounts) (waits bool) {
	r := &m.params.review
	rs := &c.reviewing
	cost := c.inst.review.cost(s.Size)
	if cost > 0 && rs.capacity < cost {
		if m.tick-s.Tick >= r.maxWait {
			m.abandon(s)
			return false
		}
		return true
	}
	rs.capacity -= cost
	if m.decide(s, n) {
		m.addValue(s, r.valuePerHour)
	}
	return false
}

// decide compares a reviewed submission's quality with the bar:
//
//	strictness + conflict · (1 − modularity) · ln n_m · [n_m > 1] + [newcomer] · newcomer bar,
//
// updates the author and counts the outcome in c. It reports whether s was
// accepted; the module's value is the caller's to add.
func (m *Model) decide(s submission, c *reviewCounts) (accepted bool) {
	r := &m.params.review
	p := &m.pop
	bar := r.strictness + m.conflictBar[s.Module]
	newcomer := p.Accepted[s.Author] < r.newcomerTasks
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

// abandon drops a submission that waited too long; its author feels it
// (mechanism 8).
func (m *Model) abandon(s submission) {
	m.counters.abandoned++
	if m.pop.AbandonTick[s.Author] < 255 {
		m.pop.AbandonTick[s.Author]++
	}
}

// accept accepts s without review (review off).
func (m *Model) accept(s submission) {
	m.credit(s)
	m.addValue(s, m.params.review.valuePerHour)
	m.counters.accepted++
}

// credit writes an accepted submission's value, size · value_per_hour, to
// its author: accepted count, contribution and this tick's accepted value
// (reputation and recent work follow in the update), and the delivery to
// its familiarity list (mechanism 15). It touches only the author's state,
// so shards of authors credit in parallel.
func (m *Model) credit(s submission) {
	p := &m.pop
	v := float64(s.Size) * m.params.review.valuePerHour
	p.Accepted[s.Author]++
	p.Contributed[s.Author] += v
	p.AcceptedTick[s.Author] += float32(v)
	p.RecordDelivery(int(s.Author), s.Module)
}

// decideRun is decide on the submissions of one run, in order: one
// author's submissions to one module this tick, sizes and qualities. The
// author's state is read once and written back once (the same arithmetic,
// in the same order, as a decide per submission). A submission that waits
// (negative size) is passed over; a rejected one gets a negative size.
func (m *Model) decideRun(run taskRun, sizes, qualities []float32, c *reviewCounts) {
	r := &m.params.review
	p := &m.pop
	a := run.author
	base := r.strictness + m.conflictBar[run.module]
	accepted, contributed, acceptedTick := p.Accepted[a], p.Contributed[a], p.AcceptedTick[a]
	delivered, rejected := int32(0), int32(0)
	for k, size := range sizes {
		if size < 0 {
			continue
		}
		bar := base
		newcomer := accepted < r.newcomerTasks
		if newcomer {
			bar += m.newcomerBar
			c.newcomerReviewed++
		}
		if float64(qualities[k]) > bar {
			v := float64(size) * r.valuePerHour
			accepted++
			contributed += v
			acceptedTick += float32(v)
			delivered++
			c.accepted++
			if newcomer {
				c.newcomerAccepted++
			}
			continue
		}
		c.rejected++
		rejected++
		sizes[k] = -size
	}
	if delivered > 0 {
		p.Accepted[a], p.Contributed[a], p.AcceptedTick[a] = accepted, contributed, acceptedTick
		p.RecordDeliveries(int(a), run.module, delivered)
	}
	if rejected > 0 {
		p.Rejected[a] += rejected
		p.RejectedTick[a] = uint8(min(255, int32(p.RejectedTick[a])+rejected))
	}
}
