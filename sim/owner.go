package sim

import (
	"slices"

	"commonsim/agents"
	"commonsim/internal/rng"
)

// Mechanism 18, the owner (docs/MODEL.md §3.3.18): many commons have an
// owner, a company that holds the trademark and the copyright of its own
// contributions, employs part of the core and monetises the commons; some
// owners relicensed to capture more of its value (Elasticsearch 2021,
// Terraform 2023, Redis 2024). The owner hires part of the core, pays its
// employees out of what it keeps, and they do not resent its capture
// (mechanism 17); at the relicensing tick its capture rises. A firm is the
// sponsor of all its paid members (owner.sponsors).

// captureRate is commons c's platform's capture at tick t: its capture
// rate, or owner.capture_after from its owner's relicensing tick on
// (commons 0 only). The economy and the felt unfairness both read it
// through platformTake.
func (m *Model) captureRate(c *commonsState) float64 {
	in := &c.inst
	if in.relicense > 0 && m.tick >= in.relicense {
		return in.captureNext
	}
	return in.capture
}

// relicense keeps commons c's last open state, every module's value and
// debt, at its owner's relicensing tick: a fork after it copies that
// state, not the relicensed one (docs/MODEL.md §3.3.12). It runs once, in
// the sequential part of the tick that sees the modules at the tick's
// start (arrival's).
func (m *Model) relicense(c *commonsState) {
	if c.inst.relicense == 0 || m.tick != c.inst.relicense || c.openValue != nil {
		return
	}
	lo, hi := m.modules(c)
	c.openValue = slices.Clone(m.value[lo:hi])
	c.openDebt = slices.Clone(m.debt[lo:hi])
	c.relicensedAt = m.tick
}

// hireCore is the owners' employment: in every commons with an owner,
// every core member who is not paid becomes the owner's employee when its
// fixed draw is below the commons' owner core share, so about that share
// of the core is the owner's. The draw is a function of the run seed and
// the contributor's id alone, so whether the owner hires it does not
// depend on when it enters the core. An owner that keeps no revenue (no
// economy, or a capture of 0: before relicensing from 0, say) hires no
// one: it pays its employees out of what it keeps, and an employee with no
// pay would be paid in name only, yet marked paid (it works every tick
// and does not resent the capture).
func (m *Model) hireCore() {
	var share [maxCommons]float64 // each commons' owner's share; 0: it hires no one
	any := false
	for k := range m.cs {
		c := &m.cs[k]
		if c.inst.coreShare > 0 && m.params.economy.Enabled && m.captureRate(c) > 0 {
			share[k] = c.inst.coreShare
			any = true
		}
	}
	if !any {
		return
	}
	p := &m.pop
	for i, r := range p.Role {
		f := p.Flags[i]
		if r == agents.Peripheral || f&agents.Active == 0 || f&agents.Paid != 0 {
			continue
		}
		if rng.Uniform(m.seed, streamOwner, uint64(i)) < share[p.Commons[i]] {
			p.Flags[i] = f | agents.Paid | agents.Owned
		}
	}
}

// ownerWages is the share of its employees' full wages the owner can pay
// out of what it kept this tick, kept / bill (at most 1; 1 with no bill).
func ownerWages(kept, bill float64) float64 {
	if bill <= 0 {
		return 1
	}
	return min(1, kept/bill)
}
