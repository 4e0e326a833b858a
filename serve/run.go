package serve

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"commonsim/analysis"
	"commonsim/scenarios"
	"commonsim/sim"
)

// level is the confidence level of the bands, as in the report.
const level = 0.95

// chunks is about how many pieces a run is computed in, and so how often
// its Lorenz curves are redrawn: every ticks/chunks ticks (10 of a default
// 260-tick run). A piece is each replicate's model stepped on from where
// the last one ended (engine.go), so its size is a matter of how often the
// page sees new curves and how far computing runs ahead of what is shown,
// not of cost.
const chunks = 26

// labRun is one run of the lab: the replicates of one parameter set, shown
// tick by tick to the page that made it.
type labRun struct {
	id      string
	session string
	label   string // scenario name and changes, for the page
	sc      *scenarios.Scenario
	specs   []sim.RunSpec
	reps    []*replicate // one per spec; stepped by one chunk at a time, closed when the run ends
	ticks   int          // run.ticks
	every   int          // ticks per chunk: a multiple of run.record_every
	ctrl    chan command
	log     *logEntry

	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	attached bool
	expiry   *time.Timer
	done     func() // returns the run's slot and forgets it; safe to call twice
}

// isAttached reports whether a page has opened the run's event stream.
func (r *labRun) isAttached() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.attached
}

// command is what a page asks of its run.
type command struct {
	Action string  `json:"action"` // step, go, pause, speed
	Speed  float64 `json:"speed"`  // ticks per second; 0 is as fast as possible
}

// maxSpeed bounds a paced speed; above it, ask for 0 (as fast as the
// replicates are computed).
const maxSpeed = 1000

func (c command) check() error {
	switch c.Action {
	case "step", "pause":
	case "go", "speed":
		if math.IsNaN(c.Speed) || c.Speed < 0 || c.Speed > maxSpeed {
			return fmt.Errorf("speed %v: must be between 0 (as fast as possible) and %d ticks per second", c.Speed, maxSpeed)
		}
	default:
		return fmt.Errorf("action %q: must be step, go, pause or speed", c.Action)
	}
	return nil
}

// chunkLength is how many ticks a chunk holds: about ticks/chunks, rounded
// up to a multiple of record_every so that every chunk ends on a recorded
// tick of the whole run.
func chunkLength(run scenarios.Run) int {
	n := max(1, (run.Ticks+chunks-1)/chunks)
	e := run.RecordEvery
	return (n + e - 1) / e * e
}

// tickRow is one recorded tick of a run: the mean and the 95% band over the
// replicates of each charted metric.
type tickRow struct {
	T    int   `json:"t"`
	Mean []num `json:"m"`
	Lo   []num `json:"lo"`
	Hi   []num `json:"hi"`
}

// band is a curve's pointwise mean and 95% band over the replicates.
type band struct {
	Mean []num `json:"m"`
	Lo   []num `json:"lo"`
	Hi   []num `json:"hi"`
}

// lorenzFrame is the Lorenz curves of contribution and benefit at a tick.
type lorenzFrame struct {
	T            int  `json:"t"`
	Contribution band `json:"contribution"`
	Benefit      band `json:"benefit"`
}

// survivalFrame is the Kaplan–Meier survival of tenure at the end of a
// run: the share of contributors still active t weeks after joining, at t =
// 0, 1, ..., run.ticks.
type survivalFrame struct {
	Curve band `json:"curve"`
}

// computed is a chunk of all replicates, reduced to what the page draws.
type computed struct {
	to       int
	rows     []tickRow
	lorenz   *lorenzFrame
	final    [][]float64    // per replicate summaries, on the last chunk
	survival *survivalFrame // on the last chunk
	err      error
}

// meanBand is the mean and 95% interval of the finite values of x (a
// replicate whose metric is undefined, such as a Gini with nobody left, is
// left out, as in summary.csv).
func meanBand(x []float64, buf []float64) (mean, lo, hi num) {
	buf = buf[:0]
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			buf = append(buf, v)
		}
	}
	if len(buf) == 0 {
		return num(math.NaN()), num(math.NaN()), num(math.NaN())
	}
	m, l, h := analysis.MeanCI(buf, level)
	return num(m), num(l), num(h)
}

