package batch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"commonsim/results"
	"commonsim/scenarios"
	"commonsim/sim"
)

// Config is what a user asks of one batch.
type Config struct {
	Scenarios    []string // built-in names or TOML paths
	Sets         []string // key=value overrides applied to every scenario
	Sweeps       []string // key=spec sweep factors added to every scenario
	Design       string   // sweep design for --sweep factors ("" keeps the file's)
	Samples      int      // samples for sampled designs
	Replications int      // overrides run.replications when > 0
	Out          string   // result set directory ("" picks out/<names>-<time>)
	Workers      int
	Threads      int
	Force        bool   // run even when the memory estimate exceeds the machine
	Shard        string // "K/N": run only the K-th of N contiguous slices of the run matrix
	Command      []string
	// Progress is called after each run is written with the runs in the
	// result set so far (those of an earlier, resumed attempt included)
	// and the runs it is to hold.
	Progress func(done, total int)
}

// Plan is a resolved batch: its scenarios and run matrix.
type Plan struct {
	Config    Config
	Scenarios []*scenarios.Scenario
	Sources   []string
	Matrix    *Matrix // the whole run matrix, made on demand
	// Lo and Hi bound the run ids [Lo, Hi) of this result set: the whole
	// matrix, or a shard's slice of it.
	Lo, Hi int
	// Done is the number of those runs already in the result set: non-zero
	// only when resuming.
	Done int

	varying  []scenarios.Param
	resume   *results.Writer // set by Resume
	manifest *results.Manifest
	dir      string
}

// Runs is the number of runs of this result set.
func (p *Plan) Runs() int { return p.Hi - p.Lo }

// Specs returns the run specs of this result set (all of them at once; a
// batch itself makes them a chunk at a time).
func (p *Plan) Specs() ([]sim.RunSpec, error) { return p.Matrix.Specs(p.Lo, p.Hi) }

// Prepare loads and validates the scenarios, applies overrides and sweeps,
// expands the run matrix and checks that the largest run fits in memory.
func Prepare(cfg Config) (*Plan, error) {
	if len(cfg.Scenarios) == 0 {
		return nil, errors.New("no scenario given (try `commonsim scenarios` for the built-in ones)")
	}
	p := &Plan{Config: cfg}
	for _, name := range cfg.Scenarios {
		sc, err := scenarios.Resolve(name)
		if err != nil {
			return nil, err
		}
		if len(cfg.Sets) > 0 {
			if err := sc.SetAll(cfg.Sets); err != nil {
				return nil, err
			}
		}
		if cfg.Replications > 0 {
			sc.Run.Replications = cfg.Replications
		}
		if err := applySweeps(sc, cfg); err != nil {
			return nil, err
		}
		p.Scenarios = append(p.Scenarios, sc)
		p.Sources = append(p.Sources, name)
	}
	mx, err := NewMatrix(p.Scenarios)
	if err != nil {
		return nil, err
	}
	p.Matrix, p.Lo, p.Hi = mx, 0, mx.Len()
	if cfg.Shard != "" {
		k, n, err := ParseShard(cfg.Shard)
		if err != nil {
			return nil, err
		}
		p.Lo, p.Hi = ShardRange(mx.Len(), k, n)
	}
	if err := p.scan(); err != nil {
		return nil, err
	}
	return p, nil
}

// scan resolves every point's parameters once: to find the parameters that
// vary (the columns of runs.csv) and, unless Force, to check that the
// largest run fits in memory.
func (p *Plan) scan() error {
	var err error
	if p.varying, err = p.Matrix.Varying(); err != nil {
		return err
	}
	if p.Config.Force {
		return nil
	}
	return checkMemory(p.Matrix, p.Lo, p.Hi, max(1, p.Config.Workers))
}

