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
	enabled bool
	// Reviewing a submission of size s costs costBase + costPerHour · s
	// reviewer hours: (hours_per_review + review_per_hour · s) · (1 +
	// integration_cost · (1 − modularity)) · (1 − economy.infrastructure).
	costBase, costPerHour float64
	strictness            float64
	conflict              float64 // conflict · (1 − modularity)
	newcomerStrictness    float64
	newcomerGrowth        float64 // per 52 ticks
	newcomerTasks         int32   // accepted tasks until a contributor is no longer a newcomer
	maxWait               int32
	valuePerHour          float64 // modules.value_per_hour: value an accepted hour adds
}

func newReviewParams(sc *scenarios.Scenario) reviewParams {
	r := sc.Review
	modularity := sc.Tasks.Modularity
	integration := (1 + r.IntegrationCost*(1-modularity)) * (1 - sc.Economy.Infrastructure)
	return reviewParams{
		enabled:            r.Enabled,
		costBase:           r.HoursPerReview * integration,
		costPerHour:        r.ReviewPerHour * integration,
		strictness:         r.Strictness,
		conflict:           r.Conflict * (1 - modularity),
		newcomerStrictness: r.NewcomerStrictness,
		newcomerGrowth:     r.NewcomerStrictnessGrowth,
		newcomerTasks:      int32(r.NewcomerTasks),
		maxWait:            int32(r.MaxWait),
		valuePerHour:       sc.Modules.ValuePerHour,
	}
}

