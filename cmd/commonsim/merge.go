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
	if errors.Is(err, batch.ErrComplete) {
		// Merged already, by a process stopped in its report step.
		fmt.Printf("results: %s is already the merge of these shards (%d runs)\n", c.Out, m.Completed)
		if report.Drawn(c.Out, m) {
			return nil
		}
		fmt.Printf("its report is missing (the process drawing it was stopped): drawing it again\n\n")
		return buildReport(ctx, c.Out, !c.NoPlots, "the merged runs are in %s, but its report failed")
	}
	if err != nil {
		return err
	}
	fmt.Printf("results: %s (%d runs merged from %d shards)\n\n", c.Out, m.Completed, len(c.Shards))
	return buildReport(ctx, c.Out, !c.NoPlots, "the merged runs are in %s, but its report failed")
}
