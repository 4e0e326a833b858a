package agents

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// Submission is one finished task waiting in the review queue.
type Submission struct {
	Author  int32
	Module  int32
	Tick    int32   // tick submitted
	Size    float32 // hours of work the task embodies
	Quality float32 // skill minus misfit plus noise, drawn when submitted
}

// Alias is Vose's alias table for drawing a module in O(1) with probability
// proportional to its weight (Vose 1991). It is rebuilt once a tick from the
// modules' traces and read by all shards.
type Alias struct {
	Prob  []float64
	Index []int32
	// keep[i] is ceil(Prob[i] * 2^32): a 32-bit coin c keeps column i
	// exactly when c < keep[i], the same test as c/2^32 < Prob[i] (both
	// sides are exact in float64), made in integers so that Draw needs no
	// branch on a coin toss.
	keep  []uint64
	small []int32
	large []int32
}

// Build fills the table for weights w (all >= 0, not all 0), reusing its
// storage.
func (a *Alias) Build(w []float64) {
	n := len(w)
	if cap(a.Prob) < n {
		a.Prob = make([]float64, n)
		a.Index = make([]int32, n)
		a.keep = make([]uint64, n)
		a.small = make([]int32, 0, n)
		a.large = make([]int32, 0, n)
	}
	a.Prob, a.Index, a.keep = a.Prob[:n], a.Index[:n], a.keep[:n]
	small, large := a.small[:0], a.large[:0]
	var sum float64
	for _, x := range w {
		sum += x
	}
	for i, x := range w {
		a.Prob[i] = x * float64(n) / sum
		a.Index[i] = int32(i)
		if a.Prob[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.Index[s] = l
		a.Prob[l] -= 1 - a.Prob[s]
		if a.Prob[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, l := range large {
		a.Prob[l] = 1
	}
	for _, s := range small {
		a.Prob[s] = 1
	}
	for i, p := range a.Prob {
		a.keep[i] = uint64(math.Ceil(p * (1 << 32)))
	}
	a.small, a.large = small, large
}

// Draw returns a module index.
func (a *Alias) Draw(src *rand.PCG) int32 {
	// One 64-bit draw gives both the column (high bits, by Lemire's
	// multiply-shift) and the coin (low 32 bits).
	u := src.Uint64()
	i, _ := bits.Mul64(u, uint64(len(a.keep)))
	alt := a.Index[i]
	keep := -int32(b2i(uint64(uint32(u)) < a.keep[i])) // all ones to keep i
	return alt ^ (alt^int32(i))&keep
}

// Stream is one random stream seen two ways: the PCG itself, which the
// hot loops read directly through Stream's methods (uniforms, normals,
// bounded integers; a call through rand.Rand goes through the rand.Source
// interface on every draw), and the rand.Rand over it for what they do not
// cover (gonum's distributions at start-up and arrival). Both advance the
// same state, and the methods give rand.Rand's sequences exactly.
type Stream struct {
	PCG  *rand.PCG
	Rand *rand.Rand
}

// Float64 is rand.Rand.Float64 without the interface call: the low 53 bits
// of one draw over 2^53, exactly as math/rand/v2 computes it.
func (s Stream) Float64() float64 {
	return float64(s.PCG.Uint64()<<11>>11) / (1 << 53)
}

// IntN is rand.Rand.IntN without the interface call: a uniform integer in
// [0, n) by Lemire's multiply-shift with rejection, exactly as math/rand/v2
// computes it on 64-bit machines (same sequence, tested). n must be > 0.
func (s Stream) IntN(n int) int {
	u := uint64(n)
	if u&(u-1) == 0 {
		return int(s.PCG.Uint64() & (u - 1))
	}
	hi, lo := bits.Mul64(s.PCG.Uint64(), u)
	if lo < u {
		thresh := -u % u
		for lo < thresh {
			hi, lo = bits.Mul64(s.PCG.Uint64(), u)
		}
	}
	return int(hi)
}

// Commons is the read-only view of the shared resource that the work phase
// reads: it is last tick's state, so shards never see each other's writes.
type Commons struct {
	Difficulty []float32 // each module's difficulty in (0,1)
	Choice     Alias     // stigmergic weights: 1 + stigmergy * trace / mean trace
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

	Granularity    bool
	TaskMu         float64 // log-mean of task size
	TaskSigma      float64
	ShortfallPower float64
	ShortfallInt   int // ShortfallPower as a small integer, or -1 (see IntPower)
	MaxTasks       int
	FitWeight      float64
	QualityNoise   float64

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
func Work(p *Population, lo, hi int, c *Commons, w *WorkParams, tick int32, st Stream, out []Submission) ([]Submission, WorkTotals) {
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
				size = Exp(w.TaskMu + w.TaskSigma*st.Norm())
			}
			finished := true
			if size > left {
				finished = st.Float64() < shortfallChance(left/size, w.ShortfallPower, w.ShortfallInt)
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
func Update(p *Population, lo, hi int, u *UpdateParams, tick int32, st Stream, left []int32) []int32 {
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
				recog := float64(p.Social[i]) * u.Visibility * (1 - Exp(-accepted/u.RecognitionScale))
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
