package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/alecthomas/kong"

	"commonsim/results"
)

// smallTargets are targets a small, short commons (20 founders, 52 ticks)
// can meet, on a summary metric, a tick metric over a window and a range.
const smallTargets = `[[target]]
metric = "final_active"
observed = 60
sd = 10
source = "made up for the test"

[[target]]
metric = "retention_4"
observed = 0.5
sd = 0.03

[[target]]
metric = "top10_share"
observed = 0.8
sd = 0.05

[[target]]
metric = "gini_contribution"
at_least = 0.6

[[target]]
name = "active_late"
metric = "active"
window = [40, 52]
observed = 50
sd = 10
`

// smallCalibration is a calibration of two parameters of that commons.
var smallCalibration = []string{"commons", "--targets", "t.toml",
	"--sweep", "exit.base_hazard=0.05..0.4", "--sweep", "arrival.conversion_rate=0.0001..0.002",
	"--set", "run.ticks=52", "--set", "population.initial=20", "-r", "3", "--samples", "24", "--waves", "3", "--check-runs", "4", "-q"}

// runCLI runs commonsim's command line in this process.
func runCLI(ctx context.Context, args ...string) error {
	var c cli
	parser, err := kong.New(&c, kong.Name("commonsim"), kong.BindTo(ctx, (*context.Context)(nil)))
	if err != nil {
		return err
	}
	kctx, err := parser.Parse(args)
	if err != nil {
		return err
	}
	return kctx.Run()
}

// inDir runs fn with the working directory dir (tests that use it do not
// run in parallel).
func inDir(t *testing.T, dir string, fn func()) {
	t.Helper()
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(old)
	fn()
}

// calibrationFilesOf lists the CSV files of a calibration directory, its
// waves' and its check's, relative to it.
func calibrationFilesOf(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".csv") && !strings.Contains(p, ".shards") {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameCalibration checks that two calibration directories hold the same
// CSV files, byte for byte.
func sameCalibration(t *testing.T, what, ref, dir string) {
	t.Helper()
	want := calibrationFilesOf(t, ref)
	got := calibrationFilesOf(t, dir)
	if strings.Join(want, " ") != strings.Join(got, " ") {
		t.Errorf("%s: files %v, reference %v", what, got, want)
	}
	for _, f := range want {
		a, _ := os.ReadFile(filepath.Join(ref, f))
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: %s differs from the reference (%d vs %d bytes, %v)", what, f, len(a), len(b), err)
		}
	}
}

// readCSVFile reads a calibration CSV file whole, header first, through
// results.ReadTable (the one reader of commonsim's CSV files).
func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	tab, err := results.ReadTable(filepath.Dir(path), filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	return append([][]string{tab.Header}, tab.Rows...)
}

