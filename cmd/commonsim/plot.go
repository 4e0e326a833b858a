package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"commonsim/results"
)

type plotCmd struct {
	Dir      string `arg:"" help:"Result set directory (as written by commonsim run)."`
	NoVerify bool   `name:"no-verify" help:"Draw without first checking the data files against the manifest's checksums (commonsim verify)."`
	NoPlots  bool   `name:"no-plots" help:"Write the statistics and the text report only, without figures."`
}

// Run redraws summary.csv, comparison.csv, the figures, report.md and
// report.html from the CSV files of an existing result set, without
// rerunning anything, and prints the report. The data files are first
// checked against the manifest (results.Verify), unless --no-verify.
func (c plotCmd) Run(ctx context.Context) error {
	if !c.NoVerify {
		if err := verifyForUse(c.Dir, true); err != nil {
			return err
		}
	}
	return buildReport(ctx, c.Dir, reportStep{plots: !c.NoPlots, out: os.Stdout, failed: "report of %s"})
}

// verifyForUse checks a result set before a command reads it
// (results.VerifyData): every data file must match the manifest. An interrupted set
// passes when interrupted is true (its files hold its completed runs
// intact).
func verifyForUse(dir string, interrupted bool) error {
	if _, err := results.ReadManifest(dir); err != nil {
		return err
	}
	err := results.VerifyData(dir)
	var ve *results.VerifyError
	switch {
	case err == nil:
		return nil
	case !errors.As(err, &ve):
		return err
	case ve.Incomplete && interrupted && ve.Status == results.StatusInterrupted:
		return nil
	case ve.Incomplete:
		return err // its message says what to do
	case len(ve.Problems) == 1:
		return fmt.Errorf("result set %s does not match its manifest: %s; run `commonsim verify %s` for details, or pass --no-verify to use it anyway", dir, ve.Problems[0], dir)
	}
	return fmt.Errorf("result set %s does not match its manifest (%d problems, the first: %s); `commonsim verify %s` lists them, or pass --no-verify to use it anyway", dir, len(ve.Problems), ve.Problems[0], dir)
}
