package batch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
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
	Force        bool // run even when the memory estimate exceeds the machine
	Command      []string
	Progress     func(done, total int)
}

// Plan is a resolved batch: its scenarios and run matrix.
type Plan struct {
	Config    Config
	Scenarios []*scenarios.Scenario
	Sources   []string
	Specs     []sim.RunSpec
}

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
	specs, err := sim.Matrix(p.Scenarios)
	if err != nil {
		return nil, err
	}
	p.Specs = specs
	if !cfg.Force {
		if err := checkMemory(specs, max(1, cfg.Workers)); err != nil {
			return nil, err
		}
	}
	return p, nil
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
		sortFactors(sc.Sweep.Factors)
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

func sortFactors(fs []scenarios.Factor) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Key < fs[j-1].Key; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
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

// Execute runs the plan into a new result set and returns its directory.
// On cancellation (Ctrl-C) the result set is closed as interrupted, holding
// every run completed in order, and the error says how to resume.
func (p *Plan) Execute(ctx context.Context, version string) (string, error) {
	cfg := p.Config
	dir := cfg.Out
	if dir == "" {
		dir = DefaultOut(cfg.Scenarios, time.Now())
	}
	m := &results.Manifest{
		Engine:        "commonsim",
		EngineVersion: version,
		GoVersion:     runtime.Version(),
		Command:       cfg.Command,
		Started:       time.Now().UTC().Format(time.RFC3339),
		Workers:       max(1, cfg.Workers),
		Threads:       max(1, cfg.Threads),
	}
	for i, sc := range p.Scenarios {
		resolved, err := sc.Encode()
		if err != nil {
			return "", err
		}
		pts, err := sc.Sweep.Points(uint64(sc.Run.Seed))
		if err != nil {
			return "", err
		}
		entry := results.ScenarioEntry{Name: sc.Name, Source: p.Sources[i], Resolved: resolved, Seed: sc.Run.Seed, Replicas: sc.Run.Replications}
		if !sc.Sweep.Empty() {
			entry.Design = sc.Sweep.Design
			for _, pt := range pts {
				entry.Points = append(entry.Points, pt.Assign)
			}
		}
		m.Scenarios = append(m.Scenarios, entry)
	}
	w, err := results.Create(dir, p.Specs, m)
	if err != nil {
		return "", err
	}
	total := len(p.Specs)
	opt := sim.Options{Workers: cfg.Workers, Threads: cfg.Threads}
	if cfg.Progress != nil {
		opt.Progress = func(done int) { cfg.Progress(done, total) }
	}
	runErr := sim.Execute(ctx, p.Specs, opt, w)
	status := results.StatusComplete
	if runErr != nil {
		status = results.StatusInterrupted
	}
	if err := w.Close(status); err != nil {
		return dir, errors.Join(runErr, err)
	}
	if runErr != nil {
		if ctx.Err() != nil {
			return dir, fmt.Errorf("interrupted after %d of %d runs; the result set %s is valid, continue it with `commonsim run --resume %s`", m.Completed, total, dir, dir)
		}
		return dir, runErr
	}
	return dir, nil
}

// checkMemory estimates the memory of the largest run times the runs in
// flight and refuses a batch that would not fit in the machine's memory.
func checkMemory(specs []sim.RunSpec, workers int) error {
	var worst uint64
	var worstSpec sim.RunSpec
	for _, s := range specs {
		if b := sim.EstimateBytes(s.Params); b > worst {
			worst, worstSpec = b, s
		}
	}
	inFlight := uint64(min(workers, len(specs)))
	need := worst * inFlight
	have := availableMemory()
	if have > 0 && need > have {
		return fmt.Errorf("scenario %s: estimated memory %s (%s per run x %d in flight) exceeds the %s available; lower population or ticks, use fewer --workers, or pass --force",
			worstSpec.Scenario, human(need), human(worst), inFlight, human(have))
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
