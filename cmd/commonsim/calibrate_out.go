package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"commonsim/analysis"
	"commonsim/calibrate"
	"commonsim/results"
)

// csvSink streams one CSV file of a calibration through
// results.CreateAtomic (a temporary file renamed into place on commit, so
// that a reader never sees half a file), quoted by results.AppendRecord as
// every CSV file commonsim writes, with a running SHA-256 and row count for
// calibration.json.
type csvSink struct {
	a    *results.AtomicFile
	name string
	w    io.Writer
	sum  hash.Hash
	line []byte
	rows int
}

func newCSVSink(dir, name string, header []string) (*csvSink, error) {
	a, err := results.CreateAtomic(dir, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, name), err)
	}
	s := &csvSink{a: a, name: name, sum: sha256.New()}
	s.w = io.MultiWriter(a, s.sum)
	if err := s.put(header); err != nil {
		s.abort()
		return nil, err
	}
	return s, nil
}

func (s *csvSink) write(rec []string) error {
	s.rows++
	return s.put(rec)
}

func (s *csvSink) put(rec []string) error {
	s.line = results.AppendRecord(s.line[:0], rec)
	if _, err := s.w.Write(s.line); err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return nil
}

// commit renames the file into place.
func (s *csvSink) commit() (results.FileInfo, error) {
	if err := s.a.Commit(); err != nil {
		return results.FileInfo{}, fmt.Errorf("%s: %w", s.name, err)
	}
	return results.FileInfo{Name: s.name, Rows: s.rows, SHA256: hex.EncodeToString(s.sum.Sum(nil))}, nil
}

func (s *csvSink) abort() { s.a.Abort() }

func num(v float64) string { return results.FormatFloat(v) }

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// calibrationFiles writes calibration.csv (every evaluated point) and
// posterior.csv (the accepted ones) as calibrate.Run hands the points over.
type calibrationFiles struct {
	all, post *csvSink
	targets   []calibrate.Target
	rec       []string
}

func newCalibrationFiles(dir string, keys []string, targets []calibrate.Target) (*calibrationFiles, error) {
	head := append([]string{"wave", "point"}, keys...)
	all := slices.Clone(head)
	post := slices.Clone(head)
	for _, t := range targets {
		all = append(all, t.Name+"_n", t.Name+"_mean", t.Name+"_sd", t.Name+"_implausibility")
		post = append(post, t.Name+"_mean")
	}
	all = append(all, "max_implausibility", "kept", "accepted", "fails")
	post = append(post, "max_implausibility")
	a, err := newCSVSink(dir, calibrationCSV, all)
	if err != nil {
		return nil, err
	}
	p, err := newCSVSink(dir, posteriorCSV, post)
	if err != nil {
		a.abort()
		return nil, err
	}
	return &calibrationFiles{all: a, post: p, targets: targets}, nil
}

// add writes an assessed point's rows.
func (c *calibrationFiles) add(a calibrate.Assessed) error {
	head := append(c.rec[:0], strconv.Itoa(a.Wave), strconv.Itoa(a.Index))
	for _, x := range a.Params {
		head = append(head, num(x))
	}
	rec := head
	for i, m := range a.Stats {
		rec = append(rec, strconv.Itoa(m.N), num(m.Mean), num(math.Sqrt(m.Var)), num(a.Implausibility[i]))
	}
	fails := "none"
	if len(a.Fails) > 0 {
		var names []string
		for _, i := range a.Fails {
			names = append(names, c.targets[i].Name)
		}
		fails = strings.Join(names, ";")
	}
	rec = append(rec, num(a.Max), flag(a.Kept), flag(a.Accepted), fails)
	c.rec = rec
	if err := c.all.write(rec); err != nil {
		return err
	}
	if !a.Accepted {
		return nil
	}
	post := slices.Clone(rec[:2+len(a.Params)])
	for _, m := range a.Stats {
		post = append(post, num(m.Mean))
	}
	return c.post.write(append(post, num(a.Max)))
}

func (c *calibrationFiles) commit() ([]results.FileInfo, error) {
	a, err := c.all.commit()
	if err != nil {
		c.post.abort()
		return nil, err
	}
	p, err := c.post.commit()
	if err != nil {
		return nil, err
	}
	return []results.FileInfo{a, p}, nil
}

func (c *calibrationFiles) abort() {
	c.all.abort()
	c.post.abort()
}

