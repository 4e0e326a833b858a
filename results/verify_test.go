package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"commonsim/internal/plainmatrix"
	"commonsim/scenarios"
	"commonsim/sim"
)

// specsOf is the run matrix of scs (plainmatrix.Specs).
func specsOf(t testing.TB, scs []*scenarios.Scenario) []sim.RunSpec {
	t.Helper()
	specs, err := plainmatrix.Specs(scs)
	if err != nil {
		t.Fatal(err)
	}
	return specs
}

// writeSet runs a small batch (6 runs of the commons scenario, 2 sweep
// points) into dir and returns its specs. Runs lo to hi-1 of the matrix are
// written, as a shard would; run failID (if in range) is broken so that the
// model panics in it, which the batch must survive.
func writeSet(t *testing.T, dir string, lo, hi, failID int) []sim.RunSpec {
	t.Helper()
	sc, err := scenarios.LoadBuiltin("commons")
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.SetAll([]string{"run.ticks=8", "population.initial=20", "run.replications=3"}); err != nil {
		t.Fatal(err)
	}
	f, err := scenarios.ParseFactor("economy.capture_rate", "0,0.5")
	if err != nil {
		t.Fatal(err)
	}
	sc.Sweep.Factors, sc.Sweep.Design = []scenarios.Factor{f}, scenarios.Factorial
	specs := specsOf(t, []*scenarios.Scenario{sc})
	var ids Ranges
	ids.AddRange(lo, hi-1)
	m := &Manifest{Engine: "commonsim", EngineVersion: "test", MatrixRuns: len(specs)}
	if lo > 0 || hi < len(specs) {
		m.Shard = "test"
	}
	w, err := CreateSet(dir, plainmatrix.Varying(specs), ids, m)
	if err != nil {
		t.Fatal(err)
	}
	if failID >= lo && failID < hi {
		// No valid parameter value is known to make the model panic; a
		// scenario with no modules, which validation rejects, does.
		broken := specs[failID].Params.Clone()
		broken.Modules.Count = 0
		specs[failID].Params = broken
	}
	for _, spec := range specs[lo:hi] {
		if err := w.Write(sim.Run(spec, 1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(StatusComplete); err != nil {
		t.Fatal(err)
	}
	return specs
}

// A panic inside one run is caught: the batch goes on, the run is marked
// failed in runs.csv and listed in the manifest's failed_runs with what is
// needed to replay it (seed, sweep values), and the result set verifies.
func TestFailedRunRecorded(t *testing.T) {
	dir := t.TempDir()
	specs := writeSet(t, dir, 0, 6, 4)
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Completed != 6 || m.Status != StatusComplete {
		t.Fatalf("completed %d runs, status %s; want all 6, complete", m.Completed, m.Status)
	}
	if len(m.Failed) != 1 {
		t.Fatalf("failed_runs = %+v, want run 4", m.Failed)
	}
	fr := m.Failed[0]
	s := specs[4]
	if fr.ID != 4 || fr.Seed != s.Seed || fr.Point != s.Point || fr.Replicate != s.Replicate || fr.Scenario != "commons" ||
		len(fr.Assign) != 1 || fr.Assign[0] != (scenarios.Assignment{Key: "economy.capture_rate", Value: "0.5"}) {
		t.Errorf("failed run %+v does not identify run 4 (seed %d, point %d, replicate %d)", fr, s.Seed, s.Point, s.Replicate)
	}
	if !strings.Contains(fr.Error, "panicked") || !strings.Contains(fr.Error, "seed") {
		t.Errorf("failed run error %q does not say it panicked and with which seed", fr.Error)
	}
	runs, err := ReadTable(dir, RunsFile)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range runs.Rows {
		want := "ok"
		if i == 4 {
			want = "failed"
		}
		if got := r[runs.Col("status")]; got != want {
			t.Errorf("runs.csv run %d: status %s, want %s", i, got, want)
		}
	}
	if err := Verify(dir); err != nil {
		t.Fatalf("a result set with a failed run does not verify: %v", err)
	}
}

func TestVerifyShard(t *testing.T) {
	dir := t.TempDir()
	writeSet(t, dir, 2, 5, -1)
	if err := Verify(dir); err != nil {
		t.Fatalf("a shard (runs 2-4) does not verify: %v", err)
	}
}

// Each kind of damage is found and named.
func TestVerifyDamage(t *testing.T) {
	good := t.TempDir()
	writeSet(t, good, 0, 6, 2)
	if err := Verify(good); err != nil {
		t.Fatalf("the good result set does not verify: %v", err)
	}
	edit := func(name string, fn func([]byte) []byte) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			path := filepath.Join(dir, name)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, fn(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	lines := func(data []byte) [][]byte { return bytes.SplitAfter(data, []byte("\n")) }
	editManifest := func(fn func(m map[string]any)) func(t *testing.T, dir string) {
		return edit(ManifestFile, func(data []byte) []byte {
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			fn(m)
			out, _ := json.Marshal(m)
			return out
		})
	}
	cases := []struct {
		name       string
		damage     func(t *testing.T, dir string)
		want       []string // substrings of one problem each
		incomplete bool
	}{
		{"flipped byte", edit(TimeseriesFile, func(b []byte) []byte {
			i := bytes.LastIndexByte(b, '1')
			b[i] = '7'
			return b
		}), []string{"timeseries.csv: SHA-256"}, false},
		{"truncated file", edit(LorenzFile, func(b []byte) []byte {
			last := bytes.LastIndexByte(b[:len(b)-1], '\n') + 1
			return b[:last+8] // "5,common": cut inside the last row
		}),
			[]string{"lorenz.csv:", "fields, the header has 7", "lorenz.csv: SHA-256"}, false},
		{"missing file", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, SurvivalFile)) },
			[]string{"survival.csv: missing"}, false},
		{"extra row", edit(RunsFile, func(b []byte) []byte {
			l := lines(b)
			return bytes.Join(append(l[:4], l[3:]...), nil) // run 2 twice
		}), []string{"runs.csv: has 7 rows, the manifest records 6", "runs.csv:5: run_id 2 after 2", "runs.csv: SHA-256"}, false},
		{"missing row", edit(RunsFile, func(b []byte) []byte {
			l := lines(b)
			return bytes.Join(append(l[:2], l[3:]...), nil) // run 1 gone
		}), []string{"runs.csv: has 5 rows, the manifest records 6", "runs.csv:3: run_id 2 where the manifest's runs give 1", "runs.csv: SHA-256"}, false},
		{"missing row at the end", edit(SurvivalFile, func(b []byte) []byte {
			l := lines(b)
			return bytes.Join(l[:len(l)-2], nil)
		}), []string{"survival.csv: has", "survival.csv: SHA-256"}, false},
		{"rows out of order", edit(TimeseriesFile, func(b []byte) []byte {
			l := lines(b)
			last := len(l) - 2 // the last line (l ends with an empty piece)
			l[1], l[last] = l[last], l[1]
			return bytes.Join(l, nil)
		}), []string{"timeseries.csv:3: run_id 0 after 5"}, false},
		{"manifest not JSON", edit(ManifestFile, func(b []byte) []byte { return b[:len(b)/2] }),
			[]string{"manifest.json is not valid JSON"}, false},
		{"no manifest", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, ManifestFile)) },
			[]string{"is not a result set: it has no manifest.json"}, false},
		{"failed run missing from the manifest", editManifest(func(m map[string]any) { m["failed_runs"] = nil }),
			[]string{"runs.csv:4: run 2 is failed, but the manifest's failed_runs does not list it"}, false},
		{"interrupted", editManifest(func(m map[string]any) { m["status"] = StatusInterrupted }),
			[]string{"status is interrupted after 6 of 6 runs; continue it with `commonsim run --resume"}, true},
		{"running", editManifest(func(m map[string]any) { m["status"] = StatusRunning }),
			[]string{"status is running"}, true},
		{"left-over partial file", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, RunsFile+partialSuffix), nil, 0o644)
		}, []string{"runs.csv.partial: left over"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			copySet(t, good, dir)
			c.damage(t, dir)
			err := Verify(dir)
			var ve *VerifyError
			if !errors.As(err, &ve) {
				t.Fatalf("Verify = %v, want a *VerifyError", err)
			}
			t.Logf("problems:\n%s", strings.Join(ve.Problems, "\n"))
			if ve.Incomplete != c.incomplete {
				t.Errorf("Incomplete = %v, want %v; problems:\n%s", ve.Incomplete, c.incomplete, strings.Join(ve.Problems, "\n"))
			}
			for _, w := range c.want {
				found := false
				for _, p := range ve.Problems {
					if strings.Contains(p, w) {
						found = true
					}
				}
				if !found {
					t.Errorf("no problem says %q; problems:\n%s", w, strings.Join(ve.Problems, "\n"))
				}
			}
			for _, p := range ve.Problems {
				if strings.Contains(p, "\n") {
					t.Errorf("problem spans lines: %q", p)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func copySet(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
