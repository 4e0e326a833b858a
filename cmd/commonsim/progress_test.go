package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Off a terminal, progress is plain log lines, never carriage returns.
func TestProgressLogLines(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Fatal("a regular file counts as a terminal")
	}
	now := time.Unix(1000, 0)
	pr := newProgress(f, 10, 110) // resumed: 10 runs were there already
	pr.now = func() time.Time { return now }
	pr.start, pr.last = now, now
	for done := 11; done <= 60; done++ {
		now = now.Add(time.Second)
		pr.update(done, 110)
	}
	pr.end(false)
	b, _ := os.ReadFile(f.Name())
	text := string(b)
	lines := strings.Split(strings.TrimSpace(text), "\n")
	// A line every 5 s of 50 s, and a last one when the batch stops.
	if len(lines) != 11 || strings.ContainsRune(text, '\r') {
		t.Fatalf("%d lines:\n%s", len(lines), text)
	}
	for _, want := range []string{"msg=progress", "runs_done=15", "runs_total=110", "runs_per_s=1.00", "eta=1m35s"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("first line lacks %s: %s", want, lines[0])
		}
	}
	if !strings.Contains(lines[10], `msg="batch stopped"`) || !strings.Contains(lines[10], "runs_done=60") {
		t.Errorf("last line: %s", lines[10])
	}
}

// The bar's code path (a character device stands for the terminal).
func TestProgressBar(t *testing.T) {
	dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil || !isTerminal(dev) {
		t.Skip("no character device to stand for a terminal")
	}
	defer dev.Close()
	for _, ok := range []bool{true, false} {
		pr := newProgress(dev, 0, 50)
		if pr.bar == nil {
			t.Fatal("no bar on a character device")
		}
		n := 50
		if !ok {
			n = 20
		}
		for done := 1; done <= n; done++ {
			pr.update(done, 50)
		}
		finished := make(chan struct{})
		go func() { pr.end(ok); close(finished) }()
		select {
		case <-finished:
		case <-time.After(10 * time.Second):
			t.Fatalf("end(%v) hangs", ok)
		}
	}
}

// --quiet silences progress; otherwise stderr (not a terminal here) gets
// log lines.
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
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%v: %v\n%s", a, err, stderr.String())
		}
		if quiet && stderr.Len() > 0 || !quiet && !strings.Contains(stderr.String(), `msg="batch finished" runs_done=3 runs_total=3`) {
			t.Errorf("quiet=%v: stderr %q", quiet, stderr.String())
		}
	}
}
