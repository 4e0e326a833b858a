package sim

import (
	"math"
	"slices"

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

// submission is one finished task waiting in the review queue from an
// earlier tick (mechanism 5).
type submission struct {
	Author  int32
	Module  int32
	Tick    int32   // tick submitted
	Size    float32 // hours of work the task embodies
	Quality float32 // skill minus misfit plus noise, drawn when submitted
}

// tasks are a shard's finished tasks of this tick, in contributor order,
// as runs: a contributor works on one module a tick, so its tasks share
// author, module and tick, which are kept once per run (8 bytes a task and
// 12 a run, against 20 a task as submissions: the review reads them in
// several passes, and at 4 or 5 tasks per worker that traffic counts).
// Review marks a task it does not accept, now or yet, by negating its size
// (sizes are > 0).
type tasks struct {
	runs    []taskRun
	size    []float32 // hours of work each task embodies
	quality []float32 // skill minus misfit plus noise, drawn when submitted
}

// taskRun is one contributor's tasks of a tick: size[start:end] and
// quality[start:end], start being the previous run's end (0 for the first).
type taskRun struct {
	author, module, end int32
}

// reset empties the buffers for a new tick. It keeps room for a tick with
// a quarter more work than the last plus slack tasks, and when there is
// less it makes room for two and a half times the last tick's work: a
// shard's buffers then grow in one or two large steps early in a run (at
// the start of a tick, not as they fill), and not again unless the work
// doubles. Without it, append's growth for large slices (a quarter at a
// time) reallocates every few ticks while commitment, and with it the
// work, keeps rising, for a hundred ticks after the founding
// (docs/PERFORMANCE.md, allocations per tick).
func (t *tasks) reset(slack int) {
	t.runs = reserve(t.runs[:0], len(t.runs), slack)
	t.size = reserve(t.size[:0], len(t.size), slack)
	t.quality = reserve(t.quality[:0], len(t.quality), slack)
}

// reserve returns the empty buffer s with room for last + last/4 + slack
// elements, reallocated for 2.5 last + slack if it had less.
func reserve[E any](s []E, last, slack int) []E {
	if cap(s) < last+last/4+slack {
		return make([]E, 0, last*5/2+slack)
	}
	return s
}

func (t *tasks) len() int { return len(t.size) }

// bytes is the memory the buffers hold.
func (t *tasks) bytes() int { return cap(t.runs)*12 + cap(t.size)*4 + cap(t.quality)*4 }

// submission is task k of run r, as it joins the queue.
func (t *tasks) submission(r taskRun, k int, tick int32) submission {
	return submission{Author: r.author, Module: r.module, Tick: tick, Size: t.size[k], Quality: t.quality[k]}
}

// completeTasks is contributor i's work on module mod with the given hours
// (its task hours, mechanism 13), its tasks added to out as a run:
// effective hours E = hours · (0.5 + skill) buy tasks, at most max_tasks;
// a task that fits in what is left, L, is finished; one that does not is
// finished with probability (L / size)^shortfall_power and ends the tick's
// work either way. Each finished task has quality skill − fit_weight · μ +
// N(0, quality_noise), μ its effective misfit (mechanism 15). It returns the
// hours worked, (E − L) / (0.5 + skill).
//
// With granularity off the contributor does one task of exactly its hours
// (productivity 1): contributions are then proportional to hours, the
// degenerate case of docs/MODEL.md §4.
func (m *Model) completeTasks(i int, mod int32, hours float64, st rng.Stream, out *tasks) float64 {
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
	// Room for max_tasks more, so that the loop writes without growing.
	n0 := len(out.size)
	if cap(out.size)-n0 < w.maxTasks {
		out.size = slices.Grow(out.size, w.maxTasks)
		out.quality = slices.Grow(out.quality, w.maxTasks)
	}
	size32, quality32 := out.size[n0:n0+w.maxTasks], out.quality[n0:n0+w.maxTasks]
	done := 0
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
		size32[done], quality32[done] = float32(size), float32(q)
		done++
	}
	if done > 0 {
		end := n0 + done
		out.size, out.quality = out.size[:end], out.quality[:end]
		out.runs = append(out.runs, taskRun{author: int32(i), module: mod, end: int32(end)})
	}
	worked := (effective - left) / productivity
	p.HoursWorked[i] = float32(worked)
	p.Submitted[i] += int32(done)
	return worked
}
