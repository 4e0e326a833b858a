package examples

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// requireEnv, set to 1, turns a missing jupyter or Rscript into a failure
// instead of a skip (CI sets it after installing them).
const requireEnv = "COMMONSIM_REQUIRE_NOTEBOOKS"

// The notebook's figures, saved under COMMONSIM_FIGURES.
var notebookFigures = []string{"active_contributors.png", "lorenz_contribution.png", "capture_regression.png"}

// need skips the test (or fails it under COMMONSIM_REQUIRE_NOTEBOOKS=1)
// when a program is not on the PATH.
func need(t *testing.T, program, what string) string {
	t.Helper()
	path, err := exec.LookPath(program)
	if err != nil {
		msg := fmt.Sprintf("%s not installed: %s not executed", program, what)
		if os.Getenv(requireEnv) == "1" {
			t.Fatalf("%s (%s=1)", msg, requireEnv)
		}
		t.Skip(msg)
	}
	return path
}

// fixture is a commonsim binary and a small commons-vs-extractive result
// set, made once for all the tests of the package.
var fixture struct {
	once     sync.Once
	tmp      string
	bin, dir string
	err      error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.tmp != "" {
		os.RemoveAll(fixture.tmp)
	}
	os.Exit(code)
}

func resultSet(t *testing.T) (bin, dir string) {
	t.Helper()
	f := &fixture
	f.once.Do(func() {
		if f.tmp, f.err = os.MkdirTemp("", "commonsim-examples-"); f.err != nil {
			return
		}
		f.bin = filepath.Join(f.tmp, "commonsim")
		if out, err := exec.Command("go", "build", "-o", f.bin, "commonsim/cmd/commonsim").CombinedOutput(); err != nil {
			f.err = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		f.dir = filepath.Join(f.tmp, "commons-extractive")
		if out, err := exec.Command(f.bin, "run", "commons", "extractive", "-r", "4", "--set", "run.ticks=52", "-q", "-o", f.dir).CombinedOutput(); err != nil {
			f.err = fmt.Errorf("commonsim run: %v\n%s", err, out)
			return
		}
		// The report step writes summary.csv; older engines did it only on
		// `commonsim plot`.
		if _, err := os.Stat(filepath.Join(f.dir, "summary.csv")); err != nil {
			if out, err := exec.Command(f.bin, "plot", f.dir).CombinedOutput(); err != nil {
				f.err = fmt.Errorf("commonsim plot: %v\n%s", err, out)
				return
			}
		}
		for _, name := range []string{"runs.csv", "timeseries.csv", "lorenz.csv", "summary.csv", "summary_timeseries.csv", "comparison.csv"} {
			if _, err := os.Stat(filepath.Join(f.dir, name)); err != nil {
				f.err = fmt.Errorf("the result set lacks %s", name)
				return
			}
		}
	})
	if f.err != nil {
		t.Fatal(f.err)
	}
	return f.bin, f.dir
}

func TestRScript(t *testing.T) {
	rscript := need(t, "Rscript", "examples/r/compare.R")
	_, dir := resultSet(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, rscript, filepath.Join("r", "compare.R"), dir)
	out, err := cmd.CombinedOutput()
	t.Logf("Rscript r/compare.R:\n%s", out)
	if err != nil {
		t.Fatalf("Rscript r/compare.R: %v", err)
	}
	for _, want := range []string{"commons", "extractive", "Welch t-test of final_active", "summary.csv agrees"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the R script's output lacks %q", want)
		}
	}
}

func TestNotebook(t *testing.T) {
	jupyter := need(t, "jupyter", "notebook")
	if out, err := exec.Command(jupyter, "nbconvert", "--version").CombinedOutput(); err != nil {
		msg := fmt.Sprintf("jupyter nbconvert not installed: notebook not executed (%v: %s)", err, strings.TrimSpace(string(out)))
		if os.Getenv(requireEnv) == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	bin, dir := resultSet(t)
	tmp := t.TempDir()
	figures := filepath.Join(tmp, "figures")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, jupyter, "nbconvert", "--to", "notebook", "--execute",
		"--ExecutePreprocessor.timeout=120", "--output-dir", tmp,
		filepath.Join("notebooks", "compare_commons_extractive.ipynb"))
	cmd.Env = append(os.Environ(),
		"COMMONSIM_RESULTS="+dir,
		"COMMONSIM_BIN="+bin,
		"COMMONSIM_FIGURES="+figures,
		// Keep Jupyter's and matplotlib's state out of $HOME.
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "runtime"),
		"IPYTHONDIR="+filepath.Join(tmp, "ipython"),
		"MPLCONFIGDIR="+filepath.Join(tmp, "matplotlib"),
		"PYDEVD_DISABLE_FILE_VALIDATION=1",
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		// The cell that failed and its traceback are at the end.
		if len(out) > 6000 {
			out = out[len(out)-6000:]
		}
		t.Fatalf("jupyter nbconvert --execute: %v\n...%s", err, out)
	}
	t.Logf("notebook output:\n%s", notebookText(t, filepath.Join(tmp, "compare_commons_extractive.ipynb")))
	for _, f := range notebookFigures {
		st, err := os.Stat(filepath.Join(figures, f))
		if err != nil || st.Size() == 0 {
			t.Errorf("the notebook did not save the figure %s", f)
		}
	}
}

// notebookText returns the text the executed notebook's code cells printed.
func notebookText(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("executed notebook: %v", err)
	}
	var nb struct {
		Cells []struct {
			Type    string `json:"cell_type"`
			Outputs []struct {
				Type string          `json:"output_type"`
				Text json.RawMessage `json:"text"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("executed notebook: %v", err)
	}
	var b strings.Builder
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if o.Type != "stream" {
				continue
			}
			// nbformat stores text as a string or a list of lines.
			var s string
			var lines []string
			if json.Unmarshal(o.Text, &s) != nil && json.Unmarshal(o.Text, &lines) == nil {
				s = strings.Join(lines, "")
			}
			b.WriteString(s)
		}
	}
	return b.String()
}
