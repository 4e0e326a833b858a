package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"commonsim/batch"
	"commonsim/calibrate"
	"commonsim/results"
	"commonsim/scenarios"
	"commonsim/sim"
)

type calibrateCmd struct {
	Scenario     string   `arg:"" optional:"" name:"scenario" help:"The scenario to fit: a built-in name or a TOML file."`
	Targets      string   `help:"The targets file (TOML): the observed figures to fit, with their standard deviations or ranges (see README, 'Calibrating to your community')." placeholder:"FILE"`
	Sweep        []string `sep:"none" help:"A parameter to fit and its prior, a uniform range key=min..max (repeatable)." placeholder:"KEY=MIN..MAX"`
	Set          []string `sep:"none" help:"Set a parameter of the scenario, key=value (repeatable)." placeholder:"KEY=VALUE"`
	Design       string   `help:"How each wave's points are drawn in its region: lhs (Latin hypercube) or sobol (scrambled Sobol' points)." enum:"lhs,sobol" default:"lhs"`
	Samples      int      `help:"Points per wave of history matching." default:"100"`
	ABCSamples   int      `name:"abc-samples" help:"Points of the final ABC wave, drawn in the plausible region the waves found: the posterior is the share of them within the tolerance (default: --samples)."`
	Replications *int     `short:"r" help:"Runs per point (at least 2, to estimate the run-to-run variance; default: the scenario's run.replications)."`
	Waves        int      `help:"At most this many waves of history matching." default:"4"`
	Cutoff       float64  `help:"Implausibility cut-off: a point is kept when every target is within this many standard deviations." default:"3"`
	Tolerance    float64  `help:"ABC tolerance: the ABC wave's points within this many standard deviations of every target are accepted (at most the cut-off)." default:"2"`
	MinShrink    float64  `name:"min-shrink" help:"Stop when a wave shrinks the plausible region's volume by less than this share (0: run every wave)." default:"0.1"`
	CheckRuns    int      `name:"check-runs" help:"Runs of the posterior predictive check at the posterior's median point." default:"20"`
	Recover      bool     `help:"Recovery test: draw a true point from the priors, simulate the targets there, calibrate to them and report whether the truth lies in the 95% posterior intervals."`
	Out          string   `short:"o" help:"Directory of the calibration (default: a new directory under out/)." placeholder:"DIR"`
	Resume       string   `help:"Continue the calibration in DIR: finished waves are kept, an interrupted one is resumed." placeholder:"DIR"`
	Workers      int      `short:"w" help:"Runs at a time (default: all cores)." default:"0"`
	Threads      int      `help:"Goroutines inside one run; output is identical for any value." default:"1"`
	Force        bool     `help:"Run even if the memory estimate exceeds available memory."`
	Quiet        bool     `short:"q" help:"No progress output."`
	NoPlots      bool     `name:"no-plots" help:"Do not draw the figures."`

	SlurmShards int    `name:"slurm-shards" help:"Run each wave on Slurm as an array job of this many shards, submitted with sbatch --wait and merged here (run this command itself as a small job or on a login node)." placeholder:"N"`
	Cpus        int    `help:"With --slurm-shards: CPUs per array task (its runs at a time)." default:"1"`
	Time        string `help:"With --slurm-shards: time limit of each array task (sbatch --time)."`
	Partition   string `help:"With --slurm-shards: Slurm partition."`
	Mem         string `help:"With --slurm-shards: memory per array task (sbatch --mem)."`
	Account     string `help:"With --slurm-shards: account to charge."`
	Name        string `help:"With --slurm-shards: job name of the waves' array jobs." default:"commonsim-calibrate"`
	Bin         string `help:"With --slurm-shards: the commonsim binary as the nodes see it (default: this binary)." placeholder:"PATH"`
}

// The files of a calibration directory, besides its waves.
const (
	calibManifestFile = "calibration.json"
	calibScenarioFile = "scenario.toml"
	calibTargetsFile  = "targets.toml"
	calibrationCSV    = "calibration.csv"
	posteriorCSV      = "posterior.csv"
	summaryCSV        = "posterior_summary.csv"
	checkCSV          = "predictive_check.csv"
	recoveryCSV       = "recovery.csv"
	calibReportFile   = "report.md"
	checkDir          = "check"
	truthDir          = "truth"
)

