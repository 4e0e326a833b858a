package scenarios

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// A sweep key given both as a quoted dotted key and as a nested table used
// to be merged silently, the winner picked by Go's map order: the same file
// gave 2 points or 3 from one run to the next (issue 14, defect 1). It is
// an error naming both spellings and lines, every time.
func TestDuplicateSweepKey(t *testing.T) {
	src := []byte("[sweep]\n\"economy.capture_rate\" = [0.1, 0.2]\n\n[sweep.economy]\ncapture_rate = [0.3, 0.4, 0.5]\n")
	var first string
	for i := range 50 {
		_, err := Parse("dup.toml", src, "")
		if err == nil {
			t.Fatal("a sweep key given twice was accepted")
		}
		if i == 0 {
			first = err.Error()
			for _, want := range []string{"dup.toml:5", "economy.capture_rate is given twice", `"economy.capture_rate" (one quoted key)`, "economy.capture_rate (nested tables or a dotted key)", "lines 2 and 5", "keep one"} {
				if !strings.Contains(first, want) {
					t.Errorf("error %q lacks %q", first, want)
				}
			}
		} else if err.Error() != first {
			t.Fatalf("parse %d gave another error:\n%s\n%s", i, err, first)
		}
	}
	// Distinct keys in both spellings are fine, and expand in key order.
	ok := []byte("[sweep]\n\"tasks.modularity\" = [0.5, 1]\n[sweep.economy]\ncapture_rate = [0, 0.5]\n")
	s, err := Parse("ok.toml", ok, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Sweep.Factors) != 2 || s.Sweep.Factors[0].Key != "economy.capture_rate" || s.Sweep.Factors[1].Key != "tasks.modularity" {
		t.Errorf("factors %+v", s.Sweep.Factors)
	}
}

// Sweep sizes are counted, and refused past the limits, without making a
// single point: a factorial of two 10,001-value factors once allocated 4 GB
// and died (issue 14, defect 2).
func TestSweepSizeBeforePoints(t *testing.T) {
	vals := make([]string, 10001)
	for i := range vals {
		vals[i] = "0.5"
	}
	huge := Sweep{Design: Factorial, Factors: []Factor{{Key: "economy.capture_rate", Values: vals}, {Key: "tasks.modularity", Values: vals}}}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := huge.Size(); err == nil || !strings.Contains(err.Error(), "100,020,001 points; the most is 1,000,000 points") {
		t.Errorf("Size of a 10001 x 10001 factorial: %v", err)
	}
	if _, err := huge.Points(1); err == nil || !strings.Contains(err.Error(), "the most is 1,000,000 points") {
		t.Errorf("Points of a 10001 x 10001 factorial: %v", err)
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("refusing the sweep allocated %d bytes", grew)
	}
	cont := []Factor{{Key: "economy.capture_rate", Min: 0, Max: 1, Continuous: true}, {Key: "tasks.modularity", Min: 0, Max: 1, Continuous: true}}
	for _, c := range []struct {
		w    Sweep
		want string // "" for no error
	}{
		{Sweep{Design: LHS, Samples: 1_000_000_000, Factors: cont}, "samples = 1000000000: must be from 1 to 1000000"},
		{Sweep{Design: Morris, Samples: 600_000, Levels: 4, Factors: cont}, "1,800,000 points"},
		{Sweep{Design: Saltelli, Samples: 300_000, Factors: cont}, "1,200,000 points"},
		{Sweep{Design: LHS, Samples: 999_999, Factors: append(cont, cont[0], cont[1], cont[0], cont[1], cont[0], cont[1], cont[0], cont[1], cont[0])}, "the most is 10,000,000 values"},
		{Sweep{Design: Morris, Samples: 3, Levels: 4, Factors: cont}, ""},
		{Sweep{Design: Saltelli, Samples: 4, Factors: cont}, ""},
		{Sweep{Design: LHS, Samples: 5, Factors: cont}, ""},
		{Sweep{Design: Factorial, Factors: []Factor{{Key: "tasks.modularity", Values: []string{"0", "1"}}, {Key: "economy.capture_rate", Values: []string{"0", "0.5", "1"}}}}, ""},
	} {
		n, err := c.w.Size()
		switch {
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: Size error %v, want %q", c.w.describe(), err, c.want)
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.w.describe(), err)
		case c.want == "":
			pts, err := c.w.Points(7)
			if err != nil || len(pts) != n {
				t.Errorf("%s: Size %d, Points %d (%v)", c.w.describe(), n, len(pts), err)
			}
		}
	}
}

