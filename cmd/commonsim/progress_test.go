package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"commonsim/batch"
)

// fakeBatch is a batch's progress set by a test.
type fakeBatch struct {
	mu sync.Mutex
	p  batch.Progress
}

func (f *fakeBatch) set(p batch.Progress) { f.mu.Lock(); f.p = p; f.mu.Unlock() }
func (f *fakeBatch) get() batch.Progress  { f.mu.Lock(); defer f.mu.Unlock(); return f.p }

// Off a terminal, or on one that reports too few columns, progress is
// plain log lines every 5 s (of an injected clock), never carriage
// returns; it counts ticks within runs, so a single long run moves.
func TestProgressLogLines(t *testing.T) {
	for _, c := range []struct {
		name  string
		out   output
		start batch.Progress
		at    func(s int) batch.Progress // the batch's progress s seconds in
		last  batch.Progress
		want  []string // in the first line
		end   []string // in the last line
	}{
		{
			name: "one run of 50 s", out: output{},
			start: batch.Progress{Total: 1},
			at:    func(s int) batch.Progress { return batch.Progress{Total: 1, Partial: float64(s) / 50} },
			last:  batch.Progress{Total: 1, Partial: 1},
			want:  []string{"msg=progress", "runs_done=0", "runs_total=1", "percent=10.0", "runs_per_s=0.020", "eta=45s"},
			end:   []string{`msg="batch stopped"`, "percent=100.0"},
		},
		{
			name: "resumed batch on a 0-column terminal", out: output{terminal: true, columns: 0, rows: 24},
			start: batch.Progress{Runs: 10, Total: 110},
			at:    func(s int) batch.Progress { return batch.Progress{Runs: 10 + s, Total: 110, Partial: 0.5} },
			last:  batch.Progress{Runs: 60, Total: 110},
			want:  []string{"msg=progress", "runs_done=15", "runs_total=110", "percent=14.1", "runs_per_s=1.1", "eta=1m26s"},
			end:   []string{`msg="batch stopped"`, "runs_done=60"},
		},
		{
			name: "a terminal with no rows", out: output{terminal: true, columns: 100},
			start: batch.Progress{Total: 1},
			at:    func(s int) batch.Progress { return batch.Progress{Total: 1, Partial: float64(s) / 50} },
			last:  batch.Progress{Total: 1, Partial: 1},
			want:  []string{"msg=progress", "percent=10.0"},
			end:   []string{`msg="batch stopped"`},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			b := &fakeBatch{p: c.start}
			pr := newProgress(&buf, c.out, b.get)
			if pr.bar != nil {
				t.Fatal("a bar where log lines belong")
			}
			now := time.Unix(1000, 0)
			pr.now = func() time.Time { return now }
			pr.start, pr.lastLog = now, now
			for s := 1; s <= 50; s++ {
				now = now.Add(time.Second)
				b.set(c.at(s))
				pr.tick()
			}
			b.set(c.last)
			pr.end(false)
			pr.step("drawing the report")
			text := buf.String()
			lines := strings.Split(strings.TrimSpace(text), "\n")
			// A line every 5 s of 50 s, one when the batch stops, one for
			// the report step.
			if len(lines) != 12 || strings.ContainsRune(text, '\r') {
				t.Fatalf("%d lines:\n%s", len(lines), text)
			}
			for _, want := range c.want {
				if !strings.Contains(lines[0], want) {
					t.Errorf("first line lacks %s: %s", want, lines[0])
				}
			}
			for _, want := range c.end {
				if !strings.Contains(lines[10], want) {
					t.Errorf("last progress line lacks %s: %s", want, lines[10])
				}
			}
			if !strings.Contains(lines[11], `msg="drawing the report"`) {
				t.Errorf("report step: %s", lines[11])
			}
		})
	}
}

// On a terminal the bar is drawn; it moves within a run and ends whether
// the batch finished or stopped.
func TestProgressBar(t *testing.T) {
	for _, ok := range []bool{true, false} {
		var buf bytes.Buffer
		b := &fakeBatch{p: batch.Progress{Total: 2}}
		pr := newProgress(&buf, output{terminal: true, columns: 80, rows: 24}, b.get)
		if pr.bar == nil {
			t.Fatal("no bar on an 80-column terminal")
		}
		pr.run()
		b.set(batch.Progress{Total: 2, Partial: 0.5})
		pr.tick()
		if got := pr.bar.Current(); got != barUnits/2 {
			t.Errorf("half a run in: bar at %d of %d", got, 2*barUnits)
		}
		if ok {
			b.set(batch.Progress{Runs: 2, Total: 2})
		}
		finished := make(chan struct{})
		go func() { pr.end(ok); close(finished) }()
		select {
		case <-finished:
		case <-time.After(time.Minute):
			t.Fatalf("end(%v) hangs", ok)
		}
		pr.step("drawing the report")
		if !strings.Contains(buf.String(), "runs ") || !strings.HasSuffix(buf.String(), "drawing the report\n") {
			t.Errorf("ok=%v: output %q", ok, buf.String())
		}
	}
}

// --quiet prints the result set's directory alone, on stdout, and nothing
// on stderr; otherwise stderr (not a terminal here) gets log lines of the
// runs and the report step, and stdout ends with the directory.
func TestProgressQuiet(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	args := []string{"run", "commons", "--set", "run.ticks=10", "--set", "population.initial=10", "-r", "3", "--no-plots"}
	for _, quiet := range []bool{true, false} {
		a := append([]string{}, args...)
		out := "loud"
		if quiet {
			a, out = append(a, "-q"), "quiet"
		}
		cmd := exec.Command(bin, append(a, "-o", out)...)
		cmd.Dir = dir
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%v: %v\n%s", a, err, stderr.String())
		}
		lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
		last := lines[len(lines)-1]
		switch {
		case quiet && (stderr.Len() > 0 || stdout.String() != out+"\n"):
			t.Errorf("quiet: stdout %q, stderr %q", stdout.String(), stderr.String())
		case !quiet && (!strings.Contains(stderr.String(), `msg="batch finished" runs_done=3 runs_total=3`) || !strings.Contains(stderr.String(), "drawing the report of loud")):
			t.Errorf("stderr %q", stderr.String())
		case !quiet && last != "results: "+filepath.Clean(out)+" (3 runs)":
			t.Errorf("the last line of stdout is %q, not the result set", last)
		}
	}
}