// compute steps every replicate on to tick `to`, at most s.workers
// replicates at a time over the whole server, and reduces them to the
// charted metrics' bands at each tick recorded on the way and the Lorenz
// curves at `to`. A cancelled ctx stops every replicate within a tick.
func (s *Server) compute(ctx context.Context, r *labRun, to int) computed {
	parts := make([]*chunk, len(r.reps))
	errs := make([]error, len(r.reps))
	var wg sync.WaitGroup
	for i, rep := range r.reps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case s.workers <- struct{}{}:
			case <-ctx.Done():
				errs[i] = ctx.Err()
				return
			}
			defer func() { <-s.workers }()
			parts[i], errs[i] = rep.advance(ctx, to)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return computed{err: err}
		}
	}
	out := computed{to: to}
	n := len(parts)
	x := make([]float64, n)
	buf := make([]float64, 0, n)
	for k, t := range parts[0].ticks {
		row := tickRow{T: t}
		for _, col := range s.chartCols {
			for i, p := range parts {
				x[i] = p.rows[k][col]
			}
			m, lo, hi := meanBand(x, buf)
			row.Mean, row.Lo, row.Hi = append(row.Mean, m), append(row.Lo, lo), append(row.Hi, hi)
		}
		out.rows = append(out.rows, row)
	}
	out.lorenz = &lorenzFrame{T: to,
		Contribution: bandOf(n, lorenzPoints, func(i, j int) float64 { return parts[i].lorenz[0][j] }),
		Benefit:      bandOf(n, lorenzPoints, func(i, j int) float64 { return parts[i].lorenz[1][j] }),
	}
	if parts[0].summary != nil {
		for _, p := range parts {
			out.final = append(out.final, p.summary)
		}
		// Survival at every whole tenure up to the run's length, as the
		// report draws it from survival.csv.
		out.survival = &survivalFrame{Curve: bandOf(n, to+1, func(i, t int) float64 { return parts[i].survival.At(float64(t)) })}
	}
	return out
}

// bandOf is the pointwise mean and 95% band over n replicates of a curve
// of the given length, whose point j of replicate i is at(i, j).
func bandOf(n, length int, at func(i, j int) float64) band {
	x := make([]float64, n)
	buf := make([]float64, 0, n)
	b := band{Mean: make([]num, length), Lo: make([]num, length), Hi: make([]num, length)}
	for j := range length {
		for i := range n {
			x[i] = at(i, j)
		}
		b.Mean[j], b.Lo[j], b.Hi[j] = meanBand(x, buf)
	}
	return b
}

// results reduces the replicates' summaries to the log's key results.
func (s *Server) results(final [][]float64) []result {
	var out []result
	x := make([]float64, len(final))
	for _, k := range s.keyCols {
		vals := make([]num, len(final))
		for i, f := range final {
			x[i] = f[k]
			vals[i] = num(f[k])
		}
		m, lo, hi := meanBand(x, nil)
		sm := s.summary[k]
		out = append(out, result{Name: sm.Name, Unit: sm.Unit, Mean: m, Lo: lo, Hi: hi, Values: vals})
	}
	return out
}

