package main

import (
	"os"

	"commonsim/report"
)

type plotCmd struct {
	Dir string `arg:"" help:"Result set directory (as written by commonsim run)."`
}

// Run redraws summary.csv, comparison.csv, the figures and report.md from
// the CSV files of an existing result set, without rerunning anything, and
// prints the report.
func (c plotCmd) Run() error {
	_, err := report.Build(c.Dir, report.Options{Plots: true, Out: os.Stdout})
	return err
}
