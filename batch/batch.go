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
	"sync"
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
	tracker  *tracker        // set by Prepare and Resume: Progress
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
// checks the batch against its limits and the machine's memory
// (CheckLimits, before any sweep point is made) and expands the run matrix.
// Workers and Threads of 0 mean 1.
func Prepare(cfg Config) (*Plan, error) {
	if len(cfg.Scenarios) == 0 {
		return nil, errors.New("no scenario given (try `commonsim scenarios` for the built-in ones)")
	}
	cfg.Workers, cfg.Threads = orOne(cfg.Workers), orOne(cfg.Threads)
	if err := checkResources(cfg); err != nil {
		return nil, err
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
		if err := sc.CheckSets(cfg.Sets, cfg.Sweeps); err != nil {
			return nil, err
		}
		if cfg.Replications > 0 {
			sc.Run.Replications = cfg.Replications
		}
		if err := sc.ApplySweeps(cfg.Sweeps, cfg.Design, cfg.Samples); err != nil {
			return nil, err
		}
		p.Scenarios = append(p.Scenarios, sc)
		p.Sources = append(p.Sources, name)
	}
	if err := checkDesignFlags(cfg, p.Scenarios); err != nil {
		return nil, err
	}
	if err := p.expand(cfg.Shard); err != nil {
		return nil, err
	}
	p.tracker = &tracker{}
	p.tracker.reset(0, p.Runs())
	return p, nil
}

// checkDesignFlags refuses --design and --samples when no scenario of the
// batch sweeps anything, and --samples when every sweep is factorial: they
// describe how sweep points are drawn, and would otherwise be silently
// ignored.
func checkDesignFlags(cfg Config, scs []*scenarios.Scenario) error {
	if cfg.Design == "" && cfg.Samples == 0 {
		return nil
	}
	if !slices.ContainsFunc(scs, func(sc *scenarios.Scenario) bool { return !sc.Sweep.Empty() }) {
		flag := "--design " + cfg.Design
		if cfg.Design == "" {
			flag = fmt.Sprintf("--samples %d", cfg.Samples)
		}
		return fmt.Errorf("%s: no scenario of the batch sweeps a parameter, so there are no sweep points to draw; add --sweep KEY=MIN..MAX (or a [sweep] table in the scenario file), or drop %s", flag, strings.Fields(flag)[0])
	}
	sampled := func(sc *scenarios.Scenario) bool { return !sc.Sweep.Empty() && sc.Sweep.Design != scenarios.Factorial }
	if cfg.Samples > 0 && !slices.ContainsFunc(scs, sampled) {
		return fmt.Errorf("--samples %d: the factorial design runs every combination of the listed values and draws no samples; add --design lhs, sobol, morris or saltelli, or drop --samples", cfg.Samples)
	}
	return nil
}

// orOne is n, or 1 for 0 (a Config's zero value).
func orOne(n int) int {
	if n == 0 {
		return 1
	}
	return n
}

// checkResources checks a Config's workers and threads (see CheckLimits)
// before anything is loaded.
func checkResources(cfg Config) error {
	_, err := CheckLimits(nil, LimitOptions{Workers: cfg.Workers, Threads: cfg.Threads, Force: true})
	return err
}

// expand checks the plan's scenarios against the limits (CheckLimits), then
// makes the run matrix, the shard's slice of it and the varying parameters.
func (p *Plan) expand(shard string) error {
	total := 0
	for _, sc := range p.Scenarios {
		n, err := sc.Sweep.Size()
		if err != nil {
			return fmt.Errorf("scenario %s: %w", sc.Name, err)
		}
		// Size <= 10^6 and replications <= 10^5: no overflow.
		total = min(total+n*sc.Run.Replications, MaxRuns+1)
	}
	lo, hi := 0, total
	if shard != "" {
		k, n, err := ParseShard(shard)
		if err != nil {
			return err
		}
		if n > total {
			return fmt.Errorf("--shard %s: the batch has only %d runs, so at most %d shards; use N <= %d", shard, total, total, total)
		}
		lo, hi = ShardRange(total, k, n)
	}
	cfg := p.Config
	if _, err := CheckLimits(p.Scenarios, LimitOptions{Workers: cfg.Workers, Threads: cfg.Threads, Runs: max(1, hi-lo), Report: shard == "", Force: cfg.Force}); err != nil {
		return err
	}
	mx, err := NewMatrix(p.Scenarios)
	if err != nil {
		return err
	}
	if mx.Len() != total {
		return fmt.Errorf("internal error: the run matrix has %d runs, its sweeps %d", mx.Len(), total)
	}
	p.Matrix, p.Lo, p.Hi = mx, lo, hi
	p.varying, err = mx.Varying()
	return err
}

