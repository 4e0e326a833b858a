package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	"commonsim/batch"
	"commonsim/report"
)

type runCmd struct {
	Scenarios    []string `arg:"" optional:"" name:"scenario" help:"Built-in scenario names or TOML files."`
	Out          string   `short:"o" help:"Result set directory (default: a new directory under out/)." placeholder:"DIR"`
	Workers      int      `short:"w" help:"Runs at a time (default: all cores)." default:"0"`
	Threads      int      `help:"Goroutines inside one run (a run of one shard, up to 4096 contributors, uses one); output is identical for any value." default:"1"`
	Set          []string `sep:"none" help:"Override a parameter in every scenario, key=value (repeatable)." placeholder:"KEY=VALUE"`
	Sweep        []string `sep:"none" help:"Sweep a parameter: key=a,b,c or key=from:to:step or key=min..max (repeatable)." placeholder:"KEY=SPEC"`
	Design       string   `help:"Sweep design: factorial, lhs, morris or saltelli." enum:",factorial,lhs,morris,saltelli" default:""`
	Samples      int      `help:"Samples of a sampled design (lhs points, morris trajectories, saltelli base points)."`
	Replications *int     `short:"r" help:"Replications per sweep point (overrides the files')."`
	Shard        string   `help:"Run only the K-th of N contiguous slices of the run matrix (K from 1 to N); join the shards' result sets with 'commonsim merge'." placeholder:"K/N"`
	Resume       string   `help:"Continue the interrupted or killed result set DIR: run only the runs it lacks, as its manifest describes them." placeholder:"DIR"`
	Force        bool     `help:"Run even if the memory estimate exceeds available memory."`
	Quiet        bool     `short:"q" help:"No progress output."`
	NoPlots      bool     `name:"no-plots" help:"Do not draw the figures (the statistics and the text report are still written)."`
	CPUProfile   string   `name:"cpuprofile" help:"Write a CPU profile of the batch to FILE (go tool pprof FILE)." placeholder:"FILE"`
	MemProfile   string   `name:"memprofile" help:"Write a heap profile at the end of the batch to FILE." placeholder:"FILE"`
}

func (c runCmd) Run(ctx context.Context) error {
	stop, err := startProfiles(c.CPUProfile, c.MemProfile)
	if err != nil {
		return err
	}
	defer stop()
	reps, err := replications(c.Replications)
	if err != nil {
		return err
	}
	workers := c.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	cfg := batch.Config{
		Scenarios:    c.Scenarios,
		Sets:         c.Set,
		Sweeps:       c.Sweep,
		Design:       c.Design,
		Samples:      c.Samples,
		Replications: reps,
		Out:          c.Out,
		Workers:      workers,
		Threads:      max(1, c.Threads),
		Force:        c.Force,
		Shard:        c.Shard,
		Command:      os.Args,
	}
	var plan *batch.Plan
	if c.Resume != "" {
		if err := c.checkResumeFlags(); err != nil {
			return err
		}
		plan, err = batch.Resume(c.Resume, cfg, version)
		if errors.Is(err, batch.ErrComplete) {
			fmt.Printf("results: %s is already complete\n", c.Resume)
			return nil
		}
	} else {
		plan, err = batch.Prepare(cfg)
	}
	if err != nil {
		return err
	}
	var bar *progress
	if !c.Quiet {
		bar = newProgress(os.Stderr, plan.Done, plan.Runs())
		plan.Config.Progress = bar.update
	}
	dir, err := plan.Execute(ctx, version)
	if bar != nil {
		bar.finish(err == nil)
	}
	if err != nil {
		// An interrupted batch leaves a valid result set: report what it holds.
		if dir != "" && ctx.Err() != nil && plan.Config.Shard == "" {
			if _, rerr := report.Build(dir, report.Options{Plots: !c.NoPlots, Out: os.Stdout}); rerr != nil {
				fmt.Fprintln(os.Stderr, "commonsim: report:", rerr)
			}
		}
		return err
	}
	what := fmt.Sprintf("%d runs", plan.Runs())
	if plan.Config.Shard != "" {
		what = fmt.Sprintf("shard %s: %d of %d runs", plan.Config.Shard, plan.Runs(), plan.Matrix.Len())
	}
	if plan.Config.Shard != "" {
		// A shard is a slice of the batch: its report is made from the
		// merged result set (commonsim merge).
		fmt.Printf("results: %s (%s)\n", dir, what)
		return nil
	}
	fmt.Printf("results: %s (%s)\n\n", dir, what)
	if _, err := report.Build(dir, report.Options{Plots: !c.NoPlots, Out: os.Stdout}); err != nil {
		return fmt.Errorf("the runs are in %s, but its report failed: %w", dir, err)
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
// files' run.replications then apply), else at least 1.
func replications(r *int) (int, error) {
	if r == nil {
		return 0, nil
	}
	if *r < 1 {
		return 0, fmt.Errorf("--replications %d: need at least 1", *r)
	}
	return *r, nil
}
