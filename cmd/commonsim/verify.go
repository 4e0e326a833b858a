package main

import (
	"errors"
	"fmt"

	"commonsim/results"
)

type verifyCmd struct {
	Dirs []string `arg:"" name:"dir" help:"Result set directories to check."`
}

// Run checks each result set against its manifest (results.Verify): one
// line per problem on stdout, then the verdict: "DIR: ok: ..." on stdout,
// or, for a result set that is incomplete or damaged, an error (on stderr,
// with a non-zero exit status).
func (c verifyCmd) Run() error {
	bad := 0
	var last error
	for _, dir := range c.Dirs {
		err := results.Verify(dir)
		var ve *results.VerifyError
		switch {
		case err == nil:
			m, merr := results.ReadManifest(dir)
			if merr != nil { // changed since Verify read it
				return merr
			}
			files := len(m.Files) + len(m.Derived)
			what := fmt.Sprintf("%d runs", m.Completed)
			if m.Shard != "" {
				what = fmt.Sprintf("shard %s, %d runs", m.Shard, m.Completed)
			}
			if n := len(m.Failed); n > 0 {
				what += fmt.Sprintf(", %d of them failed (listed in the manifest's failed_runs)", n)
			}
			reportFiles := "no report recorded"
			if len(m.Report) > 0 {
				reportFiles = fmt.Sprintf("the report's %d files (report_files) their SHA-256", len(m.Report))
			}
			fmt.Printf("%s: ok: complete (%s); %d files match the manifest's row counts and SHA-256, %s\n", dir, what, files, reportFiles)
			continue
		case errors.As(err, &ve):
			for _, p := range ve.Problems {
				fmt.Printf("%s: %s\n", dir, p)
			}
			switch {
			case ve.Incomplete && ve.Status == results.StatusRunning:
				last = fmt.Errorf("%s: INCOMPLETE: status running; its files are still *.partial, so only their presence was checked", dir)
			case ve.Incomplete:
				last = fmt.Errorf("%s: INCOMPLETE: %s after %d of %d runs; the files hold those runs intact", dir, ve.Status, ve.Completed, ve.Total)
			default:
				last = fmt.Errorf("%s: FAILED: %d problem(s)", dir, len(ve.Problems))
			}
		default:
			last = err
		}
		bad++
		if len(c.Dirs) > 1 {
			fmt.Println(last)
		}
	}
	switch {
	case bad == 0:
		return nil
	case len(c.Dirs) == 1:
		return last
	default:
		return fmt.Errorf("%d of %d result sets did not verify", bad, len(c.Dirs))
	}
}