// calibSchemaVersion is the version of the layout of a calibration
// directory (docs/OUTPUTS.md, "Calibration").
const calibSchemaVersion = 1

// calibManifest is calibration.json: what the calibration was asked for,
// enough to resume it, and how far it got.
type calibManifest struct {
	SchemaVersion int      `json:"schema_version"`
	Engine        string   `json:"engine"`
	EngineVersion string   `json:"engine_version"`
	GoVersion     string   `json:"go_version"`
	Command       []string `json:"command"`
	Started       string   `json:"started"`
	Finished      string   `json:"finished,omitempty"`
	Resumed       []string `json:"resumed,omitempty"`
	Status        string   `json:"status"`

	Scenario      string       `json:"scenario"` // as given on the command line
	ScenarioName  string       `json:"scenario_name"`
	TargetsSource string       `json:"targets_source"`
	TargetsSHA256 string       `json:"targets_sha256"`
	Set           []string     `json:"set,omitempty"`
	Priors        []priorRange `json:"priors"`
	Design        string       `json:"design"`
	Samples       int          `json:"samples"`
	ABCSamples    int          `json:"abc_samples"`
	Replications  int          `json:"replications"`
	Waves         int          `json:"waves"`
	Cutoff        float64      `json:"cutoff"`
	Tolerance     float64      `json:"tolerance"`
	MinShrink     float64      `json:"min_shrink"`
	CheckRuns     int          `json:"check_runs"`
	Recover       bool         `json:"recover,omitempty"`
	Seed          int64        `json:"seed"`
	Slurm         *slurmWaves  `json:"slurm,omitempty"`

	WaveLog  []waveEntry        `json:"wave_log"`
	Stop     string             `json:"stop,omitempty"`
	Accepted int                `json:"accepted,omitempty"`
	Files    []results.FileInfo `json:"files,omitempty"`
}

