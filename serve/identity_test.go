package serve

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"commonsim/analysis"
	"commonsim/results"
	"commonsim/scenarios"
	"commonsim/sim"
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
	out := runFile(t, path)

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
	// The Lorenz curves at the end are the mean and band of lorenz.csv's.
	last := lab.lorenz[len(lab.lorenz)-1]
	if last.T != 40 || len(last.Contribution.Mean) != lorenzPoints {
		t.Fatalf("last Lorenz frame at tick %d with %d points", last.T, len(last.Contribution.Mean))
	}
	lz, err := results.ReadTable(out, results.LorenzFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(lz.Rows) != 3*lorenzPoints {
		t.Fatalf("lorenz.csv has %d rows", len(lz.Rows))
	}
	for q, name := range []string{"contribution_share", "benefit_share"} {
		col, err := lz.Floats(name)
		if err != nil {
			t.Fatal(err)
		}
		want := bandOf(3, lorenzPoints, func(i, j int) float64 { return col[i*lorenzPoints+j] })
		got := []band{last.Contribution, last.Benefit}[q]
		if !sameBand(got, want) {
			t.Errorf("%s: the lab's last Lorenz curve is not the mean and band of lorenz.csv's", name)
		}
	}
	// The survival curve is the mean and band of survival.csv's
	// Kaplan-Meier curves at every whole tenure 0 to run.ticks.
	sv, err := results.ReadTable(out, results.SurvivalFile)
	if err != nil {
		t.Fatal(err)
	}
	ids, _ := sv.Floats("run_id")
	tenure, _ := sv.Floats("tenure")
	surv, _ := sv.Floats("survival")
	var kms []analysis.KMCurve
	for k := range ids {
		if k == 0 || ids[k] != ids[k-1] {
			kms = append(kms, analysis.KMCurve{Time: []float64{}, Survival: []float64{}}) // its first row is the start, (0, 1)
			continue
		}
		km := &kms[len(kms)-1]
		km.Time, km.Survival = append(km.Time, tenure[k]), append(km.Survival, surv[k])
	}
	if lab.survival == nil || len(kms) != 3 {
		t.Fatalf("survival: lab %v, %d runs in survival.csv", lab.survival, len(kms))
	}
	want := bandOf(3, 41, func(i, t int) float64 { return kms[i].At(float64(t)) })
	if !sameBand(lab.survival.Curve, want) {
		t.Errorf("the lab's survival curve %v is not the mean and band of survival.csv's %v", lab.survival.Curve.Mean, want.Mean)
	}
}

func sameBand(a, b band) bool {
	same := func(x, y []num) bool {
		return slices.EqualFunc(x, y, func(p, q num) bool { return sameFloat(float64(p), float64(q)) })
	}
	return same(a.Mean, b.Mean) && same(a.Lo, b.Lo) && same(a.Hi, b.Hi)
}

func sameFloat(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b))
}

// TestAdvanceStopsWithinATick: a replicate checks its context before every
// tick, so Reset or a closed page stops a run one tick after it is noticed,
// not at the end of the chunk being computed. The context here is cancelled
// at its sixth look.
func TestAdvanceStopsWithinATick(t *testing.T) {
	sc, err := scenarios.LoadBuiltin("commons")
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.SetAll([]string{"run.ticks=200", "population.initial=30"}); err != nil {
		t.Fatal(err)
	}
	specs, err := labSpecs(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	rep := &replicate{spec: specs[0]}
	defer rep.close()
	ctx := &countdown{Context: context.Background(), left: 6}
	if c, err := rep.advance(ctx, 200); !errors.Is(err, context.Canceled) || c != nil {
		t.Fatalf("advance: %v, %v; want context.Canceled", c, err)
	}
	if got := rep.m.Tick(); got != 5 {
		t.Errorf("the model stopped at tick %d, want 5 (one tick per look at the context)", got)
	}
	// Stepping on from there gives the whole run's rows, as one run does.
	c, err := rep.advance(context.Background(), 200)
	if err != nil {
		t.Fatal(err)
	}
	whole := sim.Run(specs[0], 1)
	if c.summary == nil || !slices.EqualFunc(c.summary, whole.Summary, sameFloat) {
		t.Error("the summary after a stop and a restart differs from sim.Run's")
	}
	if len(c.rows) != 195 || c.ticks[0] != 6 || !slices.EqualFunc(c.rows[0], whole.Series.Row(5), sameFloat) {
		t.Errorf("rows after the restart: %d from tick %d", len(c.rows), c.ticks[0])
	}
}

// countdown is a context whose Err is context.Canceled from its left-th
// call on.
type countdown struct {
	context.Context
	left int
}

func (c *countdown) Err() error {
	c.left--
	if c.left <= 0 {
		return context.Canceled
	}
	return nil
}

// TestChunkLength: chunks end on recorded ticks.
func TestChunkLength(t *testing.T) {
	for _, c := range []struct{ ticks, every, want int }{
		{260, 1, 10}, {40, 1, 2}, {1, 1, 1}, {5, 1, 1}, {260, 7, 14}, {10, 100, 100},
	} {
		if got := chunkLength(scenarios.Run{Ticks: c.ticks, RecordEvery: c.every}); got != c.want {
			t.Errorf("ticks %d, record_every %d: %d, want %d", c.ticks, c.every, got, c.want)
		}
	}
}
