package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"commonsim/batch"
)

// progress reports a batch's progress on stderr: a live bar (runs done of
// total, runs per second, time left) when stderr is a terminal, else a
// plain log line every logEvery, never a carriage-return redraw, so that
// files and cluster logs stay readable.
type progress struct {
	mu        sync.Mutex
	start     time.Time
	startDone int // runs already in the result set when this process began
	done      int
	total     int
	now       func() time.Time

	// terminal
	p   *mpb.Progress
	bar *mpb.Bar

	// log lines
	log      *slog.Logger
	every    time.Duration
	last     time.Time
	lastDone int
}

const logEvery = 5 * time.Second

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// newProgress starts reporting on f for a batch with done of total runs
// already in its result set.
func newProgress(f *os.File, done, total int) *progress {
	pr := &progress{start: time.Now(), startDone: done, done: done, total: total, now: time.Now, every: logEvery, lastDone: done}
	pr.last = pr.start
	if !isTerminal(f) || total == 0 {
		pr.log = slog.New(slog.NewTextHandler(f, nil))
		return pr
	}
	pr.p = mpb.New(mpb.WithOutput(f), mpb.WithWidth(40), mpb.WithRefreshRate(200*time.Millisecond))
	// The decorator runs on mpb's render goroutine: it must not take
	// pr.mu, which update holds while it waits for mpb (a deadlock); it
	// reads the statistics mpb hands it instead.
	stat := func(st decor.Statistics) string {
		rate, eta := rateOf(int(st.Current)-done, int(st.Total)-int(st.Current), time.Since(pr.start))
		return fmt.Sprintf("%.1f runs/s  %s left", rate, eta)
	}
	pr.bar = pr.p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name("runs "), decor.CountersNoUnit("%d/%d", decor.WCSyncWidth)),
		mpb.AppendDecorators(decor.Any(stat)),
	)
	pr.bar.SetCurrent(int64(done))
	return pr
}

// rate returns the runs per second of this process and the estimated time
// left; mu must be held.
func (pr *progress) rate() (float64, string) {
	return rateOf(pr.done-pr.startDone, pr.total-pr.done, pr.now().Sub(pr.start))
}

// rateOf is the rate of ran runs in elapsed and the time left for left runs.
func rateOf(ran, left int, elapsed time.Duration) (float64, string) {
	if ran <= 0 || elapsed <= 0 {
		return 0, "?"
	}
	rate := float64(ran) / elapsed.Seconds()
	eta := time.Duration(float64(left) / rate * float64(time.Second))
	return rate, eta.Round(time.Second).String()
}

// update is batch.Config.Progress.
func (pr *progress) update(done, total int) {
	if pr.bar != nil {
		pr.bar.SetCurrent(int64(done))
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.done, pr.total = done, total
	if now := pr.now(); now.Sub(pr.last) >= pr.every {
		pr.logLine("progress")
		pr.last = now
	}
}

func (pr *progress) logLine(msg string) {
	rate, eta := pr.rate()
	pr.log.Info(msg, "runs_done", pr.done, "runs_total", pr.total, "runs_per_s", fmt.Sprintf("%.2f", rate), "eta", eta)
	pr.lastDone = pr.done
}

// end ends the progress report: the bar is completed (or aborted where the
// batch stopped early), or a last log line is written.
func (pr *progress) end(ok bool) {
	if pr.bar != nil {
		if !ok || pr.bar.Current() < int64(pr.total) { // total is fixed in bar mode
			pr.bar.Abort(false)
		}
		pr.p.Wait()
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.done != pr.lastDone || !ok {
		msg := "batch finished"
		if !ok {
			msg = "batch stopped"
		}
		pr.logLine(msg)
	}
}

// execute runs a prepared batch, reporting its progress on stderr unless
// quiet (run, and each wave of calibrate).
func execute(ctx context.Context, plan *batch.Plan, quiet bool) (string, error) {
	var bar *progress
	if !quiet {
		bar = newProgress(os.Stderr, plan.Done, plan.Runs())
		plan.Config.Progress = bar.update
	}
	dir, err := plan.Execute(ctx, version)
	if bar != nil {
		bar.end(err == nil)
	}
	return dir, err
}
