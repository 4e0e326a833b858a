package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"commonsim/batch"
	"commonsim/calibrate"
	"commonsim/results"
)

// Wave is calibrate.Evaluator: it makes sure wave w's result set
// DIR/wave-w is complete (running it as a normal batch, locally or as a
// Slurm array job, or resuming it), then streams its points.
func (cal *calibration) Wave(ctx context.Context, w calibrate.WaveSpec, visit func(calibrate.Point) error) error {
	dir := filepath.Join(cal.dir, waveDirName(w.Wave))
	cfg := cal.waveConfig(w, dir)
	if !cal.hasEntry(w.Wave) {
		cal.setEntry(cal.entry(w))
		if err := cal.save(); err != nil {
			return err
		}
	}
	what := fmt.Sprintf("wave %d: %d points x %d runs", w.Wave, w.Points, cal.m.Replications)
	if w.ABC {
		what = fmt.Sprintf("wave %d (ABC): %d points x %d runs", w.Wave, w.Points, cal.m.Replications)
	}
	if err := cal.ensure(ctx, dir, cfg, what); err != nil {
		return err
	}
	return readPoints(dir, cal.keys, cal.targets, visit)
}

// waveConfig is wave w's batch: the calibration's scenario with the wave's
// seed, its region as continuous sweep ranges, the calibration's design,
// points and runs per point.
func (cal *calibration) waveConfig(w calibrate.WaveSpec, dir string) batch.Config {
	cfg := cal.batchConfig(dir, cal.m.Replications, "run.seed="+strconv.FormatInt(w.Seed, 10))
	for i, k := range cal.keys {
		cfg.Sweeps = append(cfg.Sweeps, fmt.Sprintf("%s=%s..%s", k,
			strconv.FormatFloat(w.Box.Lo[i], 'g', -1, 64), strconv.FormatFloat(w.Box.Hi[i], 'g', -1, 64)))
	}
	cfg.Design, cfg.Samples = cal.m.Design, w.Points
	return cfg
}

// batchConfig is a batch of the calibration's scenario into dir.
func (cal *calibration) batchConfig(dir string, reps int, sets ...string) batch.Config {
	return batch.Config{
		Scenarios: []string{cal.scFile}, Sets: sets, Replications: reps, Out: dir,
		Workers: cal.workers, Threads: cal.threads, Force: cal.force, Command: os.Args,
	}
}

