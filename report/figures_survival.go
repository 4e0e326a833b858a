package report

import (
	"math"

	"commonsim/plots"
	"commonsim/results"
)

// survivalFigure draws the mean of the runs' Kaplan–Meier curves of the
// drawn groups.
func (rs *resultSet) survivalFigure(dir string, fl *figureList, f frame) error {
	sv, err := rs.readSurvival(len(f.drawn))
	if err != nil {
		return err
	}
	cs := f.curves(func(gi int) (x, y []float64, ok bool) {
		if a := sv[gi]; a != nil && a.runs > 0 {
			x, y = a.mean()
			return x, y, true
		}
		return nil, nil, false
	})
	p, err := plots.Survival(plots.Axes{
		Title: "How long contributors stay" + f.firstOf + "\nmean of the runs' Kaplan–Meier curves",
		X:     "time since joining (ticks = weeks)",
		Y:     "share still active (Kaplan–Meier)",
	}, cs)
	return fl.save(dir, "survival", "How long contributors stay: share still active after t weeks (mean of the runs' Kaplan–Meier curves)", p, err)
}

// maxTenure bounds the tenures read from survival.csv: a run of this many
// ticks is far beyond any scenario's run.ticks.
const maxTenure = 1e6

// survAcc averages a group's Kaplan–Meier curves at whole tenures.
type survAcc struct {
	sum   []float64 // sum[t]: S_r(t) summed over finished runs r that reach t
	tails []tail    // each finished run's last tenure and survival
	runs  int

	cur   int // run id of the run being read, -1 before the first
	steps []step
}

type tail struct {
	t int
	s float64
}

type step struct{ t, s float64 }

// addRun adds the run being read to the sums.
func (a *survAcc) addRun() {
	if a.cur < 0 || len(a.steps) == 0 {
		a.cur, a.steps = -1, a.steps[:0]
		return
	}
	last := int(math.Ceil(a.steps[len(a.steps)-1].t))
	for len(a.sum) <= last {
		a.sum = append(a.sum, 0)
	}
	k, s := 0, 1.0
	for t := 0; t <= last; t++ {
		for k < len(a.steps) && a.steps[k].t <= float64(t) {
			s = a.steps[k].s
			k++
		}
		a.sum[t] += s
	}
	a.tails = append(a.tails, tail{last, s})
	a.runs++
	a.cur, a.steps = -1, a.steps[:0]
}

// mean returns the mean survival at t = 0, 1, ..., the largest tenure. A
// run contributes its last value beyond its own largest tenure.
func (a *survAcc) mean() (x, y []float64) {
	for t := range a.sum {
		v := a.sum[t]
		for _, tl := range a.tails {
			if tl.t < t {
				v += tl.s
			}
		}
		x = append(x, float64(t))
		y = append(y, v/float64(a.runs))
	}
	return x, y
}

// readSurvival reads survival.csv for the groups below limit.
func (rs *resultSet) readSurvival(limit int) (map[int]*survAcc, error) {
	out := map[int]*survAcc{}
	var cur *survAcc
	done := map[int]bool{} // runs whose steps have been read
	err := rs.eachRow(results.SurvivalFile, []string{"tenure", "survival"}, func(s *results.Rows, c []int, gi int, ok bool) error {
		if !ok || gi >= limit {
			return nil
		}
		id, _ := s.Int(c[0])
		t, err := s.Float(c[3])
		if err != nil {
			return err
		}
		if !finite(t) || t < 0 || t > maxTenure {
			return s.Errorf(c[3], "tenure %s is not a number of ticks", s.Field(c[3]))
		}
		v, err := s.Float(c[4])
		if err != nil {
			return err
		}
		if !(v >= 0 && v <= 1) {
			return s.Errorf(c[4], "survival %s is not a probability", s.Field(c[4]))
		}
		a := out[gi]
		if a == nil {
			a = &survAcc{cur: -1}
			out[gi] = a
		}
		if a != cur || a.cur != id {
			if done[id] {
				return s.Errorf(c[0], "the steps of run %d are not together: %s must be sorted by run_id", id, results.SurvivalFile)
			}
			done[id] = true
			if cur != nil {
				cur.addRun()
			}
			cur = a
			a.cur = id
		}
		if n := len(a.steps); n > 0 && t < a.steps[n-1].t {
			return s.Errorf(c[3], "tenure %s comes after %g: the steps of run %d must be in order of tenure", s.Field(c[3]), a.steps[n-1].t, id)
		}
		a.steps = append(a.steps, step{t, v})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if cur != nil {
		cur.addRun()
	}
	return out, nil
}
