package sim

import (
	"commonsim/agents"
	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// Mechanism 18, the owner (docs/MODEL.md §3.3.18): many commons have an
// owner, a company that holds the trademark and the copyright of its own
// contributions, employs part of the core and monetises the commons; some
// owners relicensed to capture more of its value (Elasticsearch 2021,
// Terraform 2023, Redis 2024). The owner hires part of the core, pays its
// employees out of what it keeps, and they do not resent its capture
// (mechanism 17); at the relicensing tick its capture rises. A firm is the
// sponsor of all its paid members (owner.sponsors).

// ownerParams are mechanism 18's parameters.
type ownerParams struct {
	scenarios.Owner
}

func newOwnerParams(sc *scenarios.Scenario) ownerParams { return ownerParams{Owner: sc.Owner} }

// captureRate is the platform's capture at tick t: economy.capture_rate,
// or owner.capture_after from the relicensing tick on. The economy and the
// felt unfairness both read it through platformTake.
func (m *Model) captureRate() float64 {
	o := &m.params.owner
	if o.RelicenseTick > 0 && int(m.tick) >= o.RelicenseTick {
		return o.CaptureAfter
	}
	return m.params.economy.CaptureRate
}

// hireCore is the owner's employment: every core member who is not paid
// becomes the owner's employee when its fixed draw is below
// owner.core_share, so about that share of the core is the owner's. The
// draw is a function of the run seed and the contributor's id alone, so
// whether the owner hires it does not depend on when it enters the core.
// An owner that keeps no revenue (no economy, or a capture of 0: before
// relicensing from 0, say) hires no one: it pays its employees out of what
// it keeps, and an employee with no pay would be paid in name only, yet
// marked paid (it works every tick and does not resent the capture).
func (m *Model) hireCore() {
	share := m.params.owner.CoreShare
	if share <= 0 || !m.params.economy.Enabled || m.captureRate() <= 0 {
		return
	}
	p := &m.pop
	for i, r := range p.Role {
		f := p.Flags[i]
		if r == agents.Peripheral || f&agents.Active == 0 || f&agents.Paid != 0 {
			continue
		}
		if rng.Uniform(m.seed, streamOwner, uint64(i)) < share {
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