// priorRange is one calibrated parameter and its uniform prior.
type priorRange struct {
	Key string  `json:"key"`
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// waveEntry is one wave: its result set, seed and region, and what it kept.
type waveEntry struct {
	Wave   int          `json:"wave"`
	ABC    bool         `json:"abc,omitempty"`
	Dir    string       `json:"dir"`
	Seed   int64        `json:"seed"`
	Region []priorRange `json:"region"`
	Points int          `json:"points,omitempty"`
	Kept   int          `json:"kept,omitempty"`
	Shrink float64      `json:"shrink,omitempty"`
}

// slurmWaves is how waves run on Slurm.
type slurmWaves struct {
	Shards    int    `json:"shards"`
	Cpus      int    `json:"cpus"`
	Time      string `json:"time,omitempty"`
	Partition string `json:"partition,omitempty"`
	Mem       string `json:"mem,omitempty"`
	Account   string `json:"account,omitempty"`
	Name      string `json:"name"`
	Bin       string `json:"bin"`
}

// calibration is a calibration directory being worked on.
type calibration struct {
	dir      string
	m        *calibManifest
	sc       *scenarios.Scenario // the resolved scenario every wave runs (scenario.toml)
	scFile   string              // its absolute path
	targets  []calibrate.Target  // as fitted (for --recover, simulated at the truth)
	given    []calibrate.Target  // as in targets.toml
	keys     []string
	prior    calibrate.Box
	settings calibrate.Settings
	workers  int
	threads  int
	force    bool
	quiet    bool
	plots    bool
	log      io.Writer
	truth    []float64 // --recover: the true point
}

func (c calibrateCmd) Run(ctx context.Context) error {
	var cal *calibration
	var err error
	if c.Resume != "" {
		cal, err = c.resume()
	} else {
		cal, err = c.start()
	}
	if err != nil {
		return err
	}
	// One process at a time works on a calibration (each wave's result set
	// has its own lock too).
	lock, err := results.LockSet(cal.dir)
	if err != nil {
		return err
	}
	defer lock.Release()
	return cal.run(ctx)
}

// start checks every argument, creates the calibration directory and writes
// what the waves run: the resolved scenario, the targets, the manifest.
func (c calibrateCmd) start() (*calibration, error) {
	if c.Scenario == "" {
		return nil, errors.New("calibrate: name the scenario to fit, e.g. `commonsim calibrate commons --targets my-targets.toml --sweep exit.base_hazard=0.05..0.4`")
	}
	if c.Targets == "" {
		return nil, errors.New("calibrate: --targets FILE is required: the observed figures to fit (see README, 'Calibrating to your community')")
	}
	if len(c.Sweep) == 0 {
		return nil, errors.New("calibrate: give at least one --sweep key=min..max: the parameters to fit and their prior ranges")
	}
	settings := calibrate.Settings{Waves: c.Waves, Points: c.Samples, ABCPoints: c.ABCSamples, Cutoff: c.Cutoff, Tolerance: c.Tolerance, MinShrink: c.MinShrink}
	if err := settings.Validate(); err != nil {
		return nil, err
	}
	if err := samplesFlag(c.Samples); err != nil {
		return nil, err
	}
	if err := samplesFlag(c.ABCSamples); err != nil {
		return nil, fmt.Errorf("--abc-%w", err)
	}
	if c.ABCSamples == 0 {
		c.ABCSamples = c.Samples
	}
	if c.CheckRuns < 2 {
		return nil, fmt.Errorf("--check-runs %d: need at least 2", c.CheckRuns)
	}
	slurm, err := c.slurmWaves()
	if err != nil {
		return nil, err
	}
	priors, err := parsePriors(c.Sweep)
	if err != nil {
		return nil, err
	}
	sc, err := scenarios.Resolve(c.Scenario)
	if err != nil {
		return nil, err
	}
	if !sc.Sweep.Empty() {
		return nil, fmt.Errorf("scenario %s has a [sweep]; calibrate draws its own points from the --sweep priors: remove the [sweep] table", c.Scenario)
	}
	if len(c.Set) > 0 {
		if err := sc.SetAll(c.Set); err != nil {
			return nil, err
		}
	}
	reps := sc.Run.Replications
	if r, err := replications(c.Replications); err != nil {
		return nil, err
	} else if r > 0 {
		reps = r
	}
	if reps < 2 {
		return nil, fmt.Errorf("-r %d: calibrate needs at least 2 runs per point to estimate the run-to-run variance", reps)
	}
	sc.Run.Replications = reps
	src, err := os.ReadFile(c.Targets)
	if err != nil {
		return nil, fmt.Errorf("targets file %s: %w", c.Targets, err)
	}
	if _, err := parseTargets(c.Targets, src, sc); err != nil {
		return nil, err
	}
	out := c.Out
	if out == "" {
		out = batch.DefaultOut([]string{sc.Name + "-calibration"}, time.Now())
	}
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(out, calibManifestFile)); err == nil {
			return nil, fmt.Errorf("%s already holds a calibration; continue an interrupted one with `commonsim calibrate --resume %s`, or choose another -o", out, out)
		}
		return nil, fmt.Errorf("-o %s: the directory is not empty; choose a new one", out)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("calibration directory %s: %w", out, err)
	}
	resolved, err := sc.Encode()
	if err != nil {
		return nil, err
	}
	if err := results.WriteAtomic(out, calibScenarioFile, []byte(resolved)); err != nil {
		return nil, err
	}
	if err := results.WriteAtomic(out, calibTargetsFile, src); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(src)
	m := &calibManifest{
		Engine: "commonsim", EngineVersion: version, GoVersion: runtime.Version(), Command: os.Args,
		Started: time.Now().UTC().Format(time.RFC3339), Status: results.StatusRunning,
		Scenario: c.Scenario, ScenarioName: sc.Name, TargetsSource: c.Targets, TargetsSHA256: hex.EncodeToString(sum[:]),
		Set: c.Set, Priors: priors, Design: c.Design, Samples: c.Samples, ABCSamples: c.ABCSamples, Replications: reps,
		Waves: c.Waves, Cutoff: c.Cutoff, Tolerance: c.Tolerance, MinShrink: c.MinShrink, CheckRuns: c.CheckRuns,
		Recover: c.Recover, Seed: sc.Run.Seed, Slurm: slurm, WaveLog: []waveEntry{},
	}
	cal, err := c.open(out, m)
	if err != nil {
		return nil, err
	}
	return cal, cal.save()
}