func applySweeps(sc *scenarios.Scenario, cfg Config) error {
	for _, s := range cfg.Sweeps {
		key, spec, ok := strings.Cut(s, "=")
		if !ok {
			return fmt.Errorf("--sweep %q: expected key=values (a,b,c), key=from:to:step or key=min..max", s)
		}
		f, err := scenarios.ParseFactor(strings.TrimSpace(key), spec)
		if err != nil {
			msg := fmt.Sprintf("--sweep %s: %v", s, err)
			if _, ok := scenarios.Lookup(strings.TrimSpace(key)); !ok {
				if sug := scenarios.Suggest(strings.TrimSpace(key), scenarios.Keys()); sug != "" {
					msg += fmt.Sprintf("; did you mean %q?", sug)
				}
			}
			return errors.New(msg)
		}
		replaced := false
		for i := range sc.Sweep.Factors {
			if sc.Sweep.Factors[i].Key == f.Key {
				sc.Sweep.Factors[i], replaced = f, true
			}
		}
		if !replaced {
			sc.Sweep.Factors = append(sc.Sweep.Factors, f)
		}
	}
	if len(cfg.Sweeps) > 0 {
		slices.SortFunc(sc.Sweep.Factors, func(a, b scenarios.Factor) int { return strings.Compare(a.Key, b.Key) })
		if sc.Sweep.Design == "" {
			sc.Sweep.Design = scenarios.Factorial
		}
	}
	if cfg.Design != "" {
		sc.Sweep.Design = cfg.Design
	}
	if cfg.Samples > 0 {
		sc.Sweep.Samples = cfg.Samples
	}
	if sc.Sweep.Design == scenarios.Morris && sc.Sweep.Levels == 0 {
		sc.Sweep.Levels = 4
	}
	if err := sc.Validate(); err != nil {
		return fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	return nil
}

// DefaultOut names a new result set directory under out/ after the
// scenarios and the time, never one that exists.
func DefaultOut(names []string, now time.Time) string {
	var parts []string
	for _, n := range names {
		parts = append(parts, strings.TrimSuffix(filepath.Base(n), ".toml"))
	}
	base := filepath.Join("out", strings.Join(parts, "-")+"-"+now.Format("20060102-150405"))
	dir := base
	for i := 2; ; i++ {
		if _, err := os.Stat(dir); os.IsNotExist(err) {
			return dir
		}
		dir = fmt.Sprintf("%s-%d", base, i)
	}
}

// Execute runs the plan into a new result set (or, for a plan made by
// Resume, the runs its result set lacks) and returns its directory. On
// cancellation (Ctrl-C) the result set is closed as interrupted, holding
// every run completed in order, and the error says how to resume. A
// complete result set of a Morris or Saltelli design also gets
// sensitivity.csv.
func (p *Plan) Execute(ctx context.Context, version string) (string, error) {
	cfg := p.Config
	w, m, dir := p.resume, p.manifest, p.dir
	if w == nil {
		dir = cfg.Out
		if dir == "" {
			dir = DefaultOut(cfg.Scenarios, time.Now())
		}
		var err error
		if m, err = p.newManifest(version); err != nil {
			return "", err
		}
		var ids results.Ranges
		ids.AddRange(p.Lo, p.Hi-1)
		if ids == nil {
			ids = results.Ranges{}
		}
		if w, err = results.CreateSet(dir, p.varying, ids, m); err != nil {
			return "", err
		}
	}
	p.resume = nil // a plan executes once
	total := p.Runs()
	runErr := p.run(ctx, w)
	status := results.StatusComplete
	if runErr != nil {
		status = results.StatusInterrupted
	}
	if err := w.Close(status); err != nil {
		// One line: what failed first, and that the runs journalled before
		// it are kept (results.Resume checks them).
		closeErr := strings.ReplaceAll(err.Error(), "\n", "; ")
		if runErr == nil {
			return dir, fmt.Errorf("%s; the result set %s keeps the runs written before this: continue it with `commonsim run --resume %s`", closeErr, dir, dir)
		}
		return dir, fmt.Errorf("%w; closing the result set also failed (%s); %s keeps the runs written before the failure: continue it with `commonsim run --resume %s`", runErr, closeErr, dir, dir)
	}
	if runErr != nil {
		if ctx.Err() != nil {
			return dir, fmt.Errorf("interrupted after %d of %d runs; the result set %s is valid, continue it with `commonsim run --resume %s`", m.Completed, total, dir, dir)
		}
		return dir, runErr
	}
	if m.Shard == "" {
		if _, err := WriteSensitivity(dir); err != nil {
			return dir, err
		}
	}
	return dir, nil
}

// chunkRuns is how many run specs are made at a time (at least; 64 per
// worker). Memory holds one chunk's specs and a resolved scenario (about
// 1.6 KB) per sweep point in it, instead of the whole matrix's. Each chunk
// goes through sim.Execute's pool, which drains at the chunk's end: with 64
// runs per worker that idles the workers about 1/128 of the time.
var chunkRuns, chunkPerWorker = 1024, 64

// run executes the runs of the plan the writer lacks, a chunk of specs at a
// time, and reports progress.
func (p *Plan) run(ctx context.Context, w *results.Writer) error {
	cfg := p.Config
	total := p.Runs()
	chunk := max(1, chunkRuns, chunkPerWorker*max(1, cfg.Workers))
	for lo := p.Lo + w.Completed(); lo < p.Hi; lo += chunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		hi := min(lo+chunk, p.Hi)
		specs, err := p.Matrix.Specs(lo, hi)
		if err != nil {
			return err
		}
		opt := sim.Options{Workers: cfg.Workers, Threads: cfg.Threads}
		if cfg.Progress != nil {
			before := lo - p.Lo
			opt.Progress = func(n int) { cfg.Progress(before+n, total) }
		}
		if err := sim.Execute(ctx, specs, opt, w); err != nil {
			return err
		}
	}
	return nil
}

