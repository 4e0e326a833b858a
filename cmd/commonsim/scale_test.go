package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// smallBatch is a batch of 120 short runs, about a second of work on two
// cores, so that a kill lands in the middle of it.
var smallBatch = []string{"commons", "extractive", "--set", "run.ticks=50", "--set", "population.initial=50", "-r", "60", "--workers", "2", "--no-plots"}

type manifestView struct {
	Status       string   `json:"status"`
	Completed    int      `json:"completed_runs"`
	CompletedIDs [][2]int `json:"completed_run_ids"`
	Shard        string   `json:"shard"`
	Files        []struct {
		Name   string `json:"name"`
		Rows   int    `json:"rows"`
		SHA256 string `json:"sha256"`
	} `json:"files"`
}

func readManifestView(t *testing.T, dir string) (*manifestView, bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, false
	}
	if err != nil {
		t.Fatal(err)
	}
	var m manifestView
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s/manifest.json: %v", dir, err)
	}
	return &m, true
}

// sameCSVs compares every CSV file of two result sets byte for byte and
// their manifests' checksums.
func sameCSVs(t *testing.T, what, ref, dir string) {
	t.Helper()
	for _, f := range []string{"runs.csv", "timeseries.csv", "lorenz.csv", "survival.csv", "sensitivity.csv"} {
		a, errA := os.ReadFile(filepath.Join(ref, f))
		b, errB := os.ReadFile(filepath.Join(dir, f))
		if errors.Is(errA, os.ErrNotExist) && errors.Is(errB, os.ErrNotExist) && f == "sensitivity.csv" {
			continue
		}
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: %s differs from the reference (%d vs %d bytes; %v %v)", what, f, len(a), len(b), errA, errB)
		}
	}
	mr, _ := readManifestView(t, ref)
	md, ok := readManifestView(t, dir)
	if !ok || md.Status != "complete" || !reflect.DeepEqual(mr.Files, md.Files) || !reflect.DeepEqual(mr.CompletedIDs, md.CompletedIDs) {
		t.Errorf("%s: manifest %+v, want files %+v", what, md, mr.Files)
	}
}

func command(bin, dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	return cmd
}

// A batch killed with SIGKILL at random instants, again and again, and
// resumed each time, ends with the files of an uninterrupted batch. The
// kills adapt to the machine's speed: each waits for a run to be journalled
// (the first attempt for the first run of the batch, so that at least one
// kill lands in its middle however slow the machine is), then a random
// 0-50 ms more. No kill is timed in absolute terms.
func TestKillAndResume(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	if out, err := command(bin, dir, append([]string{"run", "-o", "ref", "-q"}, smallBatch...)...).CombinedOutput(); err != nil {
		t.Fatalf("reference run: %v\n%s", err, out)
	}
	res := filepath.Join(dir, "res")
	journalRuns := func() int {
		j, _ := os.ReadFile(filepath.Join(res, "journal.log"))
		return bytes.Count(j, []byte("\nR "))
	}
	rng := rand.New(rand.NewPCG(20260521, 5))
	killedMidway := 0
	for attempt := range 6 {
		args := []string{"run", "--resume", "res", "-q", "--workers", "2", "--no-plots"}
		if _, ok := readManifestView(t, res); !ok {
			args = append([]string{"run", "-o", "res", "-q"}, smallBatch...) // killed before the manifest existed
		}
		cmd := command(bin, dir, args...)
		out, exited, status := startCmd(t, cmd)
		if attempt == 5 { // the last attempt runs to the end
			if code := status(); code != 0 {
				t.Fatalf("final resume: status %d\n%s", code, out.String())
			}
			break
		}
		before := journalRuns()
		waitFor(cmd, exited, func() bool { return journalRuns() > before })
		delay := time.Duration(rng.IntN(50)) * time.Millisecond
		select {
		case <-exited:
		case <-time.After(delay):
		}
		cmd.Process.Signal(syscall.SIGKILL)
		code := status()
		m, ok := readManifestView(t, res)
		state := "no manifest yet"
		if ok {
			state = m.Status
		}
		switch {
		case code == -1 && ok && m.Status == "running":
			killedMidway++
		case code == -1 || code == 0:
		default:
			t.Fatalf("attempt %d: status %d\n%s", attempt, code, out.String())
		}
		t.Logf("attempt %d: killed %v after run %d was journalled: %s", attempt, delay, before+1, state)
	}
	if killedMidway == 0 {
		t.Error("no kill landed in the middle of the batch, though each waited for a run to be journalled first")
	}
	sameCSVs(t, "killed and resumed", filepath.Join(dir, "ref"), res)
	if _, err := os.Stat(filepath.Join(res, "journal.log")); err == nil {
		t.Error("the completed result set keeps its journal")
	}
}

