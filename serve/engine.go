package serve

// engine.go is the lab's only contact with the model's packages (sim,
// batch, report): the metric registries, the run specs and their seeds, the
// size check, running a replicate, and exporting a batch. When those
// packages change (the engine moves into internal packages, Execute moves to
// batch, model version 2 changes metrics and seeds), this file is the one
// to follow them.
//
// What the lab would want from sim, and does not have: a way to step a
// Model and read the metrics row it has just recorded (today the Series of
// a Model is unexported until Run returns it), and the Lorenz curves of a
// Model mid-run. Without them a replicate is shown in chunks: the chunk up
// to tick t is a whole run of the same spec stopped at t (Run.Ticks = t),
// whose rows are the first rows of the full run because no mechanism reads
// run.ticks (TestChunksArePrefixes holds this). That costs about
// (chunks+1)/2 full runs per replicate instead of one; with
// Model.Row/Model.Lorenz the lab would step one Model per replicate.

import (
	"context"
	"fmt"
	"io"
	"slices"

	"commonsim/batch"
	"commonsim/report"
	"commonsim/scenarios"
	"commonsim/sim"
)

// metric is one entry of a metric registry: a column of timeseries.csv or
// runs.csv.
type metric struct {
	Name string `json:"name"`
	Unit string `json:"unit"`
	Doc  string `json:"doc"`
}

func fromSim(ms []sim.Metric) []metric {
	out := make([]metric, len(ms))
	for i, m := range ms {
		out[i] = metric{Name: m.Name, Unit: m.Unit, Doc: m.Doc}
	}
	return out
}

// tickMetrics lists the per-tick metrics in the order of a series row.
func tickMetrics() []metric { return fromSim(sim.TickMetrics()) }

// summaryMetrics lists the per-run metrics in the order of a summary.
func summaryMetrics() []metric { return fromSim(sim.SummaryMetrics()) }

// lorenzPoints is the number of population shares of a Lorenz curve.
const lorenzPoints = sim.LorenzPoints

// labSpecs returns the replicates of sc as `commonsim run` would make them
// from a file with the same parameters and run.replications = replicates:
// the run matrix of batch, with its ids and derived seeds. The scenario's
// own sweep is dropped (the lab runs one parameter set).
func labSpecs(sc *scenarios.Scenario, replicates int) ([]sim.RunSpec, error) {
	c := sc.Clone()
	c.Sweep = scenarios.Sweep{}
	c.Run.Replications = replicates
	mx, err := batch.NewMatrix([]*scenarios.Scenario{c})
	if err != nil {
		return nil, err
	}
	return mx.Specs(0, mx.Len())
}

// runBytes estimates the memory one replicate of sc needs, as `run` does
// before a batch.
func runBytes(sc *scenarios.Scenario) uint64 { return sim.EstimateBytes(sc) }

// chunk is a replicate's recorded rows up to some tick.
type chunk struct {
	ticks   []int
	rows    [][]float64  // one per tick, in the order of tickMetrics
	lorenz  [2][]float64 // contribution and benefit at the chunk's last tick
	summary []float64    // in the order of summaryMetrics; only for the whole run
}

// runTo runs spec from tick 0 to tick `to` (at most the spec's run.ticks)
// on one goroutine, and returns its rows after tick `from`.
func runTo(spec sim.RunSpec, from, to int) (*chunk, error) {
	s := spec
	whole := to >= spec.Params.Run.Ticks
	if !whole {
		p := spec.Params.Clone()
		p.Run.Ticks = to
		s.Params = p
	}
	res := sim.Run(s, 1)
	if res.Err != nil {
		return nil, res.Err
	}
	c := &chunk{lorenz: res.Lorenz}
	for i, t := range res.Series.Ticks {
		if t > from {
			c.ticks = append(c.ticks, t)
			c.rows = append(c.rows, slices.Clone(res.Series.Row(i)))
		}
	}
	if whole {
		c.summary = res.Summary
	}
	return c, nil
}

// exportBatch runs the scenario file at path as a batch into the new result
// set out, as `commonsim run PATH -o OUT` does, and writes its report and
// figures. It returns the report's text.
func exportBatch(ctx context.Context, path, out, version string, workers int, command []string, plots bool) (string, error) {
	plan, err := batch.Prepare(batch.Config{
		Scenarios: []string{path},
		Out:       out,
		Workers:   max(1, workers),
		Threads:   1,
		Command:   command,
	})
	if err != nil {
		return "", err
	}
	dir, err := plan.Execute(ctx, version)
	if err != nil {
		return "", err
	}
	rep, err := report.Build(dir, report.Options{Plots: plots, Out: io.Discard})
	if err != nil {
		return "", fmt.Errorf("the runs are in %s, but its report failed: %w", dir, err)
	}
	return rep.Text, nil
}
