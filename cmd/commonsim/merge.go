package main

import (
	"context"
	"fmt"
	"os"

	"commonsim/batch"
)

type mergeCmd struct {
	Out     string   `arg:"" name:"out" help:"New result set directory for the merged batch."`
	Shards  []string `arg:"" name:"shard" help:"The shards' result set directories (commonsim run --shard K/N), in any order."`
	NoPlots bool     `name:"no-plots" help:"Do not draw the figures of the merged result set's report."`
}

func (c mergeCmd) Run(ctx context.Context) error {
	m, err := batch.Merge(c.Out, c.Shards, os.Args)
	if err != nil {
		return err
	}
	fmt.Printf("results: %s (%d runs merged from %d shards)\n\n", c.Out, m.Completed, len(c.Shards))
	return buildReport(ctx, c.Out, !c.NoPlots, "the merged runs are in %s, but its report failed")
}