// A small calibration end to end: every output is there, consistent, and
// the same for any --workers and --threads.
func TestCalibrateSmall(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t.toml"), []byte(smallTargets), 0o644)
	ctx := context.Background()
	inDir(t, dir, func() {
		if err := runCLI(ctx, append([]string{"calibrate", "-o", "a", "-w", "1"}, smallCalibration...)...); err != nil {
			t.Fatal(err)
		}
		if err := runCLI(ctx, append([]string{"calibrate", "-o", "b", "-w", "2", "--threads", "2", "--no-plots"}, smallCalibration...)...); err != nil {
			t.Fatal(err)
		}
	})
	a := filepath.Join(dir, "a")
	sameCalibration(t, "--workers 2 --threads 2", a, filepath.Join(dir, "b"))

	for _, f := range []string{"calibration.json", "scenario.toml", "targets.toml", "report.md",
		"plots/posterior_pairs.png", "plots/posterior_marginals.png", "plots/implausibility_waves.png", "plots/predictive_check.png"} {
		if _, err := os.Stat(filepath.Join(a, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	all := readCSVFile(t, filepath.Join(a, "calibration.csv"))
	post := readCSVFile(t, filepath.Join(a, "posterior.csv"))
	sum := readCSVFile(t, filepath.Join(a, "posterior_summary.csv"))
	check := readCSVFile(t, filepath.Join(a, "predictive_check.csv"))
	head := strings.Join(all[0], ",")
	for _, col := range []string{"wave,point,arrival.conversion_rate,exit.base_hazard,final_active_n,final_active_mean,final_active_sd,final_active_implausibility",
		"active_late_implausibility,max_implausibility,kept,accepted,fails"} {
		if !strings.Contains(head, col) {
			t.Errorf("calibration.csv header lacks %s:\n%s", col, head)
		}
	}
	// Every accepted point is in posterior.csv, in the same order; only the
	// last wave's points are accepted, each with its largest implausibility
	// within the tolerance; a point is kept exactly when it fails nothing.
	accepted, lastWave := 0, all[len(all)-1][0]
	col := func(name string) int {
		for i, h := range all[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	for _, r := range all[1:] {
		kept, acc, fails := r[col("kept")], r[col("accepted")], r[col("fails")]
		if (kept == "1") != (fails == "none") {
			t.Errorf("row %v: kept %s but fails %s", r[:2], kept, fails)
		}
		if acc == "1" {
			m, _ := strconv.ParseFloat(r[col("max_implausibility")], 64)
			if r[0] != lastWave || m > 2 || kept != "1" {
				t.Errorf("accepted row %v: wave %s, max implausibility %g", r[:2], r[0], m)
			}
			accepted++
			if accepted < len(post) && strings.Join(post[accepted][:4], ",") != strings.Join(r[:4], ",") {
				t.Errorf("posterior.csv row %d is %v, calibration.csv's accepted row is %v", accepted, post[accepted][:4], r[:4])
			}
		}
	}
	if accepted == 0 || accepted != len(post)-1 {
		t.Errorf("%d accepted rows, posterior.csv has %d", accepted, len(post)-1)
	}
	if len(sum) != 3 || sum[1][0] != "arrival.conversion_rate" || sum[2][0] != "exit.base_hazard" || sum[1][3] != strconv.Itoa(accepted) {
		t.Errorf("posterior_summary.csv:\n%v", sum)
	}
	if len(check) != 6 || check[5][0] != "active_late" || check[5][2] != "window" || check[5][11] != "4" {
		t.Errorf("predictive_check.csv:\n%v", check)
	}
	// calibration.json records every wave with what it kept, the last as
	// the ABC wave, and the files' checksums.
	var m calibManifest
	data, _ := os.ReadFile(filepath.Join(a, "calibration.json"))
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	waves := 0
	for _, r := range all[1:] {
		w, _ := strconv.Atoi(r[0])
		waves = max(waves, w)
	}
	if m.Status != "complete" || len(m.WaveLog) != waves || !m.WaveLog[waves-1].ABC || len(m.Files) != 4 || m.Accepted != accepted {
		t.Errorf("calibration.json: status %s, %d waves logged of %d, files %v, accepted %d", m.Status, len(m.WaveLog), waves, m.Files, m.Accepted)
	}
	for _, e := range m.WaveLog {
		if e.Points != 24 || e.Kept == 0 || len(e.Region) != 2 || e.Dir != fmt.Sprintf("wave-%d", e.Wave) {
			t.Errorf("wave log entry %+v", e)
		}
	}
	report, _ := os.ReadFile(filepath.Join(a, "report.md"))
	for _, want := range []string{"# Calibration of commons", "## What the targets pin down", "## How well it fits: the posterior predictive check",
		"This is an approximation shaped by the chosen targets and tolerances"} {
		if !bytes.Contains(report, []byte(want)) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	// Each wave is a complete result set that `commonsim verify` accepts.
	for _, w := range []string{"wave-1", "check"} {
		if err := runCLI(ctx, "verify", filepath.Join(a, w)); err != nil {
			t.Errorf("verify %s: %v", w, err)
		}
	}
}

// Bad input gets a one-line error naming the problem, never a panic.
func TestCalibrateBadInput(t *testing.T) {
	bin := buildBinary(t)
	work := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(work, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("t.toml", smallTargets)
	write("unknown.toml", "[[target]]\nmetric = \"final_activ\"\nobserved = 5\nsd = 1\n")
	write("zero.toml", "[[target]]\nmetric = \"final_active\"\nobserved = 5\nsd = 0\n")
	write("negative.toml", "[[target]]\nmetric = \"final_active\"\nobserved = 5\nsd = -2\n")
	write("nan.toml", "[[target]]\nmetric = \"gini_benefit\"\nobserved = 0.5\nsd = 0.1\n")
	write("far.toml", smallTargets+"\n[[target]]\nname = \"huge\"\nmetric = \"final_active\"\nobserved = 100000\nsd = 10\n")
	write("late.toml", "[[target]]\nmetric = \"active\"\ntick = 300\nobserved = 5\nsd = 1\n")
	short := []string{"--set", "run.ticks=52", "--set", "population.initial=20", "-r", "3", "--samples", "12", "--waves", "2", "-q", "--no-plots"}
	sweep := []string{"--sweep", "exit.base_hazard=0.05..0.4"}
	rows := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown metric", append([]string{"calibrate", "commons", "--targets", "unknown.toml", "-o", "o1"}, sweep...),
			[]string{`targets unknown.toml:2: target 1 (final_activ): unknown metric "final_activ"; did you mean "final_active"?`}},
		{"zero sd", append([]string{"calibrate", "commons", "--targets", "zero.toml", "-o", "o2"}, sweep...), []string{"targets zero.toml:4: target 1 (final_active): sd = 0: must be > 0"}},
		{"negative sd", append([]string{"calibrate", "commons", "--targets", "negative.toml", "-o", "o3"}, sweep...), []string{"sd = -2: must be > 0"}},
		// extractive returns no revenue, so the Gini of benefit is NaN in
		// every run, as long as no fork founds a commons that returns some.
		{"metric NaN at every point", append(append([]string{"calibrate", "extractive", "--targets", "nan.toml", "-o", "o4", "--set", "fork.found=false"}, sweep...), short...),
			[]string{`targets nan.toml:1: target "gini_benefit": metric gini_benefit is NaN in every run of wave 1 (12 points)`}},
		{"sweep key without a range", []string{"calibrate", "commons", "--targets", "t.toml", "--sweep", "exit.base_hazard=0.1,0.2", "-o", "o5"},
			[]string{"--sweep exit.base_hazard=0.1,0.2: calibrate needs a prior range key=min..max"}},
		{"sweep of an unknown key", []string{"calibrate", "commons", "--targets", "t.toml", "--sweep", "exit.base_hazrd=0.1..0.2", "-o", "o6"},
			[]string{"--sweep exit.base_hazrd=0.1..0.2: unknown parameter", `did you mean "exit.base_hazard"?`}},
		{"empty prior range", []string{"calibrate", "commons", "--targets", "t.toml", "--sweep", "exit.base_hazard=0.2..0.2", "-o", "o7"}, []string{"the prior range needs min < max"}},
		{"prior outside the parameter's range", []string{"calibrate", "commons", "--targets", "t.toml", "--sweep", "exit.base_hazard=0.2..2", "-o", "o8"}, []string{"exit.base_hazard = 2 is out of range"}},
		{"no sweep", []string{"calibrate", "commons", "--targets", "t.toml", "-o", "o9"}, []string{"give at least one --sweep key=min..max"}},
		{"no targets", append([]string{"calibrate", "commons", "-o", "o10"}, sweep...), []string{"--targets FILE is required"}},
		{"one run per point", append([]string{"calibrate", "commons", "--targets", "t.toml", "-r", "1", "-o", "o11"}, sweep...), []string{"-r 1: calibrate needs at least 2 runs per point"}},
		{"tolerance above the cut-off", append([]string{"calibrate", "commons", "--targets", "t.toml", "--tolerance", "4", "-o", "o12"}, sweep...), []string{"--tolerance 4: need 0 < tolerance <= the cut-off 3"}},
		{"tick after the end", append(append([]string{"calibrate", "commons", "--targets", "late.toml", "-o", "o13"}, sweep...), short...), []string{"tick 300 is after the last tick (run.ticks = 52)"}},
		{"empty plausible region", append(append([]string{"calibrate", "commons", "--targets", "far.toml", "-o", "o14"}, sweep...), short...),
			[]string{"wave 1: no plausible point", "no point could meet huge (final_active = 1e+05 ± 10; best implausibility", "o14/calibration.csv"}},
		{"resume with flags that define the calibration", []string{"calibrate", "--resume", "o14", "--targets", "t.toml"}, []string{"--resume o14 continues the calibration its calibration.json describes; drop --targets"}},
		{"resume of a directory that is not a calibration", []string{"calibrate", "--resume", "t.toml"}, []string{"t.toml is not a calibration: it has no calibration.json"}},
		{"output holds a calibration", append([]string{"calibrate", "commons", "--targets", "t.toml", "-o", "o14"}, sweep...), []string{"o14 already holds a calibration"}},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, r.args...)
			cmd.Dir = work
			var o, e bytes.Buffer
			cmd.Stdout, cmd.Stderr = &o, &e
			err := cmd.Run()
			cmdline := "commonsim " + strings.Join(r.args, " ")
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() <= 0 {
				t.Fatalf("%s: exit status %v, want a non-zero exit\nstdout: %s\nstderr: %s", cmdline, err, o.String(), e.String())
			}
			checkMessage(t, cmdline, o.String(), e.String(), r.want, false, false)
			t.Logf("%s\n    %s", cmdline, strings.TrimSpace(e.String()))
		})
	}
	// The empty region still leaves every evaluated point and a report.
	rows2 := readCSVFile(t, filepath.Join(work, "o14", "calibration.csv"))
	report, _ := os.ReadFile(filepath.Join(work, "o14", "report.md"))
	if len(rows2) != 13 || !bytes.Contains(report, []byte("**No point could meet `huge`")) {
		t.Errorf("after the empty region: %d rows in calibration.csv, report:\n%s", len(rows2), report)
	}
}

// A calibration killed at any moment and resumed ends with the files of an
// uninterrupted one.
func TestCalibrateKillAndResume(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t.toml"), []byte(smallTargets), 0o644)
	args := append([]string{"calibrate", "--no-plots", "--design", "sobol"}, smallCalibration...)
	if out, err := command(bin, dir, append(args, "-o", "ref")...).CombinedOutput(); err != nil {
		t.Fatalf("reference: %v\n%s", err, out)
	}
	// Kill it once its second wave has begun (or whenever it gets there);
	// where it dies does not matter, only that --resume completes it.
	cmd := command(bin, dir, append(args, "-o", "killed")...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	killed := false
	for !killed {
		select {
		case <-done:
			killed = true // it finished first: resuming a complete calibration must change nothing
		default:
			if _, err := os.Stat(filepath.Join(dir, "killed", "wave-2", "manifest.json")); err == nil {
				cmd.Process.Signal(syscall.SIGKILL)
				<-done
				killed = true
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	for i := range 3 {
		out, err := command(bin, dir, "calibrate", "--resume", "killed", "-q", "--no-plots").CombinedOutput()
		if err == nil {
			break
		}
		if i == 2 {
			t.Fatalf("resume: %v\n%s", err, out)
		}
	}
	sameCalibration(t, "killed and resumed", filepath.Join(dir, "ref"), filepath.Join(dir, "killed"))
	if out, err := command(bin, dir, "calibrate", "--resume", "killed", "-q", "--no-plots").CombinedOutput(); err != nil {
		t.Fatalf("resuming a complete calibration: %v\n%s", err, out)
	}
	sameCalibration(t, "resumed once more", filepath.Join(dir, "ref"), filepath.Join(dir, "killed"))
}

// The waves run on "Slurm" (a fake sbatch that runs the array tasks one
// after the other): the calibration's files are those of one process.
func TestCalibrateSlurmWaves(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t.toml"), []byte(smallTargets), 0o644)
	args := append([]string{"calibrate", "--no-plots"}, smallCalibration...)
	if out, err := command(bin, dir, append(args, "-o", "ref")...).CombinedOutput(); err != nil {
		t.Fatalf("reference: %v\n%s", err, out)
	}
	fake := filepath.Join(dir, "fakebin")
	os.Mkdir(fake, 0o755)
	// sbatch --wait --parsable FILE: print a job id, run tasks 1..N of the
	// file's --array with bash, fail if one fails.
	os.WriteFile(filepath.Join(fake, "sbatch"), []byte(`#!/bin/bash
script="${@: -1}"
printf '%s\n' "$*" >> "$SBATCH_LOG"
n=$(sed -n 's/^#SBATCH --array=1-\([0-9]*\)$/\1/p' "$script")
echo "777;fake"
for k in $(seq 1 "$n"); do
  SLURM_ARRAY_TASK_ID=$k SLURM_CPUS_PER_TASK=1 bash "$script" > /dev/null 2>&1 || exit 1
done
`), 0o755)
	cmd := command(bin, dir, append(args, "-o", "slurm", "--slurm-shards", "3", "--cpus", "1", "--time", "0:10:00", "--bin", bin)...)
	cmd.Env = append(os.Environ(), "PATH="+fake+":"+os.Getenv("PATH"), "SBATCH_LOG="+filepath.Join(dir, "sbatch.log"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("slurm calibration: %v\n%s", err, out)
	}
	sameCalibration(t, "waves on Slurm", filepath.Join(dir, "ref"), filepath.Join(dir, "slurm"))
	log, _ := os.ReadFile(filepath.Join(dir, "sbatch.log"))
	calls := strings.Split(strings.TrimSpace(string(log)), "\n")
	m, _ := os.ReadFile(filepath.Join(dir, "slurm", "calibration.json"))
	if len(calls) < 2 || !strings.HasPrefix(calls[0], "--wait --parsable ") || !strings.HasSuffix(calls[0], "wave-1.shards/wave.sbatch") ||
		!bytes.Contains(m, []byte(`"shards": 3`)) {
		t.Errorf("sbatch calls:\n%s", log)
	}
	script, _ := os.ReadFile(filepath.Join(dir, "slurm", "wave-1.shards", "wave.sbatch"))
	for _, want := range []string{"#SBATCH --array=1-3\n", "#SBATCH --time=0:10:00\n", "--sweep arrival.conversion_rate=0.0001..0.002", "--set run.seed=", "run --resume"} {
		if !bytes.Contains(script, []byte(want)) {
			t.Errorf("wave script lacks %q:\n%s", want, script)
		}
	}
	if bytes.Contains(script, []byte("<no value>")) {
		t.Errorf("wave script has a template field without a value:\n%s", script)
	}
	for k := 1; k <= 3; k++ {
		if _, err := os.Stat(filepath.Join(dir, "slurm", "wave-1.shards", fmt.Sprintf("shard-%d", k), "manifest.json")); err != nil {
			t.Errorf("shard %d of wave 1: %v", k, err)
		}
	}
}

// recoveryTargets are the figures a recovery test simulates at its true
// point: observed as one run each, as a real community would be.
const recoveryTargets = `observed_as = "one_run"

[[target]]
metric = "retention_4"
observed = 0.5
sd = 0.02

[[target]]
metric = "total_arrivals"
observed = 300
sd = 10

[[target]]
metric = "final_active"
observed = 60
sd = 5
`

// The recovery test of issue 20: on a small, fast scenario (20 founders,
// 52 ticks) with two parameters, `calibrate --recover` draws a true point,
// simulates the targets there as one run, calibrates, and the truth lies
// inside both 95% posterior intervals in at least 9 of 10 seeds.
func TestCalibrateRecovery(t *testing.T) {
	if raceEnabled {
		t.Skip("about 5,000 runs: too slow under the race detector, which TestCalibrateSmall covers")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t.toml"), []byte(recoveryTargets), 0o644)
	inside := 0
	inDir(t, dir, func() {
		for seed := 1; seed <= 10; seed++ {
			out := fmt.Sprintf("r%d", seed)
			err := runCLI(context.Background(), "calibrate", "commons", "--targets", "t.toml", "--recover", "-o", out, "-q", "--no-plots",
				"--sweep", "exit.base_hazard=0.05..0.4", "--sweep", "arrival.conversion_rate=0.0002..0.002",
				"--set", "run.ticks=52", "--set", "population.initial=20", "--set", "run.seed="+strconv.Itoa(seed),
				"-r", "4", "--samples", "40", "--abc-samples", "200", "--waves", "3", "--check-runs", "2")
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			rows := readCSVFile(t, filepath.Join(out, "recovery.csv"))
			ok := len(rows) == 3
			for _, r := range rows[1:] {
				ok = ok && r[5] == "1"
			}
			if ok {
				inside++
			}
			t.Logf("seed %d: %v", seed, rows[1:])
		}
	})
	t.Logf("the truth lies inside both 95%% intervals in %d of 10 seeds", inside)
	if inside < 9 {
		t.Errorf("the truth lies inside both 95%% intervals in %d of 10 seeds, want at least 9", inside)
	}
}

// docs/OUTPUTS.md documents every file and column a calibration writes and
// every field of calibration.json.
func TestOutputsDocCalibration(t *testing.T) {
	doc, err := os.ReadFile("../../docs/OUTPUTS.md")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t.toml"), []byte(smallTargets), 0o644)
	inDir(t, dir, func() {
		if err := runCLI(context.Background(), "calibrate", "commons", "--targets", "t.toml", "--recover", "-o", "c", "-q", "--no-plots",
			"--sweep", "exit.base_hazard=0.05..0.4", "--set", "run.ticks=52", "--set", "population.initial=20", "-r", "2", "--samples", "12", "--waves", "1", "--check-runs", "2"); err != nil {
			t.Fatal(err)
		}
	})
	targets := []string{"final_active", "retention_4", "top10_share", "gini_contribution", "active_late"}
	for _, name := range []string{calibrationCSV, posteriorCSV, summaryCSV, checkCSV, recoveryCSV, calibManifestFile, calibScenarioFile, calibTargetsFile, "wave-1/", "check/", "truth/"} {
		if !bytes.Contains(doc, []byte("`"+name+"`")) {
			t.Errorf("docs/OUTPUTS.md does not document `%s`", name)
		}
		if strings.HasSuffix(name, ".csv") {
			for _, col := range readCSVFile(t, filepath.Join(dir, "c", name))[0] {
				if col == "exit.base_hazard" {
					continue // a parameter column: described generically
				}
				for _, tg := range targets {
					if rest, ok := strings.CutPrefix(col, tg+"_"); ok && (rest == "n" || rest == "mean" || rest == "sd" || rest == "implausibility") {
						col = "<target>_" + rest
					}
				}
				if !bytes.Contains(doc, []byte("`"+col+"`")) {
					t.Errorf("docs/OUTPUTS.md does not document column `%s` of %s", col, name)
				}
			}
		}
	}
	for field := range jsonFieldNames(reflect.TypeFor[calibManifest]()) {
		if !bytes.Contains(doc, []byte("`"+field+"`")) {
			t.Errorf("docs/OUTPUTS.md does not document calibration.json's field `%s`", field)
		}
	}
	for _, s := range []string{statusFailed, statusNoPlausiblePoint} {
		if !bytes.Contains(doc, []byte("`"+s+"`")) {
			t.Errorf("docs/OUTPUTS.md does not document the status `%s`", s)
		}
	}
}

// jsonFieldNames returns the JSON names of a struct's fields and of the
// structs it holds.
func jsonFieldNames(typ reflect.Type) map[string]bool {
	out := map[string]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct {
			return
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
				out[name] = true
			}
			walk(f.Type)
		}
	}
	walk(typ)
	return out
}

// readmeCalibrateCommand returns the arguments of the worked example of
// README's "Calibrating to your community": the first sh block there that
// runs `commonsim calibrate`, without the program name.
func readmeCalibrateCommand(t *testing.T) []string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Calibrating to your community\n")
	if !ok {
		t.Fatal(`README.md has no "## Calibrating to your community" section`)
	}
	for _, block := range strings.Split(section, "```sh\n")[1:] {
		code, _, _ := strings.Cut(block, "```")
		code = strings.ReplaceAll(code, "\\\n", " ")
		if fields := strings.Fields(code); len(fields) > 2 && fields[0] == "commonsim" && fields[1] == "calibrate" {
			return fields[1:]
		}
	}
	t.Fatal("README.md's calibration section has no sh block running commonsim calibrate")
	return nil
}

// The worked example of README, in the reduced form CI can afford: the
// same scenario, targets file and priors, with 24 points of 2 runs in at
// most 2 waves and an ABC wave of 24 points that accepts its whole
// plausible region (--tolerance 3), where the README runs 80 points of 4
// runs in up to 4 waves and an ABC wave of 300.
func TestCalibrateWorkedExampleReduced(t *testing.T) {
	if raceEnabled {
		t.Skip("about 100 runs of the full commons: too slow under the race detector")
	}
	args := readmeCalibrateCommand(t)
	for i, a := range args {
		switch a {
		case "-r":
			args[i+1] = "2"
		case "--samples", "--abc-samples":
			args[i+1] = "24"
		case "-o":
			args[i+1] = filepath.Join(t.TempDir(), "community")
		case "--targets":
			args[i+1] = filepath.Join("../..", args[i+1])
		}
	}
	args = append(args, "--waves", "2", "--tolerance", "3", "--check-runs", "3", "-q", "--no-plots")
	if err := runCLI(context.Background(), args...); err != nil {
		t.Fatalf("commonsim %s: %v", strings.Join(args, " "), err)
	}
	out := args[slices.Index(args, "-o")+1]
	sum := readCSVFile(t, filepath.Join(out, "posterior_summary.csv"))
	if len(sum) != 6 {
		t.Errorf("posterior_summary.csv has %d rows, want the header and the 5 parameters", len(sum))
	}
	check := readCSVFile(t, filepath.Join(out, "predictive_check.csv"))
	if len(check) != 5 {
		t.Errorf("predictive_check.csv has %d rows, want the header and the 4 targets", len(check))
	}
}

// The waves on a real Slurm (a one-node cluster in CI, .ci/run): each wave
// an array job submitted with sbatch --wait and merged; the files are those
// of one process.
func TestCalibrateSlurmIntegration(t *testing.T) {
	skip := func(why string) {
		if os.Getenv(slurmRequired) == "1" {
			t.Fatalf("Slurm is required (%s=1) but %s", slurmRequired, why)
		}
		t.Skipf("Slurm integration test skipped: %s (set %s=1 to require it)", why, slurmRequired)
	}
	for _, tool := range []string{"sbatch", "scontrol", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			skip(tool + " is not in PATH")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "scontrol", "ping").CombinedOutput(); err != nil || !strings.Contains(string(out), "UP") {
		skip(fmt.Sprintf("the controller is not reachable (scontrol ping: %v)", err))
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t.toml"), []byte(smallTargets), 0o644)
	args := append([]string{"calibrate", "--no-plots"}, smallCalibration...)
	if out, err := command(bin, dir, append(args, "-o", "ref")...).CombinedOutput(); err != nil {
		t.Fatalf("reference: %v\n%s", err, out)
	}
	cmd := command(bin, dir, append(args, "-o", "slurm", "--slurm-shards", "2", "--cpus", "1", "--time", "0:05:00", "--name", "commonsim-calibrate-test", "--bin", bin)...)
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
		cmd.Process.Kill()
		<-done
		logs, _ := filepath.Glob(filepath.Join(dir, "slurm", "wave-*.shards", "slurm-*.out"))
		t.Fatalf("the calibration on Slurm did not finish in 5 minutes\n%s\nlogs: %v", out, logs)
	}
	if err != nil {
		t.Fatalf("calibration on Slurm: %v\n%s", err, out)
	}
	sameCalibration(t, "waves on Slurm", filepath.Join(dir, "ref"), filepath.Join(dir, "slurm"))
}
