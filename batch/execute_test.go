package batch

import (
	"context"
	"strconv"
	"testing"
	"time"

	"commonsim/sim"
)

// specsOf prepares a batch of the commons scenario with overrides and
// returns its runs.
func specsOf(t testing.TB, sets ...string) []sim.RunSpec {
	t.Helper()
	p, err := Prepare(Config{Scenarios: []string{"commons"}, Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	specs, err := p.Specs()
	if err != nil {
		t.Fatal(err)
	}
	return specs
}

type collect struct{ got []*sim.Result }

func (c *collect) Write(r *sim.Result) error { c.got = append(c.got, r); return nil }

// One run that panics does not stop a batch: every other run is executed
// and written, in order, whatever the number of workers.
func TestExecuteGoesOnAfterPanic(t *testing.T) {
	specs := specsOf(t, "population.initial=20", "run.ticks=5", "run.replications=6")
	bad := map[int]bool{1: true, 4: true}
	for id := range bad {
		// No valid parameter value is known to make the model panic; a
		// scenario with no modules, which validation rejects, does.
		broken := specs[id].Params.Clone()
		broken.Modules.Count = 0
		if broken.Validate() == nil {
			t.Fatal("modules.count = 0 passed validation; pick another way to break the model")
		}
		specs[id].Params = broken
	}
	for _, workers := range []int{1, 3} {
		var sink collect
		if err := Execute(context.Background(), specs, Options{Workers: workers, Threads: 1}, &sink); err != nil {
			t.Fatalf("workers=%d: Execute: %v", workers, err)
		}
		if len(sink.got) != len(specs) {
			t.Fatalf("workers=%d: %d results for %d runs", workers, len(sink.got), len(specs))
		}
		for i, r := range sink.got {
			if r.Spec.ID != i {
				t.Errorf("workers=%d: result %d is run %d", workers, i, r.Spec.ID)
			}
			if (r.Err != nil) != bad[i] {
				t.Errorf("workers=%d: run %d: Err = %v, want failed = %v", workers, i, r.Err, bad[i])
			}
			if !bad[i] && (r.Series == nil || len(r.Summary) == 0) {
				t.Errorf("workers=%d: run %d has no output", workers, i)
			}
		}
	}
}

// discard is a Sink that keeps nothing.
type discard struct{}

func (discard) Write(*sim.Result) error { return nil }

// BenchmarkSweep runs a batch of 32 small runs (commons, 100 founders, 52
// ticks, arrivals on) on 1 and 2 workers and reports runs per second: how
// a sweep of many small runs scales across cores.
func BenchmarkSweep(b *testing.B) {
	specs := specsOf(b, "population.initial=100", "run.ticks=52", "run.replications=32")
	for _, workers := range []int{1, 2} {
		b.Run("workers="+strconv.Itoa(workers), func(b *testing.B) {
			start := time.Now()
			runs := 0
			for b.Loop() {
				if err := Execute(context.Background(), specs, Options{Workers: workers, Threads: 1}, discard{}); err != nil {
					b.Fatal(err)
				}
				runs += len(specs)
			}
			b.ReportMetric(float64(runs)/time.Since(start).Seconds(), "runs/s")
		})
	}
}
