package report_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"commonsim/report"
	"commonsim/results"
)

// After an interrupt, the header counts the runs of the scenarios that have
// some and says which have none, rather than "3 runs each" of all.
func TestReportTextInterrupted(t *testing.T) {
	dir := writeSynthetic(t)
	m, err := results.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	m.Scenarios = append(m.Scenarios, results.ScenarioEntry{Name: "gamma", Replicas: 3})
	m.Status, m.Total = results.StatusInterrupted, 10
	if err := m.Save(dir); err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(dir, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	header := strings.SplitN(r.Text, "\n", 4)[2]
	if !strings.HasPrefix(header, "3 scenarios, 3 runs each of alpha and beta, none of gamma") {
		t.Errorf("header %q", header)
	}
}

// Build records every file it wrote in the manifest (report_files), and a
// report without figures removes those of an earlier one.
func TestBuildRecordsReportFiles(t *testing.T) {
	dir := writeSynthetic(t)
	plots := filepath.Join(dir, report.PlotsDir)
	if err := os.MkdirAll(plots, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(plots, "stale.png"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := report.Build(dir, report.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(plots); !os.IsNotExist(err) {
		t.Errorf("the earlier figures are still there: %v", err)
	}
	m, err := results.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range m.Report {
		names = append(names, f.Name)
	}
	for _, want := range []string{report.SummaryFile, report.ComparisonFile, report.ReportFile} {
		if !slices.Contains(names, want) {
			t.Errorf("report_files %v lack %s", names, want)
		}
	}
	if !report.Drawn(dir, m) {
		t.Error("Drawn is false after Build")
	}
}