// resume reopens the calibration in c.Resume from its manifest, its
// scenario.toml and its targets.toml.
func (c calibrateCmd) resume() (*calibration, error) {
	var bad []string
	if c.Scenario != "" {
		bad = append(bad, "the scenario argument")
	}
	for _, f := range []struct {
		name string
		set  bool
	}{{"--targets", c.Targets != ""}, {"--sweep", len(c.Sweep) > 0}, {"--set", len(c.Set) > 0}, {"-o", c.Out != ""},
		{"--replications", c.Replications != nil}, {"--recover", c.Recover}, {"--slurm-shards", c.SlurmShards != 0}} {
		if f.set {
			bad = append(bad, f.name)
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("--resume %s continues the calibration its %s describes; drop %s (only --workers, --threads, --force, --quiet and --no-plots may change)",
			c.Resume, calibManifestFile, strings.Join(bad, ", "))
	}
	data, err := os.ReadFile(filepath.Join(c.Resume, calibManifestFile))
	if err != nil {
		if fi, serr := os.Stat(c.Resume); errors.Is(err, os.ErrNotExist) || serr != nil || !fi.IsDir() {
			return nil, fmt.Errorf("%s is not a calibration: it has no %s", c.Resume, calibManifestFile)
		}
		return nil, fmt.Errorf("calibration %s: %w", c.Resume, err)
	}
	var m calibManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s/%s is not valid JSON: %w", c.Resume, calibManifestFile, err)
	}
	if m.SchemaVersion > calibSchemaVersion {
		return nil, fmt.Errorf("calibration %s has schema version %d; this commonsim reads up to %d", c.Resume, m.SchemaVersion, calibSchemaVersion)
	}
	if m.EngineVersion != version {
		return nil, fmt.Errorf("calibration %s was made by commonsim %s; resume it with that version (this is %s), so that its waves match", c.Resume, m.EngineVersion, version)
	}
	m.Resumed = append(m.Resumed, time.Now().UTC().Format(time.RFC3339))
	m.Status, m.Finished = results.StatusRunning, ""
	return c.open(c.Resume, &m)
}

// open reads a calibration directory's scenario.toml and targets.toml back
// and sets up the calibration the manifest m describes.
func (c calibrateCmd) open(dir string, m *calibManifest) (*calibration, error) {
	scFile, err := filepath.Abs(filepath.Join(dir, calibScenarioFile))
	if err != nil {
		return nil, err
	}
	sc, err := scenarios.Load(scFile)
	if err != nil {
		return nil, fmt.Errorf("calibration %s: %w", dir, err)
	}
	src, err := os.ReadFile(filepath.Join(dir, calibTargetsFile))
	if err != nil {
		return nil, fmt.Errorf("calibration %s: %w", dir, err)
	}
	// Messages name the file the user wrote while it is unchanged, its
	// copy in the calibration otherwise; the lines are the same.
	where := filepath.Join(dir, calibTargetsFile)
	if orig, err := os.ReadFile(m.TargetsSource); err == nil && bytes.Equal(orig, src) {
		where = m.TargetsSource
	}
	targets, err := parseTargets(where, src, sc)
	if err != nil {
		return nil, err
	}
	workers, err := workersFlag(c.Workers)
	if err != nil {
		return nil, err
	}
	if err := threadsFlag(max(1, c.Threads)); err != nil {
		return nil, err
	}
	cal := &calibration{
		dir: dir, m: m, sc: sc, scFile: scFile, targets: targets, given: targets,
		settings: calibrate.Settings{Waves: m.Waves, Points: m.Samples, ABCPoints: m.ABCSamples, Cutoff: m.Cutoff, Tolerance: m.Tolerance, MinShrink: m.MinShrink},
		workers:  workers, threads: max(1, c.Threads), force: c.Force, quiet: c.Quiet, plots: !c.NoPlots, log: os.Stderr,
	}
	for _, p := range m.Priors {
		cal.keys = append(cal.keys, p.Key)
		cal.prior.Lo = append(cal.prior.Lo, p.Min)
		cal.prior.Hi = append(cal.prior.Hi, p.Max)
	}
	return cal, nil
}

