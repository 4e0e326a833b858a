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
