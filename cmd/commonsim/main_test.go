package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildBinary compiles commonsim once per test binary.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "commonsim")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestBinaryEndToEnd(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	run := func(args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("scenarios")
	if err != nil || !strings.Contains(out, "extractive") || !strings.Contains(out, "managed-firm") {
		t.Fatalf("scenarios: %v\n%s", err, out)
	}
	out, err = run("show", "commons")
	if err != nil || !strings.Contains(out, "capture_rate = 0.0") {
		t.Fatalf("show: %v\n%s", err, out)
	}
	os.WriteFile(filepath.Join(dir, "mine.toml"), []byte(out), 0o644)
	if out, err := run("check", "mine.toml"); err != nil || !strings.Contains(out, "ok") {
		t.Fatalf("check: %v\n%s", err, out)
	}
	os.WriteFile(filepath.Join(dir, "typo.toml"), []byte("[economy]\ncaptur_rate = 0.2\n"), 0o644)
	out, err = run("check", "typo.toml")
	if err == nil || !strings.Contains(out, "typo.toml:2") || !strings.Contains(out, `did you mean "economy.capture_rate"`) {
		t.Fatalf("check typo: %v\n%s", err, out)
	}
	out, err = run("run", "commons", "mine.toml", "--set", "run.ticks=20", "--set", "run.replications=2", "-o", "res", "-q", "--set", "name=x")
	if err == nil {
		// Two scenarios named x is an error: seeds derive from names.
		t.Fatalf("duplicate names accepted:\n%s", out)
	}
	out, err = run("run", "commons", "extractive", "--set", "run.ticks=20", "--set", "run.replications=2", "-o", "res", "-q")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	for _, f := range []string{"runs.csv", "timeseries.csv", "lorenz.csv", "survival.csv", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(dir, "res", f)); err != nil {
			t.Errorf("result set lacks %s", f)
		}
	}
	if out, err := run("run", "commons", "-o", "res", "-q"); err == nil || !strings.Contains(out, "already holds a result set") {
		t.Errorf("rerun into res: %v\n%s", err, out)
	}
}

// Profiles are written safely and only over a profile: a second run
// replaces the first one's profiles; a write that fails is an error, never
// a message and status 0 (issue 14, defect 10; the refusals are in
// TestBadInput).
func TestProfiles(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	for i := range 2 {
		out, err := command(bin, dir, "run", "commons", "-q", "--no-plots", "-r", "2", "--set", "run.ticks=5", "-o", "rs"+string(rune('a'+i)),
			"--cpuprofile", "cpu.prof", "--memprofile", "mem.prof").CombinedOutput()
		if err != nil {
			t.Fatalf("run %d with profiles: %v\n%s", i, err, out)
		}
		for _, p := range []string{"cpu.prof", "mem.prof"} {
			b, err := os.ReadFile(filepath.Join(dir, p))
			if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
				t.Errorf("run %d: %s is not a profile (%d bytes, %v)", i, p, len(b), err)
			}
		}
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	// A profile that cannot be written (its directory is gone by the end)
	// makes the run fail.
	sub := filepath.Join(dir, "gone")
	os.Mkdir(sub, 0o755)
	cmd := command(bin, dir, "run", "commons", "-q", "--no-plots", "-r", "100", "--set", "run.ticks=40", "-o", "rsc", "--memprofile", filepath.Join(sub, "mem.prof"))
	out, exited, status := startCmd(t, cmd)
	waitFor(cmd, exited, func() bool { _, err := os.Stat(filepath.Join(dir, "rsc", "manifest.json")); return err == nil })
	os.RemoveAll(sub)
	if code := status(); code == 0 {
		t.Errorf("a heap profile that could not be written: status 0\n%s", out)
	}
}