// Ctrl-C (SIGINT) closes the result set as interrupted, listing the runs it
// holds; --resume completes it.
func TestInterruptAndResume(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	if out, err := command(bin, dir, append([]string{"run", "-o", "ref", "-q"}, smallBatch...)...).CombinedOutput(); err != nil {
		t.Fatalf("reference run: %v\n%s", err, out)
	}
	cmd := command(bin, dir, append([]string{"run", "-o", "res", "-q"}, smallBatch...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for a few runs in the journal, then interrupt.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		j, _ := os.ReadFile(filepath.Join(dir, "res", "journal.log"))
		if bytes.Count(j, []byte("\nR ")) >= 3 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	m, _ := readManifestView(t, filepath.Join(dir, "res"))
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 || m == nil {
		t.Fatalf("after SIGINT: %v, manifest %+v\n%s", err, m, out.String())
	}
	switch {
	case m.Status == "running" && strings.Contains(out.String(), "did not end within a second"):
		// A machine so loaded that closing the set took more than the
		// second a command has: the process was ended, as after a kill.
		t.Logf("the grace period ended the process before it closed the result set")
	case m.Status != "interrupted" || !strings.Contains(out.String(), "--resume"):
		t.Fatalf("after SIGINT: manifest %+v\n%s", m, out.String())
	case len(m.CompletedIDs) != 1 || m.CompletedIDs[0] != [2]int{0, m.Completed - 1} || m.Completed < 3 || m.Completed >= 120:
		t.Errorf("interrupted manifest lists runs %v (%d completed)", m.CompletedIDs, m.Completed)
	}
	if out, err := command(bin, dir, "run", "--resume", "res", "--set", "run.ticks=3").CombinedOutput(); err == nil || !strings.Contains(string(out), "drop --set") {
		t.Errorf("--resume with --set: %v\n%s", err, out)
	}
	if out, err := command(bin, dir, "run", "--resume", "res", "-q", "--no-plots").CombinedOutput(); err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	sameCSVs(t, "interrupted and resumed", filepath.Join(dir, "ref"), filepath.Join(dir, "res"))
	if out, err := command(bin, dir, "run", "--resume", "res").CombinedOutput(); err != nil || !strings.Contains(string(out), "already complete") {
		t.Errorf("resuming a complete set: %v\n%s", err, out)
	}
}

// Four shards merged give the files of the unsharded batch.
func TestShardAndMerge(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	batch := []string{"commons", "managed-firm", "--set", "run.ticks=15", "--set", "population.initial=20", "-r", "3",
		"--sweep", "roles.governance=flat,hierarchical", "-q", "--no-plots"}
	run := func(args ...string) string {
		t.Helper()
		out, err := command(bin, dir, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run(append([]string{"run", "-o", "whole"}, batch...)...)
	var shards []string
	for _, k := range []string{"2", "4", "1", "3"} {
		out := run(append([]string{"run", "-o", "shard-" + k, "--shard", k + "/4"}, batch...)...)
		if out != "shard-"+k+"\n" { // -q: the result set's directory alone
			t.Errorf("shard output: %s", out)
		}
		m, _ := readManifestView(t, filepath.Join(dir, "shard-"+k))
		if m.Shard != k+"/4" {
			t.Errorf("shard %s manifest has shard %q", k, m.Shard)
		}
		shards = append(shards, "shard-"+k)
	}
	run(append([]string{"merge", "merged", "--no-plots"}, shards...)...)
	sameCSVs(t, "merged", filepath.Join(dir, "whole"), filepath.Join(dir, "merged"))

	out, err := command(bin, dir, "merge", "m2", "shard-1", "shard-2", "shard-4").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "runs 6-8 are in no shard given") {
		t.Errorf("merge without shard 3: %v\n%s", err, out)
	}
	out, err = command(bin, dir, "merge", "m3", "shard-1", "shard-2", "shard-3", "shard-4", "whole").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "are in both") {
		t.Errorf("merge with a run twice: %v\n%s", err, out)
	}
	for _, bad := range []string{"0/4", "5/4", "2", "a/b"} {
		out, err := command(bin, dir, append([]string{"run", "-o", "x", "--shard", bad}, batch...)...).CombinedOutput()
		if err == nil || !strings.Contains(string(out), "--shard") {
			t.Errorf("--shard %s: %v\n%s", bad, err, out)
		}
	}
}

// Every sweep design runs from the command line, string parameters
// included; Morris and Saltelli batches get sensitivity.csv, which
// `commonsim sensitivity` recomputes identically.
func TestDesignsEndToEnd(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	base := []string{"run", "commons", "--set", "run.ticks=12", "--set", "population.initial=15", "--set", "arrival.enabled=false", "-r", "2", "-q", "--no-plots",
		"--sweep", "roles.governance=flat,meritocratic,hierarchical"}
	designs := map[string][]string{
		"factorial": {"--sweep", "economy.capture_rate=0:0.5:0.25"},
		"lhs":       {"--sweep", "economy.capture_rate=0..0.9", "--design", "lhs", "--samples", "5"},
		"morris":    {"--sweep", "economy.capture_rate=0..0.9", "--design", "morris", "--samples", "3"},
		"saltelli":  {"--sweep", "economy.capture_rate=0..0.9", "--design", "saltelli", "--samples", "4"},
	}
	wantRuns := map[string]int{"factorial": 18, "lhs": 10, "morris": 18, "saltelli": 32}
	for d, extra := range designs {
		args := append(append(append([]string{}, base...), extra...), "-o", d)
		if out, err := command(bin, dir, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", d, err, out)
		}
		runs, err := os.ReadFile(filepath.Join(dir, d, "runs.csv"))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(runs)), "\n")
		header := strings.Split(lines[0], ",")
		col := -1
		for i, h := range header {
			if h == "roles.governance" {
				col = i
			}
		}
		seen := map[string]bool{}
		for _, l := range lines[1:] {
			if col >= 0 {
				seen[strings.Split(l, ",")[col]] = true
			}
		}
		if len(lines)-1 != wantRuns[d] || col < 0 || len(seen) < 2 {
			t.Errorf("%s: %d runs, governance column %d with values %v", d, len(lines)-1, col, seen)
		}
		sens := filepath.Join(dir, d, "sensitivity.csv")
		before, err := os.ReadFile(sens)
		if d == "morris" || d == "saltelli" {
			if err != nil || !bytes.HasPrefix(before, []byte("scenario,design,metric,factor,mu,mu_star,sigma,first,first_conf,total,total_conf\n")) ||
				!bytes.Contains(before, []byte("commons,"+d+",final_active,roles.governance,")) {
				t.Errorf("%s: sensitivity.csv %v\n%.300s", d, err, before)
			}
			os.Remove(sens)
			if out, err := command(bin, dir, "sensitivity", d).CombinedOutput(); err != nil {
				t.Errorf("sensitivity %s: %v\n%s", d, err, out)
			}
			if after, _ := os.ReadFile(sens); !bytes.Equal(before, after) {
				t.Errorf("%s: commonsim sensitivity gives another sensitivity.csv", d)
			}
			// A set whose process was stopped before its sensitivity.csv
			// was written: --resume writes it.
			editJSON(t, filepath.Join(dir, d, "manifest.json"), func(m map[string]any) {
				delete(m, "derived_files")
				delete(m, "sensitivity_skipped")
			})
			os.Remove(sens)
			if out, err := command(bin, dir, "run", "--resume", d, "--no-plots").CombinedOutput(); err != nil || !strings.Contains(string(out), "its report is missing") {
				t.Errorf("--resume %s without its sensitivity.csv: %v\n%s", d, err, out)
			}
			if after, _ := os.ReadFile(sens); !bytes.Equal(before, after) {
				t.Errorf("%s: --resume did not write the missing sensitivity.csv again", d)
			}
			if out, err := command(bin, dir, "verify", d).CombinedOutput(); err != nil {
				t.Errorf("verify %s after --resume: %v\n%s", d, err, out)
			}
		} else if err == nil {
			t.Errorf("%s: a %s batch has a sensitivity.csv", d, d)
		}
	}
	if out, err := command(bin, dir, "sensitivity", "lhs").CombinedOutput(); err == nil || !strings.Contains(string(out), "morris or saltelli") {
		t.Errorf("sensitivity of an lhs batch: %v\n%s", err, out)
	}
}