// Run prepares the batch cfg describes and executes it into a new result
// set (Prepare, then Plan.Execute), returning the set's directory; version
// is the engine version its manifest records. Its report is report.Build's
// to draw.
func Run(ctx context.Context, cfg Config, version string) (string, error) {
	p, err := Prepare(cfg)
	if err != nil {
		return "", err
	}
	return p.Execute(ctx, version)
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
// every run completed in order, and the error says how to resume. The
// files derived from the runs (sensitivity.csv, the report) are the
// report's to write (report.Build).
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
	if p.tracker != nil {
		p.tracker.reset(w.Completed(), total)
	}
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
	return dir, nil
}

// chunkRuns is how many run specs are made at a time (at least; 64 per
// worker). Memory holds one chunk's specs and a resolved scenario (about
// 1.6 KB) per sweep point in it, instead of the whole matrix's. Each chunk
// goes through Execute's pool, which drains at the chunk's end: with 64
// runs per worker that idles the workers about 1/128 of the time.
var chunkRuns, chunkPerWorker = 1024, 64

// run executes the runs of the plan the writer lacks, a chunk of specs at a
// time, and reports progress. When ctx is cancelled it returns at once:
// the writer is sealed (a run being written is finished first) and the
// runs still in flight are dropped, to be run again by --resume; their
// goroutines end when the runs do.
func (p *Plan) run(ctx context.Context, w *results.Writer) error {
	cfg := p.Config
	total := p.Runs()
	chunk := max(1, chunkRuns, chunkPerWorker*max(1, cfg.Workers))
	sink := &sealedSink{w: w}
	defer sink.seal()
	for lo := p.Lo + w.Completed(); lo < p.Hi; lo += chunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		hi := min(lo+chunk, p.Hi)
		specs, err := p.Matrix.Specs(lo, hi)
		if err != nil {
			return err
		}
		opt := Options{Workers: cfg.Workers, Threads: cfg.Threads}
		before := lo - p.Lo
		if p.tracker != nil {
			opt.Watch = p.tracker.start
		}
		opt.Progress = func(n int) {
			sink.progress(func() {
				if p.tracker != nil {
					p.tracker.written(specs[n-1].ID, before+n)
				}
				if cfg.Progress != nil {
					cfg.Progress(before+n, total)
				}
			})
		}
		done := make(chan error, 1)
		go func() { done <- Execute(ctx, specs, opt, sink) }()
		select {
		case err := <-done:
			if err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// sealedSink passes results to the writer until it is sealed; then it
// refuses them, so that the writer can be closed while runs are still in
// flight.
type sealedSink struct {
	mu     sync.Mutex
	w      *results.Writer
	sealed bool
}

var errSealed = errors.New("the batch was stopped")

func (s *sealedSink) Write(r *sim.Result) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sealed {
		return errSealed
	}
	return s.w.Write(r)
}

// progress calls report unless the sink is sealed.
func (s *sealedSink) progress(report func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.sealed {
		report()
	}
}

// seal waits for a write in progress and refuses every later one.
func (s *sealedSink) seal() {
	s.mu.Lock()
	s.sealed = true
	s.mu.Unlock()
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
			sweep := sc.Sweep
			entry.Sweep = &sweep
			for _, pt := range pts {
				entry.Points = append(entry.Points, pt.Assign)
			}
		}
		m.Scenarios = append(m.Scenarios, entry)
	}
	return m, nil
}