// parsePriors reads the --sweep priors: each a continuous range key=min..max
// of a numeric parameter, given once; they are sorted by key, the order of
// the sweep's factors and of every parameter column.
func parsePriors(sweeps []string) ([]priorRange, error) {
	var out []priorRange
	for _, s := range sweeps {
		key, spec, ok := strings.Cut(s, "=")
		key = strings.TrimSpace(key)
		if !ok || !strings.Contains(spec, "..") {
			return nil, fmt.Errorf("--sweep %s: calibrate needs a prior range key=min..max (a uniform prior over the range), not a list or a step", s)
		}
		if strings.HasPrefix(key, "run.") {
			return nil, fmt.Errorf("--sweep %s: run.* settings (ticks, seed, ...) cannot be calibrated", s)
		}
		f, err := scenarios.ParseFactor(key, spec)
		if err != nil {
			msg := fmt.Sprintf("--sweep %s: %v", s, err)
			if _, ok := scenarios.Lookup(key); !ok {
				if sug := scenarios.Suggest(key, scenarios.Keys()); sug != "" {
					msg += fmt.Sprintf("; did you mean %q?", sug)
				}
			}
			return nil, errors.New(msg)
		}
		if !(f.Min < f.Max) {
			return nil, fmt.Errorf("--sweep %s: the prior range needs min < max", s)
		}
		if slices.ContainsFunc(out, func(p priorRange) bool { return p.Key == key }) {
			return nil, fmt.Errorf("--sweep %s: %s is given twice", s, key)
		}
		out = append(out, priorRange{Key: key, Min: f.Min, Max: f.Max})
	}
	slices.SortFunc(out, func(a, b priorRange) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// parseTargets reads a targets file against the metric registries of sim
// and checks its ticks against the scenario's run.
func parseTargets(where string, src []byte, sc *scenarios.Scenario) ([]calibrate.Target, error) {
	metrics := calibrate.Metrics{RunUnits: map[string]string{}, TickUnits: map[string]string{}}
	for _, m := range sim.SummaryMetrics() {
		metrics.Run = append(metrics.Run, m.Name)
		metrics.RunUnits[m.Name] = m.Unit
	}
	for _, m := range sim.TickMetrics() {
		metrics.Tick = append(metrics.Tick, m.Name)
		metrics.TickUnits[m.Name] = m.Unit
	}
	targets, err := calibrate.ParseTargets(where, src, metrics)
	if err != nil {
		return nil, err
	}
	if err := calibrate.CheckRun(targets, sc.Run.Ticks, sc.Run.RecordEvery); err != nil {
		return nil, err
	}
	return targets, nil
}

// slurmWaves checks the Slurm flags; nil without --slurm-shards.
func (c calibrateCmd) slurmWaves() (*slurmWaves, error) {
	if c.SlurmShards == 0 {
		return nil, nil
	}
	if c.SlurmShards < 1 {
		return nil, fmt.Errorf("--slurm-shards %d: need at least 1", c.SlurmShards)
	}
	if c.Cpus < 1 {
		return nil, fmt.Errorf("--cpus %d: need at least 1", c.Cpus)
	}
	if c.Cpus > batch.MaxWorkers {
		return nil, fmt.Errorf("--cpus %d: must be from 1 to %d", c.Cpus, batch.MaxWorkers)
	}
	// As for `commonsim slurm`: the values go into the waves' scripts.
	for _, v := range []struct{ flag, val string }{{"--bin", c.Bin}, {"-o", c.Out}} {
		if err := noControl(v.flag, v.val); err != nil {
			return nil, err
		}
	}
	for _, v := range []struct{ flag, val string }{{"--partition", c.Partition}, {"--time", c.Time}, {"--mem", c.Mem}, {"--account", c.Account}, {"--name", c.Name}} {
		if shq(v.val) != v.val && v.val != "" {
			return nil, fmt.Errorf("%s %q: use only letters, digits and - _ . / = : , + @ %% (no spaces, quotes or shell characters)", v.flag, v.val)
		}
	}
	if c.Name == "" {
		return nil, fmt.Errorf("--name must not be empty")
	}
	bin := c.Bin
	if bin == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("cannot tell where this commonsim binary is (%v); give --bin", err)
		}
		if bin, err = filepath.Abs(exe); err != nil {
			return nil, err
		}
	}
	return &slurmWaves{Shards: c.SlurmShards, Cpus: c.Cpus, Time: c.Time, Partition: c.Partition, Mem: c.Mem, Account: c.Account, Name: c.Name, Bin: bin}, nil
}

