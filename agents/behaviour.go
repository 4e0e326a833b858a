package agents

import (
	"math"

	"commonsim/internal/fastmath"
	"commonsim/internal/rng"
)

// Submission is one finished task waiting in the review queue.
type Submission struct {
	Author  int32
	Module  int32
	Tick    int32   // tick submitted
	Size    float32 // hours of work the task embodies
	Quality float32 // skill minus misfit plus noise, drawn when submitted
}

// Commons is the read-only view of the shared resource that the work phase
// reads: it is last tick's state, so shards never see each other's writes.
type Commons struct {
	Difficulty []float32 // each module's difficulty in (0,1)
	Choice     rng.Alias // stigmergic weights: 1 + stigmergy * trace / mean trace
	TopDebt    []int32   // the quarter of modules with the largest maintenance debt
	TeamSize   float64   // active contributors per manager (hierarchical)
}

// WorkParams are the scenario's parameters for the work phase, resolved
// once per run.
type WorkParams struct {
	Activation      bool
	ActivationScale float64
	Ties            bool
	ActivityBoost   float64
	Fade            int32

	SelfSelection bool
	AssignedShare float64
	TieAttraction float64
	Candidates    int // modules compared for fit: 1 + round(holoptism * 7)

	Granularity  bool
	TaskMu       float64 // log-mean of task size
	TaskSigma    float64
	Shortfall    fastmath.Power // (hours left / size)^shortfall_power
	MaxTasks     int
	FitWeight    float64
	QualityNoise float64

	ReviewShare       float64
	CoordinationHours float64
	ExtraHours        float64 // hours freed by an external basic income
}

// WorkTotals are a shard's sums from the work phase, added up in shard
// order so that the result does not depend on the number of threads.
type WorkTotals struct {
	Workers        int
	HoursWorked    float64
	ReviewCapacity float64
	Assigned       int
}

