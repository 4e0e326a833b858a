package report

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"

	"commonsim/plots"
	"commonsim/results"
)

// survivalFigure draws the mean of the runs' Kaplan–Meier curves of the
// drawn groups with the 95% confidence interval of that mean (across runs)
// as a band, on a log axis: one-year survival of a few percent against one
// percent is the difference that matters, and a linear axis hides it. Each
// curve runs to the group's last recorded tick: a run's curve is flat after
// its last exit (nobody left later), so its last value is carried there.
func (rs *resultSet) survivalFigure(dir string, fl *figureList, f frame) error {
	sv, err := rs.readSurvival(rs.bandDrawn)
	if err != nil {
		return err
	}
	var bs []plots.Band
	floor := 1.0
	for k, g := range f.drawn {
		b := plots.Band{Label: g.name, X: []float64{0}, Mean: []float64{math.NaN()}}
		if a := sv[f.idx[k]]; a != nil && a.runs > 0 {
			end := a.last
			if finite(g.maxTick) {
				end = max(end, int(g.maxTick))
			}
			b.X, b.Mean, b.Lo, b.Hi = a.band(end)
			if f.subset || a.runs < 2 {
				b.Lo, b.Hi = nil, nil
			}
			for i, v := range b.Mean {
				if v > 0 {
					floor = math.Min(floor, v)
				} else {
					b.Mean[i] = math.NaN() // 0 has no place on a log axis
				}
				if b.Lo != nil && !(b.Lo[i] > 0) {
					b.Lo[i] = math.NaN()
				}
			}
		}
		bs = append(bs, b)
	}
	// The axis reaches a power of ten below the lowest mean.
	floor = math.Pow(10, math.Floor(math.Log10(floor)))
	for _, b := range bs {
		for i := range b.Lo {
			if finite(b.Lo[i]) || finite(b.Mean[i]) {
				b.Lo[i] = math.Max(floor, b.Lo[i])
				if !finite(b.Lo[i]) {
					b.Lo[i] = floor
				}
			}
		}
	}
	p, err := plots.TimeSeries(plots.Axes{
		Title:     "How long contributors stay" + f.firstOf + "\nmean of the runs' Kaplan–Meier curves, log scale",
		X:         "time since joining (ticks = weeks)",
		Y:         "share still active (log scale)",
		BandLabel: "shaded: 95% CI of mean (" + runsText(f.drawn) + ")",
	}, bs)
	if err == nil {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
		p.Y.Min, p.Y.Max = floor, 1
		p.X.Min = 0
	}
	return fl.save(dir, "survival", "How long contributors stay: share still active after t weeks (mean of the runs' Kaplan–Meier curves, 95% CI, log scale; a curve ends where it reaches 0)", p, err)
}

// logTicks labels a log axis at powers of ten, written as percentages
// when below 1 ("10%", "1%", "0.1%").
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		v := math.Pow(10, e)
		if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
			continue
		}
		out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(v*100, 'g', -1, 64) + "%"})
		for m := 2.0; m < 10; m++ {
			if w := m * v; w > lo && w < hi {
				out = append(out, plot.Tick{Value: w})
			}
		}
	}
	return out
}

// maxTenure bounds the tenures read from survival.csv: a run of this many
// ticks is far beyond any scenario's run.ticks.
const maxTenure = 1e6

// survAcc averages a group's Kaplan–Meier curves at whole tenures.
type survAcc struct {
	each [][]float64 // each finished run's S_r(t), t = 0 ... its last tenure
	last int         // the largest last tenure
	runs int

	cur   int // run id of the run being read, -1 before the first
	steps []step
}

type step struct{ t, s float64 }

// addRun adds the run being read to the curves.
func (a *survAcc) addRun() {
	if a.cur < 0 || len(a.steps) == 0 {
		a.cur, a.steps = -1, a.steps[:0]
		return
	}
	last := int(math.Ceil(a.steps[len(a.steps)-1].t))
	a.last = max(a.last, last)
	k, s := 0, 1.0
	curve := make([]float64, 0, last+1)
	for t := 0; t <= last; t++ {
		for k < len(a.steps) && a.steps[k].t <= float64(t) {
			s = a.steps[k].s
			k++
		}
		curve = append(curve, s)
	}
	a.each = append(a.each, curve)
	a.runs++
	a.cur, a.steps = -1, a.steps[:0]
}

// band returns, at t = 0, 1, ..., end, the mean over runs of S_r(t) and
// the 95% confidence interval of that mean (Student's t over the runs);
// a run contributes its last value beyond its own largest tenure.
func (a *survAcc) band(end int) (x, mean, lo, hi []float64) {
	v := make([]float64, len(a.each))
	for t := 0; t <= end; t++ {
		for r, c := range a.each {
			v[r] = c[min(t, len(c)-1)]
		}
		m, l, h := meanCI(v)
		x, mean, lo, hi = append(x, float64(t)), append(mean, m), append(lo, l), append(hi, h)
	}
	return x, mean, lo, hi
}

// readSurvival reads survival.csv for the groups want accepts.
func (rs *resultSet) readSurvival(want func(gi int) bool) (map[int]*survAcc, error) {
	out := map[int]*survAcc{}
	var cur *survAcc
	done := map[int]bool{} // runs whose steps have been read
	err := rs.eachRow(results.SurvivalFile, []string{"tenure", "survival"}, func(s *results.Rows, c []int, gi int, ok bool) error {
		if !ok || !want(gi) {
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