// save writes calibration.json atomically.
func (cal *calibration) save() error {
	cal.m.SchemaVersion = calibSchemaVersion
	data, err := json.MarshalIndent(cal.m, "", "  ")
	if err != nil {
		return err
	}
	return results.WriteAtomic(cal.dir, calibManifestFile, append(data, '\n'))
}

// run does the calibration: for --recover, the truth and its targets; the
// waves and ABC; the output files; the predictive check; the figures and
// report.
func (cal *calibration) run(ctx context.Context) error {
	if cal.m.Recover {
		if err := cal.simulateTruth(ctx); err != nil {
			return cal.fail(ctx, err)
		}
	}
	out, err := newCalibrationFiles(cal.dir, cal.keys, cal.targets)
	if err != nil {
		return cal.fail(ctx, err)
	}
	res, err := calibrate.Run(ctx, cal.prior, cal.targets, cal.settings, cal.m.Seed, cal, out.add)
	var empty *calibrate.EmptyRegionError
	if errors.As(err, &empty) {
		return cal.noPlausiblePoint(res, out, empty)
	}
	if err != nil {
		out.abort()
		return cal.fail(ctx, err)
	}
	cal.m.Stop, cal.m.Accepted = res.Stop, res.Accepted
	files, err := out.commit()
	if err != nil {
		return cal.fail(ctx, err)
	}
	sumInfo, err := writePosteriorSummary(cal.dir, cal.keys, res)
	if err != nil {
		return cal.fail(ctx, err)
	}
	files = append(files, sumInfo)
	check, err := cal.predictiveCheck(ctx, res)
	if err != nil {
		return cal.fail(ctx, err)
	}
	info, err := writePredictiveCheck(cal.dir, cal.targets, check)
	if err != nil {
		return cal.fail(ctx, err)
	}
	files = append(files, info)
	var rec []recoveryRow
	if cal.m.Recover {
		rec = recoveryRows(cal.keys, cal.truth, res)
		info, err := writeRecovery(cal.dir, rec)
		if err != nil {
			return cal.fail(ctx, err)
		}
		files = append(files, info)
	}
	var figs [][2]string
	if cal.plots {
		if figs, err = cal.figures(res, check); err != nil {
			return cal.fail(ctx, err)
		}
	}
	text := cal.reportText(res, check, rec, figs)
	if err := results.WriteAtomic(cal.dir, calibReportFile, []byte(text)); err != nil {
		return cal.fail(ctx, err)
	}
	cal.m.Files = files
	cal.m.Status, cal.m.Finished = results.StatusComplete, time.Now().UTC().Format(time.RFC3339)
	if err := cal.save(); err != nil {
		return err
	}
	fmt.Printf("calibration: %s (%d waves, %d points accepted)\n\n%s", cal.dir, len(res.Waves), res.Accepted, text)
	return nil
}

// statusNoPlausiblePoint is calibration.json's status when a wave kept no
// point: the targets cannot all be met within the priors.
const statusNoPlausiblePoint = "no_plausible_point"

