package sim

import (
	"commonsim/agents"
	"commonsim/internal/fastmath"
	"commonsim/scenarios"
)

// Mechanism 8, motivation and engagement (docs/MODEL.md §3.3.8): peer
// production runs on intrinsic motivation, recognition and reputation
// (seeds 000, 001). After each tick a contributor who worked weighs what
// the tick gave it (enjoyment, learning, recognition, income) against
// what it cost (effort, felt unfairness, burnout), and its engagement moves
// towards that utility; rejection and abandonment hurt, newcomers more
// (Halfaker et al. 2013). Skill grows with practice and reputation with
// accepted work. Pay erodes intrinsic motivation, which does not come back
// when pay stops (crowding out: Frey & Jegen 2001; Deci, Koestner & Ryan
// 1999).

// motivationParams are mechanism 8's parameters.
type motivationParams struct {
	scenarios.Motivation
	reputationDecay  float64 // roles.reputation_decay
	recognitionScale float64 // accepted value that gives 63% of full recognition: task_size_mean · value_per_hour
	visibility       float64 // 0.5 + 0.5 · holoptism: how much of one's work others see
	referenceWage    float64 // economy.reference_wage
	newcomerTasks    int32   // review.newcomer_tasks
}

func newMotivationParams(sc *scenarios.Scenario) motivationParams {
	return motivationParams{
		Motivation:       sc.Motivation,
		reputationDecay:  sc.Roles.ReputationDecay,
		recognitionScale: sc.Tasks.TaskSizeMean * sc.Modules.ValuePerHour,
		visibility:       0.5 + 0.5*sc.Tasks.Holoptism,
		referenceWage:    sc.Economy.ReferenceWage,
		newcomerTasks:    int32(sc.Review.NewcomerTasks),
	}
}

// motivate updates active contributor i after its tick and returns its
// engagement:
//
//   - skill ← skill + learning_rate · hours worked · (1 − skill);
//
//   - reputation ← (1 − reputation_decay) · reputation + a, a the value
//     accepted this tick;
//
//   - while paid, crowding out: I ← max(crowding_floor · I₀, I · (1 −
//     crowding_out));
//
//   - with motivation on, a contributor who worked moves its engagement
//     towards the tick's utility u, e ← e + adaptation · (u − e), where
//
//     u = enjoyment · I · (1 − autonomy_loss · [assigned])
//
//   - learning · (1 − skill)
//
//   - recognition · S · (0.5 + 0.5 · holoptism) · (1 − exp(−a / (task_size_mean · value_per_hour)))
//
//   - income · X · min(1, income / reference_wage)
//     − effort_cost · min(1, hours worked / hours)
//     − unfairness · (κ(1 − reinvest) + gap)
//     − burnout · overload · [reviewer],
//
//     clipped to [0, 1] (skill before learning; gap = max(0, c − b) / c, c
//     the contributor's share of recent contribution and b its share of the
//     revenue returned this tick, 0 when nothing is returned);
//
//   - each rejection costs rejection_penalty (times
//     newcomer_rejection_factor for a newcomer), each abandoned submission
//     abandon_penalty; e stays in [0, 1].
//
// Off, engagement stays as it is. (The utility is computed here rather than
// in a function of its own: a call per worker cost the update a tenth.)
func (m *Model) motivate(i int) float64 {
	p := &m.pop
	u := &m.params.motivation
	f := p.Flags[i]
	skill := float64(p.Skill[i])
	worked := float64(p.HoursWorked[i])
	accepted := float64(p.AcceptedTick[i])
	p.Skill[i] = float32(skill + u.LearningRate*worked*(1-skill))
	p.Reputation[i] = float32(float64(p.Reputation[i])*(1-u.reputationDecay) + accepted)
	if f&agents.Paid != 0 && m.now.paying {
		floor := u.CrowdingFloor * float64(p.Intrinsic0[i])
		p.Intrinsic[i] = float32(max(floor, float64(p.Intrinsic[i])*(1-u.CrowdingOut)))
	}

	e := float64(p.Engagement[i])
	if !u.Enabled {
		return e
	}
	if f&agents.Worked != 0 {
		now := &m.now
		enjoy := float64(p.Intrinsic[i])
		if f&agents.Assigned != 0 {
			enjoy *= 1 - u.AutonomyLoss
		}
		recog := float64(p.Social[i]) * u.visibility * (1 - fastmath.Exp(-accepted/u.recognitionScale))
		income := float64(p.Extrinsic[i]) * min(1, float64(p.IncomeTick[i])/u.referenceWage)
		effort := min(1, worked/max(float64(p.Hours[i]), 1e-9))
		unfair := now.keptShare
		if recent := float64(p.Recent[i]) + accepted; now.totalReturned > 0 && now.totalRecent > 0 && recent > 0 {
			gave := recent / now.totalRecent
			got := float64(p.ReturnedTick[i]) / now.totalReturned
			unfair += max(0, gave-got) / gave
		}
		burn := 0.0
		if f&agents.Reviewer != 0 {
			burn = now.overload
		}
		util := u.Enjoyment*enjoy + u.Learning*(1-skill) + u.Recognition*recog + u.Income*income -
			u.EffortCost*effort - u.Unfairness*unfair - u.Burnout*burn
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
	return e
}
