package serve

// engine.go is the lab's only contact with the model's packages (sim,
// batch, report): the metric registries, the run specs and their seeds, the
// size check, stepping a replicate, and exporting a batch. When those
// packages change (model version 2 changes metrics and seeds), this file is
// the one to follow them.
//
// A replicate is one sim.Model stepped tick by tick (sim/live.go): after
// each step the lab reads the row just recorded, at the end of a chunk the
// Lorenz curves so far, and after the last tick the same Result that
// sim.Run gives, so the lab's numbers are `commonsim run`'s
// (TestLabEqualsRun).

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"commonsim/analysis"
	"commonsim/batch"
	"commonsim/report"
	"commonsim/scenarios"
	"commonsim/sim"
)

// metric is one entry of a metric registry: a column of timeseries.csv or
// runs.csv, with the names figures give it.
type metric struct {
	Name  string `json:"name"`
	Unit  string `json:"unit"`
	Doc   string `json:"doc"`
	Title string `json:"title"`
	Axis  string `json:"axis"`
	Scale string `json:"scale"`
}

func fromSim(ms []sim.Metric) []metric {
	out := make([]metric, len(ms))
	for i, m := range ms {
		out[i] = metric{Name: m.Name, Unit: m.Unit, Doc: m.Doc, Title: m.Title, Axis: m.Axis, Scale: m.Scale}
	}
	return out
}

// tickMetrics lists the per-tick metrics in the order of a series row.
func tickMetrics() []metric { return fromSim(sim.TickMetrics()) }

// summaryMetrics lists the per-run metrics in the order of a summary.
func summaryMetrics() []metric { return fromSim(sim.SummaryMetrics()) }

// lorenzPoints is the number of population shares of a Lorenz curve.
const lorenzPoints = sim.LorenzPoints

// labScenario is sc as the lab runs it: replicates replications of one
// parameter set (the scenario's own sweep is dropped).
func labScenario(sc *scenarios.Scenario, replicates int) *scenarios.Scenario {
	c := sc.Clone()
	c.Sweep = scenarios.Sweep{}
	c.Run.Replications = replicates
	return c
}

// labSpecs returns the replicates of sc as `commonsim run` would make them
// from a file with the same parameters and run.replications = replicates:
// the run matrix of batch, with its ids and derived seeds.
func labSpecs(sc *scenarios.Scenario, replicates int) ([]sim.RunSpec, error) {
	mx, err := batch.NewMatrix([]*scenarios.Scenario{labScenario(sc, replicates)})
	if err != nil {
		return nil, err
	}
	return mx.Specs(0, mx.Len())
}

// checkSize applies `commonsim run`'s limits (batch.CheckLimits) to the
// lab's replicates of sc: every replicate's model lives for the whole run,
// so all of them count as in flight. available is the memory to compare
// with; 0 reads it from the machine, as `run` does.
func checkSize(sc *scenarios.Scenario, replicates int, available uint64) error {
	est, err := batch.CheckLimits([]*scenarios.Scenario{labScenario(sc, replicates)},
		batch.LimitOptions{Workers: replicates, Threads: 1, Available: available})
	if err == nil {
		return nil
	}
	if est.Available > 0 && est.Total > est.Available {
		// The same check as run's, said in the lab's words: a student has
		// no --workers or --force here.
		return fmt.Errorf("this run would need about %s of memory (%s per replicate, %d replicates), more than the %s this computer has free: lower population.initial, arrival.potential_users or run.ticks, or use fewer replicates",
			batch.HumanBytes(est.Total), batch.HumanBytes(est.PerRun), est.InFlight, batch.HumanBytes(est.Available))
	}
	return err
}

// replicate is one replicate of a lab run: its model, stepped by advance.
// Its methods are called by one goroutine at a time.
type replicate struct {
	spec sim.RunSpec
	m    *sim.Model // made by the first advance
}

// chunk is what a replicate recorded over some ticks.
type chunk struct {
	ticks    []int
	rows     [][]float64      // one per tick, in the order of tickMetrics; the model's own rows, never changed
	lorenz   [2][]float64     // contribution and benefit at the chunk's last tick
	summary  []float64        // in the order of summaryMetrics; only after the last tick
	survival analysis.KMCurve // Kaplan–Meier survival of tenure; only after the last tick
}

// advance steps the replicate to tick `to` (at most run.ticks) and returns
// the rows recorded on the way, the Lorenz curves at `to` and, at the last
// tick, the run's summary. It checks ctx before every tick, so a cancelled
// run stops within one tick. A panic in the model (a bug) is returned as an
// error naming the replicate and its seed, as sim.Run does.
func (r *replicate) advance(ctx context.Context, to int) (c *chunk, err error) {
	defer func() {
		if p := recover(); p != nil {
			c, err = nil, fmt.Errorf("replicate %d (scenario %s, seed %d) panicked: %v\n%s", r.spec.Replicate, r.spec.Scenario, r.spec.Seed, p, debug.Stack())
		}
	}()
	if r.m == nil {
		r.m = sim.New(r.spec.Params, r.spec.Seed, 1)
	}
	c = &chunk{}
	for r.m.Tick() < to {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r.m.Step()
		if t, row, ok := r.m.LastRow(); ok {
			c.ticks, c.rows = append(c.ticks, t), append(c.rows, row)
		}
	}
	c.lorenz = r.m.Lorenz()
	if to >= r.spec.Params.Run.Ticks {
		res := r.m.Result(r.spec)
		c.summary, c.survival = res.Summary, res.Survival
	}
	return c, nil
}

// close frees the replicate's model.
func (r *replicate) close() {
	if r.m != nil {
		r.m.Close()
		r.m = nil
	}
}

// exportBatch runs the scenario file at path as a batch into the new result
// set out, as `commonsim run PATH -o OUT` does, and writes its report and
// figures. It returns the report's text.
func exportBatch(ctx context.Context, path, out, version string, workers int, command []string, plots bool) (string, error) {
	dir, err := batch.Run(ctx, batch.Config{
		Scenarios: []string{path},
		Out:       out,
		Workers:   max(1, workers),
		Threads:   1,
		Command:   command,
	}, version)
	if err != nil {
		return "", err
	}
	rep, err := report.Build(dir, report.Options{Plots: plots, Out: io.Discard})
	if err != nil {
		return "", fmt.Errorf("the runs are in %s, but its report failed: %w", dir, err)
	}
	return rep.Text, nil
}
