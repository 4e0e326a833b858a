package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"commonsim/results"
)

// Limits that keep figures and the text readable.
const (
	// maxLines is the number of groups drawn in line figures (time series,
	// Lorenz, survival) and shown in the report's tables: the palette has
	// eight colours.
	maxLines = 8
	// maxPairwise is the largest number of groups compared pairwise; with
	// more, every group is compared with the first only.
	maxPairwise = 8
)

// Options says what Build produces besides sensitivity.csv, summary.csv,
// comparison.csv, report.html and report.md.
type Options struct {
	Plots bool      // draw the figures into <dir>/plots
	Out   io.Writer // also write the text report here; nil for none
	// DPI is the resolution of the PNG figures; 0 means plots.DPI (300,
	// for print). Lower values draw much faster (tests use 30).
	DPI int
	// Context stops Build between two files or figures when it is
	// cancelled (Ctrl-C), removing the file being written; nil means
	// context.Background().
	Context context.Context
}

// Group is one (scenario, sweep point) of a result set: the replications of
// one parameter set.
type Group struct {
	Scenario string // scenario name
	Point    int    // sweep point index (0 without a sweep)
	Label    string // legend text, e.g. "commons (capture_rate=0.5)"
	Runs     int    // successful runs
	Failed   int    // failed runs, left out of every statistic
}

// Report is what Build wrote.
type Report struct {
	Dir     string
	Groups  []Group  // in run order
	Figures []string // the figures drawn, as paths relative to Dir of their PNG files
	Text    string   // the text of report.md
}

// Build reads the result set in dir and writes sensitivity.csv (for a
// complete result set, not a shard, with a morris or saltelli scenario:
// see WriteSensitivity), summary.csv, comparison.csv, report.html,
// report.md and, if opt.Plots, the figures under dir/plots. Every file is
// written under a temporary name and renamed into place. A directory that
// is not a result set, a result set that is still being written and a file
// that is not in the documented format are errors that name the file and,
// for a bad value, its line.
func Build(dir string, opt Options) (rep *Report, err error) {
	defer func() {
		if r := recover(); r != nil {
			rep, err = nil, fmt.Errorf("report %s: internal error: %v", dir, r)
		}
	}()
	if st, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("result set %s does not exist", dir)
	} else if err != nil {
		return nil, fmt.Errorf("result set %s: %w", dir, err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a result set: it is not a directory", dir)
	}
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	rs, err := load(dir)
	if err != nil {
		return nil, err
	}
	// The report's files are written under the result set's lock, never
	// through a link, and replace the leftovers of a report step that was
	// killed (hidden temporary files).
	lock, err := results.LockSet(dir)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	if err := results.CheckLinks(dir); err != nil {
		return nil, err
	}
	for _, d := range []string{dir, filepath.Join(dir, PlotsDir)} {
		if err := results.RemoveTemps(d); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	// The manifest records the report's files (results.RecordReport, for
	// verify) once every one is written, whatever files they are; until
	// then it records none, so that a step stopped halfway is seen as one.
	// Figures of an earlier report go when this one draws none.
	if err := results.ForgetReport(dir); err != nil {
		return nil, err
	}
	defer func() {
		if err == nil {
			if err = results.RecordReport(dir); err != nil {
				rep = nil
			}
		}
	}()
	if !opt.Plots {
		if _, err := results.RemoveFigures(dir); err != nil {
			return nil, fmt.Errorf("report: removing the figures of the earlier report: %w", err)
		}
	}
	if err := rs.sensitivity(); err != nil {
		return nil, err
	}
	stopped := func() error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("report %s: stopped: %w", dir, err)
		}
		return nil
	}

	if err := results.WriteAtomicFrom(dir, SummaryFile, rs.writeSummary); err != nil {
		return nil, reportErr(SummaryFile, err)
	}
	var bands map[int]map[int]*band
	err = results.WriteAtomicFrom(dir, SummaryTimeseriesFile, func(w io.Writer) error {
		var err error
		bands, err = rs.writeTickSummary(w)
		return err
	})
	if err != nil {
		return nil, reportErr(SummaryTimeseriesFile, err)
	}
	if err := stopped(); err != nil {
		return nil, err
	}

	cs := rs.compare()
	if err := results.WriteAtomicFrom(dir, ComparisonFile, func(w io.Writer) error { return rs.writeComparison(w, cs) }); err != nil {
		return nil, reportErr(ComparisonFile, err)
	}
	if err := stopped(); err != nil {
		return nil, err
	}

	var figs figureList
	if opt.Plots {
		figs.ctx, figs.dpi = ctx, opt.DPI
		if figs, err = rs.figures(filepath.Join(dir, PlotsDir), bands, figs); err != nil {
			return nil, err
		}
	}
	if err := stopped(); err != nil {
		return nil, err
	}

	text := rs.text(cs, figs, opt.Plots)
	// report.html before report.md: report.md, the last file, says that
	// the report is all there (Drawn).
	if err := rs.writeHTML(text); err != nil {
		return nil, reportErr(HTMLFile, err)
	}
	if err := results.WriteAtomic(dir, ReportFile, []byte(text)); err != nil {
		return nil, reportErr(ReportFile, err)
	}
	if opt.Out != nil {
		if _, err := io.WriteString(opt.Out, text); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}

	rep = &Report{Dir: dir, Text: text}
	for _, g := range rs.groups {
		rep.Groups = append(rep.Groups, Group{Scenario: g.scenario, Point: g.point, Label: g.label, Runs: g.ok, Failed: len(g.runs) - g.ok})
	}
	for _, f := range figs.drawn {
		rep.Figures = append(rep.Figures, filepath.Join(PlotsDir, f.name+".png"))
	}
	return rep, nil
}

// reportErr names the file a write failed on, once.
func reportErr(name string, err error) error {
	if strings.Contains(err.Error(), name) {
		return fmt.Errorf("report: %w", err)
	}
	return fmt.Errorf("report: %s: %w", name, err)
}

// sensitivity writes sensitivity.csv when the result set is complete, not a
// shard, and has a morris or saltelli scenario. The caller holds the lock;
// the manifest, which is saved again, is read again under it.
func (rs *resultSet) sensitivity() error {
	if rs.manifest.Status != results.StatusComplete || rs.manifest.Shard != "" {
		return nil
	}
	m, err := results.ReadManifest(rs.dir)
	if err != nil {
		return err
	}
	if m.Status != results.StatusComplete || m.MatrixDigest != rs.manifest.MatrixDigest || m.Completed != rs.manifest.Completed {
		return fmt.Errorf("result set %s: its manifest changed while the report was reading it (another process wrote it); run the command again", rs.dir)
	}
	ds, err := designedScenarios(rs.dir, m)
	if err != nil || len(ds) == 0 {
		return err
	}
	return rs.writeSensitivity(m, ds)
}