// writePosteriorSummary writes posterior_summary.csv: per parameter, its
// prior and posterior.
func writePosteriorSummary(dir string, keys []string, res *calibrate.Result) (results.FileInfo, error) {
	s, err := newCSVSink(dir, summaryCSV, []string{"parameter", "prior_min", "prior_max", "n_accepted", "mean", "median", "q025", "q975",
		"shrinkage", "ks_distance", "ks_p_value", "identification"})
	if err != nil {
		return results.FileInfo{}, err
	}
	for i, k := range keys {
		p := res.Summary[i]
		if err := s.write([]string{k, num(p.PriorLo), num(p.PriorHi), strconv.Itoa(p.N), num(p.Mean), num(p.Median), num(p.Q025), num(p.Q975),
			num(p.Shrinkage), num(p.KS), num(p.KSP), p.Identification}); err != nil {
			s.abort()
			return results.FileInfo{}, err
		}
	}
	return s.commit()
}

// checkResult is the posterior predictive check: the posterior's median
// point run again with fresh seeds.
type checkResult struct {
	Values []string             // the median point, as set (integer parameters rounded)
	Stats  []calibrate.Moments  // per target, over the check's runs
	Runs   [][]float64          // per target, every run's value
	Assess calibrate.Assessed   // the median point's implausibilities
	Stat   []predictiveInterval // per target
}

// predictiveInterval is a target's simulated spread at the check point.
type predictiveInterval struct {
	N                  int
	Mean, SD, Lo, Hi   float64 // Lo, Hi: the 2.5% and 97.5% quantiles of the runs
	Within             bool    // the observed value (or range) meets [Lo, Hi]
	Implausibility     float64
	MeanLo, MeanHi     float64 // 95% confidence interval of the mean
	ObservedIsOneValue bool
}

// predictiveCheck runs the posterior's median point again, --check-runs
// times with a fresh seed, into DIR/check, and compares each target's
// observed value with the simulated runs.
func (cal *calibration) predictiveCheck(ctx context.Context, res *calibrate.Result) (*checkResult, error) {
	out := &checkResult{}
	sets := []string{"run.seed=" + strconv.FormatInt(calibrate.DeriveSeed(cal.m.Seed, "predictive check", 0), 10)}
	for i, k := range cal.keys {
		v := formatValue(k, res.Summary[i].Median)
		out.Values = append(out.Values, v)
		sets = append(sets, k+"="+v)
	}
	dir := filepath.Join(cal.dir, checkDir)
	cfg := cal.batchConfig(dir, cal.m.CheckRuns, sets...)
	if err := cal.ensure(ctx, dir, cfg, fmt.Sprintf("predictive check: the posterior's median point x %d runs", cal.m.CheckRuns)); err != nil {
		return nil, err
	}
	err := scanPoints(dir, nil, cal.targets, func(p calibrate.Point, values [][]float64) error {
		out.Stats, out.Runs = p.Stats, values
		out.Assess = calibrate.Assess(cal.targets, p, cal.settings.Cutoff)
		return nil
	}, true)
	if err != nil {
		return nil, err
	}
	for i, t := range cal.targets {
		var finite []float64
		for _, v := range out.Runs[i] {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				finite = append(finite, v)
			}
		}
		slices.Sort(finite)
		s := predictiveInterval{N: len(finite), Implausibility: out.Assess.Implausibility[i], ObservedIsOneValue: t.OneRun}
		s.Mean, s.SD = analysis.MeanSD(finite)
		_, s.MeanLo, s.MeanHi = analysis.MeanCI(finite, 0.95)
		s.Lo, s.Hi = analysis.QuantileSorted(0.025, finite), analysis.QuantileSorted(0.975, finite)
		if t.Range {
			s.Within = s.Hi >= t.Min && s.Lo <= t.Max
		} else {
			s.Within = t.Observed >= s.Lo && t.Observed <= s.Hi
		}
		out.Stat = append(out.Stat, s)
	}
	return out, nil
}

func levelName(t calibrate.Target) (level string, from, to float64) {
	switch t.Level {
	case calibrate.TickLevel:
		return "tick", float64(t.Tick), float64(t.Tick)
	case calibrate.WindowLevel:
		return "window", float64(t.From), float64(t.To)
	}
	return "run", math.NaN(), math.NaN()
}

func observedAs(t calibrate.Target) string {
	if t.OneRun {
		return calibrate.AsOneRun
	}
	return calibrate.AsMean
}

