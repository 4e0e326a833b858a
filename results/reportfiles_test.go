package results

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The report's files, whatever they are, are recorded with their checksums
// (RecordReport) and Verify checks them: an edit, a missing file, a stale
// figure or a report that was never recorded is a problem naming the file;
// RemoveFigures clears plots/.
func TestReportFilesVerified(t *testing.T) {
	base := t.TempDir()
	good := filepath.Join(base, "good")
	writeSet(t, good, 0, 6, -1)
	report := map[string]string{
		"summary.csv":      "a,b\n1,2\n",
		"report.md":        "# report\n",
		"report.html":      "<html></html>\n", // a file another step may add: covered too
		"plots/lorenz.png": "png",
		"plots/lorenz.svg": "svg",
	}
	write := func(dir, name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range report {
		write(good, name, text)
	}
	if err := RecordReport(good); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Report) != len(report) || !ReportRecorded(m) {
		t.Fatalf("recorded %+v", m.Report)
	}
	if err := Verify(good); err != nil {
		t.Fatalf("a recorded report: %v", err)
	}

	for _, c := range []struct {
		name   string
		change func(dir string)
		want   string
	}{
		{"report.md edited", func(dir string) { write(dir, "report.md", "# my report\n") }, "report.md: SHA-256"},
		{"summary.csv edited", func(dir string) { write(dir, "summary.csv", "a,b\n1,3\n") }, "summary.csv: SHA-256"},
		{"a figure edited", func(dir string) { write(dir, "plots/lorenz.svg", "SVG") }, "plots/lorenz.svg: SHA-256"},
		{"a figure missing", func(dir string) { os.Remove(filepath.Join(dir, "plots", "lorenz.png")) }, "plots/lorenz.png: missing"},
		{"a stale figure", func(dir string) { write(dir, "plots/old.png", "old") }, "plots/old.png: a figure the report does not list"},
		{"report step stopped", func(dir string) {
			if err := ForgetReport(dir); err != nil {
				t.Fatal(err)
			}
		}, "report.md: the manifest records no checksums"},
		{"a name leaving the set", func(dir string) {
			m, _ := ReadManifest(dir)
			m.Report[0].Name = "../x"
			m.Save(dir)
		}, `report_files lists "../x"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(base, strings.ReplaceAll(c.name, " ", "-"))
			copyTree(t, good, dir)
			c.change(dir)
			err := Verify(dir)
			var ve *VerifyError
			if !errors.As(err, &ve) || !strings.Contains(strings.Join(ve.Problems, "\n"), c.want) {
				t.Fatalf("Verify = %v, want a problem %q", err, c.want)
			}
			if !strings.Contains(err.Error(), "commonsim plot") && c.name != "a name leaving the set" {
				t.Errorf("no advice: %v", err)
			}
			if VerifyData(dir) != nil {
				t.Errorf("VerifyData checks the report's files: %v", VerifyData(dir))
			}
			// Recording again (what `commonsim plot` does) makes it verify.
			if c.name != "a name leaving the set" {
				os.Remove(filepath.Join(dir, "plots", "old.png"))
				if err := RecordReport(dir); err != nil {
					t.Fatal(err)
				}
				if err := Verify(dir); err != nil {
					t.Errorf("after RecordReport: %v", err)
				}
			}
		})
	}

	n, err := RemoveFigures(good)
	if err != nil || n != 2 {
		t.Fatalf("RemoveFigures = %d, %v", n, err)
	}
	if _, err := os.Stat(filepath.Join(good, PlotsDir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("plots/ is still there: %v", err)
	}
}

// copyTree copies a result set with its plots/.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
