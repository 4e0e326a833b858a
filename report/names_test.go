package report_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"commonsim/batch"
	"commonsim/report"
	"commonsim/results"
)

// Two scenarios whose names give the same file name once sanitised ("a.b"
// and "a_b") each get their own heat maps: the report listed 6 files of
// which 3 existed (issue 14, defect 11).
func TestFigureNamesUnique(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a batch")
	}
	src := t.TempDir()
	var files []string
	for _, name := range []string{"a.b", "a_b"} {
		p := filepath.Join(src, strings.ReplaceAll(name, ".", "-")+".toml")
		text := "name = \"" + name + "\"\n[run]\nticks = 6\nreplications = 1\n[population]\ninitial = 10\n[arrival]\nenabled = false\n" +
			"[sweep]\n\"economy.capture_rate\" = [0, 0.5]\n\"tasks.modularity\" = [0.5, 1]\n"
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	dir := runBatch(t, batch.Config{Scenarios: files, Out: filepath.Join(t.TempDir(), "rs"), Workers: 2})
	r := build(t, dir, true)
	var heat []string
	for _, f := range r.Figures {
		if strings.Contains(f, "heatmap_") {
			heat = append(heat, f)
		}
		for _, ext := range []string{".png", ".svg"} {
			if _, err := os.Stat(filepath.Join(dir, strings.TrimSuffix(f, ".png")+ext)); err != nil {
				t.Errorf("the report lists %s, which is not there: %v", f, err)
			}
		}
	}
	sorted := slices.Clone(r.Figures)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != len(r.Figures) {
		t.Errorf("figure names repeat: %v", r.Figures)
	}
	if len(heat) != 6 { // three metrics for each scenario
		t.Errorf("heat maps %v, want 6", heat)
	}
	ents, _ := os.ReadDir(filepath.Join(dir, report.PlotsDir))
	if len(ents) != 2*len(r.Figures) {
		t.Errorf("plots/ holds %d files for %d figures", len(ents), len(r.Figures))
	}
}

// The report step stops between files when its context is cancelled, and
// leaves no temporary file; the next Build removes what a killed one left
// and refuses a result set holding a link (issue 14, defects 3, 4, 10).
func TestBuildStopsAndCleansUp(t *testing.T) {
	dir := writeSynthetic(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := report.Build(dir, report.Options{Plots: true, DPI: testDPI, Context: ctx})
	if err == nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("Build with a cancelled context: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, report.ReportFile)); err == nil {
		t.Error("a stopped Build wrote report.md")
	}
	os.MkdirAll(filepath.Join(dir, report.PlotsDir), 0o755)
	for _, p := range []string{".summary.csv.tmp-77", filepath.Join(report.PlotsDir, ".survival.png.tmp-5")} {
		os.WriteFile(filepath.Join(dir, p), []byte("half"), 0o644)
	}
	build(t, dir, false)
	for _, d := range []string{dir, filepath.Join(dir, report.PlotsDir)} {
		ents, _ := os.ReadDir(d)
		for _, e := range ents {
			if strings.Contains(e.Name(), ".tmp-") {
				t.Errorf("temporary file left: %s", e.Name())
			}
		}
	}
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("keep"), 0o644)
	os.Remove(filepath.Join(dir, report.ReportFile))
	os.Symlink(victim, filepath.Join(dir, report.ReportFile))
	if _, err := report.Build(dir, report.Options{}); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("Build with report.md a link: %v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Error("the link's target was written")
	}
	if !slices.Contains(results.SetFiles, report.SummaryFile) || !slices.Contains(results.SetFiles, report.ComparisonFile) ||
		!slices.Contains(results.SetFiles, report.ReportFile) || !slices.Contains(results.SetFiles, report.HTMLFile) || !slices.Contains(results.SetFiles, report.PlotsDir) {
		t.Error("results.SetFiles does not list the report's files")
	}
}
