package sim

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"commonsim/agents"
	"commonsim/scenarios"
)

// Mechanism 1, users and arrival (docs/MODEL.md §3.3.1). An open commons
// (seed 000) draws users, most of whom only use it (the 1-9-90 pattern):
// the user base moves towards a capacity that saturates with the commons'
// usable value (what its debt leaves usable, mechanism 6) and that a
// platform's reach widens (mechanism 7), and a Poisson stream of users
// applies to contribute. An entry
// barrier, the a-priori credential filter that peer production replaces
// with a-posteriori review (seed 002), turns away applicants below a skill
// threshold. Newcomers' traits are drawn as in §3.1.

// arrivalParams are mechanism 1's parameters, and what a newcomer is drawn
// from.
type arrivalParams struct {
	scenarios.Arrival
	segments   scenarios.Segments
	engagement float32 // a newcomer's engagement (motivation.initial_engagement)
}

func newArrivalParams(sc *scenarios.Scenario) arrivalParams {
	return arrivalParams{
		Arrival:    sc.Arrival,
		segments:   sc.Segments,
		engagement: float32(sc.Motivation.InitialEngagement),
	}
}

// arrive is step 1: each commons' user base moves towards its share of
// the pool, K_c = s_c · potential_users · (1 + reach_c) · Ũ_c / (Ũ_c +
// value_half), Ũ_c its usable value and s_c its attractiveness (1 with
// one commons; mechanism 19); Poisson(conversion_rate · Σ users) users
// apply, each joins a commons by attractiveness (with more than one
// open), and those with skill below entry_barrier are turned away.
func (m *Model) arrive() {
	a := &m.params.arrival
	if !a.Enabled {
		return
	}
	m.seq.Reseed(m.seed, streamArrival, m.tick, 0)
	several := m.attract()
	var users float64
	for k := range m.cs {
		c := &m.cs[k]
		if c.closed {
			continue
		}
		v := m.usableOf(c)
		capacity := c.share * a.PotentialUsers * (1 + c.inst.reach) * v / (v + a.ValueHalf)
		c.users += a.UserGrowth * (capacity - c.users)
		users += c.users
	}
	lambda := a.ConversionRate * users
	if lambda <= 0 {
		return
	}
	n := int(distuv.Poisson{Lambda: lambda, Src: m.seq.Rand}.Rand())
	m.pop.Grow(n)
	choice := m.ecosystem.choice
	if several {
		choice.Reseed(m.seed, streamChoice, m.tick, 0)
	}
	for range n {
		c := &m.cs[0]
		if several {
			c = m.chooseCommons(choice)
		}
		nc := m.draw(m.seq.Rand, c)
		if float64(nc.Skill) < a.EntryBarrier {
			m.counters.turnedAway++
			continue
		}
		m.pop.Add(nc, a.engagement, m.tick)
		m.counters.arrivals++
		c.counters.arrivals++
	}
}

// draw returns the traits of a newcomer to commons c (docs/MODEL.md
// §3.1): a segment by the shares, motivation weights Beta distributed
// around the segment's means, lognormal commitment (capped at 1: a few
// are intense from day one, Panciera et al. 2009) and Beta distributed
// skill; paid with the segment's paid_share, and then the owner's
// employee if c's owner is a firm.
func (m *Model) draw(rng *rand.Rand, commons *commonsState) agents.Newcomer {
	seg := &m.params.arrival.segments
	u := rng.Float64()
	var s scenarios.Segment
	var id agents.Segment
	switch {
	case u < seg.Volunteer.Share:
		s, id = seg.Volunteer, agents.Volunteer
	case u < seg.Volunteer.Share+seg.Student.Share:
		s, id = seg.Student, agents.Student
	default:
		s, id = seg.Employee, agents.Employee
	}
	src := rng // *rand.Rand is a rand.Source (it has Uint64)
	c := agents.Newcomer{
		Segment:    id,
		Intrinsic:  float32(beta(s.Intrinsic, src)),
		Social:     float32(beta(s.Social, src)),
		Extrinsic:  float32(beta(s.Extrinsic, src)),
		Commitment: float32(lognormalShare(s.Commitment, s.CommitmentSigma, rng.NormFloat64())),
		Skill:      float32(min(0.99, max(0.01, beta(s.Skill, src)))),
		Paid:       rng.Float64() < s.PaidShare,
		Commons:    uint8(commons.id),
	}
	c.Owned = c.Paid && commons.inst.firm
	return c
}

// lognormalShare is median · exp(sigma z), capped at 1.
func lognormalShare(median, sigma, z float64) float64 {
	return min(1, median*math.Exp(sigma*z))
}

// betaConcentration is alpha+beta of the Beta distributions of traits:
// 10 gives a standard deviation of about 0.15 around a mean of 0.5.
const betaConcentration = 10

// beta draws from the Beta distribution with the given mean and
// concentration betaConcentration.
func beta(mean float64, src rand.Source) float64 {
	if mean <= 0 {
		return 0
	}
	if mean >= 1 {
		return 1
	}
	return distuv.Beta{Alpha: mean * betaConcentration, Beta: (1 - mean) * betaConcentration, Src: src}.Rand()
}
