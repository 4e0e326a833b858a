package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"commonsim/batch"
	"commonsim/report"
	"commonsim/results"
)

// runDesign runs a tiny batch of the commons with the given sweeps and
// design into base/name (the shard shard, unless "") and returns its
// directory.
func runDesign(t *testing.T, base, name, shard string, scenarios, sweeps []string, design string, samples int) string {
	t.Helper()
	return runBatch(t, batch.Config{
		Scenarios: scenarios, Sets: []string{"run.ticks=12", "population.initial=15", "arrival.enabled=false"},
		Sweeps: sweeps, Design: design, Samples: samples, Replications: 2,
		Out: filepath.Join(base, name), Workers: 2, Threads: 1, Shard: shard,
	})
}

// The report of a Morris or Saltelli batch writes sensitivity.csv: a row
// per scenario, metric and factor, with the design's indices filled in,
// recorded in the manifest (derived_files); WriteSensitivity computes the
// same file again, refuses a manifest whose points do not follow from its
// sweep, and writes nothing for a batch without those designs.
func TestSensitivity(t *testing.T) {
	base := t.TempDir()
	for _, d := range []string{"morris", "saltelli"} {
		dir := runDesign(t, base, d, "", []string{"commons"}, []string{"roles.governance=flat,meritocratic,hierarchical", "economy.capture_rate=0..0.9", "tasks.task_size_mean=1..8"}, d, 4)
		build(t, dir, false)
		tab, err := results.ReadTable(dir, report.SensitivityFile)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(tab.Header, report.SensitivityColumns) || len(tab.Rows) == 0 || len(tab.Rows)%3 != 0 {
			t.Fatalf("%s: sensitivity.csv header %v, %d rows", d, tab.Header, len(tab.Rows))
		}
		factors := map[string]bool{}
		for _, r := range tab.Rows {
			factors[r[3]] = true
			if r[1] != d {
				t.Fatalf("%s: row %v", d, r)
			}
			filled := r[4:7]
			if d == "saltelli" {
				filled = r[7:]
			}
			for _, v := range filled {
				if v == "NaN" {
					t.Errorf("%s: row %v lacks an index", d, r)
				}
			}
		}
		if len(factors) != 3 || !factors["roles.governance"] {
			t.Errorf("%s: factors %v", d, factors)
		}
		m, _ := results.ReadManifest(dir)
		if len(m.Derived) != 1 || m.Derived[0].Name != report.SensitivityFile || m.Derived[0].Rows != len(tab.Rows) {
			t.Errorf("%s: derived %+v", d, m.Derived)
		}
		for _, s := range m.SensitivitySkipped {
			if s.Metric == "final_active" {
				t.Errorf("%s: final_active skipped: %s", d, s.Reason)
			}
		}
		if err := results.Verify(dir); err != nil {
			t.Errorf("%s: %v", d, err)
		}
		// Recomputing gives the same file; a manifest whose points do not
		// follow from its sweep is refused.
		before, _ := os.ReadFile(filepath.Join(dir, report.SensitivityFile))
		if ok, err := report.WriteSensitivity(dir); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if after, _ := os.ReadFile(filepath.Join(dir, report.SensitivityFile)); !bytes.Equal(before, after) {
			t.Errorf("%s: sensitivity.csv is not reproducible", d)
		}
		m.Scenarios[0].Points[1][0].Value = "0.123"
		m.Save(dir)
		if _, err := report.WriteSensitivity(dir); err == nil || !strings.Contains(err.Error(), "manifest") {
			t.Errorf("%s: tampered points: %v", d, err)
		}
	}
	dir := runDesign(t, base, "plain", "", []string{"commons"}, nil, "", 0)
	if ok, err := report.WriteSensitivity(dir); ok || err != nil {
		t.Errorf("a batch without design: %v %v", ok, err)
	}
	build(t, dir, false)
	if _, err := os.Stat(filepath.Join(dir, report.SensitivityFile)); err == nil {
		t.Error("the report of a batch without design wrote sensitivity.csv")
	}
}

