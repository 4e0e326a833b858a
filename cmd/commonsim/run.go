package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"commonsim/batch"
	"commonsim/report"
	"commonsim/results"
	"commonsim/scenarios"
)

type runCmd struct {
	Scenarios    []string `arg:"" optional:"" name:"scenario" help:"Built-in scenario names or TOML files."`
	Out          string   `short:"o" help:"Result set directory (default: a new directory under out/)." placeholder:"DIR"`
	Workers      int      `short:"w" help:"Runs at a time, 1 to 1024 (default: all cores)." default:"0"`
	Threads      int      `help:"Goroutines inside one run, 1 to 1024 (a run of one shard, up to 4096 contributors, uses one); output is identical for any value." default:"1"`
	Set          []string `sep:"none" help:"Override a parameter in every scenario, key=value (repeatable)." placeholder:"KEY=VALUE"`
	Sweep        []string `sep:"none" help:"Sweep a parameter: key=a,b,c or key=from:to:step or key=min..max (repeatable)." placeholder:"KEY=SPEC"`
	Design       string   `help:"Sweep design: factorial, lhs, morris, saltelli or sobol." enum:",factorial,lhs,morris,saltelli,sobol" default:""`
	Samples      int      `help:"Samples of a sampled design (lhs and sobol points, morris trajectories, saltelli base points)."`
	Replications *int     `short:"r" help:"Replications per sweep point (overrides the files')."`
	Shard        string   `help:"Run only the K-th of N contiguous slices of the run matrix (K from 1 to N); join the shards' result sets with 'commonsim merge'." placeholder:"K/N"`
	Resume       string   `help:"Continue the interrupted or killed result set DIR: run only the runs it lacks, as its manifest describes them." placeholder:"DIR"`
	Force        bool     `help:"Run even if the memory estimate (of the whole batch: runs in flight, threads, sweep points, report) exceeds the memory available."`
	Quiet        bool     `short:"q" help:"Print only the result set's directory (on stdout) and errors: no progress, no report text."`
	NoPlots      bool     `name:"no-plots" help:"Do not draw the figures (the statistics and the text report are still written)."`
	CPUProfile   string   `name:"cpuprofile" help:"Write a CPU profile of the batch to FILE (go tool pprof FILE)." placeholder:"FILE"`
	MemProfile   string   `name:"memprofile" help:"Write a heap profile at the end of the batch to FILE." placeholder:"FILE"`
}

func (c runCmd) Run(ctx context.Context) (err error) {
	workers, err := workersFlag(c.Workers)
	if err != nil {
		return err
	}
	if err := threadsFlag(c.Threads); err != nil {
		return err
	}
	if err := samplesFlag(c.Samples); err != nil {
		return err
	}
	reps, err := replications(c.Replications)
	if err != nil {
		return err
	}
	if c.Resume != "" {
		if err := c.checkResumeFlags(); err != nil {
			return err
		}
	}
	stop, err := startProfiles(c.CPUProfile, c.MemProfile)
	if err != nil {
		return err
	}
	defer func() {
		if perr := stop(); perr != nil && err == nil {
			err = perr
		}
	}()
	cfg := batch.Config{
		Scenarios:    c.Scenarios,
		Sets:         c.Set,
		Sweeps:       c.Sweep,
		Design:       c.Design,
		Samples:      c.Samples,
		Replications: reps,
		Out:          c.Out,
		Workers:      workers,
		Threads:      c.Threads,
		Force:        c.Force,
		Shard:        c.Shard,
		Command:      os.Args,
	}
	var plan *batch.Plan
	if c.Resume != "" {
		plan, err = batch.Resume(c.Resume, cfg, version)
		if errors.Is(err, batch.ErrComplete) {
			return c.complete(ctx)
		}
	} else {
		plan, err = batch.Prepare(cfg)
	}
	if err != nil {
		return err
	}
	dir, bar, err := execute(ctx, plan, c.Quiet)
	if err != nil {
		if dir != "" && ctx.Err() != nil && plan.Config.Shard == "" {
			// The report of the runs so far is one command away; drawing
			// it here would keep the process past the second it has.
			return fmt.Errorf("%w; draw the report of the runs so far with `commonsim plot %s`", err, dir)
		}
		return err
	}
	what := fmt.Sprintf("%d run%s", plan.Runs(), map[bool]string{true: "", false: "s"}[plan.Runs() == 1])
	if plan.Config.Shard != "" {
		// A shard is a slice of the batch: its report is made from the
		// merged result set (commonsim merge).
		c.printResult(dir, fmt.Sprintf("shard %s: %d of %d runs", plan.Config.Shard, plan.Runs(), plan.Matrix.Len()))
		return nil
	}
	if err := c.report(ctx, dir, bar, "the runs are in %s, but its report failed"); err != nil {
		return err
	}
	c.printResult(dir, what)
	return nil
}

// report draws the report of the result set in dir: its text goes to
// stdout unless --quiet, and bar (nil with --quiet) says what the step is
// doing.
func (c runCmd) report(ctx context.Context, dir string, bar *progress, failed string) error {
	var out io.Writer = os.Stdout
	if c.Quiet {
		out = nil
	}
	return buildReport(ctx, dir, reportStep{plots: !c.NoPlots, out: out, bar: bar, failed: failed})
}