// writePredictiveCheck writes predictive_check.csv: per target, the
// observed value beside the runs at the posterior's median point.
func writePredictiveCheck(dir string, targets []calibrate.Target, c *checkResult) (results.FileInfo, error) {
	s, err := newCSVSink(dir, checkCSV, []string{"target", "metric", "level", "tick_from", "tick_to", "observed", "sd", "at_least", "at_most",
		"discrepancy", "observed_as", "runs", "mean", "sd_runs", "ci95_low", "ci95_high", "q025", "q975", "implausibility", "within"})
	if err != nil {
		return results.FileInfo{}, err
	}
	for i, t := range targets {
		level, from, to := levelName(t)
		obs, lo, hi := t.Observed, math.NaN(), math.NaN()
		if t.Range {
			obs, lo, hi = math.NaN(), t.Min, t.Max
		}
		st := c.Stat[i]
		if err := s.write([]string{t.Name, t.Metric, level, num(from), num(to), num(obs), num(t.SD), num(lo), num(hi), num(t.Discrepancy), observedAs(t),
			strconv.Itoa(st.N), num(st.Mean), num(st.SD), num(st.MeanLo), num(st.MeanHi), num(st.Lo), num(st.Hi), num(st.Implausibility), flag(st.Within)}); err != nil {
			s.abort()
			return results.FileInfo{}, err
		}
	}
	return s.commit()
}

// simulateTruth is the first half of --recover: it draws a true point from
// the central 80% of each prior range (a truth at the very edge of a range
// cannot lie inside a central interval of a posterior truncated there),
// runs it into DIR/truth, and makes the targets of the calibration from
// its runs: each point target's observed value becomes the first run's
// value (observed as one run) or the runs' mean, whose own sampling error
// is then added to the sd. Range targets are left out.
func (cal *calibration) simulateTruth(ctx context.Context) error {
	rng := rand.New(rand.NewPCG(uint64(calibrate.DeriveSeed(cal.m.Seed, "recovery truth", 0)), 1))
	sets := []string{"run.seed=" + strconv.FormatInt(calibrate.DeriveSeed(cal.m.Seed, "recovery truth", 1), 10)}
	cal.truth = nil
	for i, k := range cal.keys {
		v := formatValue(k, cal.prior.Lo[i]+(0.1+0.8*rng.Float64())*cal.prior.Width(i))
		x, _ := strconv.ParseFloat(v, 64)
		cal.truth = append(cal.truth, x)
		sets = append(sets, k+"="+v)
	}
	dir := filepath.Join(cal.dir, truthDir)
	cfg := cal.batchConfig(dir, cal.m.Replications, sets...)
	if err := cal.ensure(ctx, dir, cfg, fmt.Sprintf("recovery: the true point x %d runs", cal.m.Replications)); err != nil {
		return err
	}
	var targets []calibrate.Target
	err := scanPoints(dir, nil, cal.given, func(p calibrate.Point, values [][]float64) error {
		for i, t := range cal.given {
			if t.Range {
				continue
			}
			m := p.Stats[i]
			if m.N < 2 {
				return fmt.Errorf("--recover: target %q: metric %s has fewer than 2 finite values in the %d runs at the true point (%s); choose another metric", t.Name, t.Metric, len(values[i]), strings.Join(sets[1:], ", "))
			}
			if t.OneRun {
				for _, v := range values[i] {
					if !math.IsNaN(v) && !math.IsInf(v, 0) {
						t.Observed = v
						break
					}
				}
			} else {
				t.Observed = m.Mean
				t.SD = math.Sqrt(t.SD*t.SD + m.Var/float64(m.N))
			}
			t.Source = "simulated at the true point (--recover)"
			targets = append(targets, t)
		}
		return nil
	}, true)
	if err != nil {
		return err
	}
	if len(targets) == 0 {
		return errors.New("--recover needs at least one target with an observed value and sd: ranges (at_least, at_most) are left out of a recovery")
	}
	cal.targets = targets
	return nil
}

// recoveryRow is one parameter of a recovery test.
type recoveryRow struct {
	Key                   string
	Truth, Median, Lo, Hi float64
	Inside                bool
	Shrinkage             float64
	Identification        string
}

func recoveryRows(keys []string, truth []float64, res *calibrate.Result) []recoveryRow {
	var rows []recoveryRow
	for i, k := range keys {
		s := res.Summary[i]
		rows = append(rows, recoveryRow{Key: k, Truth: truth[i], Median: s.Median, Lo: s.Q025, Hi: s.Q975,
			Inside: truth[i] >= s.Q025 && truth[i] <= s.Q975, Shrinkage: s.Shrinkage, Identification: s.Identification})
	}
	return rows
}

// writeRecovery writes recovery.csv: per parameter, the truth and whether
// it lies in the 95% posterior interval.
func writeRecovery(dir string, rows []recoveryRow) (results.FileInfo, error) {
	s, err := newCSVSink(dir, recoveryCSV, []string{"parameter", "truth", "median", "q025", "q975", "inside", "shrinkage", "identification"})
	if err != nil {
		return results.FileInfo{}, err
	}
	for _, r := range rows {
		if err := s.write([]string{r.Key, num(r.Truth), num(r.Median), num(r.Lo), num(r.Hi), flag(r.Inside), num(r.Shrinkage), r.Identification}); err != nil {
			s.abort()
			return results.FileInfo{}, err
		}
	}
	return s.commit()
}