// ensure makes dir a complete result set of the batch cfg: it keeps one
// already complete, resumes one interrupted, or runs it, and refuses a
// result set of another batch.
func (cal *calibration) ensure(ctx context.Context, dir string, cfg batch.Config, what string) error {
	plan, err := batch.Prepare(cfg)
	if err != nil {
		return err
	}
	digest, err := plan.Matrix.Digest()
	if err != nil {
		return err
	}
	if fileExists(filepath.Join(dir, results.ManifestFile)) {
		m, err := results.ReadManifest(dir)
		if err != nil {
			return err
		}
		if m.MatrixDigest != digest {
			return fmt.Errorf("%s holds another batch than this calibration's %s (its run matrix differs): move it away and resume to run it again", dir, what)
		}
		if m.Status == results.StatusComplete {
			return nil
		}
		if cal.m.Slurm != nil && cfg.Samples > 0 {
			return fmt.Errorf("%s is %s; a Slurm calibration merges its waves from their shards: remove %s and resume to merge it again", dir, m.Status, dir)
		}
		if plan, err = batch.Resume(dir, cfg, version); err != nil {
			return err
		}
		return cal.execute(ctx, plan, what)
	}
	if cal.m.Slurm != nil && cfg.Samples > 0 {
		return cal.slurmWave(ctx, dir, cfg, plan.Matrix.Len(), what)
	}
	return cal.execute(ctx, plan, what)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// execute runs a prepared batch here, with progress on stderr.
func (cal *calibration) execute(ctx context.Context, plan *batch.Plan, what string) error {
	if !cal.quiet {
		fmt.Fprintf(cal.log, "%s (%d runs)\n", what, plan.Runs())
	}
	_, _, err := execute(ctx, plan, cal.quiet)
	if err != nil && ctx.Err() != nil {
		// The batch's own message would point at `run --resume`; the
		// calibration resumes its waves itself.
		return fmt.Errorf("%s: interrupted", what)
	}
	return err
}

// readPoints streams a wave's (or the check's) result set point by point:
// the parameter values of each sweep point from the manifest, and the
// moments over its runs of each target's metric, read from runs.csv (run
// targets) and timeseries.csv (tick and window targets) in one pass each,
// holding one point at a time. A point without a sweep (the predictive
// check) has no parameters.
func readPoints(dir string, keys []string, targets []calibrate.Target, visit func(calibrate.Point) error) error {
	return scanPoints(dir, keys, targets, func(p calibrate.Point, _ [][]float64) error { return visit(p) }, false)
}

// scanPoints is readPoints that can also hand over every run's value of
// each target (keepRuns), for the predictive check.
func scanPoints(dir string, keys []string, targets []calibrate.Target, visit func(calibrate.Point, [][]float64) error, keepRuns bool) error {
	m, err := results.ReadManifest(dir)
	if err != nil {
		return err
	}
	if m.Status != results.StatusComplete || len(m.Scenarios) != 1 {
		return fmt.Errorf("result set %s: not a complete result set of one scenario", dir)
	}
	e := m.Scenarios[0]
	npoints := max(1, len(e.Points))
	var runs, ts *pointStream
	var runT, tickT []int
	for i, t := range targets {
		if t.Level == calibrate.RunLevel {
			runT = append(runT, i)
		} else {
			tickT = append(tickT, i)
		}
	}
	if len(runT) > 0 {
		if runs, err = openPointStream(dir, results.RunsFile, targets, runT, false); err != nil {
			return err
		}
		defer runs.rows.Close()
	}
	if len(tickT) > 0 {
		if ts, err = openPointStream(dir, results.TimeseriesFile, targets, tickT, true); err != nil {
			return err
		}
		defer ts.rows.Close()
	}
	for p := range npoints {
		pt := calibrate.Point{Index: p, Params: make([]float64, len(keys)), Stats: make([]calibrate.Moments, len(targets))}
		if len(keys) > 0 {
			if p >= len(e.Points) {
				return fmt.Errorf("result set %s: no sweep point %d in the manifest", dir, p)
			}
			for i, k := range keys {
				pt.Params[i] = math.NaN()
				for _, a := range e.Points[p] {
					if a.Key == k {
						if pt.Params[i], err = strconv.ParseFloat(a.Value, 64); err != nil {
							return fmt.Errorf("result set %s: sweep point %d: %s = %q is not a number", dir, p, k, a.Value)
						}
					}
				}
				if math.IsNaN(pt.Params[i]) {
					return fmt.Errorf("result set %s: sweep point %d does not set %s", dir, p, k)
				}
			}
		}
		accs := make([]calibrate.Acc, len(targets))
		var values [][]float64
		if keepRuns {
			values = make([][]float64, len(targets))
		}
		add := func(t int, v float64) {
			accs[t].Add(v)
			if keepRuns {
				values[t] = append(values[t], v)
			}
		}
		for _, s := range []*pointStream{runs, ts} {
			if s != nil {
				if err := s.point(p, add); err != nil {
					return err
				}
			}
		}
		for i := range accs {
			pt.Stats[i] = accs[i].Moments()
		}
		if err := visit(pt, values); err != nil {
			return err
		}
	}
	for _, s := range []*pointStream{runs, ts} {
		if s != nil && s.ok {
			return fmt.Errorf("result set %s: %s has rows of point %d, beyond the manifest's %d points", dir, s.name, s.cur.point, npoints)
		}
	}
	return nil
}

// pointStream reads runs.csv or timeseries.csv in run order and hands each
// run's value of its targets to the point it belongs to: a run target's
// value from runs.csv; a tick target's at its tick, a window target's mean
// over the finite values in its window, from timeseries.csv. Failed runs
// have NaN metrics in runs.csv and no rows in timeseries.csv: they add no
// value.
type pointStream struct {
	name    string
	rows    *results.Rows
	targets []calibrate.Target
	which   []int // the targets it reads
	cols    []int // run_id, point, [tick,] then each target's metric
	ticks   bool
	ok      bool // cur holds a row
	cur     struct {
		run, point, tick int
		vals             []float64
	}
	// per run of timeseries.csv: the value at the tick, or the window's
	// sum and count
	sum   []float64
	count []int
}

func openPointStream(dir, name string, targets []calibrate.Target, which []int, ticks bool) (*pointStream, error) {
	rows, err := results.OpenRows(dir, name)
	if err != nil {
		return nil, err
	}
	names := []string{"run_id", "point"}
	if ticks {
		names = append(names, "tick")
	}
	for _, t := range which {
		names = append(names, targets[t].Metric)
	}
	cols, err := rows.Cols(names...)
	if err != nil {
		rows.Close()
		return nil, err
	}
	s := &pointStream{name: name, rows: rows, targets: targets, which: which, cols: cols, ticks: ticks,
		sum: make([]float64, len(which)), count: make([]int, len(which))}
	s.cur.vals = make([]float64, len(which))
	return s, s.advance()
}

// advance reads the next row into cur; at the end ok is false.
func (s *pointStream) advance() error {
	if _, err := s.rows.Next(); err != nil {
		if err == io.EOF {
			s.ok = false
			return nil
		}
		return err
	}
	var err error
	if s.cur.run, err = s.rows.Int(s.cols[0]); err != nil {
		return err
	}
	if s.cur.point, err = s.rows.Int(s.cols[1]); err != nil {
		return err
	}
	k := 2
	if s.ticks {
		if s.cur.tick, err = s.rows.Int(s.cols[2]); err != nil {
			return err
		}
		k = 3
	}
	for i := range s.which {
		if s.cur.vals[i], err = s.rows.Float(s.cols[k+i]); err != nil {
			return err
		}
	}
	s.ok = true
	return nil
}

// point consumes the rows of point p, calling add(target, value) once per
// run and target.
func (s *pointStream) point(p int, add func(t int, v float64)) error {
	if s.ok && s.cur.point < p {
		return s.rows.Errorf(s.cols[1], "point %d after point %d: rows out of run order", s.cur.point, p)
	}
	for s.ok && s.cur.point == p {
		if !s.ticks {
			for i, t := range s.which {
				add(t, s.cur.vals[i])
			}
			if err := s.advance(); err != nil {
				return err
			}
			continue
		}
		run := s.cur.run
		for i := range s.which {
			s.sum[i], s.count[i] = 0, 0
		}
		for s.ok && s.cur.run == run {
			for i, t := range s.which {
				v, tg := s.cur.vals[i], s.targets[t]
				in := tg.Level == calibrate.TickLevel && s.cur.tick == tg.Tick ||
					tg.Level == calibrate.WindowLevel && s.cur.tick >= tg.From && s.cur.tick <= tg.To
				if in && !math.IsNaN(v) && !math.IsInf(v, 0) {
					s.sum[i] += v
					s.count[i]++
				}
			}
			if err := s.advance(); err != nil {
				return err
			}
		}
		for i, t := range s.which {
			v := math.NaN()
			if s.count[i] > 0 {
				v = s.sum[i] / float64(s.count[i])
			}
			add(t, v)
		}
	}
	return nil
}