// printResult prints the result set's directory, the last line of the
// command's output (the directory alone with --quiet, for scripts).
func (c runCmd) printResult(dir, what string) {
	if c.Quiet {
		fmt.Println(dir)
		return
	}
	fmt.Printf("results: %s (%s)\n", dir, what)
}

// complete handles --resume of a complete result set: batch.Resume has
// tidied it (results.Tidy); a report (or sensitivity.csv) that a stopped
// process did not finish is drawn again.
func (c runCmd) complete(ctx context.Context) error {
	m, err := results.ReadManifest(c.Resume)
	if err != nil {
		return err
	}
	if m.Shard == "" && !report.Drawn(c.Resume, m) {
		var bar *progress
		if !c.Quiet {
			bar = newStepper(os.Stderr, outputOf(os.Stderr))
			bar.step("its report is missing (the process drawing it was stopped): drawing it again")
		}
		if err := c.report(ctx, c.Resume, bar, "the runs are in %s, but its report failed"); err != nil {
			return err
		}
	}
	c.printResult(c.Resume, fmt.Sprintf("already complete, %d runs", m.Completed))
	return nil
}

// reportStep is how to draw a report: with figures or not, the text
// printed on out (nil for none), what the step does said by bar (nil for
// nothing), and failed, what an error is about, with %s for the result
// set's directory.
type reportStep struct {
	plots  bool
	out    io.Writer
	bar    *progress
	failed string
}

// buildReport draws the report of the result set in dir; it stops when ctx
// is cancelled.
func buildReport(ctx context.Context, dir string, step reportStep) error {
	start := time.Now()
	if step.bar != nil {
		what := "summary.csv, comparison.csv, report.md"
		if step.plots {
			what += " and the figures in plots/"
		}
		step.bar.step(fmt.Sprintf("drawing the report of %s: %s (a few seconds to a minute)", dir, what))
	}
	rep, err := report.Build(dir, report.Options{Plots: step.plots, Out: step.out, Context: ctx})
	switch {
	case err == nil:
		if step.bar != nil {
			step.bar.step(fmt.Sprintf("report drawn in %.1fs: %d figures", time.Since(start).Seconds(), len(rep.Figures)))
		}
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("the runs are in %s, but drawing its report was stopped; draw it with `commonsim plot %s`", dir, dir)
	}
	return fmt.Errorf(step.failed+": %w", dir, err)
}

// workersFlag checks --workers: 0 (the default) means every core, at most
// batch.MaxWorkers.
func workersFlag(w int) (int, error) {
	switch {
	case w == 0:
		return min(runtime.NumCPU(), batch.MaxWorkers), nil
	case w < 0 || w > batch.MaxWorkers:
		return 0, fmt.Errorf("--workers %d: runs at a time must be from 1 to %d (or 0, the default, for one per core)", w, batch.MaxWorkers)
	}
	return w, nil
}

// threadsFlag checks --threads: from 1 to batch.MaxThreads.
func threadsFlag(t int) error {
	if t < 1 || t > batch.MaxThreads {
		return fmt.Errorf("--threads %d: goroutines inside a run must be from 1 to %d (the output is the same for any value)", t, batch.MaxThreads)
	}
	return nil
}

// samplesFlag checks --samples: 0 when not given, else from 1 to
// scenarios.MaxSamples.
func samplesFlag(n int) error {
	if n < 0 || n > scenarios.MaxSamples {
		return fmt.Errorf("--samples %d: must be from 1 to %d", n, scenarios.MaxSamples)
	}
	return nil
}

// checkResumeFlags refuses, with --resume, the flags that define a batch:
// a resumed batch is the one its manifest describes.
func (c runCmd) checkResumeFlags() error {
	var bad []string
	if len(c.Scenarios) > 0 {
		bad = append(bad, "scenario arguments")
	}
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"--out", c.Out != ""}, {"--set", len(c.Set) > 0}, {"--sweep", len(c.Sweep) > 0}, {"--design", c.Design != ""},
		{"--samples", c.Samples != 0}, {"--replications", c.Replications != nil}, {"--shard", c.Shard != ""},
	} {
		if f.set {
			bad = append(bad, f.name)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("--resume %s continues the batch its manifest describes; drop %s (only --workers, --threads, --force and --quiet may change)", c.Resume, strings.Join(bad, ", "))
	}
	return nil
}

// replications checks a --replications flag: nil when not given (the
// files' run.replications then apply), else at least 1 and at most what
// run.replications allows.
func replications(r *int) (int, error) {
	if r == nil {
		return 0, nil
	}
	most := 100000
	if p, ok := scenarios.Lookup("run.replications"); ok {
		most = int(p.Max)
	}
	switch {
	case *r < 1:
		return 0, fmt.Errorf("--replications %d: need at least 1", *r)
	case *r > most:
		return 0, fmt.Errorf("--replications %d: the most is %d per sweep point", *r, most)
	}
	return *r, nil
}
