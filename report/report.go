package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// Options says what Build produces besides summary.csv, comparison.csv and
// report.md.
type Options struct {
	Plots bool      // draw the figures into <dir>/plots
	Out   io.Writer // also write the text report here; nil for none
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

// Build reads the result set in dir and writes summary.csv, comparison.csv,
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
	rs, err := load(dir)
	if err != nil {
		return nil, err
	}

	sum, err := createAtomic(dir, SummaryFile)
	if err != nil {
		return nil, err
	}
	bands, err := rs.writeSummary(sum, timeseriesMetrics)
	if err != nil {
		sum.abort()
		return nil, err
	}
	if err := sum.commit(); err != nil {
		return nil, err
	}

	cs := rs.compare()
	cmpf, err := createAtomic(dir, ComparisonFile)
	if err != nil {
		return nil, err
	}
	if err := rs.writeComparison(cmpf, cs); err != nil {
		cmpf.abort()
		return nil, fmt.Errorf("report: %s: %w", ComparisonFile, err)
	}
	if err := cmpf.commit(); err != nil {
		return nil, err
	}

	var figs figureList
	if opt.Plots {
		if figs, err = rs.figures(filepath.Join(dir, PlotsDir), bands); err != nil {
			return nil, err
		}
	}

	text := rs.text(cs, figs, opt.Plots)
	if err := writeFileAtomic(dir, ReportFile, []byte(text)); err != nil {
		return nil, err
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
