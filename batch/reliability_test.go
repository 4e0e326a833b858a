package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"commonsim/results"
	"commonsim/scenarios"
)

func load(t *testing.T, name string, sets ...string) *scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Resolve(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.SetAll(sets); err != nil {
		t.Fatal(err)
	}
	return sc
}

// Every size is refused up front, naming its limit and --force where it
// applies (issue 14, defect 2): threads or workers that took 23 GB or
// panicked in makechan, sweeps whose points filled memory, and batches
// whose estimated memory exceeds what is available.
func TestCheckLimits(t *testing.T) {
	commons := load(t, "commons")
	many := load(t, "commons", "run.replications=2000")
	big := load(t, "commons", "population.initial=1000000", "run.replications=100")
	swept := load(t, "commons")
	swept.Sweep = scenarios.Sweep{Design: scenarios.LHS, Samples: 1000, Factors: []scenarios.Factor{{Key: "population.initial", Min: 10, Max: 2_000_000, Continuous: true}}}
	const gib = 1 << 30
	for _, c := range []struct {
		name string
		scs  []*scenarios.Scenario
		opt  LimitOptions
		want string // "" for none
	}{
		{"threads 10^8", []*scenarios.Scenario{commons}, LimitOptions{Workers: 1, Threads: 100_000_000}, "--threads 100000000: goroutines inside a run must be from 1 to 1024"},
		{"threads 2^63-1", []*scenarios.Scenario{commons}, LimitOptions{Workers: 1, Threads: math.MaxInt}, "--threads 9223372036854775807"},
		{"threads -5", []*scenarios.Scenario{commons}, LimitOptions{Workers: 1, Threads: -5}, "--threads -5"},
		{"workers 2^63-1", []*scenarios.Scenario{commons}, LimitOptions{Workers: math.MaxInt, Threads: 1}, "--workers 9223372036854775807: runs at a time must be from 1 to 1024"},
		{"workers -1", []*scenarios.Scenario{commons}, LimitOptions{Workers: -1, Threads: 1}, "--workers -1"},
		{"memory of the runs in flight", []*scenarios.Scenario{big}, LimitOptions{Workers: 64, Threads: 1, Available: 8 * gib}, "scenario commons: estimated memory"},
		{"memory of the threads", []*scenarios.Scenario{many}, LimitOptions{Workers: 1024, Threads: 1024, Available: 8 * gib}, "pass --force to run anyway"},
		{"memory at the sweep's largest point", []*scenarios.Scenario{swept}, LimitOptions{Workers: 16, Threads: 1, Available: 8 * gib}, "exceeds the 8.0 GiB available"},
		{"forced", []*scenarios.Scenario{big}, LimitOptions{Workers: 64, Threads: 1, Available: 8 * gib, Force: true}, ""},
		{"fits", []*scenarios.Scenario{commons}, LimitOptions{Workers: 16, Threads: 4, Available: 8 * gib}, ""},
	} {
		_, err := CheckLimits(c.scs, c.opt)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		case err != nil && strings.ContainsAny(err.Error(), "\n\r"):
			t.Errorf("%s: the error spans lines: %q", c.name, err)
		}
	}
	// Runs beyond MaxRuns: a million points of 100,000 replications each,
	// refused without making a point.
	many = load(t, "commons", "run.replications=100000")
	many.Sweep = scenarios.Sweep{Design: scenarios.LHS, Samples: 1_000_000, Factors: []scenarios.Factor{{Key: "economy.capture_rate", Max: 1, Continuous: true}}}
	if _, err := CheckLimits([]*scenarios.Scenario{many, many}, LimitOptions{Workers: 1, Threads: 1, Force: true}); err == nil || !strings.Contains(err.Error(), "the most is 1,000,000,000") {
		t.Errorf("10^11 runs: %v", err)
	}
}

