package sim

import (
	"commonsim/agents"
	"commonsim/internal/fastmath"
	"commonsim/scenarios"
)

// Mechanism 8, motivation and engagement (docs/MODEL.md §3.3.8): peer
// production runs on intrinsic motivation, recognition and reputation
// (seeds 000, 001). After each tick a contributor who worked weighs what
// the tick gave it (enjoyment, learning, recognition, income relative to
// its living cost) against what it cost (effort, felt unfairness,
// mechanism 17, and strain, mechanism 16), and its engagement moves
// towards that utility; rejection and abandonment hurt, newcomers more
// (Halfaker et al. 2013). Skill grows with practice and reputation with
// recognised work: accepted value and review, which is work (mechanism 5).
// Recognition raises commitment (mechanism 14). Pay erodes intrinsic
// motivation, which does not come back when pay stops (crowding out: Frey
// & Jegen 2001; Deci, Koestner & Ryan 1999; in the field, GitHub Sponsors
// money cut maintainers' new repositories by about 16%: Conti et al.
// 2023).

// motivationParams are mechanism 8's parameters.
type motivationParams struct {
	scenarios.Motivation
	reputationDecay  float64 // roles.reputation_decay
	recognitionScale float64 // recognised value that gives 63% of full recognition: task_size_mean · value_per_hour
	visibility       float64 // 0.5 + 0.5 · holoptism: how much of one's work others see
	valuePerHour     float64 // modules.value_per_hour: the value of an hour of review work
	livingCost       [agents.NumSegments]float64
	newcomerTasks    int32 // review.newcomer_tasks
}

func newMotivationParams(sc *scenarios.Scenario) motivationParams {
	u := motivationParams{
		Motivation:       sc.Motivation,
		reputationDecay:  sc.Roles.ReputationDecay,
		recognitionScale: sc.Tasks.TaskSizeMean * sc.Modules.ValuePerHour,
		visibility:       0.5 + 0.5*sc.Tasks.Holoptism,
		valuePerHour:     sc.Modules.ValuePerHour,
		newcomerTasks:    int32(sc.Review.NewcomerTasks),
	}
	for k, s := range segmentsOf(sc) {
		u.livingCost[k] = s.LivingCost
	}
	return u
}

// updateTotals are a shard's sums from the update phase, for the metrics.
type updateTotals struct {
	members     [agents.NumSegments]int
	given       [agents.NumSegments]float64 // hours given: task and review
	incomeShare [agents.NumSegments]float64 // income / living cost
	reviewHours float64
	paidHours   float64 // hours given by paid contributors
}

