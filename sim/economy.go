package sim

import (
	"commonsim/agents"
	"commonsim/scenarios"
)

// Mechanism 7, the economy (docs/MODEL.md §3.3.7): the commons' value
// yields revenue (the use value someone monetises); a platform captures a
// share of it (netarchical capture, seed 003) and may pay part back
// (transvestment; a platform co-op); the rest is returned to contributors
// by a redistribution rule (contributive accounting in open value
// networks, or a basic income among contributors). From outside, a basic
// income frees hours for the commons and sponsors pay wages (seed 004:
// producers' dependence on the market).

// economyParams are mechanism 7's parameters.
type economyParams struct {
	scenarios.Economy
	rule redistributionRule
	// recentDecay is the weekly decay of recent work, the weight of
	// proportional redistribution (and of the bus factor): 1/26, about
	// half a year.
	recentDecay float64
}

func newEconomyParams(sc *scenarios.Scenario) economyParams {
	return economyParams{Economy: sc.Economy, rule: parseRule(sc.Economy.Redistribution), recentDecay: 1.0 / 26}
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

// platformTake is what the platform takes of this tick's revenue: it
// captures κR (capture_rate) and pays back a share reinvest of that, so it
// keeps κ(1 − reinvest)R. keptShare, κ(1 − reinvest), is what
// contributors feel as capture (mechanism 8). The economy and the
// contributors' unfairness read both from here, in the same tick.
func (e *economyParams) platformTake(revenue float64) (captured, kept, keptShare float64) {
	captured = e.CaptureRate * revenue
	return captured, captured * (1 - e.Reinvest), e.CaptureRate * (1 - e.Reinvest)
}

// settleEconomy is step 5: revenue R = revenue_per_value · V; the
// platform's take (platformTake); the rest, R − κ(1 − reinvest)R, shared
// by the redistribution rule's weights; basic income and wages. Both passes
// over the contributors run in shards; the shards' sums are added in shard
// order.
func (m *Model) settleEconomy() {
	e := &m.params.economy
	now := &m.now
	if !e.Enabled {
		now.paying, now.keptShare, now.totalReturned = false, 0, 0
		return
	}
	c := &m.counters
	c.revenue = e.RevenuePerValue * m.Value()
	c.captured, c.platformKept, now.keptShare = e.platformTake(c.revenue)
	pot := c.revenue - c.platformKept
	now.paying = e.SponsorshipEnds == 0 || int(m.tick) < e.SponsorshipEnds

	// Pass 1: the weights of the redistribution rule.
	m.forShards(m.jobs.economyWeights)
	var total, recent float64
	for i := range m.shards {
		total += m.shards[i].weight
		recent += m.shards[i].recent
	}
	now.totalRecent = recent
	if e.rule == ruleNone || total == 0 {
		pot = 0
	}
	c.returned = pot
	now.totalReturned = pot
	now.pot, now.weight = pot, total
	// Pass 2: pay.
	m.forShards(m.jobs.economyPay)
	for i := range m.shards {
		c.basicIncome += m.shards[i].basicIncome
		c.wages += m.shards[i].wages
	}
}

// redistributionWeight is active contributor i's weight under the rule,
// and its recent contribution r (recent work plus this tick's accepted
// value):
//
//   - none: nothing is returned;
//   - equal: 1 for those with r > 0;
//   - proportional: r;
//   - basic_income: 1 for every active contributor.
func (m *Model) redistributionWeight(i int) (w, r float64) {
	p := &m.pop
	r = float64(p.Recent[i]) + float64(p.AcceptedTick[i])
	switch m.params.economy.rule {
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

// economyWeightsShard adds up shard k's weights and recent contributions.
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

// economyPayShard pays shard k's active contributors: their share of the
// returned revenue (their benefit), the basic income, and wages while
// sponsors pay.
func (m *Model) economyPayShard(k int) {
	e := &m.params.economy
	now := &m.now
	p := &m.pop
	s := &m.shards[k]
	s.basicIncome, s.wages = 0, 0
	for i := s.lo; i < s.hi; i++ {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		var share float64
		if now.pot > 0 {
			w, _ := m.redistributionWeight(i)
			share = now.pot * w / now.weight
		}
		income := share + e.BasicIncome
		s.basicIncome += e.BasicIncome
		if now.paying && p.Flags[i]&agents.Paid != 0 {
			income += e.Wage
			s.wages += e.Wage
		}
		p.ReturnedTick[i] = float32(share)
		p.Benefit[i] += share
		p.IncomeTick[i] = float32(income)
	}
}

// ageRecent adds contributor i's accepted value of this tick to its recent
// work and decays it: recent ← (recent + a) · (1 − 1/26).
func (m *Model) ageRecent(i int) {
	p := &m.pop
	recent := float64(p.Recent[i]) + float64(p.AcceptedTick[i])
	p.Recent[i] = float32(recent * (1 - m.params.economy.recentDecay))
}
