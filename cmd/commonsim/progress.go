package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/cwriter"
	"github.com/vbauerster/mpb/v8/decor"

	"commonsim/batch"
)

// progress reports a batch's progress on stderr, counted in ticks within
// the runs (batch.Progress), so that a batch of one long run moves too: a
// live bar when stderr is a terminal at least a few columns wide, else a
// plain log line every logEvery, never a carriage-return redraw, so that
// files and cluster logs stay readable. It also says what the report step
// is doing (step).
type progress struct {
	mu        sync.Mutex
	src       func() batch.Progress // the batch's progress (Plan.Progress)
	now       func() time.Time
	start     time.Time
	startRuns float64 // where this process began (runs of a resumed set)
	last      batch.Progress
	shown     atomic.Pointer[batch.Progress] // the last snapshot, for the bar's decorators

	// terminal
	p   *mpb.Progress
	bar *mpb.Bar

	// log lines
	log      *slog.Logger
	every    time.Duration
	lastLog  time.Time
	lastRuns float64

	w       io.Writer
	polling bool          // run was called
	stop    chan struct{} // closed by end: the poller stops
	done    chan struct{} // closed when the poller has stopped
}

const (
	logEvery  = 5 * time.Second
	pollEvery = 200 * time.Millisecond
	// barUnits is how many bar units a run is worth: the bar moves in
	// thousandths of a run.
	barUnits = 1000
	// minColumns is the narrowest terminal the bar is drawn in; a terminal
	// that reports fewer columns, or no rows (0, as some do when they cannot
	// say: mpb then draws nothing at all), gets log lines.
	minColumns = 20
)

// output is where progress goes: whether it is a terminal and how wide.
type output struct {
	terminal      bool
	columns, rows int // 0 when unknown
}

// outputOf tells whether f is a terminal and its size. A character device
// that is not a terminal (/dev/null) counts as one of 80 columns and rows,
// as mpb draws it.
func outputOf(f *os.File) output {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return output{}
	}
	fd := int(f.Fd())
	if !cwriter.IsTerminal(fd) {
		return output{terminal: true, columns: 80, rows: 80}
	}
	w, h, err := cwriter.GetSize(fd)
	if err != nil {
		w, h = 0, 0
	}
	return output{terminal: true, columns: max(w, 0), rows: max(h, 0)}
}

// newProgress prepares to report the progress src gives on w (out says
// what w is); start starts polling it.
func newProgress(w io.Writer, out output, src func() batch.Progress) *progress {
	first := src()
	pr := &progress{w: w, src: src, now: time.Now, every: logEvery, last: first, startRuns: float64(first.Runs), lastRuns: float64(first.Runs),
		stop: make(chan struct{}), done: make(chan struct{})}
	pr.start = pr.now()
	pr.lastLog = pr.start
	pr.shown.Store(&first)
	if !out.terminal || out.columns < minColumns || out.rows < 1 || first.Total == 0 {
		pr.log = slog.New(slog.NewTextHandler(w, nil))
		return pr
	}
	pr.p = mpb.New(mpb.WithOutput(w), mpb.WithWidth(min(40, out.columns/3)), mpb.WithRefreshRate(pollEvery), mpb.WithAutoRefresh())
	// The decorators run on mpb's render goroutine: they must not take
	// pr.mu, which tick holds while it waits for mpb (a deadlock); they
	// read the last snapshot instead.
	runs := func(decor.Statistics) string {
		s := pr.shown.Load()
		return fmt.Sprintf("runs %d/%d", s.Runs, s.Total)
	}
	stat := func(decor.Statistics) string {
		s := pr.shown.Load()
		rate, eta := rateOf(float64(s.Runs)+s.Partial-pr.startRuns, float64(s.Total-s.Runs)-s.Partial, time.Since(pr.start))
		return fmt.Sprintf("%.1f%%  %s runs/s  %s left", 100*s.Fraction(), runsPerSecond(rate), eta)
	}
	pr.bar = pr.p.AddBar(int64(first.Total)*barUnits,
		mpb.PrependDecorators(decor.Any(runs, decor.WCSyncWidth)),
		mpb.AppendDecorators(decor.Any(stat)),
	)
	pr.bar.SetCurrent(units(first))
	return pr
}

