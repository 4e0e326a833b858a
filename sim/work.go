package sim

import (
	"math"

	"commonsim/internal/fastmath"
	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// Mechanism 4, granularity and work (docs/MODEL.md §3.3.4): Benkler's
// granularity (seed 001). Work comes in tasks of lognormal size; a
// contributor takes them one after another until its hours run out, and a
// task bigger than what is left is finished only with a probability that
// falls with the shortfall: with coarse tasks, the long tail of people with
// an hour to spare cannot take part. Each finished task is a submission
// whose quality falls with the misfit between skill and the module's
// difficulty.

// workParams are mechanism 4's parameters.
type workParams struct {
	granularity  bool
	taskMu       float64 // log-mean of task size: ln(task_size_mean) − σ²/2
	taskSigma    float64
	shortfall    fastmath.Power // (hours left / size)^shortfall_power
	maxTasks     int
	fitWeight    float64
	qualityNoise float64 // review.quality_noise
}

func newWorkParams(sc *scenarios.Scenario) workParams {
	t := sc.Tasks
	return workParams{
		granularity:  t.Granularity,
		taskMu:       math.Log(t.TaskSizeMean) - t.TaskSizeSigma*t.TaskSizeSigma/2,
		taskSigma:    t.TaskSizeSigma,
		shortfall:    fastmath.NewPower(t.ShortfallPower),
		maxTasks:     t.MaxTasks,
		fitWeight:    t.FitWeight,
		qualityNoise: sc.Review.QualityNoise,
	}
}

// submission is one finished task: it waits for review (mechanism 5).
type submission struct {
	Author  int32
	Module  int32
	Tick    int32   // tick submitted
	Size    float32 // hours of work the task embodies
	Quality float32 // skill minus misfit plus noise, drawn when submitted
}

// completeTasks is contributor i's work on module mod with the given hours
// (its task hours, mechanism 13):
// effective hours E = hours · (0.5 + skill) buy tasks, at most max_tasks;
// a task that fits in what is left, L, is finished; one that does not is
// finished with probability (L / size)^shortfall_power and ends the tick's
// work either way. Each finished task is appended to out with quality
// skill − fit_weight · μ + N(0, quality_noise), μ its effective misfit
// (mechanism 15). It returns out and the
// hours worked, (E − L) / (0.5 + skill).
//
// With granularity off the contributor does one task of exactly its hours
// (productivity 1): contributions are then proportional to hours, the
// degenerate case of docs/MODEL.md §4.
func (m *Model) completeTasks(i int, mod int32, hours float64, st rng.Stream, out []submission) ([]submission, float64) {
	p := &m.pop
	w := &m.params.work
	skill := float64(p.Skill[i])
	misfit := m.effectiveMisfit(i, mod) // mechanism 15: familiarity lowers it
	productivity := 0.5 + skill
	if !w.granularity {
		productivity = 1
	}
	effective := hours * productivity
	left := effective
	done := int32(0)
	for k := 0; k < w.maxTasks && left > 0; k++ {
		size := left
		if w.granularity {
			size = fastmath.Exp(w.taskMu + w.taskSigma*st.Norm())
		}
		finished := true
		if size > left {
			finished = st.Float64() < w.shortfall.Of(left/size)
			left = 0
		} else {
			left -= size
		}
		if !finished {
			break
		}
		q := skill - w.fitWeight*misfit + w.qualityNoise*st.Norm()
		out = append(out, submission{Author: int32(i), Module: mod, Tick: m.tick, Size: float32(size), Quality: float32(q)})
		done++
	}
	worked := (effective - left) / productivity
	p.HoursWorked[i] = float32(worked)
	p.Submitted[i] += done
	return out, worked
}