// Work runs the work phase (MODEL.md §3 step 2) for contributors [lo, hi):
// each active contributor decides whether to work, chooses a module and
// completes tasks, appending its submissions to out. It reads other
// contributors' state only from the previous tick (PrevModule).
func Work(p *Population, lo, hi int, c *Commons, w *WorkParams, tick int32, st rng.Stream, out []Submission) ([]Submission, WorkTotals) {
	var t WorkTotals
	nModules := len(c.Difficulty)
	for i := lo; i < hi; i++ {
		f := p.Flags[i]
		if f&Active == 0 {
			// Departed contributors hold no module, so that a module
			// number always means "worked on it this tick" (ties read it).
			p.Module[i] = -1
			continue
		}
		hours := float64(p.Hours[i]) + w.ExtraHours
		// Reviewers set their review hours aside first (mechanism 5);
		// managers spend theirs on coordination, then review (mechanism 11).
		if f&Reviewer != 0 {
			review := hours * w.ReviewShare
			if p.Role[i] == Manager {
				coord := min(hours, w.CoordinationHours*c.TeamSize)
				review, hours = hours-coord, 0
			} else {
				hours -= review
			}
			t.ReviewCapacity += review
		}
		ties := 0
		if w.Ties {
			ties = p.CountTies(i, tick, w.Fade)
		}
		// Activation (mechanism 2): work with probability scale*engagement,
		// raised by social ties (mechanism 10).
		if w.Activation {
			pw := w.ActivationScale * float64(p.Engagement[i]) * (1 + w.ActivityBoost*float64(ties))
			if st.Float64() >= pw {
				p.Module[i] = -1
				continue
			}
		}
		if hours <= 0 {
			p.Module[i] = -1
			continue
		}
		skill := float64(p.Skill[i])

		// Task choice (mechanism 3).
		var m int32 = -1
		switch {
		case w.AssignedShare > 0 && st.Float64() < w.AssignedShare:
			m = c.TopDebt[st.IntN(len(c.TopDebt))]
			f |= Assigned
			t.Assigned++
		case ties > 0 && w.TieAttraction > 0 && st.Float64() < w.TieAttraction:
			m = p.tiedModule(i, st.IntN(p.MaxTies))
		}
		if m < 0 {
			if w.SelfSelection {
				// Stigmergy draws candidates towards active modules; of the
				// candidates it can see (holoptism), the contributor takes
				// the one that fits its skill best.
				// The misfits compare as their bit patterns (they are
				// >= 0), so the best is kept without a branch on which
				// candidate fits better: a coin toss for the predictor.
				best := uint64(math.MaxUint64)
				for range w.Candidates {
					cand := c.Choice.Draw(st.PCG)
					mis := math.Float64bits(math.Abs(skill - float64(c.Difficulty[cand])))
					better := b2i(mis < best)
					best ^= (best ^ mis) & -uint64(better)
					m ^= (m ^ cand) & -int32(better)
				}
			} else {
				m = int32(st.IntN(nModules))
			}
		}
		misfit := math.Abs(skill - float64(c.Difficulty[m]))

		// Granularity and work (mechanism 4): hours scaled by skill buy
		// tasks; a task bigger than what is left is finished only with a
		// probability that falls with the shortfall (Benkler).
		productivity := 0.5 + skill
		if !w.Granularity {
			// One task of exactly the contributor's hours: the degenerate
			// case in which contributions are proportional to hours.
			productivity = 1
		}
		effective := hours * productivity
		left := effective
		done := int32(0)
		for k := 0; k < w.MaxTasks && left > 0; k++ {
			size := left
			if w.Granularity {
				size = fastmath.Exp(w.TaskMu + w.TaskSigma*st.Norm())
			}
			finished := true
			if size > left {
				finished = st.Float64() < w.Shortfall.Of(left/size)
				left = 0
			} else {
				left -= size
			}
			if !finished {
				break
			}
			q := skill - w.FitWeight*misfit + w.QualityNoise*st.Norm()
			out = append(out, Submission{Author: int32(i), Module: m, Tick: tick, Size: float32(size), Quality: float32(q)})
			done++
		}
		worked := (effective - left) / productivity
		p.HoursWorked[i] = float32(worked)
		p.Submitted[i] += done
		p.Module[i] = m
		p.Flags[i] = f | Worked
		t.Workers++
		t.HoursWorked += worked
	}
	return out, t
}

// UpdateParams are the parameters of the contributor update phase
// (MODEL.md §3 step 6), resolved once per run, plus this tick's totals.
type UpdateParams struct {
	LearningRate    float64
	ReputationDecay float64
	RecentDecay     float64

	Motivation       bool
	Adaptation       float64
	Enjoyment        float64
	AutonomyLoss     float64
	Learning         float64
	Recognition      float64
	RecognitionScale float64 // accepted value that gives 63% of full recognition
	Visibility       float64 // 0.5 + 0.5*holoptism: how much of one's recognition others see
	Income           float64
	EffortCost       float64
	Unfairness       float64
	Burnout          float64
	ReferenceWage    float64

	RejectionPenalty float64
	NewcomerFactor   float64
	AbandonPenalty   float64
	NewcomerTasks    int32

	CrowdingOut   float64
	CrowdingFloor float64

	Exit          bool
	Threshold     float64
	TieProtection float64
	Ties          bool
	Fade          int32
	// Hazard[k] is the base hazard for a contributor with k accepted tasks
	// (a table, so the tick does no math.Pow per contributor); beyond the
	// table's end HazardTail is used.
	Hazard     []float64
	HazardTail func(accepted int32) float64

	// This tick's shared state.
	Paying        bool    // sponsors still pay wages
	CaptureRate   float64 // felt capture
	TotalRecent   float64 // sum over contributors of recent contribution
	TotalReturned float64 // revenue returned to contributors this tick
	Overload      float64 // reviewers' overload in [0,1]
}

