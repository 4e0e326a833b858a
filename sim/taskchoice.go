package sim

import (
	"math"

	"commonsim/agents"
	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// Mechanism 3, task choice (docs/MODEL.md §3.3.3): self-selection of tasks
// (Benkler, seed 001), guided by stigmergy, the traces of others' activity
// on the modules, and limited by holoptism, how much of the whole a
// contributor can see (seed 002); or assignment by a manager; or the pull
// of ties (Commoners Framework). Before choosing, reviewers set their
// review hours aside, and managers their coordination hours.

// choiceParams are mechanism 3's parameters.
type choiceParams struct {
	selfSelection bool
	assignedShare float64
	tieAttraction float64 // 0 when ties are off
	candidates    int     // modules compared for fit: 1 + round(7 · holoptism)

	reviewShare       float64 // share of a reviewer's hours given to review; 0 when review is off
	coordinationHours float64 // a manager's coordination hours per team member
	extraHours        float64 // hours freed by an external basic income (mechanism 7)
}

func newChoiceParams(sc *scenarios.Scenario) choiceParams {
	t := sc.Tasks
	c := choiceParams{
		selfSelection:     t.SelfSelection,
		assignedShare:     t.AssignedShare,
		candidates:        1 + int(math.Round(t.Holoptism*7)),
		reviewShare:       sc.Review.ReviewShare,
		coordinationHours: sc.Roles.CoordinationHours,
	}
	if sc.Ties.Enabled {
		c.tieAttraction = t.TieAttraction
	}
	if !sc.Review.Enabled {
		c.reviewShare = 0
	}
	if e := sc.Economy; e.Enabled {
		// A full basic income (= reference wage) frees basic_income_hours
		// (seed 004: producers need not sell their time elsewhere).
		c.extraHours = e.BasicIncomeHours * math.Min(1, e.BasicIncome/e.ReferenceWage)
	}
	return c
}

// hoursAvailable returns the hours active contributor i has for tasks this
// tick and the hours it sets aside for review: a reviewer gives
// review_share of its hours to review; a manager spends min(hours,
// coordination_hours · team size) coordinating and the rest reviewing,
// and does no tasks.
func (m *Model) hoursAvailable(i int) (tasks, review float64) {
	p := &m.pop
	c := &m.params.choice
	hours := float64(p.Hours[i]) + c.extraHours
	if p.Flags[i]&agents.Reviewer == 0 {
		return hours, 0
	}
	if p.Role[i] == agents.Manager {
		coord := min(hours, c.coordinationHours*m.now.teamSize)
		return 0, hours - coord
	}
	review = hours * c.reviewShare
	return hours - review, review
}

// teamSize is the active contributors per manager who are not managers
// (hierarchical governance).
func (m *Model) teamSize() float64 {
	p := &m.pop
	managers, members := 0, 0
	for i, r := range p.Role {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		if r == agents.Manager {
			managers++
		} else {
			members++
		}
	}
	return float64(members) / float64(max(1, managers))
}

// chooseModule returns the module contributor i, who has the given live
// ties, works on this tick, and whether a manager assigned it. In order:
//
//  1. with probability assigned_share a manager assigns one of the quarter
//     of modules with the largest maintenance debt (last tick's ranking);
//  2. else, if i has ties, with probability tie_attraction it works where
//     a tie worked last tick: the first found, from a random slot;
//  3. else, with self-selection, the best fit among candidates drawn by
//     stigmergy (bestFit);
//  4. else a module uniformly at random.
func (m *Model) chooseModule(i, ties int, st rng.Stream) (mod int32, assigned bool) {
	p := &m.pop
	c := &m.params.choice
	mod = -1
	switch {
	case c.assignedShare > 0 && st.Float64() < c.assignedShare:
		return m.commons.topDebt[st.IntN(len(m.commons.topDebt))], true
	case ties > 0 && c.tieAttraction > 0 && st.Float64() < c.tieAttraction:
		mod = p.TiedModule(i, st.IntN(p.MaxTies))
	}
	if mod >= 0 {
		return mod, false
	}
	if c.selfSelection {
		return m.commons.bestFit(float64(p.Skill[i]), c.candidates, st), false
	}
	return int32(st.IntN(len(m.commons.difficulty))), false
}

// bestFit draws candidates modules with probability proportional to their
// stigmergic weight and returns the one whose difficulty best fits skill
// (min |skill − difficulty|, the first of equals).
//
// The misfits compare as their bit patterns (they are >= 0), so the best
// is kept without a branch on which candidate fits better: a coin toss
// for the branch predictor.
func (c *commons) bestFit(skill float64, candidates int, st rng.Stream) int32 {
	var best int32 = -1
	bestMisfit := uint64(math.MaxUint64)
	for range candidates {
		cand := c.choice.Draw(st.PCG)
		misfit := math.Float64bits(math.Abs(skill - float64(c.difficulty[cand])))
		better := rng.B2I(misfit < bestMisfit)
		bestMisfit ^= (bestMisfit ^ misfit) & -uint64(better)
		best ^= (best ^ cand) & -int32(better)
	}
	return best
}