// A shard's report writes no sensitivity.csv (a shard holds a slice of the
// design's points); the report of the merged shards writes the
// sensitivity.csv, and records it as, the batch run in one piece does.
func TestSensitivityOfMergedShards(t *testing.T) {
	base := t.TempDir()
	scs := []string{"commons", "extractive"}
	sweeps := []string{"roles.governance=flat,meritocratic,hierarchical", "economy.capture_rate=0..0.8"}
	ref := runDesign(t, base, "ref", "", scs, sweeps, "morris", 2)
	build(t, ref, false)
	want, err := os.ReadFile(filepath.Join(ref, report.SensitivityFile))
	if err != nil {
		t.Fatal(err)
	}
	var shards []string
	for _, k := range []string{"3/4", "1/4", "4/4", "2/4"} {
		dir := runDesign(t, base, "shard"+k[:1], k, scs, sweeps, "morris", 2)
		build(t, dir, false)
		if _, err := os.Stat(filepath.Join(dir, report.SensitivityFile)); err == nil {
			t.Error("a shard's report wrote a sensitivity.csv")
		}
		shards = append(shards, dir)
	}
	merged := filepath.Join(base, "merged")
	if _, err := batch.Merge(merged, shards, nil); err != nil {
		t.Fatal(err)
	}
	build(t, merged, false)
	if got, _ := os.ReadFile(filepath.Join(merged, report.SensitivityFile)); !bytes.Equal(got, want) {
		t.Error("merged sensitivity.csv differs")
	}
	refM, _ := results.ReadManifest(ref)
	m, _ := results.ReadManifest(merged)
	if !reflect.DeepEqual(m.Derived, refM.Derived) || !reflect.DeepEqual(m.SensitivitySkipped, refM.SensitivitySkipped) {
		t.Errorf("merged manifest: derived %+v, skipped %+v; want %+v, %+v", m.Derived, m.SensitivitySkipped, refM.Derived, refM.SensitivitySkipped)
	}
}

// A manifest's sizes are checked before a plan is made from them: a
// manifest asking for 10^9 samples crashed sensitivity with "out of
// memory" (issue 14, defect 2). The report of such a set stops with the
// same message.
func TestSensitivityManifestSizes(t *testing.T) {
	dir := runDesign(t, t.TempDir(), "morris", "", []string{"commons"}, []string{"economy.capture_rate=0..0.9"}, "morris", 2)
	m, err := results.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	m.Scenarios[0].Sweep.Samples = 1_000_000_000
	m.Save(dir)
	const want = "samples = 1000000000: must be from 1 to 1000000"
	if _, err := report.WriteSensitivity(dir); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("sensitivity of a manifest with 10^9 samples: %v", err)
	}
	if _, err := report.Build(dir, report.Options{}); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("report of a manifest with 10^9 samples: %v", err)
	}
}

// Each sampled design draws the figures that design is for, and no
// boxes, sweep lines or heat maps; report.md names the design and points
// to sensitivity.csv.
func TestDesignFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs batches")
	}
	base := t.TempDir()
	sweeps := []string{"economy.capture_rate=0..0.8", "review.strictness=0..0.5"}
	for _, c := range []struct {
		design  string
		samples int
		figs    []string
		text    string
	}{
		{"lhs", 8, []string{"scatter_final_active_capture_rate", "scatter_gini_contribution_strictness"}, "Latin hypercube sample of 8 points"},
		{"sobol", 8, []string{"scatter_final_active_capture_rate", "scatter_final_value_strictness"}, "first 8 points of a scrambled Sobol' sequence"},
		{"morris", 3, []string{"morris_final_active", "morris_final_value"}, "Morris screening design, 3 trajectories"},
		{"saltelli", 4, []string{"sobol_final_active", "sobol_gini_contribution"}, "Saltelli design for Sobol' indices, 4 base points"},
	} {
		dir := runDesign(t, base, c.design, "", []string{"commons"}, sweeps, c.design, c.samples)
		r, err := report.Build(dir, report.Options{Plots: true, DPI: 30})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range c.figs {
			if !slices.Contains(r.Figures, filepath.Join(report.PlotsDir, f+".png")) {
				t.Errorf("%s: no figure %s in %v", c.design, f, r.Figures)
			}
		}
		for _, f := range r.Figures {
			if strings.Contains(f, "boxes_") || strings.Contains(f, "sweep_") || strings.Contains(f, "heatmap_") {
				t.Errorf("%s: drew %s, which does not suit a sampled design", c.design, f)
			}
		}
		if !strings.Contains(r.Text, c.text) {
			t.Errorf("%s: report.md does not name the design (%q)", c.design, c.text)
		}
		if (c.design == "morris" || c.design == "saltelli") && !strings.Contains(r.Text, report.SensitivityFile) {
			t.Errorf("%s: report.md does not point to %s", c.design, report.SensitivityFile)
		}
	}
}
