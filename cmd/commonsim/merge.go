package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"commonsim/batch"
	"commonsim/report"
)

type mergeCmd struct {
	Out     string   `arg:"" name:"out" help:"New result set directory for the merged batch."`
	Shards  []string `arg:"" name:"shard" help:"The shards' result set directories (commonsim run --shard K/N), in any order."`
	NoPlots bool     `name:"no-plots" help:"Do not draw the figures of the merged result set's report."`
}

func (c mergeCmd) Run(ctx context.Context) error {
	m, err := batch.Merge(c.Out, c.Shards, os.Args)
	step := reportStep{plots: !c.NoPlots, out: os.Stdout, failed: "the merged runs are in %s, but its report failed"}
	if errors.Is(err, batch.ErrComplete) {
		// Merged already, by a process stopped in its report step.
		if !report.Drawn(c.Out, m) {
			fmt.Printf("its report is missing (the process drawing it was stopped): drawing it again\n\n")
			if err := buildReport(ctx, c.Out, step); err != nil {
				return err
			}
		}
		fmt.Printf("results: %s is already the merge of these shards (%d runs)\n", c.Out, m.Completed)
		return nil
	}
	if err != nil {
		return err
	}
	if err := buildReport(ctx, c.Out, step); err != nil {
		return err
	}
	fmt.Printf("results: %s (%d runs merged from %d shards)\n", c.Out, m.Completed, len(c.Shards))
	return nil
}