// The estimate covers the whole batch: it grows with the runs in flight,
// the threads of each run, the sweep's points, the population at the
// sweep's largest point, and the report step.
func TestEstimateCoversTheBatch(t *testing.T) {
	commons := load(t, "commons")
	est := func(scs []*scenarios.Scenario, opt LimitOptions) Estimate {
		t.Helper()
		e, err := EstimateMemory(scs, opt)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	one := []*scenarios.Scenario{commons}
	base := est(one, LimitOptions{Workers: 1, Threads: 1})
	if base.Total <= baseBytes || base.InFlight != 1 || base.Runs != commons.Run.Replications {
		t.Fatalf("estimate %+v", base)
	}
	more := func(what string, e Estimate) {
		t.Helper()
		if e.Total <= base.Total {
			t.Errorf("%s: %s is not above %s", what, HumanBytes(e.Total), HumanBytes(base.Total))
		}
	}
	more("8 workers", est(one, LimitOptions{Workers: 8, Threads: 1}))
	more("64 threads", est(one, LimitOptions{Workers: 1, Threads: 64}))
	reps := []*scenarios.Scenario{load(t, "commons", "run.replications=100000")}
	if with, without := est(reps, LimitOptions{Workers: 1, Threads: 1, Report: true}), est(reps, LimitOptions{Workers: 1, Threads: 1}); with.Total <= without.Total {
		t.Errorf("the report of 100,000 runs adds nothing: %s", HumanBytes(with.Total))
	}
	swept := load(t, "commons")
	f, _ := scenarios.ParseFactor("population.initial", "50,100000")
	swept.Sweep = scenarios.Sweep{Design: scenarios.Factorial, Factors: []scenarios.Factor{f}}
	e := est([]*scenarios.Scenario{swept}, LimitOptions{Workers: 1, Threads: 1})
	largest := load(t, "commons", "population.initial=100000")
	if want := est([]*scenarios.Scenario{largest}, LimitOptions{Workers: 1, Threads: 1}).PerRun; e.PerRun != want {
		t.Errorf("a sweep of the population: %s per run, the largest point needs %s", HumanBytes(e.PerRun), HumanBytes(want))
	}
	lhs := load(t, "commons")
	lhs.Sweep = scenarios.Sweep{Design: scenarios.LHS, Samples: 100_000, Factors: []scenarios.Factor{{Key: "economy.capture_rate", Max: 1, Continuous: true}, {Key: "tasks.modularity", Max: 1, Continuous: true}}}
	if e := est([]*scenarios.Scenario{lhs}, LimitOptions{Workers: 1, Threads: 1}); e.PointsBytes < 100_000*2*pointValueBytes || e.Points != 100_000 {
		t.Errorf("100,000 sweep points: %+v", e)
	}
	// Only the shard's runs are in flight.
	if e := est(one, LimitOptions{Workers: 64, Threads: 1, Runs: 2}); e.InFlight != 2 {
		t.Errorf("a shard of 2 runs has %d in flight", e.InFlight)
	}
}

// Prepare and Resume check workers, threads, samples and shards at their
// entry, whatever the caller (issue 14, defect 2).
func TestPrepareChecksSizes(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"negative workers", func(c *Config) { c.Workers = -1 }, "--workers -1"},
		{"negative threads", func(c *Config) { c.Threads = -5 }, "--threads -5"},
		{"huge threads", func(c *Config) { c.Threads = math.MaxInt }, "must be from 1 to 1024"},
		{"huge workers", func(c *Config) { c.Workers = math.MaxInt }, "must be from 1 to 1024"},
		{"samples 10^9", func(c *Config) {
			c.Sweeps, c.Design, c.Samples = []string{"economy.capture_rate=0..1"}, "lhs", 1_000_000_000
		}, "--samples 1000000000: must be from 1 to 1000000"},
		{"empty shard", func(c *Config) { c.Shard = "2/1000" }, "--shard 2/1000: the batch has only 2 runs"},
		{"factorial of 10^8 points", func(c *Config) {
			c.Sweeps = []string{"economy.capture_rate=0:1:0.0001", "tasks.modularity=0:1:0.0001"}
		}, "100,020,001 points"},
	} {
		cfg := tinyCfg(filepath.Join(t.TempDir(), "rs"), "commons")
		c.edit(&cfg)
		_, err := Prepare(cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := Resume(t.TempDir(), Config{Threads: -5}, "test"); err == nil || !strings.Contains(err.Error(), "--threads -5") {
		t.Errorf("resume with --threads -5: %v", err)
	}
}

// hashSet hashes a result set's data files and the parts of its manifest
// that do not hold times.
func hashSet(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	for _, name := range results.DataFiles {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	m, err := results.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	m.Started, m.Finished, m.Command, m.GoVersion = "", "", nil, ""
	js, _ := json.Marshal(m)
	h.Write(js)
	return hex.EncodeToString(h.Sum(nil))
}

// The same file gives the same bytes: a file with many sweep keys, quoted
// dotted keys and nested tables mixed, loaded and run 50 times, gives one
// hash (issue 14, defect 1: map order once picked which of two spellings of
// a key won).
func TestSweepFileOneHash(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		// A factorial sweep: 2^4 points.
		"grid.toml": `name = "grid"
[run]
ticks = 2
replications = 1
[population]
initial = 6
[arrival]
enabled = false

[sweep]
"economy.capture_rate" = [0.0, 0.5]
roles.governance = ["flat", "hierarchical"]

[sweep.review]
strictness = [0.0, 0.5]

[sweep.tasks]
task_size_mean = { from = 1, to = 3, step = 2 }
`,
		// A sampled design over eight keys, spelled every way.
		"sampled.toml": `name = "sampled"
[run]
ticks = 2
replications = 1
[population]
initial = 6
[arrival]
enabled = false

[sweep]
design = "lhs"
samples = 6
"economy.capture_rate" = { min = 0, max = 0.9 }
"tasks.modularity" = { min = 0.2, max = 1 }
roles.governance = ["flat", "meritocratic", "hierarchical"]

[sweep.review]
strictness = { min = -1, max = 1 }
"quality_noise" = { min = 0, max = 1 }

[sweep.motivation]
learning_rate = { min = 0.001, max = 0.005 }

[sweep.ties]
form_prob = { min = 0, max = 1 }

[sweep.modules]
count = { min = 2, max = 40 }
`,
	}
	var names []string
	for _, name := range []string{"grid.toml", "sampled.toml"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Join(dir, name))
	}
	var first string
	for i := range 50 {
		cfg := Config{Scenarios: names, Out: filepath.Join(dir, "run", string(rune('a'+i/26))+string(rune('a'+i%26))), Workers: 2, Threads: 1}
		p, err := Prepare(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && (p.Matrix.Len() != 16+6 || len(p.Scenarios[1].Sweep.Factors) != 8) {
			t.Fatalf("%d runs, %d factors; want 16 + 6 runs, 8 factors", p.Matrix.Len(), len(p.Scenarios[1].Sweep.Factors))
		}
		out, err := p.Execute(context.Background(), "test")
		if err != nil {
			t.Fatal(err)
		}
		h := hashSet(t, out)
		if i == 0 {
			first = h
		} else if h != first {
			t.Fatalf("load and run %d gave another result set (hash %.12s, first %.12s)", i, h, first)
		}
		os.RemoveAll(out)
	}
}

// Resume rebuilds the runs from the manifest's resolved parameters alone:
// it used to read the file extends named, relative to wherever it was run
// (issue 14, defect 6).
func TestResumeReadsNoOtherFile(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "base.toml"), []byte("[economy]\ncapture_rate = 0.4\n[run]\nticks = 12\n[population]\ninitial = 15\n[arrival]\nenabled = false\n"), 0o644)
	os.WriteFile(filepath.Join(src, "mine.toml"), []byte("extends = \"base.toml\"\nname = \"mine\"\n"), 0o644)
	base := t.TempDir()
	cfg := Config{Scenarios: []string{filepath.Join(src, "mine.toml")}, Replications: 6, Workers: 1, Threads: 1}
	cfg.Out = filepath.Join(base, "ref")
	ref := runBatch(t, cfg)

	ctx, cancel := context.WithCancel(context.Background())
	cfg.Out = filepath.Join(base, "res")
	cfg.Progress = func(done, total int) {
		if done == 2 {
			cancel()
		}
	}
	p, err := Prepare(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Execute(ctx, "test"); err == nil {
		t.Fatal("the batch was not interrupted")
	}
	if err := os.RemoveAll(src); err != nil {
		t.Fatal(err)
	}
	p, err = Resume(cfg.Out, Config{Workers: 2}, "test")
	if err != nil {
		t.Fatalf("resume without the scenario files: %v", err)
	}
	if _, err := p.Execute(context.Background(), "test"); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "resumed without the files", readAll(t, ref), readAll(t, cfg.Out))
}