// newManifest describes the plan for a new result set.
func (p *Plan) newManifest(version string) (*results.Manifest, error) {
	cfg := p.Config
	m := &results.Manifest{
		Engine:        "commonsim",
		EngineVersion: version,
		GoVersion:     runtime.Version(),
		Command:       cfg.Command,
		Started:       time.Now().UTC().Format(time.RFC3339),
		Workers:       max(1, cfg.Workers),
		Threads:       max(1, cfg.Threads),
		Shard:         cfg.Shard,
		Batch: &results.BatchArgs{
			Scenarios: cfg.Scenarios, Set: cfg.Sets, Sweep: cfg.Sweeps, Design: cfg.Design,
			Samples: cfg.Samples, Replications: cfg.Replications, Shard: cfg.Shard,
		},
		MatrixRuns: p.Matrix.Len(),
	}
	var err error
	if m.MatrixDigest, err = p.Matrix.Digest(); err != nil {
		return nil, err
	}
	for i, sc := range p.Scenarios {
		resolved, err := sc.Encode()
		if err != nil {
			return nil, err
		}
		pts := p.Matrix.Points(i)
		entry := results.ScenarioEntry{Name: sc.Name, Source: p.Sources[i], Resolved: resolved, Seed: sc.Run.Seed, Replicas: sc.Run.Replications}
		if !sc.Sweep.Empty() {
			entry.Design = sc.Sweep.Design
			entry.Sweep = sweepInfo(sc.Sweep)
			for _, pt := range pts {
				entry.Points = append(entry.Points, pt.Assign)
			}
		}
		m.Scenarios = append(m.Scenarios, entry)
	}
	return m, nil
}

// checkMemory estimates the memory of the largest run of ids [lo, hi)
// times the runs in flight and refuses a batch that would not fit in the
// machine's memory.
func checkMemory(mx *Matrix, lo, hi, workers int) error {
	var worst uint64
	var worstScenario string
	id := 0
	err := mx.scan(func(params *scenarios.Scenario, scenario string, runs int) {
		if id < hi && id+runs > lo {
			if b := sim.EstimateBytes(params); b > worst {
				worst, worstScenario = b, scenario
			}
		}
		id += runs
	})
	if err != nil {
		return err
	}
	inFlight := uint64(min(workers, hi-lo))
	need := worst * inFlight
	have := availableMemory()
	if have > 0 && need > have {
		return fmt.Errorf("scenario %s: estimated memory %s (%s per run x %d in flight) exceeds the %s available; lower population or ticks, use fewer --workers, or pass --force",
			worstScenario, human(need), human(worst), inFlight, human(have))
	}
	return nil
}

func human(b uint64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%d B", b)
	}
	div, exp := uint64(unit), 0
	for n := b / unit; n >= unit; n /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(b)/float64(div), "KMGTPE"[exp])
}

// availableMemory reads MemAvailable from /proc/meminfo; 0 when unknown.
func availableMemory() uint64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		var kb uint64
		if n, _ := fmt.Sscanf(line, "MemAvailable: %d kB", &kb); n == 1 {
			return kb * 1024
		}
	}
	return 0
}