// motivate updates active contributor i of commons c after its tick, adds it to the
// shard's totals t, and returns its engagement, its strain and its
// recognised work of the tick, a = accepted value + review hours ·
// value_per_hour (its review hours being the share of the hours it set
// aside that the queue used):
//
//   - reviewed ← reviewed + review hours;
//
//   - skill ← skill + learning_rate · hours worked · (1 − skill);
//
//   - reputation ← (1 − reputation_decay) · reputation + a;
//
//   - while paid, crowding out: I ← max(crowding_floor · I₀, I · (1 −
//     crowding_out));
//
//   - commitment (mechanism 14) with recognition ρ = 1 − exp(−a /
//     (task_size_mean · value_per_hour)), and strain (mechanism 16);
//
//   - with motivation on, a contributor who worked moves its engagement
//     towards the tick's utility u, e ← e + adaptation · (u − e), where
//
//     u = enjoyment · I · (1 − autonomy_loss · [assigned])
//
//   - learning · (1 − skill)
//
//   - recognition · S · (0.5 + 0.5 · holoptism) · ρ
//
//   - income · X · min(1, income / living cost)
//     − effort_cost · min(1, hours worked / hours)
//     − burnout.utility · strain
//     − fairness.weight · felt unfairness,
//
//     clipped to [0, 1] (skill before learning);
//
//   - each rejection costs rejection_penalty (times
//     newcomer_rejection_factor for a newcomer), each abandoned submission
//     abandon_penalty; e stays in [0, 1].
//
// Off, engagement stays as it is. (The utility is computed here rather than
// in a function of its own: a call per worker cost the update a tenth.)
func (m *Model) motivate(i int, c *commonsState, t *updateTotals) (e, strainNow, a float64) {
	p := &m.pop
	u := &m.params.motivation
	now := &c.now
	f := p.Flags[i]
	seg := p.Segment[i]
	skill := float64(p.Skill[i])
	worked := float64(p.HoursWorked[i])
	capacity, _ := reviewHours(p.Hours[i], f&agents.Reviewer != 0, p.Role[i] == agents.Manager,
		now.reviewShare, m.params.choice.coordinationHours, now.teamSize)
	review := capacity * now.reviewUsed
	p.Reviewed[i] += float32(review)
	a = float64(p.AcceptedTick[i]) + review*u.valuePerHour
	p.Skill[i] = float32(skill + u.LearningRate*worked*(1-skill))
	p.Reputation[i] = float32(float64(p.Reputation[i])*(1-u.reputationDecay) + a)
	recent := float64(p.Recent[i]) + a
	living := max(u.livingCost[seg], 1e-9)
	t.members[seg]++
	t.given[seg] += worked + review
	t.reviewHours += review
	if f&agents.Paid != 0 {
		t.paidHours += worked + review
	}
	t.incomeShare[seg] += float64(p.IncomeTick[i]) / living

	if f&agents.Paid != 0 && m.now.paying {
		floor := u.CrowdingFloor * float64(p.Intrinsic0[i])
		p.Intrinsic[i] = float32(max(floor, float64(p.Intrinsic[i])*(1-u.CrowdingOut)))
	}
	// Recognition, 1 − exp(−a / scale): 0 without recognised work (most
	// of those who did not work), without the exponential.
	recognised := 0.0
	if a > 0 {
		recognised = 1 - fastmath.Exp(-a/u.recognitionScale)
	}
	if c := &m.params.commitment; c.enabled {
		p.Commitment[i] = float32(commit(float64(p.Commitment[i]), p.Commitment0[i].Float(), recognised, c.growth, c.relax))
	}
	if b := &m.params.burnout; b.enabled {
		load := 0.0
		if f&agents.Reviewer != 0 {
			load = now.overload
		}
		p.Strain[i] = agents.ToUnit(strain(p.Strain[i].Float(), load, b.rate))
		strainNow = p.Strain[i].Float()
	}

	e = float64(p.Engagement[i])
	if !u.Enabled {
		return e, strainNow, a
	}
	if f&agents.Worked != 0 {
		enjoy := float64(p.Intrinsic[i])
		if f&agents.Assigned != 0 {
			enjoy *= 1 - u.AutonomyLoss
		}
		recog := float64(p.Social[i]) * u.visibility * recognised
		income := float64(p.Extrinsic[i]) * min(1, float64(p.IncomeTick[i])/living)
		effort := min(1, worked/max(float64(p.Hours[i]), 1e-9))
		util := u.Enjoyment*enjoy + u.Learning*(1-skill) + u.Recognition*recog + u.Income*income -
			u.EffortCost*effort - m.params.burnout.utility*strainNow
		if fa := &m.params.fairness; fa.enabled {
			gave, got := 0.0, 0.0
			if now.totalRecent > 0 {
				gave = recent / now.totalRecent
			}
			if now.totalReturned > 0 {
				got = float64(p.ReturnedTick[i]) / now.totalReturned
			}
			util -= fa.weight * feltUnfairness(now.keptShare, f&agents.Owned != 0, gave, got, now.totalReturned > 0)
		}
		util = min(1, max(0, util))
		p.Utility[i] = float32(util)
		e += u.Adaptation * (util - e)
	}
	if r := p.RejectedTick[i]; r > 0 {
		pen := u.RejectionPenalty * float64(r)
		if p.Accepted[i] < u.newcomerTasks {
			pen *= u.NewcomerRejectionFactor
		}
		e -= pen
	}
	e -= u.AbandonPenalty * float64(p.AbandonTick[i])
	e = min(1, max(0, e))
	p.Engagement[i] = float32(e)
	return e, strainNow, a
}
