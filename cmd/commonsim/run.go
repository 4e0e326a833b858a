package main

import (
	"context"
	"fmt"
	"os"
	"runtime"

	"commonsim/batch"
)

type runCmd struct {
	Scenarios    []string `arg:"" name:"scenario" help:"Built-in scenario names or TOML files."`
	Out          string   `short:"o" help:"Result set directory (default: a new directory under out/)." placeholder:"DIR"`
	Workers      int      `short:"w" help:"Runs at a time (default: all cores)." default:"0"`
	Threads      int      `help:"Goroutines inside one run; output is identical for any value." default:"1"`
	Set          []string `sep:"none" help:"Override a parameter in every scenario, key=value (repeatable)." placeholder:"KEY=VALUE"`
	Sweep        []string `sep:"none" help:"Sweep a parameter: key=a,b,c or key=from:to:step or key=min..max (repeatable)." placeholder:"KEY=SPEC"`
	Design       string   `help:"Sweep design: factorial, lhs, morris or saltelli." enum:",factorial,lhs,morris,saltelli" default:""`
	Samples      int      `help:"Samples of a sampled design (lhs points, morris trajectories, saltelli base points)."`
	Replications int      `short:"r" help:"Replications per sweep point (overrides the files')."`
	Force        bool     `help:"Run even if the memory estimate exceeds available memory."`
	Quiet        bool     `short:"q" help:"No progress output."`
}

func (c runCmd) Run(ctx context.Context) error {
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
		Replications: c.Replications,
		Out:          c.Out,
		Workers:      workers,
		Threads:      max(1, c.Threads),
		Force:        c.Force,
		Command:      os.Args,
	}
	plan, err := batch.Prepare(cfg)
	if err != nil {
		return err
	}
	var bar *progress
	if !c.Quiet {
		bar = newProgress(len(plan.Specs))
		plan.Config.Progress = bar.update
	}
	dir, err := plan.Execute(ctx, version)
	if bar != nil {
		bar.done()
	}
	if err != nil {
		return err
	}
	fmt.Printf("results: %s (%d runs)\n", dir, len(plan.Specs))
	return nil
}