// Names appear in every CSV row, in file names and in figures: control
// characters and blank names are refused (issue 14, defect 12).
func TestNames(t *testing.T) {
	for _, bad := range []string{"a\rb", "a\tb", "a\x00b", "a\nb", " ", "\t", "  x", "x ", "a/b", `a"b`, "a,b", strings.Repeat("n", 129), "\xff"} {
		s, err := LoadBuiltin(DefaultName)
		if err != nil {
			t.Fatal(err)
		}
		err = s.SetAll([]string{"name=" + bad})
		if bad == " " || bad == "\t" || strings.TrimSpace(bad) != bad {
			// --set trims what it is given: a blank becomes "", the file's name.
			if err != nil {
				t.Errorf("--set name=%q: %v", bad, err)
			}
			s.Name = bad
			err = s.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), "name = ") {
			t.Errorf("name %q: %v", bad, err)
		} else if strings.ContainsAny(err.Error(), "\r\n\t\x00") {
			t.Errorf("name %q: the error holds the control character raw: %q", bad, err)
		}
		if _, err := Parse("f.toml", []byte("name = "+quoteTOML(bad)+"\n"), ""); err == nil {
			t.Errorf("a file naming the scenario %q was accepted", bad)
		}
	}
	for _, good := range []string{"commons", "plateforme coopérative", "a-b_c.d", "NA", "x (2)"} {
		if _, err := Parse("f.toml", []byte("name = "+quoteTOML(good)+"\n"), ""); err != nil {
			t.Errorf("name %q: %v", good, err)
		}
	}
}

func quoteTOML(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "\x00", `\u0000`)
	return `"` + r.Replace(s) + `"`
}

// --set extends=X was accepted, ignored and recorded (issue 14, defect 6):
// extends picks what a file starts from, before its values, so it cannot be
// set afterwards.
func TestSetExtendsRefused(t *testing.T) {
	s, err := LoadBuiltin(DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	err = s.SetAll([]string{"extends=extractive"})
	if err == nil || !strings.Contains(err.Error(), "extends cannot be set on the command line") || !strings.Contains(err.Error(), "commonsim run extractive") {
		t.Errorf("--set extends: %v", err)
	}
	if s.Extends != "" {
		t.Errorf("extends recorded as %q", s.Extends)
	}
}

// A manifest's resolved TOML is read without following extends: resume
// rebuilds runs from it alone and never reads another file (issue 14,
// defect 6).
func TestParseResolvedReadsNoFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "base.toml"), []byte("[economy]\ncapture_rate = 0.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "mine.toml"), []byte("extends = \"base.toml\"\nname = \"mine\"\n[run]\nticks = 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(filepath.Join(dir, "mine.toml"))
	if err != nil {
		t.Fatal(err)
	}
	resolved, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	back, err := ParseResolved("mine", []byte(resolved))
	if err != nil {
		t.Fatalf("ParseResolved without the files: %v", err)
	}
	again, _ := back.Encode()
	if again != resolved || back.Extends != "base.toml" || back.Economy.CaptureRate != 0.3 || back.Run.Ticks != 7 {
		t.Errorf("resolved TOML does not read back: extends %q, capture %g, ticks %d", back.Extends, back.Economy.CaptureRate, back.Run.Ticks)
	}
	// A resolved scenario holds no sweep, and no key that is not a
	// parameter.
	if _, err := ParseResolved("x", []byte(resolved+"\n[sweep]\n\"economy.capture_rate\" = [0, 1]\n")); err == nil {
		t.Error("ParseResolved accepted a [sweep] table")
	}
}

// extends naming a file that exists but is not a .toml file said "no such
// file" (issue 14, defect 12); scenario files that are FIFOs or huge are
// refused before they are read.
func TestLoadFileKinds(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("base", "[economy]\ncapture_rate = 0.3\n")
	_, err := Load(write("a.toml", "extends = \"base\"\n"))
	if err == nil || !strings.Contains(err.Error(), `extends = "base": names a file, but scenario files end in .toml`) {
		t.Errorf("extends of a file without .toml: %v", err)
	}
	_, err = Load(write("b.toml", "extends = \"/etc/passwd\"\n"))
	if err == nil || strings.Contains(err.Error(), "no such file") || !strings.Contains(err.Error(), "end in .toml") {
		t.Errorf("extends = /etc/passwd: %v", err)
	}
	big := write("big.toml", "# "+strings.Repeat("x", MaxFileBytes)+"\n")
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "the most commonsim reads is 16 MiB") {
		t.Errorf("a 16 MiB scenario file: %v", err)
	}
}

// Type errors are in TOML's words, never Go's (issue 14, defect 12).
func TestTypeMessagesInTOMLWords(t *testing.T) {
	for _, src := range []string{
		"[population]\ninitial = [1, 2]\n",
		"[population]\ninitial = {a = 1}\n",
		"name = [1]\n",
		"[run]\nticks = 2020-01-01\n",
		"[sweep]\n\"economy.capture_rate\" = 5\n",
		"[sweep]\n\"economy.capture_rate\" = [[1]]\n",
		"[sweep]\n\"economy.capture_rate\" = {from = \"a\", to = 1, step = 1}\n",
		"[sweep]\ndesign = [1]\n",
		"[sweep]\nsamples = \"x\"\n",
	} {
		_, err := Parse("t.toml", []byte(src), "")
		if err == nil {
			t.Errorf("%q accepted", src)
			continue
		}
		for _, goWord := range []string{"[]any", "map[", "interface", "int64", "float64", "time.Time"} {
			if strings.Contains(err.Error(), goWord) {
				t.Errorf("%q: the error names a Go type (%s): %v", src, goWord, err)
			}
		}
	}
}
