package report_test

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"commonsim/batch"
	"commonsim/report"
	"commonsim/results"
	"commonsim/sim"
)

var nan = math.NaN()

func build(t *testing.T, dir string, plots bool) *report.Report {
	t.Helper()
	r, err := report.Build(dir, report.Options{Plots: plots, DPI: testDPI})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSummaryKnownValues(t *testing.T) {
	dir := writeSynthetic(t)
	build(t, dir, false)
	runRows := readCSV(t, filepath.Join(dir, report.SummaryFile))
	if !slices.Equal(runRows[0], []string{"scenario", "point", "metric", "n", "mean", "sd", "ci95_low", "ci95_high", "median"}) {
		t.Fatalf("summary.csv header %v", runRows[0])
	}
	tickRows := readCSV(t, filepath.Join(dir, report.SummaryTimeseriesFile))
	if !slices.Equal(tickRows[0], []string{"scenario", "point", "metric", "tick", "n", "mean", "sd", "ci95_low", "ci95_high", "median"}) {
		t.Fatalf("summary_timeseries.csv header %v", tickRows[0])
	}
	nTick, nRun := len(sim.TickMetrics()), len(sim.SummaryMetrics())
	if want := 1 + 2*nRun; len(runRows) != want {
		t.Fatalf("summary.csv: %d rows, want %d", len(runRows), want)
	}
	if want := 1 + 2*2*nTick; len(tickRows) != want {
		t.Fatalf("summary_timeseries.csv: %d rows, want %d", len(tickRows), want)
	}
	// Order: per group, metrics in registry order (and tick ascending).
	order := []struct {
		rows                 [][]string
		row                  int
		scenario, metric, tk string
	}{
		{tickRows, 1, "alpha", sim.TickMetrics()[0].Name, "1"},
		{tickRows, 2, "alpha", sim.TickMetrics()[0].Name, "2"},
		{tickRows, 3, "alpha", sim.TickMetrics()[1].Name, "1"},
		{tickRows, 2 * nTick, "alpha", sim.TickMetrics()[nTick-1].Name, "2"},
		{tickRows, 2*nTick + 1, "beta", sim.TickMetrics()[0].Name, "1"},
		{runRows, 1, "alpha", sim.SummaryMetrics()[0].Name, ""},
		{runRows, nRun, "alpha", sim.SummaryMetrics()[nRun-1].Name, ""},
		{runRows, len(runRows) - 1, "beta", sim.SummaryMetrics()[nRun-1].Name, ""},
	}
	for _, o := range order {
		r := o.rows[o.row]
		if r[0] != o.scenario || r[1] != "0" || r[2] != o.metric || o.tk != "" && r[3] != o.tk {
			t.Errorf("row %d = %v, want %s,0,%s,%s", o.row, r[:4], o.scenario, o.metric, o.tk)
		}
	}
	// Both files as one table: level "run" rows get tick "NaN".
	rows := [][]string{nil}
	for _, r := range runRows[1:] {
		rows = append(rows, append([]string{r[0], r[1], "run", r[2], "NaN"}, r[3:]...))
	}
	for _, r := range tickRows[1:] {
		rows = append(rows, append([]string{r[0], r[1], "tick"}, r[2:]...))
	}

	find := func(scenario, level, metric, tick string) []string {
		for _, r := range rows[1:] {
			if r[0] == scenario && r[2] == level && r[3] == metric && r[4] == tick {
				return r
			}
		}
		return nil
	}
	s3 := math.Sqrt(3)
	cases := []struct {
		scenario, level, metric, tick string
		n                             string
		mean, sd, lo, hi, median      float64
	}{
		// The failed alpha run (1000) is left out.
		{"alpha", "run", "final_active", "NaN", "3", 4, 2, 4 - t2*2/s3, 4 + t2*2/s3, 4},
		{"beta", "run", "final_active", "NaN", "3", 3, 2, 3 - t2*2/s3, 3 + t2*2/s3, 3},
		{"alpha", "run", "final_value", "NaN", "3", 11, 1, 11 - t2/s3, 11 + t2/s3, 11},
		{"beta", "run", "final_value", "NaN", "3", 2, 1, 2 - t2/s3, 2 + t2/s3, 2},
		// Only finite values count: Inf and NaN are left out.
		{"alpha", "run", "median_tenure", "NaN", "0", nan, nan, nan, nan, nan},
		{"beta", "run", "median_tenure", "NaN", "2", 21, math.Sqrt2, 21 - t1, 21 + t1, 21},
		{"alpha", "run", "gini_contribution", "NaN", "3", 0.5, 0, 0.5, 0.5, 0.5},
		{"beta", "run", "gini_contribution", "NaN", "1", 0.5, nan, nan, nan, 0.5},
		{"alpha", "run", "forks", "NaN", "3", 0, 0, 0, 0, 0},
		{"alpha", "tick", "active", "1", "3", 2, 1, 2 - t2/s3, 2 + t2/s3, 2},
		{"alpha", "tick", "active", "2", "3", 4, 2, 4 - t2*2/s3, 4 + t2*2/s3, 4},
		{"beta", "tick", "active", "1", "3", 5, 0, 5, 5, 5},
		{"beta", "tick", "active", "2", "2", 2, math.Sqrt2, 2 - t1, 2 + t1, 2},
		{"beta", "tick", "value", "2", "3", 0, 0, 0, 0, 0},
	}
	for _, c := range cases {
		r := find(c.scenario, c.level, c.metric, c.tick)
		if r == nil {
			t.Errorf("%s %s %s tick %s: no row", c.scenario, c.level, c.metric, c.tick)
			continue
		}
		want := []float64{c.mean, c.sd, c.lo, c.hi, c.median}
		ok := r[5] == c.n
		for i, w := range want {
			ok = ok && near(r[6+i], w)
		}
		if !ok {
			t.Errorf("%s %s %s tick %s: got n,mean,sd,lo,hi,median = %v, want %s %v", c.scenario, c.level, c.metric, c.tick, r[5:], c.n, want)
		}
	}
}

func TestComparisonKnownValues(t *testing.T) {
	dir := writeSynthetic(t)
	build(t, dir, false)
	rows := readCSV(t, filepath.Join(dir, report.ComparisonFile))
	if !slices.Equal(rows[0], []string{"scenario_a", "point_a", "scenario_b", "point_b", "metric", "n_a", "n_b", "mean_a", "mean_b", "diff", "ci95_low", "ci95_high", "cohens_d", "cliffs_delta", "significant"}) {
		t.Fatalf("header %v", rows[0])
	}
	if len(rows) != 1+len(sim.SummaryMetrics()) {
		t.Fatalf("%d rows, want one pair × %d metrics", len(rows)-1, len(sim.SummaryMetrics()))
	}
	for i, m := range sim.SummaryMetrics() {
		if r := rows[1+i]; r[0] != "alpha" || r[1] != "0" || r[2] != "beta" || r[3] != "0" || r[4] != m.Name {
			t.Errorf("row %d = %v, want alpha,0,beta,0,%s", 1+i, r[:5], m.Name)
		}
	}
	cases := []struct {
		metric                               string
		na, nb                               string
		meanA, meanB, diff, lo, hi, d, delta float64
		sig                                  float64
	}{
		// Equal sd 2, n 3: Welch ν = 4, se = sqrt(8/3); Cliff: 6 pairs a>b, 3 a<b.
		// diff = mean_b - mean_a: beta compared with alpha.
		{"final_active", "3", "3", 4, 3, -1, -1 - t4*math.Sqrt(8.0/3), -1 + t4*math.Sqrt(8.0/3), -0.5, -1.0 / 3, 0},
		{"final_value", "3", "3", 11, 2, -9, -9 - t4*math.Sqrt(2.0/3), -9 + t4*math.Sqrt(2.0/3), -9, -1, 1},
		{"median_tenure", "0", "2", nan, 21, nan, nan, nan, nan, nan, nan},
		// Pooled sd 0: d undefined; all ties: delta 0; n_b = 1: no interval.
		{"gini_contribution", "3", "1", 0.5, 0.5, 0, nan, nan, nan, 0, nan},
		// Constant and equal: the interval collapses to [0, 0], which includes 0.
		{"forks", "3", "3", 0, 0, 0, 0, 0, nan, 0, 0},
	}
	for _, c := range cases {
		var r []string
		for _, row := range rows[1:] {
			if row[4] == c.metric {
				r = row
			}
		}
		want := []float64{c.meanA, c.meanB, c.diff, c.lo, c.hi, c.d, c.delta, c.sig}
		ok := r[5] == c.na && r[6] == c.nb
		for i, w := range want {
			ok = ok && near(r[7+i], w)
		}
		if !ok {
			t.Errorf("%s: got %v, want n %s %s, %v", c.metric, r[5:], c.na, c.nb, want)
		}
	}
}

func TestReportText(t *testing.T) {
	dir := writeSynthetic(t)
	var out bytes.Buffer
	r, err := report.Build(dir, report.Options{Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, report.ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(data) || r.Text != string(data) {
		t.Error("the text written to Out, report.md and Report.Text differ")
	}
	text := string(data)
	for _, want := range []string{
		"# alpha vs beta",
		"1 run failed and is left out",
		// Counts: the t interval floored at 0, and the report says so.
		"| active contributors at the end | 4.00 [0.00, 8.97] | 3.00 [0.00, 7.97] |",
		"The intervals of counts (contributors, forks) are floored at 0",
		// The opening: what each scenario is; the design.
		"## In short",
		"**Design**: a comparison of 2 scenarios",
		"| median tenure (ticks = weeks) | Inf in all 3 runs | 21.0 [8.3, 33.7] (undefined in 1 of 3 runs) |",
		"beta has a lower commons value at the end than alpha: 2.0 vs 11.0, difference -9.0 [-11.3, -6.7], Cliff's delta -1.00.",
		"- active contributors at the end: 3.00 vs 4.00, difference -1.00 [-5.53, 3.53].",
		"median tenure (alpha: Inf in every run)",
		"No figures were drawn",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	if len(r.Groups) != 2 || r.Groups[0] != (report.Group{Scenario: "alpha", Label: "alpha", Runs: 3, Failed: 1}) || r.Groups[1].Runs != 3 {
		t.Errorf("groups %+v", r.Groups)
	}
	if len(r.Figures) != 0 {
		t.Errorf("figures without Plots: %v", r.Figures)
	}
}

// Build draws every figure of a real result set and a sweep, and leaves no
// temporary file behind.
func TestBuildRealResultSet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs batches")
	}
	base := t.TempDir()
	cases := []struct {
		name string
		cfg  batch.Config
		figs []string
	}{
		// Forks that found nothing (fork.found = false) in the first two:
		// a fork that founds a commons capturing nothing changes the run's
		// captured share, which is then an outcome, no longer an input.
		{"commons-extractive", batch.Config{
			Scenarios: []string{"commons", "extractive"},
			Sets:      []string{"run.ticks=60", "run.replications=3", "population.initial=30", "fork.found=false"},
		}, []string{"boxes_retention_52"}},
		{"sweep", batch.Config{
			Scenarios: []string{"commons"},
			Sets:      []string{"run.ticks=20", "run.replications=2", "population.initial=30", "fork.found=false"},
			Sweeps:    []string{"economy.capture_rate=0,0.5", "tasks.task_size_mean=1,4"},
		}, []string{
			"sweep_final_active_capture_rate", "sweep_final_active_task_size_mean",
			"sweep_final_value_capture_rate", "sweep_final_value_task_size_mean",
			"sweep_gini_contribution_capture_rate", "sweep_gini_contribution_task_size_mean",
			"heatmap_final_active", "heatmap_final_value", "heatmap_gini_contribution",
		}},
		{"ecosystem-forks", batch.Config{
			Scenarios: []string{"ecosystem"},
			Sets:      []string{"run.ticks=40", "run.replications=2", "population.initial=30", "fork.probability=1", "fork.patience=2"},
		}, []string{"commons_active_ecosystem", "fork_outcomes"}},
	}
	// captured_share and returned_share are inputs here (the capture
	// rate, constant in every run): not drawn.
	common := []string{
		"timeseries_active", "timeseries_value", "timeseries_gini_contribution", "timeseries_mean_engagement", "timeseries_forks",
		"lorenz_contribution", "lorenz_benefit", "topshare_contribution", "topshare_benefit",
		"boxes_final_active", "boxes_final_value", "boxes_gini_contribution", "boxes_bus_factor", "boxes_forks",
		"survival",
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.cfg.Out = filepath.Join(base, c.name)
			c.cfg.Workers = 2
			c.cfg.Threads = 1
			dir := runBatch(t, c.cfg)
			r := build(t, dir, true)
			for _, f := range []string{"timeseries_captured_share", "boxes_returned_share"} {
				if c.name == "ecosystem-forks" {
					break // the forks capture nothing: outcomes, drawn
				}
				if slices.Contains(r.Figures, filepath.Join(report.PlotsDir, f+".png")) || !strings.Contains(r.Text, f+" was not drawn") {
					t.Errorf("%s, an input, was drawn or its absence not explained", f)
				}
			}
			for _, f := range append(common, c.figs...) {
				for _, ext := range []string{".png", ".svg"} {
					if st, err := os.Stat(filepath.Join(dir, report.PlotsDir, f+ext)); err != nil || st.Size() == 0 {
						t.Errorf("figure %s%s: %v", f, ext, err)
					}
				}
				if !slices.Contains(r.Figures, filepath.Join(report.PlotsDir, f+".png")) {
					t.Errorf("Report.Figures lacks %s", f)
				}
				if !strings.Contains(r.Text, f+".png") {
					t.Errorf("report.md does not list %s", f)
				}
			}
			for _, f := range []string{report.SummaryFile, report.ComparisonFile, report.ReportFile} {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Error(err)
				}
			}
			for _, d := range []string{dir, filepath.Join(dir, report.PlotsDir)} {
				ents, _ := os.ReadDir(d)
				for _, e := range ents {
					if strings.Contains(e.Name(), ".tmp") {
						t.Errorf("temporary file left: %s", e.Name())
					}
				}
			}
			// Building again gives the same statistics.
			before, _ := os.ReadFile(filepath.Join(dir, report.SummaryFile))
			build(t, dir, false)
			after, _ := os.ReadFile(filepath.Join(dir, report.SummaryFile))
			if !bytes.Equal(before, after) {
				t.Error("summary.csv differs between two builds")
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	col := func(rows [][]string, name string) int { return slices.Index(rows[0], name) }
	cases := []struct {
		name  string
		edit  func(t *testing.T, dir string) string // returns the directory to build
		plots bool
		want  []string
	}{
		{"empty directory", func(t *testing.T, dir string) string { return t.TempDir() }, false,
			[]string{"is not a result set", "manifest.json"}},
		{"no such directory", func(t *testing.T, dir string) string { return filepath.Join(dir, "nope") }, false,
			[]string{"nope"}},
		{"a file", func(t *testing.T, dir string) string { return filepath.Join(dir, results.RunsFile) }, false,
			[]string{"not a result set"}},
		{"still running", func(t *testing.T, dir string) string {
			m, _ := results.ReadManifest(dir)
			m.Status = results.StatusRunning
			m.Save(dir)
			return dir
		}, false, []string{"manifest.json", "running"}},
		{"runs.csv non-numeric", func(t *testing.T, dir string) string {
			editFile(t, dir, results.RunsFile, func(r [][]string) [][]string { r[2][col(r, "final_value")] = "lots"; return r })
			return dir
		}, false, []string{"runs.csv:3", "final_value", `"lots"`}},
		{"runs.csv missing column", func(t *testing.T, dir string) string {
			editFile(t, dir, results.RunsFile, func(r [][]string) [][]string {
				k := col(r, "final_value")
				for i := range r {
					r[i] = slices.Delete(r[i], k, k+1)
				}
				return r
			})
			return dir
		}, false, []string{"runs.csv", `no column "final_value"`}},
		{"runs.csv unknown scenario", func(t *testing.T, dir string) string {
			editFile(t, dir, results.RunsFile, func(r [][]string) [][]string { r[5][1] = "gamma"; return r })
			return dir
		}, false, []string{"runs.csv:6", `"gamma"`, "manifest.json"}},
		{"runs.csv bad status", func(t *testing.T, dir string) string {
			editFile(t, dir, results.RunsFile, func(r [][]string) [][]string { r[1][col(r, "status")] = "maybe"; return r })
			return dir
		}, false, []string{"runs.csv:2", `"maybe"`}},
		{"timeseries.csv wrong field count", func(t *testing.T, dir string) string {
			editFile(t, dir, results.TimeseriesFile, func(r [][]string) [][]string { r[4] = append(r[4], "1"); return r })
			return dir
		}, false, []string{"timeseries.csv:5", "number of fields"}},
		{"timeseries.csv non-numeric", func(t *testing.T, dir string) string {
			editFile(t, dir, results.TimeseriesFile, func(r [][]string) [][]string { r[3][col(r, "value")] = "x"; return r })
			return dir
		}, false, []string{"timeseries.csv:4", "value", `"x"`}},
		{"timeseries.csv unknown run", func(t *testing.T, dir string) string {
			editFile(t, dir, results.TimeseriesFile, func(r [][]string) [][]string { r[2][0] = "99"; return r })
			return dir
		}, false, []string{"timeseries.csv:3", "run_id 99", "runs.csv"}},
		{"timeseries.csv not sorted", func(t *testing.T, dir string) string {
			editFile(t, dir, results.TimeseriesFile, func(r [][]string) [][]string { return append(append(r[:1:1], r[7:]...), r[1:7]...) })
			return dir
		}, false, []string{"timeseries.csv", "sorted by run_id"}},
		{"timeseries.csv missing", func(t *testing.T, dir string) string {
			os.Remove(filepath.Join(dir, results.TimeseriesFile))
			return dir
		}, false, []string{"timeseries.csv is missing"}},
		{"survival.csv not a probability", func(t *testing.T, dir string) string {
			editFile(t, dir, results.SurvivalFile, func(r [][]string) [][]string { r[2][col(r, "survival")] = "1.5"; return r })
			return dir
		}, true, []string{"survival.csv:3", "1.5"}},
		{"lorenz.csv non-numeric", func(t *testing.T, dir string) string {
			editFile(t, dir, results.LorenzFile, func(r [][]string) [][]string { r[2][col(r, "benefit_share")] = "half"; return r })
			return dir
		}, true, []string{"lorenz.csv:3", "benefit_share"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := c.edit(t, writeSynthetic(t))
			_, err := report.Build(dir, report.Options{Plots: c.plots, DPI: testDPI})
			if err == nil {
				t.Fatal("no error")
			}
			if !contains(err.Error(), c.want...) {
				t.Errorf("error %q does not name %q", err, c.want)
			}
			if ents, err := os.ReadDir(dir); err == nil {
				for _, e := range ents {
					if strings.Contains(e.Name(), ".tmp") {
						t.Errorf("temporary file left: %s", e.Name())
					}
				}
			}
		})
	}
}

// Groups are compared pairwise up to 8 groups and with the first beyond.
func TestPairsRule(t *testing.T) {
	for _, c := range []struct{ groups, pairs int }{{2, 1}, {3, 3}, {8, 28}, {9, 8}, {12, 11}} {
		dir := writeSynthetic(t)
		m, _ := results.ReadManifest(dir)
		m.Scenarios = nil
		var runs [][]string
		editFile(t, dir, results.RunsFile, func(r [][]string) [][]string {
			runs = [][]string{r[0]}
			for g := range c.groups {
				name := string(rune('a' + g))
				m.Scenarios = append(m.Scenarios, results.ScenarioEntry{Name: name})
				for rep := range 2 {
					row := slices.Clone(r[1])
					row[0], row[1], row[3] = itoa(2*g+rep), name, itoa(rep)
					runs = append(runs, row)
				}
			}
			return runs
		})
		m.Save(dir)
		for _, f := range []string{results.TimeseriesFile, results.LorenzFile, results.SurvivalFile} {
			editFile(t, dir, f, func(r [][]string) [][]string { return r[:1] })
		}
		build(t, dir, false)
		rows := readCSV(t, filepath.Join(dir, report.ComparisonFile))
		if got := (len(rows) - 1) / len(sim.SummaryMetrics()); got != c.pairs {
			t.Errorf("%d groups: %d pairs, want %d", c.groups, got, c.pairs)
		}
		if c.groups > 8 {
			for _, r := range rows[1:] {
				if r[0] != "a" {
					t.Fatalf("%d groups: pair %s-%s does not start with the first group", c.groups, r[0], r[2])
				}
			}
		}
	}
}

func itoa(i int) string { return results.FormatFloat(float64(i)) }

// A group of one run has no rows in summary_timeseries.csv (they would
// repeat timeseries.csv), a group of two has them; summary.csv and
// summary_timeseries.csv carry runs.csv's parameter columns with the
// group's values, and tick is an integer column.
func TestSummaryOneRunGroupsAndParameters(t *testing.T) {
	base := t.TempDir()
	for _, reps := range []int{1, 2} {
		dir := runBatch(t, batch.Config{
			Scenarios: []string{"commons", "extractive"}, Sets: []string{"run.ticks=6", "population.initial=10"},
			Sweeps: []string{"review.strictness=0.1,0.3"}, Replications: reps,
			Out: filepath.Join(base, fmt.Sprint(reps)), Workers: 2, Threads: 1,
		})
		build(t, dir, false)
		runs := readCSV(t, filepath.Join(dir, "runs.csv"))
		var params []string
		for _, h := range runs[0] {
			if strings.Contains(h, ".") {
				params = append(params, h)
			}
		}
		if !slices.Contains(params, "review.strictness") || !slices.Contains(params, "economy.capture_rate") {
			t.Fatalf("runs.csv parameter columns %v", params)
		}
		sum := readCSV(t, filepath.Join(dir, report.SummaryFile))
		if want := report.SummaryColumns(params); !slices.Equal(sum[0], want) {
			t.Fatalf("summary.csv header %v, want %v", sum[0], want)
		}
		ts := readCSV(t, filepath.Join(dir, report.SummaryTimeseriesFile))
		if want := report.SummaryTimeseriesColumns(params); !slices.Equal(ts[0], want) {
			t.Fatalf("summary_timeseries.csv header %v, want %v", ts[0], want)
		}
		series := readCSV(t, filepath.Join(dir, "timeseries.csv"))
		if !slices.Equal(series[0][4:4+len(params)], params) {
			t.Errorf("timeseries.csv header %v lacks the parameter columns %v after the identity columns", series[0], params)
		}
		// The group's parameter values are those of its runs in runs.csv.
		strict, capture := slices.Index(runs[0], "review.strictness"), slices.Index(runs[0], "economy.capture_rate")
		want := map[string][2]string{}
		for _, r := range runs[1:] {
			want[r[1]+"/"+r[2]] = [2]string{r[strict], r[capture]}
		}
		for _, rows := range [][][]string{sum, ts} {
			is, ic := slices.Index(rows[0], "review.strictness"), slices.Index(rows[0], "economy.capture_rate")
			for _, r := range rows[1:] {
				if got := [2]string{r[is], r[ic]}; got != want[r[0]+"/"+r[1]] {
					t.Fatalf("group %s/%s: parameters %v, runs.csv has %v", r[0], r[1], got, want[r[0]+"/"+r[1]])
				}
			}
		}
		if reps == 1 {
			if len(ts) != 1 {
				t.Errorf("one run per group: summary_timeseries.csv has %d rows, want the header only", len(ts)-1)
			}
			continue
		}
		// 4 groups × the tick metrics × 6 ticks, tick a whole number.
		if want := 1 + 4*len(sim.TickMetrics())*6; len(ts) != want {
			t.Errorf("summary_timeseries.csv has %d rows, want %d", len(ts), want)
		}
		k := slices.Index(ts[0], "tick")
		for _, r := range ts[1:] {
			if _, err := strconv.Atoi(r[k]); err != nil {
				t.Fatalf("tick %q is not an integer", r[k])
			}
		}
	}
}

// Each "why" sentence of report.md is written only when every difference
// it cites is a clear one in the direction it says (comparison.csv).
func TestWhySentencesFollowTheData(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a batch")
	}
	dir := runBatch(t, batch.Config{
		Scenarios: []string{"commons", "extractive"},
		Sets:      []string{"run.ticks=104", "run.replications=4", "population.initial=60"},
		Out:       filepath.Join(t.TempDir(), "why"), Workers: 2, Threads: 1,
	})
	r := build(t, dir, false)
	rows := readCSV(t, filepath.Join(dir, report.ComparisonFile))
	clear := func(metric string, sign float64) bool {
		for _, row := range rows[1:] {
			if row[4] == metric {
				d, _ := strconv.ParseFloat(row[9], 64)
				return row[14] == "1" && d*sign > 0
			}
		}
		return false
	}
	rules := map[string][]struct {
		metric string
		sign   float64
	}{
		"**Capture is felt.**":                      {{"captured_share", 1}, {"mean_engagement", -1}},
		"**Fewer stay.**":                           {{"mean_engagement", -1}, {"retention_52", -1}, {"final_active", -1}},
		"**A lower Gini is not a fairer commons.**": {{"gini_contribution", -1}, {"retention_52", -1}, {"top1_share", -1}},
		"**Forks.**":                                {{"forks", 1}, {"captured_share", 1}},
		"**A smaller bus factor**":                  {{"bus_factor", -1}, {"final_active", -1}},
		"**Forks found rival commons.**":            {{"forks", 1}},
	}
	written := 0
	for title, conds := range rules {
		if !strings.Contains(r.Text, title) {
			continue
		}
		written++
		for _, c := range conds {
			if !clear(c.metric, c.sign) {
				t.Errorf("%s is written, but %s is not clearly %s in comparison.csv", title, c.metric, map[bool]string{true: "higher", false: "lower"}[c.sign > 0])
			}
		}
	}
	if written > 0 && !strings.Contains(r.Text, "Why, in the model") {
		t.Error("why sentences without their heading")
	}
	t.Logf("%d why sentences written", written)
}
