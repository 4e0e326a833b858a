package main

import (
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

func (c mergeCmd) Run() error {
	m, err := batch.Merge(c.Out, c.Shards, os.Args)
	if err != nil {
		return err
	}
	fmt.Printf("results: %s (%d runs merged from %d shards)\n\n", c.Out, m.Completed, len(c.Shards))
	if _, err := report.Build(c.Out, report.Options{Plots: !c.NoPlots, Out: os.Stdout}); err != nil {
		return fmt.Errorf("the merged runs are in %s, but its report failed: %w", c.Out, err)
	}
	return nil
}