// Update applies learning, reputation, crowding out, engagement and exit
// (mechanisms 8 and 9) to contributors [lo, hi) and resets their per-tick
// scratch. It returns the ids of those who left, appended to left.
func Update(p *Population, lo, hi int, u *UpdateParams, tick int32, st rng.Stream, left []int32) []int32 {
	for i := lo; i < hi; i++ {
		f := p.Flags[i]
		if f&Active == 0 {
			continue
		}
		skill := float64(p.Skill[i])
		worked := float64(p.HoursWorked[i])
		accepted := float64(p.AcceptedTick[i])
		p.Skill[i] = float32(skill + u.LearningRate*worked*(1-skill))
		p.Reputation[i] = float32(float64(p.Reputation[i])*(1-u.ReputationDecay) + accepted)
		recent := float64(p.Recent[i]) + accepted

		// Crowding out: pay erodes intrinsic motivation, which does not
		// come back when pay stops (Frey & Jegen 2001; Deci et al. 1999).
		if f&Paid != 0 && u.Paying {
			floor := u.CrowdingFloor * float64(p.Intrinsic0[i])
			p.Intrinsic[i] = float32(max(floor, float64(p.Intrinsic[i])*(1-u.CrowdingOut)))
		}

		e := float64(p.Engagement[i])
		if u.Motivation {
			if f&Worked != 0 {
				enjoy := float64(p.Intrinsic[i])
				if f&Assigned != 0 {
					enjoy *= 1 - u.AutonomyLoss
				}
				recog := float64(p.Social[i]) * u.Visibility * (1 - fastmath.Exp(-accepted/u.RecognitionScale))
				income := float64(p.Extrinsic[i]) * min(1, float64(p.IncomeTick[i])/u.ReferenceWage)
				effort := min(1, worked/max(float64(p.Hours[i]), 1e-9))
				unfair := u.CaptureRate
				if u.TotalReturned > 0 && u.TotalRecent > 0 && recent > 0 {
					gave := recent / u.TotalRecent
					got := float64(p.ReturnedTick[i]) / u.TotalReturned
					unfair += max(0, gave-got) / gave
				}
				burn := 0.0
				if f&Reviewer != 0 {
					burn = u.Overload
				}
				util := u.Enjoyment*enjoy + u.Learning*(1-skill) + u.Recognition*recog + u.Income*income -
					u.EffortCost*effort - u.Unfairness*unfair - u.Burnout*burn
				util = min(1, max(0, util))
				p.Utility[i] = float32(util)
				e += u.Adaptation * (util - e)
			}
			// Rejection and abandonment hurt, newcomers more (Halfaker et al. 2013).
			if r := p.RejectedTick[i]; r > 0 {
				pen := u.RejectionPenalty * float64(r)
				if p.Accepted[i] < u.NewcomerTasks {
					pen *= u.NewcomerFactor
				}
				e -= pen
			}
			e -= u.AbandonPenalty * float64(p.AbandonTick[i])
			e = min(1, max(0, e))
			p.Engagement[i] = float32(e)
		}
		p.Recent[i] = float32(recent * (1 - u.RecentDecay))

		// Exit (mechanism 9): at low engagement, or by a hazard that falls
		// with accepted work and ties (Wilkinson 2008).
		if u.Exit {
			leave := e < u.Threshold
			if !leave {
				acc := p.Accepted[i]
				var h float64
				if int(acc) < len(u.Hazard) {
					h = u.Hazard[acc]
				} else {
					h = u.HazardTail(acc)
				}
				if u.Ties {
					h /= 1 + u.TieProtection*float64(p.TieCount[i])
				}
				leave = st.Float64() < h
			}
			if leave {
				p.Leave(i, tick)
				left = append(left, int32(i))
			}
		}
		p.HoursWorked[i] = 0
		p.AcceptedTick[i], p.IncomeTick[i], p.ReturnedTick[i] = 0, 0, 0
		p.RejectedTick[i], p.AbandonTick[i] = 0, 0
		p.Flags[i] &^= Worked | Assigned
	}
	return left
}