// cost is the reviewer hours a submission of the given size costs. (It
// takes the size, not the submission: an inlined call copies a struct
// argument through the stack, and the loads of the copy stall.)
func (r *reviewParams) cost(size float32) float64 {
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

// reviewState is the review of the current tick.
type reviewState struct {
	capacity    float64   // reviewer hours left
	allFit      bool      // this tick's submissions were all reviewed without counting their cost
	newcomerBar float64   // newcomer_strictness + newcomer_strictness_growth · t / 52
	conflictBar []float64 // per module: conflict · (1 − modularity) · ln n_m, n_m > 1
}

// reviewCounts are the outcomes of one pass of review.
type reviewCounts struct {
	accepted, rejected, newcomerReviewed, newcomerAccepted int
}

// review is step 3. The queue holds the submissions still waiting from
// earlier ticks; this tick's are read from the shards' buffers, in shard
// order, so nothing is copied. Off, every submission is accepted at once.
//
// The outcome is that of one pass in queue order, but only the parts that
// need the order run sequentially: the queue, the reviewer hours (which of
// this tick's submissions are reviewed) and the modules' value. The
// decisions on this tick's submissions run in shards (reviewShard): a
// shard's submissions are its own contributors', and the bar depends only
// on the author's accepted count and the module's conflict term.
func (m *Model) review() {
	clear(m.moduleSubs)
	m.now.reviewUsed = 0
	m.clearDeparted()
	if !m.params.review.enabled {
		m.acceptAll()
		return
	}
	fresh := m.openReview()
	keep, queued := m.reviewQueue()
	keep = m.findWaiting(keep, fresh)
	m.queue = trimQueue(keep)
	m.now.reviewUsed = m.reviewerHoursUsed(fresh)
	m.forShards(m.jobs.review)
	m.counters.add(queued)
	m.closeReview()
}

// reviewerHoursUsed is the share of this tick's reviewer hours that the
// queue and this tick's submissions used (review is work, recorded in the
// update). When the hours covered this tick's demand, fresh, findWaiting
// spent none of them one by one.
func (m *Model) reviewerHoursUsed(fresh float64) float64 {
	capacity := m.counters.reviewCapacity
	if capacity <= 0 {
		return 0
	}
	used := capacity - m.reviewing.capacity
	if m.reviewing.allFit {
		used += fresh
	}
	return min(1, used/capacity)
}

// acceptAll accepts this tick's submissions without review.
func (m *Model) acceptAll() {
	for i := range m.shards {
		t := &m.shards[i].tasks
		start := 0
		for _, r := range t.runs {
			for k := start; k < int(r.end); k++ {
				m.moduleSubs[r.module]++
				m.accept(t.submission(r, k, m.tick))
			}
			start = int(r.end)
		}
	}
}

// openReview counts this tick's submissions per module and sets the
// tick's conflict terms, newcomer bar and reviewer hours. It records the
// review demand (the cost of the queue and of this tick's submissions) and
// returns the demand of this tick's submissions alone.
func (m *Model) openReview() (fresh float64) {
	r := &m.params.review
	rs := &m.reviewing
	demand := 0.0
	for _, s := range m.queue {
		demand += r.cost(s.Size)
	}
	queued := demand
	for i := range m.shards {
		t := &m.shards[i].tasks
		start := int32(0)
		for _, run := range t.runs {
			m.moduleSubs[run.module] += run.end - start
			start = run.end
		}
		for _, size := range t.size {
			demand += r.cost(size)
		}
	}
	m.counters.reviewDemand = demand
	for k, n := range m.moduleSubs {
		rs.conflictBar[k] = 0
		if n > 1 {
			rs.conflictBar[k] = r.conflict * math.Log(float64(n))
		}
	}
	rs.capacity = m.counters.reviewCapacity
	rs.newcomerBar = r.newcomerStrictness + r.newcomerGrowth*float64(m.tick)/52
	return demand - queued
}

// reviewQueue works through the queue, oldest first, as far as reviewer
// hours go; it returns the submissions that still wait, and the outcomes.
func (m *Model) reviewQueue() (keep []submission, c reviewCounts) {
	keep = m.queue[:0]
	for _, s := range m.queue {
		if m.reviewQueued(s, &c) {
			keep = append(keep, s)
		}
	}
	return keep, c
}

// findWaiting finds which of this tick's submissions, in shard order, the
// reviewer hours left do not reach: they join the queue (keep), or are
// abandoned, and are marked (a negative size) for reviewShard to pass
// over. When the hours cover this tick's demand, fresh, with room to spare
// for rounding, every submission is reviewed and the pass is skipped.
func (m *Model) findWaiting(keep []submission, fresh float64) []submission {
	r := &m.params.review
	rs := &m.reviewing
	rs.allFit = rs.capacity >= fresh*(1+1e-6)
	if rs.allFit {
		return keep
	}
	for i := range m.shards {
		t := &m.shards[i].tasks
		start := 0
		for _, run := range t.runs {
			for k := start; k < int(run.end); k++ {
				cost := r.cost(t.size[k])
				if cost > 0 && rs.capacity < cost {
					if s := t.submission(run, k, m.tick); m.tick-s.Tick >= r.maxWait {
						m.abandon(s)
					} else {
						keep = append(keep, s)
					}
					t.size[k] = -t.size[k]
					continue
				}
				rs.capacity -= cost
			}
			start = int(run.end)
		}
	}
	return keep
}

// closeReview adds the shards' outcomes to the tick's counters and the
// value of this tick's accepted submissions to their modules, in the order
// of a single pass (addValue, with a run's module held in registers).
func (m *Model) closeReview() {
	vph := m.params.review.valuePerHour
	for i := range m.shards {
		sh := &m.shards[i]
		m.counters.add(sh.reviewed)
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
	sh.reviewed = reviewCounts{}
	t := &sh.tasks
	start := 0
	for _, r := range t.runs {
		m.decideRun(r, t.size[start:r.end], t.quality[start:r.end], &sh.reviewed)
		start = int(r.end)
	}
}

// reviewQueued reviews a queued submission s if reviewer hours are left,
// abandons it if it has waited too long, and reports whether it stays in
// the queue.
func (m *Model) reviewQueued(s submission, c *reviewCounts) (waits bool) {
	r := &m.params.review
	rs := &m.reviewing
	cost := r.cost(s.Size)
	if cost > 0 && rs.capacity < cost {
		if m.tick-s.Tick >= r.maxWait {
			m.abandon(s)
			return false
		}
		return true
	}
	rs.capacity -= cost
	if m.decide(s, c) {
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
	bar := r.strictness + m.reviewing.conflictBar[s.Module]
	newcomer := p.Accepted[s.Author] < r.newcomerTasks
	if newcomer {
		bar += m.reviewing.newcomerBar
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

// decideRun is decide on the submissions of one run, in order: one
// author's submissions to one module this tick, sizes and qualities. The
// author's state is read once and written back once (the same arithmetic,
// in the same order, as a decide per submission). A submission that waits
// (negative size) is passed over; a rejected one gets a negative size.
func (m *Model) decideRun(run taskRun, sizes, qualities []float32, c *reviewCounts) {
	r := &m.params.review
	p := &m.pop
	a := run.author
	base := r.strictness + m.reviewing.conflictBar[run.module]
	accepted, contributed, acceptedTick := p.Accepted[a], p.Contributed[a], p.AcceptedTick[a]
	delivered, rejected := int32(0), int32(0)
	for k, size := range sizes {
		if size < 0 {
			continue
		}
		bar := base
		newcomer := accepted < r.newcomerTasks
		if newcomer {
			bar += m.reviewing.newcomerBar
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
