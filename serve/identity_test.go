package serve

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"commonsim/batch"
	"commonsim/results"
	"commonsim/scenarios"
)

// TestLabEqualsRun is the lab's promise: a run started in the lab with a
// given seed gives the same numbers as `commonsim run` of the file "Save as
// TOML" writes, to the last bit. The file is run as `run` runs it
// (batch.Prepare and Execute); the lab's seeds, the per-tick means and bands
// of the charted metrics, and every replicate's key results must equal
// those computed from its runs.csv and timeseries.csv.
func TestLabEqualsRun(t *testing.T) {
	s, ts := newLab(t, Options{})
	in := settings{
		Scenario:   "builtin:extractive",
		Set:        append([]string{"economy.capture_rate=0.95", "run.seed=42", "run.record_every=3", "run.inequality_every=2"}, small...),
		Replicates: 3,
	}
	lab := runAll(t, ts.URL, in)

	code, text, _ := call(t, "POST", ts.URL+"/api/export/toml", in)
	if code != 200 {
		t.Fatalf("save as TOML: %d %s", code, text)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "extractive-lab.toml")
	if err := os.WriteFile(path, text, 0o644); err != nil {
		t.Fatal(err)
	}
	plan, err := batch.Prepare(batch.Config{Scenarios: []string{path}, Out: filepath.Join(dir, "out"), Workers: 2, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	out, err := plan.Execute(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}

	runs, err := results.ReadTable(out, results.RunsFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs.Rows) != 3 {
		t.Fatalf("runs.csv has %d runs, the lab 3", len(runs.Rows))
	}
	seeds := make([]string, len(runs.Rows))
	for i, r := range runs.Rows {
		seeds[i] = r[runs.Col("seed")]
	}
	if !slices.Equal(seeds, lab.seeds) {
		t.Fatalf("seeds: run %v, lab %v", seeds, lab.seeds)
	}
	for _, r := range lab.results {
		col, err := runs.Floats(r.Name)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range col {
			if !sameFloat(v, float64(r.Values[i])) {
				t.Errorf("%s, replicate %d: run %v, lab %v", r.Name, i, v, r.Values[i])
			}
		}
	}

	series, err := results.ReadTable(out, results.TimeseriesFile)
	if err != nil {
		t.Fatal(err)
	}
	byTick := map[int][][]float64{} // tick -> replicate -> charted metric
	tickCol := series.Col("tick")
	for _, row := range series.Rows {
		tick, _ := strconv.Atoi(row[tickCol])
		var vals []float64
		for _, c := range s.charts {
			v, err := results.ParseFloat(row[series.Col(c.Metric)])
			if err != nil {
				t.Fatal(err)
			}
			vals = append(vals, v)
		}
		byTick[tick] = append(byTick[tick], vals)
	}
	if len(lab.rows) != len(byTick) {
		t.Fatalf("lab showed %d ticks, timeseries.csv has %d", len(lab.rows), len(byTick))
	}
	for _, row := range lab.rows {
		reps := byTick[row.T]
		for k, c := range s.charts {
			x := make([]float64, len(reps))
			for i := range reps {
				x[i] = reps[i][k]
			}
			m, lo, hi := meanBand(x, nil)
			if !sameFloat(float64(m), float64(row.Mean[k])) || !sameFloat(float64(lo), float64(row.Lo[k])) || !sameFloat(float64(hi), float64(row.Hi[k])) {
				t.Errorf("tick %d, %s: run %v [%v, %v], lab %v [%v, %v]", row.T, c.Metric, m, lo, hi, row.Mean[k], row.Lo[k], row.Hi[k])
			}
		}
	}
	// The Lorenz curve at the end is the mean of lorenz.csv's.
	if last := lab.lorenz[len(lab.lorenz)-1]; last.T != 40 || len(last.Contribution.Mean) != lorenzPoints {
		t.Errorf("last Lorenz frame at tick %d with %d points", last.T, len(last.Contribution.Mean))
	}
}

func sameFloat(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b))
}

// TestChunksArePrefixes holds what the lab's chunks rest on (engine.go): a
// run stopped at tick t records the same rows as the first t ticks of the
// whole run, whatever record_every and inequality_every are.
func TestChunksArePrefixes(t *testing.T) {
	for _, set := range [][]string{
		{"run.ticks=30"},
		{"run.ticks=31", "run.record_every=3", "run.inequality_every=2"},
		{"run.ticks=30", "economy.capture_rate=0.9", "roles.governance=hierarchical", "fork.probability=1"},
	} {
		sc, err := scenarios.LoadBuiltin("commons")
		if err != nil {
			t.Fatal(err)
		}
		if err := sc.SetAll(append(set, "population.initial=30")); err != nil {
			t.Fatal(err)
		}
		specs, err := labSpecs(sc, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, spec := range specs {
			whole, err := runTo(spec, 0, sc.Run.Ticks)
			if err != nil {
				t.Fatal(err)
			}
			if whole.summary == nil {
				t.Fatal("the whole run has no summary")
			}
			every := chunkLength(sc.Run)
			var got [][]float64
			var ticks []int
			for from := 0; from < sc.Run.Ticks; from += every {
				c, err := runTo(spec, from, min(sc.Run.Ticks, from+every))
				if err != nil {
					t.Fatal(err)
				}
				got, ticks = append(got, c.rows...), append(ticks, c.ticks...)
			}
			if !slices.Equal(ticks, whole.ticks) {
				t.Fatalf("%v: chunks' ticks %v, whole %v", set, ticks, whole.ticks)
			}
			for i := range got {
				for k := range got[i] {
					if !sameFloat(got[i][k], whole.rows[i][k]) {
						t.Fatalf("%v: tick %d, %s: chunk %v, whole %v", set, ticks[i], tickMetrics()[k].Name, got[i][k], whole.rows[i][k])
					}
				}
			}
		}
	}
}

// TestChunkLength: chunks end on recorded ticks.
func TestChunkLength(t *testing.T) {
	for _, c := range []struct{ ticks, every, want int }{
		{260, 1, 20}, {40, 1, 4}, {1, 1, 1}, {5, 1, 1}, {260, 7, 21}, {10, 100, 100},
	} {
		if got := chunkLength(scenarios.Run{Ticks: c.ticks, RecordEvery: c.every}); got != c.want {
			t.Errorf("ticks %d, record_every %d: %d, want %d", c.ticks, c.every, got, c.want)
		}
	}
}
