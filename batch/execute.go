package batch

import (
	"context"
	"fmt"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"commonsim/sim"
)

// Sink receives results in run-id order. The results writer is one.
type Sink interface {
	Write(r *sim.Result) error
}

// Options control how a batch is executed. They change speed, never the
// results.
type Options struct {
	Workers  int            // runs at a time (>= 1)
	Threads  int            // goroutines inside one run (>= 1)
	Progress func(done int) // called after each run is written, may be nil
	// Watch, when not nil, is called as each run starts; the counter it
	// returns (if not nil) gets the run's ticks done after each tick
	// (sim.RunWatched), for a progress report within runs.
	Watch func(spec *sim.RunSpec) *atomic.Int64
}

// Execute runs specs on a pool of workers and hands each result to sink in
// the order of specs, whatever order the runs finish in. At most 4 results
// per worker wait in memory for their turn, so memory does not grow with the
// number of runs. When ctx is cancelled no new run starts; runs in flight
// finish and are written if they extend the in-order prefix. Execute returns
// the sink's first error, else ctx's error if it stopped early.
func Execute(ctx context.Context, specs []sim.RunSpec, opt Options, sink Sink) error {
	workers := max(1, opt.Workers)
	tokens := make(chan struct{}, 4*workers) // bounds results waiting for their turn
	results := make(chan *sim.Result, workers)
	stop := make(chan struct{}) // closed when the sink fails

	go func() {
		var g errgroup.Group
		g.SetLimit(workers)
		defer func() {
			_ = g.Wait()
			close(results)
		}()
		for _, spec := range specs {
			select {
			case <-ctx.Done():
				return
			case <-stop:
				return
			case tokens <- struct{}{}:
			}
			if ctx.Err() != nil {
				return
			}
			var ticks *atomic.Int64
			if opt.Watch != nil {
				ticks = opt.Watch(&spec)
			}
			g.Go(func() error {
				results <- sim.RunWatched(spec, opt.Threads, ticks)
				return nil
			})
		}
	}()

	pending := map[int]*sim.Result{}
	pos := 0 // position in specs of the next result to write
	var sinkErr error
	for r := range results {
		if sinkErr != nil {
			<-tokens
			continue
		}
		pending[r.Spec.ID] = r
		for pos < len(specs) {
			next, ok := pending[specs[pos].ID]
			if !ok {
				break
			}
			delete(pending, specs[pos].ID)
			<-tokens
			if err := sink.Write(next); err != nil {
				sinkErr = fmt.Errorf("writing run %d: %w", next.Spec.ID, err)
				close(stop)
				for range pending {
					<-tokens
				}
				clear(pending)
				break
			}
			pos++
			if opt.Progress != nil {
				opt.Progress(pos)
			}
		}
	}
	if sinkErr != nil {
		return sinkErr
	}
	if pos < len(specs) {
		if err := ctx.Err(); err != nil {
			return err
		}
		return fmt.Errorf("only %d of %d runs completed", pos, len(specs))
	}
	return nil
}
