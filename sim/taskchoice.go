package sim

import (
	"math"

	"commonsim/agents"
	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// Mechanism 3, task choice (docs/MODEL.md §3.3.3): self-selection of tasks
// (Benkler, seed 001), guided by stigmergy, the signal of others' activity
// on the modules and of their visible need (Wulczyn et al. 2016), and
// limited by holoptism, how much of the whole a contributor can see (seed
// 002); or assignment by a manager; or the pull of ties (Commoners
// Framework); and by familiarity, the modules one knows (mechanism 15).
// Before choosing, reviewers set their review hours aside (stretched when
// they were overloaded), and managers their coordination hours.

// choiceParams are mechanism 3's parameters.
type choiceParams struct {
	selfSelection bool
	assignedShare float64
	tieAttraction float64 // 0 when ties are off
	candidates    int     // modules compared for fit: 1 + round(7 · holoptism)

	reviewShare       float64 // share of a reviewer's hours given to review; 0 when review is off
	stretch           float64 // review.stretch: how much of the rest overloaded reviewers turn to review
	coordinationHours float64 // a manager's coordination hours per team member
}

func newChoiceParams(sc *scenarios.Scenario) choiceParams {
	t := sc.Tasks
	c := choiceParams{
		selfSelection:     t.SelfSelection,
		assignedShare:     t.AssignedShare,
		candidates:        1 + int(math.Round(t.Holoptism*7)),
		reviewShare:       sc.Review.ReviewShare,
		stretch:           sc.Review.Stretch,
		coordinationHours: sc.Roles.CoordinationHours,
	}
	if sc.Ties.Enabled {
		c.tieAttraction = t.TieAttraction
	}
	if !sc.Review.Enabled {
		c.reviewShare = 0
	}
	return c
}

// tickReviewShare is this tick's share of a reviewer's hours given to
// review: review_share, stretched towards 1 by last tick's overload o,
// review_share + stretch · (1 − review_share) · o. An overloaded core turns
// from its own tasks to review (Eghbal 2020) and carries the strain
// (mechanism 16).
func (c *choiceParams) tickReviewShare(overload float64) float64 {
	return c.reviewShare + c.stretch*(1-c.reviewShare)*overload
}

// reviewHours splits commons hours into the review hours a contributor
// sets aside and the task hours left: a reviewer reviews the share share
// of them; a manager spends min(hours, coordination_hours · team size)
// coordinating, reviews the rest and does no tasks. The work phase and the
// update phase (which records review as work, mechanism 5) both call it
// with the same arguments.
func reviewHours(hours32 float32, reviewer, manager bool, share, coordination, team float64) (review, tasks float64) {
	hours := float64(hours32)
	if !reviewer {
		return 0, hours
	}
	if manager {
		return hours - min(hours, coordination*team), 0
	}
	review = hours * share
	return review, hours - review
}

// hoursAvailable returns the hours active contributor i, of commons c,
// has for tasks this tick and the hours it sets aside for review
// (reviewHours), from its commons hours (budgetHours, mechanism 13); and,
// for the metrics and activation, its outside hours and sponsored hours.
func (m *Model) hoursAvailable(i int, c *commonsState) (tasks, review, outside, sponsored float64) {
	p := &m.pop
	hours, outside, sponsored := m.budgetHours(i, c)
	review, tasks = reviewHours(hours, p.Flags[i]&agents.Reviewer != 0, p.Role[i] == agents.Manager,
		c.now.reviewShare, m.params.choice.coordinationHours, c.now.teamSize)
	return tasks, review, outside, sponsored
}

// countTeams sets every commons' team size: its active non-managers per
// manager (hierarchical governance).
func (m *Model) countTeams() {
	p := &m.pop
	counts := m.teamCounts[:len(m.cs)]
	clear(counts)
	for i, r := range p.Role {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		n := &counts[p.Commons[i]]
		if r == agents.Manager {
			n[0]++
		} else {
			n[1]++
		}
	}
	for k := range m.cs {
		m.cs[k].now.teamSize = float64(counts[k][1]) / float64(max(1, counts[k][0]))
	}
}

// chooseModule returns the module contributor i, of commons c, who has
// the given live ties, works on this tick, and whether a manager assigned
// it. In order:
//
//  1. with probability assigned_share a manager assigns one of the quarter
//     of c's modules with the largest need (last tick's ranking);
//  2. else, if i has ties, with probability tie_attraction it works where
//     a tie worked last tick: the first found, from a random slot, if that
//     module is c's (a tie in another commons shows none of c's);
//  3. else, with self-selection, the best of the candidates drawn by
//     stigmergy and its familiar one (bestFit);
//  4. else a module of c uniformly at random: blind work.
func (m *Model) chooseModule(i, ties int, st rng.Stream, c *commonsState) (mod int32, assigned bool) {
	p := &m.pop
	ch := &m.params.choice
	mod = -1
	switch {
	case ch.assignedShare > 0 && st.Float64() < ch.assignedShare:
		return c.view.topNeed[st.IntN(len(c.view.topNeed))], true
	case ties > 0 && ch.tieAttraction > 0 && st.Float64() < ch.tieAttraction:
		mod = p.TiedModule(i, st.IntN(p.MaxTies))
		if uint32(mod-c.base) >= uint32(c.view.count) {
			mod = -1 // none, or another commons' module
		}
	}
	if mod >= 0 {
		return mod, false
	}
	if ch.selfSelection {
		return m.bestFit(i, st, c), false
	}
	return c.base + int32(st.IntN(c.view.count)), false
}

// bestFit draws candidates among commons c's modules with probability
// proportional to their stigmergic weight w_m, adds contributor i's
// familiar candidate (mechanism 15), compared first, and returns the one
// with the least misfit / w_m: the best fit, a strong signal making up for
// a worse one, so that the signal counts even for a contributor who sees
// the whole (the first of equals). The familiar candidate's misfit is its
// effective misfit.
//
// The scores compare as their bit patterns (they are >= 0), so the best
// is kept without a branch on which candidate is better: a coin toss for
// the branch predictor.
func (m *Model) bestFit(i int, st rng.Stream, c *commonsState) int32 {
	v := &c.view
	skill := float64(m.pop.Skill[i])
	var best int32 = -1
	bestScore := uint64(math.MaxUint64)
	if fa := &m.params.familiarity; fa.enabled {
		if mod, n := m.familiarCandidate(i, st); mod >= 0 {
			best = mod
			bestScore = math.Float64bits(max(0, misfit(skill, v.difficulty[mod])-fa.bonus(n)) / v.signal[mod])
		}
	}
	for range m.params.choice.candidates {
		cand := c.base + v.choice.Draw(st.PCG)
		score := math.Float64bits(misfit(skill, v.difficulty[cand]) / v.signal[cand])
		better := rng.B2I(score < bestScore)
		bestScore ^= (bestScore ^ score) & -uint64(better)
		best ^= (best ^ cand) & -int32(better)
	}
	return best
}

// misfit is how badly a module of difficulty d fits a contributor of the
// given skill: |skill − d|.
func misfit(skill float64, d float32) float64 {
	return math.Abs(skill - float64(d))
}