// drive shows run r to the page behind ev: it computes chunks ahead of what
// is shown (one or two), reveals ticks as the page asks (step, or go at a
// speed), and ends when the run is complete, the page goes away, or the run
// is reset. It returns when the stream is to be closed.
func (s *Server) drive(ctx context.Context, r *labRun, ev *eventStream) {
	speed := 20.0
	playing, steps := false, 0
	var pending []tickRow             // computed, not yet shown
	var frames []*lorenzFrame         // Lorenz curves waiting for their tick
	var final [][]float64             // the replicates' summaries, once computed
	var survival *survivalFrame       // and their survival curves
	shown, computedTo := 0, 0         // last tick shown, last tick computed
	results := make(chan computed, 1) // at most one chunk in flight
	inFlight := false

	start := func() {
		if inFlight || computedTo >= r.ticks || computedTo-shown >= 2*r.every {
			return
		}
		inFlight = true
		to := min(r.ticks, computedTo+r.every)
		go func() { results <- s.compute(ctx, r, to) }()
	}
	// The replicates' models are freed when the stream ends, after the
	// chunk in flight has stopped (within a tick once ctx is done): the
	// deferred calls run in the opposite order.
	defer r.closeReplicates()
	defer func() {
		if inFlight {
			<-results
		}
	}()

	var pace *time.Ticker
	var paceC <-chan time.Time
	var ref time.Time
	sent := 0 // ticks sent since ref
	setPace := func() {
		if pace != nil {
			pace.Stop()
			pace, paceC = nil, nil
		}
		if playing && speed > 0 {
			pace = time.NewTicker(max(time.Second/time.Duration(speed), 20*time.Millisecond))
			paceC = pace.C
		}
		ref, sent = time.Now(), 0
	}
	defer func() {
		if pace != nil {
			pace.Stop()
		}
	}()

	state := func() string {
		switch {
		case shown >= r.ticks:
			return "finished"
		case playing && len(pending) == 0:
			return "computing"
		case playing:
			return "running"
		case shown == 0 && steps == 0:
			return "ready"
		}
		return "paused"
	}
	lastState := ""
	status := func() bool {
		st := state()
		if st == lastState {
			return true
		}
		lastState = st
		return ev.send("status", map[string]any{"state": st, "tick": shown, "computed": computedTo, "speed": speed}) == nil
	}
	// reveal sends up to n pending ticks, and the Lorenz curves they reach.
	reveal := func(n int) bool {
		n = min(n, len(pending))
		if n <= 0 {
			return true
		}
		batch := pending[:n]
		pending = pending[n:]
		shown = batch[len(batch)-1].T
		if ev.send("ticks", map[string]any{"ticks": batch}) != nil {
			return false
		}
		for len(frames) > 0 && frames[0].T <= shown {
			if ev.send("lorenz", frames[0]) != nil {
				return false
			}
			frames = frames[1:]
		}
		return true
	}

	// A run that ends any other way (reset, the page closed, the server
	// stopping) is logged as stopped where it was.
	defer func() { s.finishLog(r, shown, "stopped", nil) }()

	hello := map[string]any{
		"id": r.id, "scenario": r.sc.Name, "label": r.label, "ticks": r.ticks, "every": r.every,
		"replicates": len(r.specs), "seed": r.sc.Run.Seed, "seeds": r.log.Seeds, "changes": r.log.Changes,
	}
	if ev.send("hello", hello) != nil {
		return
	}
	start()
	status()
	heartbeat := time.NewTicker(15 * time.Second)
	defer heartbeat.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-heartbeat.C:
			if ev.comment("ping") != nil {
				return
			}
			continue
		case c := <-r.ctrl:
			switch c.Action {
			case "step":
				steps++
				playing = false
			case "go":
				playing, speed = true, c.Speed
			case "pause":
				playing = false
			case "speed":
				speed = c.Speed
			}
			setPace()
		case c := <-results:
			inFlight = false
			if c.err != nil {
				if ctx.Err() == nil {
					s.finishLog(r, shown, "failed", nil)
					_ = ev.send("failed", map[string]string{"message": c.err.Error()})
				}
				return
			}
			pending = append(pending, c.rows...)
			frames = append(frames, c.lorenz)
			computedTo = c.to
			if c.final != nil {
				final, survival = c.final, c.survival
			}
		case now := <-paceC:
			if len(pending) == 0 {
				ref, sent = now, 0 // waiting for a chunk is not a debt to pay back in a burst
				break
			}
			due := int(now.Sub(ref).Seconds()*speed) - sent
			if due > 0 {
				sent += min(due, len(pending))
				if !reveal(due) {
					return
				}
			}
		}
		if playing && speed == 0 && !reveal(len(pending)) {
			return
		}
		for steps > 0 && len(pending) > 0 {
			steps--
			if !reveal(1) {
				return
			}
		}
		start()
		if !status() {
			return
		}
		if shown >= r.ticks && final != nil {
			res := s.finishLog(r, shown, "finished", final)
			if ev.send("survival", survival) != nil {
				return
			}
			_ = ev.send("done", map[string]any{"tick": shown, "results": res, "n": r.log.N})
			return
		}
	}
}

// closeReplicates frees the replicates' models. No chunk may be in flight.
func (r *labRun) closeReplicates() {
	for _, rep := range r.reps {
		rep.close()
	}
}

// finishLog records how a run ended in its log entry.
func (s *Server) finishLog(r *labRun, reached int, status string, final [][]float64) []result {
	var res []result
	if final != nil {
		res = s.results(final)
	}
	s.log.update(func() {
		if r.log.Status != "running" {
			return
		}
		r.log.Reached, r.log.Status, r.log.Results = reached, status, res
	})
	return res
}

// seedStrings writes the replicates' seeds as decimal text.
func seedStrings(specs []sim.RunSpec) []string {
	out := make([]string, len(specs))
	for i, sp := range specs {
		out[i] = strconv.FormatUint(sp.Seed, 10)
	}
	return out
}
