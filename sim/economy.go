package sim

import (
	"commonsim/agents"
	"commonsim/scenarios"
)

// Mechanism 7, the economy (docs/MODEL.md §3.3.7): the commons' users
// bring revenue (the use value someone monetises: advertising, services,
// donations), in proportion to the share of the commons that works; a
// platform captures a share of it (netarchical capture, seed 003) and may
// pay part back (transvestment; a platform co-op); the rest is returned to
// contributors by a redistribution rule (contributive accounting in open
// value networks, or a basic income among contributors). From outside, a
// basic income is paid and sponsors pay wages for sponsored commons hours
// (seed 004: producers' dependence on the market); both buy time through
// the time budget (mechanism 13).

// economyParams are mechanism 7's parameters. Capture, reinvestment and
// the redistribution rule are each commons' (institutions).
type economyParams struct {
	scenarios.Economy
	// recentDecay is the weekly decay of recent work, the weight of
	// proportional redistribution (and of the bus factor): 1/26, about
	// half a year.
	recentDecay float64
}

func newEconomyParams(sc *scenarios.Scenario) economyParams {
	return economyParams{Economy: sc.Economy, recentDecay: 1.0 / 26}
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

// platformTake is what commons c's platform takes of this tick's revenue:
// it captures κR (κ the capture rate of this tick, which the owner may
// raise at its relicensing tick, mechanism 18) and pays back a share
// reinvest of that, so it keeps κ(1 − reinvest)R. keptShare, κ(1 −
// reinvest), is what contributors feel as capture (mechanism 17). The
// economy and the contributors' unfairness read both from here, in the
// same tick.
func (c *commonsState) platformTake(capture, revenue float64) (captured, kept, keptShare float64) {
	captured = capture * revenue
	return captured, captured * (1 - c.inst.reinvest), capture * (1 - c.inst.reinvest)
}

// settleEconomy is step 5, for each commons: revenue R = revenue_per_user
// · U · Ũ / V; the platform's take (platformTake); the rest, R − κ(1 −
// reinvest)R, shared by the redistribution rule's weights; basic income
// and wages, the owner's out of what it keeps (mechanism 18). Both passes
// over the contributors run in shards; the shards' sums are added in
// shard order.
func (m *Model) settleEconomy() {
	e := &m.params.economy
	if !e.Enabled {
		m.now.paying = false
		for k := range m.cs {
			m.cs[k].now.keptShare, m.cs[k].now.totalReturned = 0, 0
		}
		return
	}
	cn := &m.counters
	for k := range m.cs {
		c := &m.cs[k]
		var revenue float64
		if v := m.valueOf(c); v > 0 {
			revenue = e.RevenuePerUser * c.users * m.usableOf(c) / v
		}
		captured, kept, keptShare := c.platformTake(m.captureRate(c), revenue)
		c.counters.revenue = revenue
		c.now.keptShare = keptShare
		c.now.pot = revenue - kept
		cn.revenue += revenue
		cn.captured += captured
		cn.platformKept += kept
	}

	// Pass 1: the weights of the redistribution rule, and the owner's wage
	// bill.
	m.forShards(m.jobs.economyWeights)
	for k := range m.cs {
		c := &m.cs[k]
		var total, recent, bill float64
		for i := range m.shards {
			sc := &m.shards[i].perCommons[k]
			total += sc.weight
			recent += sc.recent
			bill += sc.ownerBill
		}
		_, kept, _ := c.platformTake(m.captureRate(c), c.counters.revenue)
		c.now.ownerPays = ownerWages(kept, bill)
		c.now.totalRecent = recent
		if c.inst.rule == ruleNone || total == 0 {
			c.now.pot = 0
		}
		cn.returned += c.now.pot
		c.now.totalReturned = c.now.pot
		c.now.weight = total
	}
	// Pass 2: pay.
	m.forShards(m.jobs.economyPay)
	for i := range m.shards {
		cn.basicIncome += m.shards[i].basicIncome
		cn.wages += m.shards[i].wages
	}
}

// redistributionWeight is active contributor i's weight under its commons'
// rule, and its recent contribution r (recent work plus this tick's
// accepted value):
//
//   - none: nothing is returned;
//   - equal: 1 for those with r > 0;
//   - proportional: r;
//   - basic_income: 1 for every active contributor.
func (m *Model) redistributionWeight(i int, rule redistributionRule) (w, r float64) {
	p := &m.pop
	r = float64(p.Recent[i]) + float64(p.AcceptedTick[i])
	switch rule {
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

// economyWeightsShard adds up shard k's weights and recent contributions,
// and the full wages of the owners' employees, per commons.
func (m *Model) economyWeightsShard(k int) {
	s := &m.shards[k]
	p := &m.pop
	for c := range m.cs {
		sc := &s.perCommons[c]
		sc.weight, sc.recent, sc.ownerBill = 0, 0, 0
	}
	for i := s.lo; i < s.hi; i++ {
		f := p.Flags[i]
		if f&agents.Active == 0 {
			continue
		}
		cid := p.Commons[i]
		sc := &s.perCommons[cid]
		w, r := m.redistributionWeight(i, m.cs[cid].inst.rule)
		sc.weight += w
		sc.recent += r
		if f&agents.Owned != 0 && m.now.paying {
			b := &m.params.budget.segments[p.Segment[i]]
			sc.ownerBill += min(m.params.budget.ownerHours, b.budget) * b.wage
		}
	}
}

// economyPayShard pays shard k's active contributors: their share of their
// commons' returned revenue (their benefit), the basic income, and, while
// sponsors pay, wages for their sponsored hours at their outside wage (the
// owner's employees: the share of it their owner can pay).
func (m *Model) economyPayShard(k int) {
	e := &m.params.economy
	p := &m.pop
	s := &m.shards[k]
	s.basicIncome, s.wages = 0, 0
	for i := s.lo; i < s.hi; i++ {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		cn := &m.cs[p.Commons[i]]
		var share float64
		if cn.now.pot > 0 {
			w, _ := m.redistributionWeight(i, cn.inst.rule)
			share = cn.now.pot * w / cn.now.weight
		}
		income := share + e.BasicIncome
		s.basicIncome += e.BasicIncome
		if m.now.paying && p.Flags[i]&agents.Paid != 0 {
			b := &m.params.budget.segments[p.Segment[i]]
			hours, pays := b.sponsored, 1.0
			if p.Flags[i]&agents.Owned != 0 {
				hours, pays = m.params.budget.ownerHours, cn.now.ownerPays
			}
			wage := min(hours, b.budget) * b.wage * pays
			income += wage
			s.wages += wage
		}
		p.ReturnedTick[i] = float32(share)
		p.Benefit[i] += share
		p.IncomeTick[i] = float32(income)
	}
}

// ageRecent adds contributor i's recognised work of this tick, a (its
// accepted value and its review work), to its recent work and decays it:
// recent ← (recent + a) · (1 − 1/26).
func (m *Model) ageRecent(i int, a float64) {
	p := &m.pop
	recent := float64(p.Recent[i]) + a
	p.Recent[i] = float32(recent * (1 - m.params.economy.recentDecay))
}
