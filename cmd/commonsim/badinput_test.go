package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBadInput is the list of mistakes a user can make, each with the error
// it must get: a non-zero exit status and one line on stderr, "commonsim: "
// and a message that names the problem, never a panic or a stack trace.
//
// Decisions:
//   - Command-line syntax errors (an unknown verb or flag, a flag value of
//     the wrong type) are kong's: "commonsim: error: ..." on stderr, one
//     line, with the usage on stdout. Rows marked usage allow that.
//   - `merge` lists every reason the shards cannot be merged, one per
//     indented line after "merge: the shards cannot be merged:". Rows marked
//     list allow that form: the first line says what failed, each further
//     line one problem, and the wanted text is among them.
//   - `verify` prints its problems on stdout, one per line, and the verdict
//     on stderr.
//   - `run` rows that get as far as running pass -q: without it the
//     progress report logs a line ("batch stopped") to stderr too.
func TestBadInput(t *testing.T) {
	bin := buildBinary(t)
	work := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(work, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exe := func(args ...string) (stdout, stderr string, err error) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = work
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err = cmd.Run()
		if ctx.Err() != nil {
			t.Fatalf("commonsim %s did not finish in 2 minutes", strings.Join(args, " "))
		}
		return o.String(), e.String(), err
	}
	mustRun := func(args ...string) {
		t.Helper()
		if out, errOut, err := exe(args...); err != nil {
			t.Fatalf("commonsim %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
		}
	}
	hasVerb := func(verb string) bool {
		_, _, err := exe(verb, "--help")
		return err == nil
	}

	// Scenario files.
	write("unreadable.toml", "[economy]\ncapture_rate = 0.5\n")
	if err := os.Chmod(filepath.Join(work, "unreadable.toml"), 0); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(work, "folder.toml"), 0o755)
	write("empty.toml", "  \n")
	write("malformed.toml", "[run\nticks = 3\n")
	write("typo.toml", "[economy]\ncaptur_rate = 0.2\n")
	write("type.toml", "[population]\ninitial = \"many\"\n")
	write("range.toml", "[economy]\ncapture_rate = 1.5\n")
	write("negative.toml", "[population]\ninitial = -3\n")
	write("prob.toml", "[ties]\nform_prob = 2\n")
	write("shares.toml", "[segments.volunteer]\nshare = 0.9\n")
	write("two.toml", "[economy]\ncapture_rate = 1.5\n[ties]\nform_prob = 2\n")
	write("zeroticks.toml", "[run]\nticks = 0\n")
	write("loop.toml", "extends = \"loop.toml\"\n")
	write("nanstep.toml", "[sweep]\n\"tasks.task_size_mean\" = { from = 1, to = 2, step = 1e-300 }\n")
	write("afile", "not a directory\n")
	write("swept.toml", "[sweep]\n\"economy.capture_rate\" = [0.1, 0.5]\n")

	// Result sets: a good one, shards, and damaged copies.
	short := []string{"--set", "run.ticks=5", "--set", "population.initial=20", "-r", "4", "-q"}
	mustRun(append([]string{"run", "commons", "-o", "good"}, short...)...)
	haveShard := func() bool { _, _, err := exe("run", "commons", "--shard", "x"); return err != nil && !isUsage(err) }()
	haveMerge, havePlot := hasVerb("merge"), hasVerb("plot")
	if haveShard {
		mustRun(append([]string{"run", "commons", "--shard", "1/2", "-o", "s1"}, short...)...)
		mustRun(append([]string{"run", "commons", "--shard", "2/2", "-o", "s2"}, short...)...)
		mustRun(append([]string{"run", "extractive", "--shard", "2/2", "-o", "x2"}, short...)...)
		copyDir(t, filepath.Join(work, "s2"), filepath.Join(work, "v2"))
		editFile(t, filepath.Join(work, "v2", "manifest.json"), `"engine_version": "0.1.0"`, `"engine_version": "0.0.9"`)
		copyDir(t, filepath.Join(work, "s2"), filepath.Join(work, "s2edited"))
		editFile(t, filepath.Join(work, "s2edited", "runs.csv"), "\n2,commons,", "\n2,commons,,")
	}
	copyDir(t, filepath.Join(work, "good"), filepath.Join(work, "edited"))
	editFile(t, filepath.Join(work, "edited", "runs.csv"), "\n0,commons,", "\n0;commons,")
	os.Mkdir(filepath.Join(work, "notaset"), 0o755)

	// Issue 14: sizes, names, files on disk.
	write("dup.toml", "[sweep]\n\"economy.capture_rate\" = [0.1, 0.2]\n[sweep.economy]\ncapture_rate = [0.3, 0.4, 0.5]\n")
	write("blankname.toml", "name = \"   \"\n")
	write("crname.toml", "name = \"a\\rb\"\n")
	write("passwd.toml", "extends = \"/etc/passwd\"\n")
	write("listtype.toml", "[population]\ninitial = [1, 2]\n")
	write("bigsweep.toml", "[sweep]\n\"economy.capture_rate\" = { from = 0, to = 1, step = 0.0001 }\n\"tasks.modularity\" = { from = 0, to = 1, step = 0.0001 }\n")
	mkfifo := func(path string) {
		t.Helper()
		os.Remove(path)
		if err := syscall.Mkfifo(path, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mkfifo(filepath.Join(work, "fifo.toml"))
	copyDir(t, filepath.Join(work, "good"), filepath.Join(work, "fifoset"))
	mkfifo(filepath.Join(work, "fifoset", "runs.csv"))
	os.Mkdir(filepath.Join(work, "fifoman"), 0o755)
	mkfifo(filepath.Join(work, "fifoman", "manifest.json"))
	os.Mkdir(filepath.Join(work, "emptyman"), 0o755)
	write("emptyman/manifest.json", "{}")
	os.Mkdir(filepath.Join(work, "stray"), 0o755)
	write("stray/runs.csv", "my own data\n")
	os.Mkdir(filepath.Join(work, "linkjournal"), 0o755)
	write("victim.txt", "precious\n")
	os.Symlink(filepath.Join(work, "victim.txt"), filepath.Join(work, "linkjournal", "journal.log"))
	copyDir(t, filepath.Join(work, "good"), filepath.Join(work, "linkset"))
	editJSON(t, filepath.Join(work, "linkset", "manifest.json"), func(m map[string]any) { m["status"] = "interrupted" })
	os.Remove(filepath.Join(work, "linkset", "runs.csv"))
	os.Symlink(filepath.Join(work, "victim.txt"), filepath.Join(work, "linkset", "runs.csv"))
	copyDir(t, filepath.Join(work, "good"), filepath.Join(work, "digest"))
	editJSON(t, filepath.Join(work, "digest", "manifest.json"), func(m map[string]any) {
		m["status"], m["matrix_digest"] = "interrupted", strings.Repeat("0", 64)
	})
	copyDir(t, filepath.Join(work, "good"), filepath.Join(work, "stoppedmerge"))
	editJSON(t, filepath.Join(work, "stoppedmerge", "manifest.json"), func(m map[string]any) {
		m["status"], m["merged_from"] = "running", []string{"s1", "s2"}
	})
	copyDir(t, filepath.Join(work, "good"), filepath.Join(work, "trunc"))
	truncateLines(t, filepath.Join(work, "trunc", "timeseries.csv"), 3)
	mustRun("run", "commons", "--set", "run.ticks=5", "--set", "population.initial=10", "-r", "1", "-q", "--no-plots",
		"--design", "morris", "--samples", "2", "--sweep", "economy.capture_rate=0..1", "--sweep", "tasks.modularity=0.2..1", "-o", "mo")
	copyDir(t, filepath.Join(work, "mo"), filepath.Join(work, "mo-samples"))
	editJSON(t, filepath.Join(work, "mo-samples", "manifest.json"), func(m map[string]any) {
		m["scenarios"].([]any)[0].(map[string]any)["sweep"].(map[string]any)["samples"] = 1_000_000_000
	})
	copyDir(t, filepath.Join(work, "mo-samples"), filepath.Join(work, "mo-samples-int"))
	editJSON(t, filepath.Join(work, "mo-samples-int", "manifest.json"), func(m map[string]any) { m["status"] = "interrupted" })
	copyDir(t, filepath.Join(work, "mo"), filepath.Join(work, "mo-edited"))
	editCell(t, filepath.Join(work, "mo-edited", "runs.csv"), 1, "final_value", "18750.9")
	copyDir(t, filepath.Join(work, "mo"), filepath.Join(work, "mo-cell"))
	editCell(t, filepath.Join(work, "mo-cell", "runs.csv"), 2, "final_value", "lots")
	if haveShard {
		copyDir(t, filepath.Join(work, "s2"), filepath.Join(work, "s2fifo"))
		mkfifo(filepath.Join(work, "s2fifo", "runs.csv"))
	}

	type row struct {
		name  string
		args  []string
		want  []string // each a substring of stderr
		skip  string   // why the row cannot run here, "" if it can
		usage bool     // a kong syntax error: usage on stdout
		list  bool     // merge's list of problems, one per line
	}
	unreadableSkip := ""
	if _, err := os.ReadFile(filepath.Join(work, "unreadable.toml")); err == nil {
		unreadableSkip = "a file with mode 000 is readable here (running as root?)"
	}
	noShard := map[bool]string{true: "", false: "--shard not implemented yet"}[haveShard]
	noMerge := map[bool]string{true: noShard, false: "the merge verb does not exist yet"}[haveMerge]
	noPlot := map[bool]string{true: "", false: "the plot verb does not exist yet"}[havePlot]
	rows := []row{
		// Scenario files.
		{name: "file does not exist", args: []string{"check", "missing.toml"}, want: []string{"scenario file missing.toml: does not exist"}},
		{name: "file cannot be read", args: []string{"check", "unreadable.toml"}, want: []string{"unreadable.toml", "permission denied"}, skip: unreadableSkip},
		{name: "directory given as a file", args: []string{"check", "folder.toml"}, want: []string{"scenario file folder.toml: is a directory, not a TOML file"}},
		{name: "empty file", args: []string{"check", "empty.toml"}, want: []string{"scenario file empty.toml: is empty"}},
		{name: "malformed TOML", args: []string{"check", "malformed.toml"}, want: []string{"scenario malformed.toml:2:5: malformed TOML"}},
		{name: "misspelled key", args: []string{"check", "typo.toml"}, want: []string{"typo.toml:2:", `unknown key "economy.captur_rate"`, `did you mean "economy.capture_rate"?`}},
		{name: "wrong type", args: []string{"check", "type.toml"}, want: []string{"type.toml:2: key population.initial: wrong type: expected integer", "got a string"}},
		{name: "value out of range", args: []string{"check", "range.toml"}, want: []string{"economy.capture_rate = 1.5 is out of range (allowed: 0 to 1"}},
		{name: "negative count", args: []string{"check", "negative.toml"}, want: []string{"population.initial = -3 is out of range"}},
		{name: "probability above 1", args: []string{"check", "prob.toml"}, want: []string{"ties.form_prob = 2 is out of range (allowed: 0 to 1"}},
		{name: "shares do not sum to 1", args: []string{"check", "shares.toml"}, want: []string{"volunteer.share + student.share + employee.share = 1.15", "must sum to 1"}},
		{name: "two errors in one file", args: []string{"check", "two.toml"}, want: []string{"economy.capture_rate = 1.5 is out of range", "; ties.form_prob = 2 is out of range"}},
		{name: "unknown built-in scenario", args: []string{"run", "comons"}, want: []string{`no built-in scenario "comons"`, "built-in: basic-income, coarse-grained, commons, ecosystem, extractive", `did you mean "commons"?`}},
		{name: "extends loop", args: []string{"check", "loop.toml"}, want: []string{"scenario loop.toml: extends is nested more than 8 deep (a loop?)"}},
		{name: "sweep range with a tiny step", args: []string{"check", "nanstep.toml"}, want: []string{"[sweep] tasks.task_size_mean", "has more than 100000 values"}},

		// Sizes.
		{name: "population too large for memory", args: []string{"run", "commons", "--set", "population.initial=100000000", "-r", "1000", "-w", "1000", "-q", "-o", "big"},
			want: []string{"scenario commons: estimated memory", "per run x 1000 in flight) exceeds the", "pass --force"}},
		{name: "ticks too many for memory", args: []string{"run", "commons", "--set", "run.ticks=100000", "--set", "arrival.potential_users=1e10", "--set", "arrival.conversion_rate=0.01", "-w", "1", "-r", "1", "-q", "-o", "big"},
			want: []string{"scenario commons: estimated memory", "PiB", "pass --force"}},
		{name: "zero ticks (--set)", args: []string{"run", "commons", "--set", "run.ticks=0"}, want: []string{"run.ticks = 0 is out of range (allowed: 1 to 100000 ticks)"}},
		{name: "zero ticks (file)", args: []string{"run", "zeroticks.toml"}, want: []string{"scenario zeroticks.toml: run.ticks = 0 is out of range"}},
		{name: "zero replications", args: []string{"run", "commons", "--set", "run.replications=0"}, want: []string{"run.replications = 0 is out of range (allowed: 1 to 100000 runs)"}},
		{name: "zero replications (-r)", args: []string{"run", "commons", "-r", "0"}, want: []string{"--replications 0: need at least 1"}},
		{name: "negative replications (slurm)", args: []string{"slurm", "commons", "--shards", "2", "--replications=-2"}, want: []string{"--replications -2: need at least 1"}},
		{name: "learning rate that would make skill diverge", args: []string{"check", "commons", "--set", "motivation.learning_rate=1"}, want: []string{"motivation.learning_rate = 1 is too high", "use at most 0.005952"}},

		// Command-line overrides.
		{name: "--set unknown key", args: []string{"run", "commons", "--set", "economy.captur_rate=0.5"}, want: []string{`--set economy.captur_rate=0.5: unknown key "economy.captur_rate"; did you mean "economy.capture_rate"?`}},
		{name: "--set malformed value", args: []string{"run", "commons", "--set", "run.ticks=abc"}, want: []string{`run.ticks = "abc": not an integer (allowed: 1 to 100000)`}},
		{name: "--set without =", args: []string{"run", "commons", "--set", "run.ticks"}, want: []string{`--set "run.ticks": expected key=value`}},
		{name: "--sweep unknown key", args: []string{"run", "commons", "--sweep", "economy.captur_rate=0,1"}, want: []string{"--sweep economy.captur_rate=0,1: unknown parameter", `did you mean "economy.capture_rate"?`}},
		{name: "--sweep NaN bound", args: []string{"run", "commons", "--sweep", "tasks.task_size_mean=NaN:1:1"}, want: []string{"range needs finite numbers"}},
		{name: "--set on a key the file sweeps", args: []string{"run", "swept.toml", "-q", "--set", "economy.capture_rate=0.3"},
			want: []string{"--set economy.capture_rate=0.3: scenario swept sweeps economy.capture_rate in its [sweep] table", "--sweep economy.capture_rate=0.3"}},
		{name: "--set on a key the file sweeps (check)", args: []string{"check", "swept.toml", "--set", "economy.capture_rate=0.3"},
			want: []string{"--set economy.capture_rate=0.3: scenario swept sweeps economy.capture_rate"}},
		{name: "--set and --sweep of one key", args: []string{"run", "commons", "-q", "--set", "economy.capture_rate=0.3", "--sweep", "economy.capture_rate=0,1"},
			want: []string{"--set economy.capture_rate=0.3 and --sweep economy.capture_rate=0,1 both give economy.capture_rate"}},
		{name: "--design without a sweep", args: []string{"run", "commons", "-q", "--design", "lhs"},
			want: []string{"--design lhs: no scenario of the batch sweeps a parameter", "add --sweep KEY=MIN..MAX"}},
		{name: "--samples without a sweep", args: []string{"run", "commons", "-q", "--samples", "8"},
			want: []string{"--samples 8: no scenario of the batch sweeps a parameter"}},
		{name: "--samples with a factorial sweep", args: []string{"run", "commons", "-q", "--samples", "8", "--sweep", "economy.capture_rate=0,1"},
			want: []string{"--samples 8: the factorial design runs every combination", "add --design lhs"}},
		{name: "params of an unknown section", args: []string{"params", "econmy"}, want: []string{`params: no section or key "econmy"; did you mean "economy"?`}},
		{name: "--shard out of range", args: []string{"run", "commons", "--shard", "3/2"}, want: []string{`--shard "3/2": K must be from 1 to 2`}, skip: noShard},
		{name: "--shard malformed", args: []string{"run", "commons", "--shard", "x"}, want: []string{`--shard "x": expected K/N`}, skip: noShard},
		{name: "no scenario", args: []string{"run"}, want: []string{"no scenario given"}},
		{name: "flag of the wrong type", args: []string{"run", "commons", "--workers", "abc"}, want: []string{"commonsim: error: --workers: expected a valid 64 bit int"}, usage: true},
		{name: "unknown verb", args: []string{"frobnicate"}, want: []string{"commonsim: error: unexpected argument frobnicate"}, usage: true},

		// Output directories.
		{name: "output already holds a result set", args: []string{"run", "commons", "-q", "-o", "good"}, want: []string{"output directory good already holds a result set"}},
		{name: "output under a regular file", args: []string{"run", "commons", "-q", "-o", "afile/sub"}, want: []string{"output directory afile/sub: mkdir afile: not a directory"}},

		// Result sets.
		{name: "merge: shards of different scenarios", args: []string{"merge", "m1", "s1", "x2"}, want: []string{"merge: the shards cannot be merged", "shards s1 and x2 differ: scenario 1 is commons vs extractive"}, list: true, skip: noMerge},
		{name: "merge: different engine versions", args: []string{"merge", "m2", "s1", "v2"}, want: []string{"shards s1 and v2 differ: engine commonsim 0.1.0 vs commonsim 0.0.9"}, list: true, skip: noMerge},
		{name: "merge: duplicate runs", args: []string{"merge", "m3", "s1", "s1"}, want: []string{"runs 0-1 are in both s1 and s1"}, list: true, skip: noMerge},
		{name: "merge: missing runs", args: []string{"merge", "m4", "s1"}, want: []string{"runs 2-3 are in no shard given (2 of 4 runs missing)"}, list: true, skip: noMerge},
		{name: "merge: not a result set", args: []string{"merge", "m5", "s1", "notaset"}, want: []string{"merge: notaset is not a result set: it has no manifest.json"}, skip: noMerge},
		{name: "merge: a CSV edited into an invalid state", args: []string{"merge", "m6", "s1", "s2edited"}, want: []string{"merge: shard s2edited: runs.csv does not match its checksum"}, skip: noMerge},
		{name: "plot: not a result set", args: []string{"plot", "notaset"}, want: []string{"notaset is not a result set: it has no manifest.json"}, skip: noPlot},
		{name: "plot: a CSV edited into an invalid state", args: []string{"plot", "edited"}, want: []string{"result set edited does not match its manifest (2 problems, the first: runs.csv:2: 65 fields, the header has 66)", "--no-verify"}, skip: noPlot},
		{name: "plot --no-verify: a CSV edited into an invalid state", args: []string{"plot", "--no-verify", "edited"}, want: []string{"edited: runs.csv:2: the row has a different number of fields than the header"}, skip: noPlot},
		{name: "verify: a CSV edited into an invalid state", args: []string{"verify", "edited"}, want: []string{"edited: FAILED: 2 problem(s)"}},
		{name: "verify: not a result set", args: []string{"verify", "notaset"}, want: []string{"notaset: FAILED: 1 problem(s)"}},

		// Issue 14, sizes: each refused up front, naming the limit (and
		// --force where it applies).
		{name: "--threads far beyond the limit", args: []string{"run", "commons", "-q", "--threads", "100000000"}, want: []string{"--threads 100000000: goroutines inside a run must be from 1 to 1024"}},
		{name: "--threads 2^63-1", args: []string{"run", "commons", "-q", "--threads", "9223372036854775807"}, want: []string{"--threads 9223372036854775807: goroutines inside a run must be from 1 to 1024"}},
		{name: "--threads 0", args: []string{"run", "commons", "-q", "--threads=0"}, want: []string{"--threads 0: goroutines inside a run must be from 1 to 1024"}},
		{name: "--threads negative", args: []string{"run", "commons", "-q", "--threads=-5"}, want: []string{"--threads -5"}},
		{name: "--workers 2^63-1", args: []string{"run", "commons", "-q", "--workers", "9223372036854775807"}, want: []string{"--workers 9223372036854775807: runs at a time must be from 1 to 1024"}},
		{name: "--workers negative", args: []string{"run", "commons", "-q", "--workers=-1"}, want: []string{"--workers -1: runs at a time must be from 1 to 1024"}},
		{name: "--shard with more shards than runs", args: []string{"run", "commons", "-q", "-r", "3", "--shard", "2/1000"}, want: []string{"--shard 2/1000: the batch has only 3 runs, so at most 3 shards"}, skip: noShard},
		{name: "factorial of 10^8 points (--sweep)", args: []string{"run", "commons", "-q", "--sweep", "economy.capture_rate=0:1:0.0001", "--sweep", "tasks.modularity=0:1:0.0001"}, want: []string{"10001 x 10001 values has 100,020,001 points; the most is 1,000,000 points per scenario"}},
		{name: "factorial of 10^8 points (check)", args: []string{"check", "bigsweep.toml"}, want: []string{"bigsweep.toml: scenario bigsweep: sweep:", "100,020,001 points"}},
		{name: "--samples 10^9", args: []string{"run", "commons", "-q", "--design", "lhs", "--samples", "1000000000", "--sweep", "economy.capture_rate=0..1"}, want: []string{"--samples 1000000000: must be from 1 to 1000000"}},
		{name: "--samples negative", args: []string{"run", "commons", "-q", "--samples=-3"}, want: []string{"--samples -3: must be from 1 to 1000000"}},
		{name: "-r beyond the limit", args: []string{"run", "commons", "-q", "-r", "1000000"}, want: []string{"--replications 1000000: the most is 100000 per sweep point"}},
		{name: "memory of 1024 workers of 1024 threads", args: []string{"run", "commons", "-q", "-o", "big", "--set", "population.initial=200000", "-r", "2000", "--workers", "1024", "--threads", "1024"},
			want: []string{"scenario commons: estimated memory", "in flight", "pass --force to run anyway"}},
		{name: "sensitivity of a manifest asking 10^9 samples", args: []string{"sensitivity", "mo-samples"}, want: []string{"samples = 1000000000: must be from 1 to 1000000"}},
		{name: "--resume of a manifest asking 10^9 samples", args: []string{"run", "--resume", "mo-samples-int", "-q"}, want: []string{"samples = 1000000000: must be from 1 to 1000000"}},
		{name: "slurm --cpus beyond the limit", args: []string{"slurm", "commons", "--shards", "2", "--cpus", "5000"}, want: []string{"--cpus 5000: must be from 1 to 1024"}},

		// Issue 14, names and messages: what is wrong and what to do, in
		// the user's words.
		{name: "--set name with a tab", args: []string{"check", "commons", "--set", "name=a\tb"}, want: []string{`name = "a\tb": must not contain control characters`}},
		{name: "blank scenario name", args: []string{"check", "blankname.toml"}, want: []string{`name = "   ": is blank`}},
		{name: "carriage return in a scenario name", args: []string{"check", "crname.toml"}, want: []string{"must not contain control characters", `'\r'`}},
		{name: "--set extends", args: []string{"run", "commons", "--set", "extends=extractive"}, want: []string{"--set extends=extractive: extends cannot be set on the command line", "commonsim run extractive"}},
		{name: "extends a file that is not a .toml file", args: []string{"check", "passwd.toml"}, want: []string{`extends = "/etc/passwd": names a file, but scenario files end in .toml`}},
		{name: "a list where a number belongs", args: []string{"check", "listtype.toml"}, want: []string{"key population.initial: wrong type: expected integer", "got a list"}},
		{name: "a sweep key given twice", args: []string{"check", "dup.toml"}, want: []string{"dup.toml:4: [sweep] economy.capture_rate is given twice", "lines 2 and 4"}},
		{name: "{} manifest (resume)", args: []string{"run", "--resume", "emptyman"}, want: []string{"manifest.json is not a commonsim manifest"}},
		{name: "{} manifest (plot)", args: []string{"plot", "emptyman"}, want: []string{"manifest.json is not a commonsim manifest"}},
		{name: "manifest with another matrix digest", args: []string{"run", "--resume", "digest", "-q"}, want: []string{"has the same 4 runs, but not the seeds or sweep values"}},
		{name: "--resume of a stopped merge", args: []string{"run", "--resume", "stoppedmerge"}, want: []string{"is a merge that was stopped before it finished; run `commonsim merge stoppedmerge s1 s2` again"}},
		{name: "sensitivity --no-verify: a word for a number", args: []string{"sensitivity", "--no-verify", "mo-cell"}, want: []string{`runs.csv:3: column final_value: "lots" is not a number`}},

		// Issue 14, files on disk: FIFOs are not read, links not written
		// through, files commonsim did not write not overwritten, data files
		// checked before use.
		{name: "check: a FIFO as the scenario file", args: []string{"check", "fifo.toml"}, want: []string{"fifo.toml: is not a regular file"}},
		{name: "verify: runs.csv is a FIFO", args: []string{"verify", "fifoset"}, want: []string{"fifoset: FAILED"}},
		{name: "plot: manifest.json is a FIFO", args: []string{"plot", "fifoman"}, want: []string{"manifest.json: is a FIFO, not a regular file"}, skip: noPlot},
		{name: "merge: a shard's runs.csv is a FIFO", args: []string{"merge", "m7", "s1", "s2fifo"}, want: []string{"merge: shard s2fifo:", "is a FIFO, not a regular file"}, skip: noMerge},
		{name: "-o a directory holding a stray runs.csv", args: []string{"run", "commons", "-q", "-o", "stray"}, want: []string{"output directory stray holds runs.csv but no manifest.json", "does not overwrite files it did not write"}},
		{name: "--cpuprofile at a data file", args: []string{"run", "commons", "-q", "-o", "p1", "--cpuprofile", "good/runs.csv"}, want: []string{"--cpuprofile good/runs.csv: the file exists and is not a profile"}},
		{name: "--memprofile /dev/full", args: []string{"run", "commons", "-q", "-o", "p2", "--memprofile", "/dev/full"}, want: []string{"--memprofile /dev/full: exists and is not a regular file"}},
		{name: "--cpuprofile and --memprofile one file", args: []string{"run", "commons", "-q", "-o", "p3", "--cpuprofile", "x.prof", "--memprofile", "x.prof"}, want: []string{"name the same file x.prof"}},
		{name: "-o a directory whose journal.log is a link", args: []string{"run", "commons", "-q", "-o", "linkjournal"}, want: []string{"journal.log is a symbolic link; commonsim never writes through links"}},
		{name: "--resume of a set whose runs.csv is a link", args: []string{"run", "--resume", "linkset", "-q"}, want: []string{"runs.csv is a symbolic link"}},
		{name: "merge into another result set", args: []string{"merge", "good", "s1", "s2"}, want: []string{"merge: good already holds a result set"}, skip: noMerge},
		{name: "plot: timeseries.csv cut short", args: []string{"plot", "trunc"}, want: []string{"result set trunc does not match its manifest", "timeseries.csv", "--no-verify"}, skip: noPlot},
		{name: "sensitivity: runs.csv edited", args: []string{"sensitivity", "mo-edited"}, want: []string{"result set mo-edited does not match its manifest", "runs.csv: SHA-256"}},
		{name: "slurm --out with a line break", args: []string{"slurm", "commons", "--shards", "2", "--out", "x\ntouch PWNED"}, want: []string{`--out "x\ntouch PWNED": holds the control character '\n'`}},
		{name: "slurm --partition with a shell character", args: []string{"slurm", "commons", "--shards", "2", "--partition", "short;touch PWNED"}, want: []string{`--partition "short;touch PWNED": use only letters, digits`}},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			if r.skip != "" {
				t.Skip(r.skip)
			}
			stdout, stderr, err := exe(r.args...)
			cmdline := "commonsim " + strings.Join(r.args, " ")
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() <= 0 {
				t.Fatalf("%s: exit status %v, want a non-zero exit\nstdout: %s\nstderr: %s", cmdline, err, stdout, stderr)
			}
			checkMessage(t, cmdline, stdout, stderr, r.want, r.usage, r.list)
			t.Logf("%s\n    %s", cmdline, strings.TrimSpace(stderr))
		})
	}

	if b, _ := os.ReadFile(filepath.Join(work, "victim.txt")); string(b) != "precious\n" {
		t.Errorf("the file a planted link points to was changed: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(work, "stray", "runs.csv")); string(b) != "my own data\n" {
		t.Errorf("a stray runs.csv was changed: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(work, "good", "runs.csv")); !bytes.HasPrefix(b, []byte("run_id,")) {
		t.Errorf("--cpuprofile overwrote a data file")
	}

	// A full disk while writing: the file size limit (ulimit -f, which
	// binds root as well) makes a write fail partway through a batch. The
	// error says so in one line; the result set keeps every run before the
	// failure, `run --resume` completes it, and the result is byte-identical
	// to the same batch run without a failure.
	t.Run("disk full while writing", func(t *testing.T) {
		if _, err := exec.LookPath("sh"); err != nil {
			t.Skip("no sh to set ulimit -f")
		}
		args := []string{"run", "commons", "--set", "run.ticks=52", "-r", "20", "-w", "2", "-q"}
		// 200 blocks of 512 bytes (or 1 KiB): timeseries.csv outgrows it
		// after a few runs.
		cmd := exec.Command("sh", append([]string{"-c", `ulimit -f 200 && exec "$0" "$@"`, bin}, append(args, "-o", "full")...)...)
		cmd.Dir = work
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() <= 0 {
			t.Fatalf("run under ulimit -f: %v, want a non-zero exit\n%s%s", err, o.String(), e.String())
		}
		checkMessage(t, "run under ulimit -f 200", o.String(), e.String(),
			[]string{"commonsim: writing run ", "file too large", "full keeps the runs written before the failure: continue it with `commonsim run --resume full`"}, false, false)
		t.Logf("%s", strings.TrimSpace(e.String()))

		_, verr, err := exe("verify", "full")
		if err == nil || !strings.Contains(verr, "INCOMPLETE") {
			t.Errorf("verify of the stopped result set: %v\n%s", err, verr)
		}
		mustRun("run", "--resume", "full", "-q")
		mustRun("verify", "full")
		mustRun(append(args, "-o", "clean")...)
		for _, f := range []string{"runs.csv", "timeseries.csv", "lorenz.csv", "survival.csv"} {
			a, _ := os.ReadFile(filepath.Join(work, "full", f))
			b, _ := os.ReadFile(filepath.Join(work, "clean", f))
			if len(a) == 0 || !bytes.Equal(a, b) {
				t.Errorf("%s after the failure and --resume differs from a clean run", f)
			}
		}
	})
}

// checkMessage asserts the shape of an error's output.
func checkMessage(t *testing.T, cmdline, stdout, stderr string, want []string, usage, list bool) {
	t.Helper()
	for _, bad := range []string{"panic", "goroutine ", ".go:"} {
		if strings.Contains(stdout+stderr, bad) {
			t.Fatalf("%s: output holds %q (a panic or a stack trace?)\nstdout: %s\nstderr: %s", cmdline, bad, stdout, stderr)
		}
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if stderr == "" {
		t.Fatalf("%s: nothing on stderr", cmdline)
	}
	if !strings.HasPrefix(lines[0], "commonsim: ") {
		t.Errorf("%s: stderr does not start with \"commonsim: \": %s", cmdline, stderr)
	}
	switch {
	case list:
		for _, l := range lines[1:] {
			if !strings.HasPrefix(l, "  ") {
				t.Errorf("%s: a line after the first is not an indented problem: %q", cmdline, l)
			}
		}
	case len(lines) != 1:
		t.Errorf("%s: %d lines on stderr, want 1:\n%s", cmdline, len(lines), stderr)
	}
	if usage && !strings.Contains(stdout, "Usage:") {
		t.Errorf("%s: a syntax error without the usage on stdout:\n%s", cmdline, stdout)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("%s: stderr lacks %q:\n%s", cmdline, w, stderr)
		}
	}
}

// isUsage reports whether err is kong's exit for a command-line syntax
// error (status exitUsage, 2), as when a flag does not exist.
func isUsage(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.ExitCode() == exitUsage
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			copyDir(t, filepath.Join(from, e.Name()), filepath.Join(to, e.Name())) // plots/
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// editFile replaces the first occurrence of old in the file, which must
// hold it.
func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not hold %q", path, old)
	}
	if err := os.WriteFile(path, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editJSON rewrites a JSON file through edit.
func editJSON(t *testing.T, path string, edit func(m map[string]any)) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	if data, err = json.MarshalIndent(m, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// editCell sets the named column of the row-th data row of a CSV file.
func editCell(t *testing.T, path string, row int, col, value string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	k := slices.Index(strings.Split(lines[0], ","), col)
	fields := strings.Split(lines[row], ",")
	if k < 0 || len(fields) <= k {
		t.Fatalf("%s has no column %s in row %d", path, col, row)
	}
	fields[k] = value
	lines[row] = strings.Join(fields, ",")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// truncateLines removes the last n lines of a file.
func truncateLines(t *testing.T, path string, n int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	lines = lines[:len(lines)-1-n] // the last element is the empty string after the final newline
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
}