// newStepper returns a progress that only says what the process does
// (step): plain lines on a terminal, log lines elsewhere, no bar.
func newStepper(w io.Writer, out output) *progress {
	pr := &progress{w: w, stop: make(chan struct{}), done: make(chan struct{})}
	if !out.terminal {
		pr.log = slog.New(slog.NewTextHandler(w, nil))
	}
	return pr
}

// units is a snapshot's place on the bar.
func units(s batch.Progress) int64 {
	return int64(s.Runs)*barUnits + int64(s.Partial*barUnits)
}

// run polls the batch's progress every pollEvery until end.
func (pr *progress) run() {
	pr.polling = true
	go func() {
		defer close(pr.done)
		t := time.NewTicker(pollEvery)
		defer t.Stop()
		for {
			select {
			case <-pr.stop:
				return
			case <-t.C:
				pr.tick()
			}
		}
	}()
}

// tick reads the batch's progress and shows it: it moves the bar, or
// writes a log line when logEvery has passed since the last.
func (pr *progress) tick() {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	s := pr.src()
	pr.last = s
	pr.shown.Store(&s)
	if pr.bar != nil {
		pr.bar.SetCurrent(units(s))
		return
	}
	if now := pr.now(); now.Sub(pr.lastLog) >= pr.every {
		pr.logLine("progress")
		pr.lastLog = now
	}
}

// rateOf is the rate of ran runs in elapsed and the time left for left runs.
func rateOf(ran, left float64, elapsed time.Duration) (float64, string) {
	if ran <= 0 || elapsed <= 0 {
		return 0, "?"
	}
	rate := ran / elapsed.Seconds()
	eta := time.Duration(max(left, 0) / rate * float64(time.Second))
	return rate, eta.Round(time.Second).String()
}

// runsPerSecond prints a rate with two significant digits or so: 0.031,
// 0.42, 3.5, 120.
func runsPerSecond(rate float64) string {
	switch {
	case rate >= 10:
		return fmt.Sprintf("%.0f", rate)
	case rate >= 1:
		return fmt.Sprintf("%.1f", rate)
	case rate >= 0.1:
		return fmt.Sprintf("%.2f", rate)
	}
	return fmt.Sprintf("%.3f", rate)
}

// logLine writes a log line of the last snapshot; mu must be held.
func (pr *progress) logLine(msg string) {
	s := pr.last
	ran := float64(s.Runs) + s.Partial
	rate, eta := rateOf(ran-pr.startRuns, float64(s.Total)-ran, pr.now().Sub(pr.start))
	pr.log.Info(msg, "runs_done", s.Runs, "runs_total", s.Total, "percent", fmt.Sprintf("%.1f", 100*s.Fraction()),
		"runs_per_s", runsPerSecond(rate), "eta", eta)
	pr.lastRuns = ran
}

// end ends the progress report: the bar is completed (or aborted where the
// batch stopped early), or a last log line is written.
func (pr *progress) end(ok bool) {
	select {
	case <-pr.stop:
		return // ended already
	default:
	}
	close(pr.stop)
	if pr.polling {
		<-pr.done
	}
	pr.tick()
	if pr.bar != nil {
		if !ok || pr.last.Runs < pr.last.Total {
			pr.bar.Abort(false)
		}
		pr.p.Wait()
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if s := pr.last; float64(s.Runs)+s.Partial != pr.lastRuns || !ok {
		msg := "batch finished"
		if !ok {
			msg = "batch stopped"
		}
		pr.logLine(msg)
	}
}

// execute runs a prepared batch, reporting its progress on stderr unless
// quiet (run, and each wave of calibrate); the progress it returns (nil
// when quiet) goes on to say what the process does next (step).
func execute(ctx context.Context, plan *batch.Plan, quiet bool) (string, *progress, error) {
	var bar *progress
	if !quiet {
		bar = newProgress(os.Stderr, outputOf(os.Stderr), plan.Progress)
		bar.run()
	}
	dir, err := plan.Execute(ctx, version)
	if bar != nil {
		bar.end(err == nil)
	}
	return dir, bar, err
}

// step says, on a line of its own after the batch's progress, what the
// process is doing next (the report step).
func (pr *progress) step(msg string) {
	if pr.log != nil {
		pr.log.Info(msg)
		return
	}
	fmt.Fprintln(pr.w, msg)
}
