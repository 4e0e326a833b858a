package batch

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"commonsim/results"
)

// small is a quick batch: two scenarios, a few replications, short runs.
func small(out string, workers, threads int) Config {
	return Config{
		Scenarios: []string{"commons", "extractive"},
		Sets:      []string{"run.ticks=40", "run.replications=3", "population.initial=30"},
		Out:       out,
		Workers:   workers,
		Threads:   threads,
	}
}

func runBatch(t *testing.T, cfg Config) string {
	t.Helper()
	dir, err := Run(context.Background(), cfg, "test")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// The same scenarios and seed give byte-identical CSV files whatever the
// number of workers or of threads inside a run.
func TestDeterminismAcrossWorkersAndThreads(t *testing.T) {
	base := t.TempDir()
	ref := runBatch(t, small(filepath.Join(base, "w1"), 1, 1))
	for _, c := range []struct{ workers, threads int }{{4, 1}, {2, 3}} {
		dir := runBatch(t, small(filepath.Join(base, "other"+string(rune('a'+c.workers))), c.workers, c.threads))
		for _, f := range results.DataFiles {
			a, _ := os.ReadFile(filepath.Join(ref, f))
			b, _ := os.ReadFile(filepath.Join(dir, f))
			if len(a) == 0 || !bytes.Equal(a, b) {
				t.Errorf("%s differs between workers=1,threads=1 and workers=%d,threads=%d", f, c.workers, c.threads)
			}
		}
	}
}

func TestResultSetLayout(t *testing.T) {
	dir := runBatch(t, small(filepath.Join(t.TempDir(), "rs"), 2, 1))
	m, err := results.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != results.StatusComplete || m.Completed != 6 || m.Total != 6 || len(m.Scenarios) != 2 {
		t.Errorf("manifest: status %s, %d/%d runs, %d scenarios", m.Status, m.Completed, m.Total, len(m.Scenarios))
	}
	runs, err := results.ReadTable(dir, results.RunsFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs.Rows) != 6 {
		t.Errorf("runs.csv has %d rows, want 6", len(runs.Rows))
	}
	for _, col := range []string{"run_id", "scenario", "point", "replicate", "seed", "economy.capture_rate", "economy.redistribution", "final_active", "gini_contribution"} {
		if runs.Col(col) < 0 {
			t.Errorf("runs.csv lacks column %s", col)
		}
	}
	if runs.Col("run.ticks") >= 0 {
		t.Error("runs.csv lists run.ticks, which does not vary")
	}
	ts, err := results.ReadTable(dir, results.TimeseriesFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts.Rows) != 6*40 {
		t.Errorf("timeseries.csv has %d rows, want 240", len(ts.Rows))
	}
	// Rows are in run-id order, then tick order.
	for i, r := range ts.Rows {
		if want := []string{string(rune('0' + i/40))}; r[0] != want[0] {
			t.Fatalf("row %d has run_id %s", i, r[0])
		}
	}
	for _, f := range m.Files {
		if f.SHA256 == "" || f.Rows == 0 {
			t.Errorf("manifest file entry %+v", f)
		}
	}
	// A second batch into the same directory is refused.
	p, _ := Prepare(small(dir, 1, 1))
	if _, err := p.Execute(context.Background(), "test"); err == nil || !strings.Contains(err.Error(), "already holds a result set") {
		t.Errorf("reusing an output directory: %v", err)
	}
}

func TestInterruptLeavesValidResultSet(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cfg := small(filepath.Join(t.TempDir(), "int"), 1, 1)
	n := 0
	cfg.Progress = func(done, total int) {
		n = done
		if done == 2 {
			cancel()
		}
	}
	p, err := Prepare(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := p.Execute(ctx, "test")
	if err == nil || !strings.Contains(err.Error(), "--resume") {
		t.Fatalf("interrupted batch returned %v", err)
	}
	m, err := results.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := results.ReadTable(dir, results.RunsFile)
	if m.Status != results.StatusInterrupted || m.Completed != n || len(runs.Rows) != n {
		t.Errorf("status %s, completed %d, rows %d, progress %d", m.Status, m.Completed, len(runs.Rows), n)
	}
}