// A manifest's sizes are checked before anything is made from them: a
// manifest asking for 10^9 samples crashed --resume and sensitivity with
// "out of memory" (issue 14, defect 2); messages about a manifest that does
// not give back its run matrix say what differs.
func TestManifestSizesAndMessages(t *testing.T) {
	base := t.TempDir()
	c := tinyCfg(filepath.Join(base, "morris"), "commons")
	c.Sweeps, c.Design, c.Samples, c.Replications = []string{"economy.capture_rate=0..0.9"}, "morris", 2, 1
	dir := runBatch(t, c)
	m, err := results.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	// (Sensitivity: report's TestSensitivityManifestSizes.)
	m.Scenarios[0].Sweep.Samples = 1_000_000_000
	m.Status = results.StatusInterrupted
	m.Save(dir)
	if _, err := Resume(dir, Config{}, "test"); err == nil || !strings.Contains(err.Error(), "samples = 1000000000") {
		t.Errorf("resume of a manifest with 10^9 samples: %v", err)
	}

	// Same number of runs, other digest: the message says so, without
	// "(6 runs) is not the one it records (6 runs)".
	c = tinyCfg(filepath.Join(base, "digest"), "commons")
	ctx, cancel := context.WithCancel(context.Background())
	c.Replications, c.Workers = 6, 1
	c.Progress = func(done, total int) { cancel() }
	p, _ := Prepare(c)
	dir, _ = p.Execute(ctx, "test")
	m, _ = results.ReadManifest(dir)
	m.MatrixDigest = strings.Repeat("0", 64)
	m.Save(dir)
	_, err = Resume(dir, Config{}, "test")
	if err == nil || !strings.Contains(err.Error(), "has the same 6 runs, but not the seeds or sweep values") {
		t.Errorf("resume with another digest: %v", err)
	}
}

// --resume of a complete set tidies what a process stopped while closing
// it left (issue 14, defect 10); a stopped merge is not resumed as a run.
func TestResumeCompleteAndMerge(t *testing.T) {
	dir := runBatch(t, tinyCfg(filepath.Join(t.TempDir(), "rs"), "commons"))
	os.WriteFile(filepath.Join(dir, results.JournalFile), []byte("commonsim-journal 1\n"), 0o644)
	if _, err := Resume(dir, Config{}, "test"); !errors.Is(err, ErrComplete) {
		t.Fatalf("resume of a complete set: %v", err)
	}
	if err := results.Verify(dir); err != nil {
		t.Errorf("after --resume of a complete set with a leftover journal: %v", err)
	}
	// A set stopped before its sensitivity.csv was written: `run --resume`
	// draws the report again (cmd's TestDesignsEndToEnd).

	m, _ := results.ReadManifest(dir)
	m.Status, m.MergedFrom = results.StatusRunning, []string{"s1", "s2"}
	m.Save(dir)
	if _, err := Resume(dir, Config{}, "test"); err == nil || !strings.Contains(err.Error(), "commonsim merge "+dir+" s1 s2") {
		t.Errorf("resume of a stopped merge: %v", err)
	}
}
