package report_test

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"commonsim/batch"
	"commonsim/results"
	"commonsim/sim"
)

// Two-sided 95% Student t quantiles t_{0.975, ν} (textbook values).
const (
	t1 = 12.7062047361747
	t2 = 4.30265272974946
	t4 = 2.77644510519779
)

// synthRun is one run of the synthetic result set: the summary metrics
// that are not 0, and the tick metric "active" at ticks 1 and 2.
type synthRun struct {
	scenario string
	status   string
	summary  map[string]string
	active   [2]string
}

// synthRuns are two scenarios × three replications (and one failed run of
// alpha, which must be left out), with values chosen so that every
// statistic is easy to compute by hand:
//
//	final_active   alpha 2, 4, 6      beta 1, 3, 5    (equal sd 2: Welch ν = 4)
//	final_value    alpha 10, 11, 12   beta 1, 2, 3    (sd 1 each)
//	median_tenure  alpha Inf×3        beta 20, 22, NaN
//	gini_contribution alpha 0.5,0.5,0.5 beta 0.5, NaN, NaN
//	active tick 1  alpha 1, 2, 3      beta 5, 5, 5
//	active tick 2  alpha 2, 4, 6      beta 1, NaN, 3
var synthRuns = []synthRun{
	{"alpha", "ok", map[string]string{"final_active": "2", "final_value": "10", "median_tenure": "Inf", "gini_contribution": "0.5"}, [2]string{"1", "2"}},
	{"alpha", "ok", map[string]string{"final_active": "4", "final_value": "11", "median_tenure": "Inf", "gini_contribution": "0.5"}, [2]string{"2", "4"}},
	{"alpha", "ok", map[string]string{"final_active": "6", "final_value": "12", "median_tenure": "Inf", "gini_contribution": "0.5"}, [2]string{"3", "6"}},
	{"alpha", "failed", map[string]string{"final_active": "1000", "final_value": "1000", "median_tenure": "1000", "gini_contribution": "1000"}, [2]string{}},
	{"beta", "ok", map[string]string{"final_active": "1", "final_value": "1", "median_tenure": "20", "gini_contribution": "0.5"}, [2]string{"5", "1"}},
	{"beta", "ok", map[string]string{"final_active": "3", "final_value": "2", "median_tenure": "22", "gini_contribution": "NaN"}, [2]string{"5", "NaN"}},
	{"beta", "ok", map[string]string{"final_active": "5", "final_value": "3", "median_tenure": "NaN", "gini_contribution": "NaN"}, [2]string{"5", "3"}},
}

// runBatch runs a batch into a new result set and returns its directory.
func runBatch(t testing.TB, cfg batch.Config) string {
	t.Helper()
	dir, err := batch.Run(context.Background(), cfg, "test")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// fataler is the part of testing.TB the helpers use, so that an example can
// use them too.
type fataler interface {
	Helper()
	Fatal(args ...any)
}

// writeSynthetic writes the synthetic result set into a new directory.
func writeSynthetic(t testing.TB) string {
	t.Helper()
	return writeSyntheticIn(t, filepath.Join(t.TempDir(), "rs"))
}

// writeSyntheticIn writes the synthetic result set into dir.
func writeSyntheticIn(t fataler, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	m := &results.Manifest{
		Engine: "commonsim", EngineVersion: "test", Status: results.StatusComplete,
		Scenarios: []results.ScenarioEntry{{Name: "alpha", Replicas: 3}, {Name: "beta", Replicas: 3}},
		Total:     7, Completed: 7,
	}
	if err := m.Save(dir); err != nil {
		t.Fatal(err)
	}

	var runs, ts, lz, sv [][]string
	header := append([]string{}, results.IdentityColumns...)
	runsHeader := append(append([]string{}, header...), "seed", "status")
	for _, m := range sim.SummaryMetrics() {
		runsHeader = append(runsHeader, m.Name)
	}
	tsHeader := append(append([]string{}, header...), "tick")
	for _, m := range sim.TickMetrics() {
		tsHeader = append(tsHeader, m.Name)
	}
	runs = append(runs, runsHeader)
	ts = append(ts, tsHeader)
	lz = append(lz, append(append([]string{}, header...), "population_share", "contribution_share", "benefit_share"))
	sv = append(sv, append(append([]string{}, header...), "tenure", "survival", "at_risk", "events"))
	rep := map[string]int{}
	for id, r := range synthRuns {
		ident := []string{strconv.Itoa(id), r.scenario, "0", strconv.Itoa(rep[r.scenario])}
		rep[r.scenario]++
		row := append(append([]string{}, ident...), strconv.Itoa(100+id), r.status)
		for _, m := range sim.SummaryMetrics() {
			v, ok := r.summary[m.Name]
			if !ok {
				v = "0"
			}
			row = append(row, v)
		}
		runs = append(runs, row)
		if r.status != "ok" {
			continue
		}
		for k, tick := range []string{"1", "2"} {
			row := append(append([]string{}, ident...), tick)
			for _, m := range sim.TickMetrics() {
				v := "0"
				if m.Name == "active" {
					v = r.active[k]
				}
				row = append(row, v)
			}
			ts = append(ts, row)
		}
		for _, p := range [][3]string{{"0", "0", "0"}, {"0.5", "0.2", "0.1"}, {"1", "1", "1"}} {
			lz = append(lz, append(append([]string{}, ident...), p[0], p[1], p[2]))
		}
		for _, s := range [][4]string{{"0", "1", "10", "0"}, {"1", "0.9", "10", "1"}, {"3", "0.6", "6", "2"}} {
			sv = append(sv, append(append([]string{}, ident...), s[0], s[1], s[2], s[3]))
		}
	}
	for name, rows := range map[string][][]string{results.RunsFile: runs, results.TimeseriesFile: ts, results.LorenzFile: lz, results.SurvivalFile: sv} {
		writeCSV(t, filepath.Join(dir, name), rows)
	}
	return dir
}

func writeCSV(t fataler, path string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// editFile applies edit to the rows of a CSV file of dir.
func editFile(t testing.TB, dir, name string, edit func(rows [][]string) [][]string) {
	t.Helper()
	path := filepath.Join(dir, name)
	writeCSV(t, path, edit(readCSV(t, path)))
}

// near reports whether got (CSV text) is want within 1e-9, NaN matching NaN.
func near(got string, want float64) bool {
	v, err := results.ParseFloat(got)
	if err != nil {
		return false
	}
	if math.IsNaN(want) || math.IsInf(want, 0) {
		return v == want || math.IsNaN(v) && math.IsNaN(want)
	}
	return math.Abs(v-want) <= 1e-9*math.Max(1, math.Abs(want))
}

func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// testDPI draws the test's figures at a low resolution: the same figures,
// 100 times fewer pixels than the 300 dpi of print, so that the report's
// tests stay fast under the race detector.
const testDPI = 30
