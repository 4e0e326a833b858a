package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alecthomas/kong"
)

// What the command line prints and its exit status, for the commands that
// do not run a batch: usage, version, params.
func TestCommandLine(t *testing.T) {
	bin := buildBinary(t)
	for _, c := range []struct {
		name   string
		args   []string
		status int
		stdout *regexp.Regexp // nil: empty
		stderr *regexp.Regexp // nil: empty
	}{
		{"bare commonsim: the usage on stderr, status 2", nil, 2, nil, regexp.MustCompile(`(?s)^Usage: commonsim <command>.*Commands:.*run \[<scenario>`)},
		{"--version", []string{"--version"}, 0, regexp.MustCompile(`^commonsim \d+\.\d+\.\d+ \(.*go1\.\d+.*\)\n$`), nil},
		{"version", []string{"version"}, 0, regexp.MustCompile(`^commonsim \d+\.\d+\.\d+ \(.*go1\.\d+.*\)\n$`), nil},
		{"an unknown verb: status 2", []string{"frobnicate"}, 2, regexp.MustCompile(`Usage:`), regexp.MustCompile(`^commonsim: error: unexpected argument frobnicate\n$`)},
		{"params of a section", []string{"params", "economy"}, 0, regexp.MustCompile(`^economy\.enabled = `), nil},
		{"params of a subsection and the general keys", []string{"params", "scenario", "segments.student"}, 0, regexp.MustCompile(`(?s)^name = .*\n\nsegments\.student\.share = `), nil},
		{"params of an unknown section", []string{"params", "econmy"}, 1, nil, regexp.MustCompile(`^commonsim: params: no section or key "econmy"; did you mean "economy"\? \(sections: scenario, run, `)},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(bin, c.args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			status := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				status = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != c.status {
				t.Errorf("status %d, want %d", status, c.status)
			}
			for _, o := range []struct {
				name string
				got  string
				want *regexp.Regexp
			}{{"stdout", stdout.String(), c.stdout}, {"stderr", stderr.String(), c.stderr}} {
				if o.want == nil && o.got != "" || o.want != nil && !o.want.MatchString(o.got) {
					t.Errorf("%s %q, want %v", o.name, o.got, o.want)
				}
			}
			if strings.Contains(c.name, "params") {
				for i, l := range strings.Split(stdout.String(), "\n") {
					if n := utf8.RuneCountInString(l); n > paramsWidth {
						t.Errorf("line %d has %d columns: %s", i+1, n, l)
					}
				}
				if c.args[1] == "economy" && strings.Contains(stdout.String(), "\nrun.") {
					t.Errorf("params economy lists other sections")
				}
			}
		})
	}
	// Every parameter, in 100 columns.
	out, err := exec.Command(bin, "params").Output()
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(out), "\n") {
		if n := utf8.RuneCountInString(l); n > paramsWidth {
			t.Errorf("params: line %d has %d columns: %s", i+1, n, l)
		}
	}
}

// -o means --out in every command that has it.
func TestShortFlagsMeanOneThing(t *testing.T) {
	var c cli
	parser, err := kong.New(&c, kong.BindTo(context.Background(), (*context.Context)(nil)))
	if err != nil {
		t.Fatal(err)
	}
	long := map[rune]string{}
	var walk func(n *kong.Node)
	walk = func(n *kong.Node) {
		for _, f := range n.Flags {
			if f.Short == 0 {
				continue
			}
			if prev, ok := long[f.Short]; ok && prev != f.Name {
				t.Errorf("-%c is --%s in %s but --%s elsewhere", f.Short, f.Name, n.Name, prev)
			}
			long[f.Short] = f.Name
		}
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	walk(parser.Model.Node)
	if long['o'] != "out" {
		t.Errorf("-o is --%s", long['o'])
	}
}

// A report drawn without figures (run --resume --no-plots, plot --no-plots)
// removes those of an earlier report, so that plots/ and the report agree;
// verify then passes, and finds a stale figure put back.
func TestNoPlotsRemovesStaleFigures(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		out, err := command(bin, dir, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	small := []string{"--set", "run.ticks=6", "--set", "population.initial=15", "-r", "2", "-q"}
	for _, c := range []struct {
		name string
		redo func(set string)
	}{
		{"run --resume --no-plots", func(set string) {
			// An interrupted set whose report was drawn with figures
			// (commonsim plot); the resume finds nothing left to run.
			editJSON(t, filepath.Join(dir, set, "manifest.json"), func(m map[string]any) { m["status"] = "interrupted" })
			run("run", "--resume", set, "--no-plots", "-q")
		}},
		{"plot --no-plots", func(set string) { run("plot", set, "--no-plots") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			set := strings.ReplaceAll(c.name, " ", "_")
			run(append([]string{"run", "commons", "-o", set}, small...)...)
			if ents, _ := os.ReadDir(filepath.Join(dir, set, "plots")); len(ents) == 0 {
				t.Fatal("no figures to begin with")
			}
			c.redo(set)
			if _, err := os.Stat(filepath.Join(dir, set, "plots")); !os.IsNotExist(err) {
				t.Errorf("plots/ is still there: %v", err)
			}
			run("verify", set)
			os.Mkdir(filepath.Join(dir, set, "plots"), 0o755)
			os.WriteFile(filepath.Join(dir, set, "plots", "old.png"), []byte("png"), 0o644)
			if out, err := command(bin, dir, "verify", set).CombinedOutput(); err == nil || !strings.Contains(string(out), "plots/old.png: a figure the report does not list") {
				t.Errorf("verify with a stale figure: %v\n%s", err, out)
			}
		})
	}
}
