package batch

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"commonsim/sim"
)

// Progress counts the ticks of the runs in flight: a run half done is half
// a run, whatever the order the runs were started in, and a written run
// leaves the runs in flight for the runs written.
func TestTrackerCountsTicks(t *testing.T) {
	specs := specsOf(t, "population.initial=20", "run.ticks=8", "run.replications=3")
	var tr tracker
	tr.reset(1, 4) // resumed: one run was there already
	steps := []struct {
		do   func()
		want Progress
	}{
		{func() {}, Progress{Runs: 1, Total: 4}},
		{func() { tr.start(&specs[0]).Store(4) }, Progress{Runs: 1, Total: 4, Partial: 0.5}},
		{func() { tr.start(&specs[1]).Store(2) }, Progress{Runs: 1, Total: 4, Partial: 0.75}},
		{func() { tr.written(specs[0].ID, 2) }, Progress{Runs: 2, Total: 4, Partial: 0.25}},
		{func() { tr.written(specs[1].ID, 3) }, Progress{Runs: 3, Total: 4}},
	}
	for i, s := range steps {
		s.do()
		if got := tr.progress(); got != s.want {
			t.Errorf("step %d: %+v, want %+v", i, got, s.want)
		}
	}
	if f := (Progress{Runs: 3, Total: 4, Partial: 0.5}).Fraction(); f != 0.875 {
		t.Errorf("Fraction = %v", f)
	}
}

// Execute's Watch sees every run start and its counter reach the run's
// ticks; the results are those of a batch without it.
func TestExecuteWatchesTicks(t *testing.T) {
	specs := specsOf(t, "population.initial=20", "run.ticks=7", "run.replications=3")
	var counters []*atomic.Int64
	watch := func(spec *sim.RunSpec) *atomic.Int64 {
		c := new(atomic.Int64)
		counters = append(counters, c) // Execute calls Watch from one goroutine
		return c
	}
	var watched, plain collect
	if err := Execute(context.Background(), specs, Options{Workers: 2, Threads: 1, Watch: watch}, &watched); err != nil {
		t.Fatal(err)
	}
	if err := Execute(context.Background(), specs, Options{Workers: 2, Threads: 1}, &plain); err != nil {
		t.Fatal(err)
	}
	if len(counters) != len(specs) {
		t.Fatalf("Watch called %d times for %d runs", len(counters), len(specs))
	}
	for i, c := range counters {
		if c.Load() != 7 {
			t.Errorf("run %d: counter %d, want 7 ticks", i, c.Load())
		}
	}
	for i := range plain.got {
		// Printed, so that NaN equals NaN.
		a, b := fmt.Sprintf("%v %v", plain.got[i].Summary, *plain.got[i].Series), fmt.Sprintf("%v %v", watched.got[i].Summary, *watched.got[i].Series)
		if a != b {
			t.Errorf("run %d: watching its ticks changed its result", i)
		}
	}
}

// A plan reports its progress before, during and after Execute.
func TestPlanProgress(t *testing.T) {
	p, err := Prepare(Config{Scenarios: []string{"commons"}, Sets: []string{"population.initial=20", "run.ticks=5"}, Replications: 2, Out: t.TempDir() + "/set"})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Progress(); got != (Progress{Runs: 0, Total: 2}) {
		t.Errorf("before: %+v", got)
	}
	// Read from another goroutine while it runs (go test -race).
	stop, polled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(polled)
		for {
			select {
			case <-stop:
				return
			default:
				if f := p.Progress().Fraction(); f < 0 || f > 1 {
					t.Errorf("fraction %v", f)
				}
			}
		}
	}()
	_, err = p.Execute(context.Background(), "test")
	close(stop)
	<-polled
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Progress(); got != (Progress{Runs: 2, Total: 2}) {
		t.Errorf("after: %+v", got)
	}
}