// noPlausiblePoint ends a calibration whose wave kept no point: it still
// writes calibration.csv (every point evaluated, with the targets each
// fails), the implausibility figure and a report.md that says which
// targets no point could meet, then returns the one-line error.
func (cal *calibration) noPlausiblePoint(res *calibrate.Result, out *calibrationFiles, empty *calibrate.EmptyRegionError) error {
	out.post.abort()
	last := res.Last()
	e := cal.entry(last.WaveSpec)
	e.Points = last.Tally.Points
	cal.setEntry(e)
	cal.m.Stop, cal.m.Status, cal.m.Finished = res.Stop, statusNoPlausiblePoint, time.Now().UTC().Format(time.RFC3339)
	info, err := out.all.commit()
	if err != nil {
		return fmt.Errorf("%w; then: %v", empty, err)
	}
	cal.m.Files = []results.FileInfo{info}
	var figs [][2]string
	if cal.plots {
		fig, err := cal.implausibilityFigure(res)
		if err != nil {
			return fmt.Errorf("%w; then: %v", empty, err)
		}
		figs = append(figs, fig)
	}
	if err := results.WriteAtomic(cal.dir, calibReportFile, []byte(cal.failureText(res, figs))); err != nil {
		return fmt.Errorf("%w; then: %v", empty, err)
	}
	if err := cal.save(); err != nil {
		return fmt.Errorf("%w; then: %v", empty, err)
	}
	return fmt.Errorf("%w (every point evaluated is in %s, with the targets each fails; see %s)", empty,
		filepath.Join(cal.dir, calibrationCSV), filepath.Join(cal.dir, calibReportFile))
}

// statusFailed is calibration.json's status when an error stopped the
// calibration (a bad target found while running, a full disk).
const statusFailed = "failed"

// fail records a stopped calibration in its manifest and returns err; an
// interrupted one (Ctrl-C, SIGTERM) says how to continue it.
func (cal *calibration) fail(ctx context.Context, err error) error {
	cal.m.Status = statusFailed
	if ctx.Err() != nil {
		cal.m.Status = results.StatusInterrupted
	}
	if serr := cal.save(); serr != nil {
		return fmt.Errorf("%w (and saving %s failed: %v)", err, calibManifestFile, serr)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%w; the calibration in %s keeps its finished waves and runs: continue it with `commonsim calibrate --resume %s`", err, cal.dir, cal.dir)
	}
	return err
}

// WaveDone is calibrate.WaveWatcher: it records the wave in the manifest
// and says what it kept.
func (cal *calibration) WaveDone(w calibrate.WaveResult) {
	e := cal.entry(w.WaveSpec)
	e.Points, e.Kept, e.Shrink = w.Tally.Points, w.Tally.Kept, w.Shrink
	cal.setEntry(e)
	if err := cal.save(); err != nil && !cal.quiet {
		fmt.Fprintf(cal.log, "commonsim: %v\n", err)
	}
	switch {
	case cal.quiet:
	case w.ABC:
		fmt.Fprintf(cal.log, "wave %d (ABC): kept %d of %d points\n", w.Wave, w.Tally.Kept, w.Tally.Points)
	default:
		fmt.Fprintf(cal.log, "wave %d: kept %d of %d points; their region is %s of the prior's volume\n",
			w.Wave, w.Tally.Kept, w.Tally.Points, pctSmall(w.Next.Fraction(cal.prior)))
	}
}

// entry is the manifest's entry of a wave.
func (cal *calibration) entry(w calibrate.WaveSpec) waveEntry {
	e := waveEntry{Wave: w.Wave, ABC: w.ABC, Dir: waveDirName(w.Wave), Seed: w.Seed}
	for i, k := range cal.keys {
		e.Region = append(e.Region, priorRange{Key: k, Min: w.Box.Lo[i], Max: w.Box.Hi[i]})
	}
	return e
}

// hasEntry reports whether the manifest has an entry for wave w with its
// counts, i.e. the wave has been assessed in this process.
func (cal *calibration) hasEntry(w int) bool {
	for _, e := range cal.m.WaveLog {
		if e.Wave == w && e.Points > 0 {
			return true
		}
	}
	return false
}

func (cal *calibration) setEntry(e waveEntry) {
	for i := range cal.m.WaveLog {
		if cal.m.WaveLog[i].Wave == e.Wave {
			cal.m.WaveLog[i] = e
			return
		}
	}
	cal.m.WaveLog = append(cal.m.WaveLog, e)
}

func waveDirName(w int) string { return fmt.Sprintf("wave-%d", w) }

// formatValue writes a parameter value for --set and --sweep: integers of
// an integer parameter rounded, others in the shortest exact form.
func formatValue(key string, v float64) string {
	if p, ok := scenarios.Lookup(key); ok && p.Kind == scenarios.Int {
		return strconv.FormatInt(int64(math.Round(v)), 10)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
