package scenarios

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestBuiltinsLoad(t *testing.T) {
	want := []string{"basic-income", "coarse-grained", "commons", "ecosystem", "extractive", "low-modularity", "managed-firm", "platform-coop", "relicensing", "relicensing-employed"}
	got := BuiltinNames()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("built-in scenarios = %v, want %v", got, want)
	}
	for _, name := range got {
		s, err := LoadBuiltin(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s.Name != name || s.Description == "" {
			t.Errorf("%s: name %q, description %q", name, s.Name, s.Description)
		}
	}
}

// The commons file is the default every key falls back to, so it must set
// every parameter explicitly, each with a comment.
func TestCommonsSetsEveryKey(t *testing.T) {
	src, _ := BuiltinSource(DefaultName)
	text := string(src)
	for _, p := range Params() {
		if p.Key == "extends" {
			continue
		}
		parts := strings.Split(p.Key, ".")
		leaf := parts[len(parts)-1]
		table := strings.Join(parts[:len(parts)-1], ".")
		i := 0
		if table != "" {
			i = strings.Index(text, "["+table+"]")
			if i < 0 {
				t.Errorf("commons.toml has no table [%s] for %s", table, p.Key)
				continue
			}
		}
		rest := text[i:]
		if j := strings.Index(rest[1:], "\n["); j >= 0 && table != "" {
			rest = rest[:j+1]
		}
		found := false
		for _, line := range strings.Split(rest, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), leaf+" ") || strings.HasPrefix(strings.TrimSpace(line), leaf+"=") {
				found = true
			}
		}
		if !found {
			t.Errorf("commons.toml does not set %s", p.Key)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string // substrings of the error
	}{
		{"misspelled key", "[economy]\ncapture_rat = 0.5\n", []string{":2:", `unknown key "economy.capture_rat"`, `did you mean "economy.capture_rate"`}},
		{"misspelled table", "[economi]\ncapture_rate = 0.5\n", []string{":1:", `unknown table or key "economi"`, `did you mean "economy"`}},
		{"wrong type", "[population]\ninitial = \"many\"\n", []string{":2", "population.initial", "expected integer", "got a string"}},
		{"float for int", "[population]\ninitial = 1.5\n", []string{"population.initial", "expected integer"}},
		{"out of range", "[economy]\ncapture_rate = 1.5\n", []string{"economy.capture_rate = 1.5 is out of range", "0 to 1"}},
		{"negative count", "[population]\ninitial = -3\n", []string{"population.initial = -3 is out of range"}},
		{"probability above 1", "[ties]\nform_prob = 2\n", []string{"ties.form_prob = 2 is out of range"}},
		{"shares", "[segments.volunteer]\nshare = 0.9\n", []string{"must sum to 1"}},
		{"bad word", "[roles]\ngovernance = \"meritocractic\"\n", []string{`roles.governance = "meritocractic" is not allowed`, `did you mean "meritocratic"`}},
		{"malformed", "[run\nticks = 3\n", []string{"test.toml:2:", "malformed TOML"}},
		{"zero ticks", "[run]\nticks = 0\n", []string{"run.ticks = 0 is out of range"}},
		{"unknown extends", "extends = \"comons\"\n", []string{"extends", `did you mean "commons"`}},
		{"bad sweep key", "[sweep]\n\"economy.captur_rate\" = [0, 1]\n", []string{"[sweep] economy.captur_rate", `did you mean "economy.capture_rate"`}},
		{"sweep out of range", "[sweep]\n\"economy.capture_rate\" = [0, 2]\n", []string{"economy.capture_rate = 2 is out of range"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("test.toml", []byte(c.src), "")
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.toml")
	os.WriteFile(empty, []byte("  \n"), 0o644)
	cases := map[string]string{
		filepath.Join(dir, "missing.toml"): "does not exist",
		dir:                                "is a directory",
		empty:                              "is empty",
	}
	for path, want := range cases {
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%s) = %v, want %q", path, err, want)
		}
	}
	if _, err := Resolve("extractiv"); err == nil || !strings.Contains(err.Error(), `did you mean "extractive"`) {
		t.Errorf("Resolve(extractiv) = %v", err)
	}
}

func TestExtendsAndDefaults(t *testing.T) {
	s, err := Parse("mine.toml", []byte("extends = \"extractive\"\n[run]\nticks = 7\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "mine" || s.Run.Ticks != 7 || s.Economy.CaptureRate != 0.9 || s.Modules.Count != 30 {
		t.Errorf("got name %q ticks %d capture %g modules %d", s.Name, s.Run.Ticks, s.Economy.CaptureRate, s.Modules.Count)
	}
	// A file without extends starts from commons.
	s, err = Parse("bare.toml", []byte("[economy]\ncapture_rate = 0.4\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Economy.Redistribution != "proportional" || s.Economy.CaptureRate != 0.4 {
		t.Errorf("defaults not taken from commons: %+v", s.Economy)
	}
}

func TestSetAll(t *testing.T) {
	s, _ := LoadBuiltin("commons")
	if err := s.SetAll([]string{"economy.capture_rate=0.25", "roles.governance=flat", "run.ticks=1e2", "tasks.granularity=false"}); err != nil {
		t.Fatal(err)
	}
	if s.Economy.CaptureRate != 0.25 || s.Roles.Governance != "flat" || s.Run.Ticks != 100 || s.Tasks.Granularity {
		t.Errorf("SetAll did not apply: %+v %+v", s.Economy, s.Run)
	}
	for in, want := range map[string]string{
		"economy.captur_rate=0.2": `did you mean "economy.capture_rate"`,
		"economy.capture_rate":    "expected key=value",
		"run.ticks=abc":           "not an integer",
		"run.ticks=-5":            "out of range",
		"tasks.granularity=maybe": "not a boolean",
	} {
		s, _ := LoadBuiltin("commons")
		if err := s.SetAll([]string{in}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("SetAll(%q) = %v, want %q", in, err, want)
		}
	}
}

func TestSweepPoints(t *testing.T) {
	src := `
[sweep]
"economy.capture_rate" = [0.0, 0.5]
tasks.task_size_mean = { from = 1, to = 3, step = 1 }
`
	s, err := Parse("sw.toml", []byte(src), "")
	if err != nil {
		t.Fatal(err)
	}
	pts, err := s.Sweep.Points(1)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 6 {
		t.Fatalf("%d points, want 6", len(pts))
	}
	// Factors are sorted by key; the last varies fastest.
	if got := pts[1].Assign; got[0].Value != "0" || got[1].Value != "2" {
		t.Errorf("point 1 = %v", got)
	}
	at, err := s.At(pts[5])
	if err != nil {
		t.Fatal(err)
	}
	if at.Economy.CaptureRate != 0.5 || at.Tasks.TaskSizeMean != 3 {
		t.Errorf("At(point 5) = %g, %g", at.Economy.CaptureRate, at.Tasks.TaskSizeMean)
	}
	lhs, err := Parse("lhs.toml", []byte("[sweep]\ndesign = \"lhs\"\nsamples = 8\n\"economy.capture_rate\" = { min = 0, max = 1 }\n\"roles.governance\" = [\"flat\", \"meritocratic\"]\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := lhs.Sweep.Points(3)
	b, _ := lhs.Sweep.Points(3)
	if len(a) != 8 || a[4].Assign[0] != b[4].Assign[0] {
		t.Errorf("LHS not deterministic or wrong size: %v / %v", a, b)
	}
	// A Sobol' sweep: 8 points, one in each eighth of a continuous range
	// (the first 2^m points of a scrambled sequence are stratified).
	sob, err := Parse("sobol.toml", []byte("[sweep]\ndesign = \"sobol\"\nsamples = 8\n\"economy.capture_rate\" = { min = 0, max = 1 }\n\"tasks.modularity\" = { min = 0, max = 1 }\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	pts, err = sob.Sweep.Points(5)
	if err != nil || len(pts) != 8 {
		t.Fatalf("sobol points: %v, %v", pts, err)
	}
	seen := map[int]bool{}
	for _, pt := range pts {
		x, _ := strconv.ParseFloat(pt.Assign[0].Value, 64)
		seen[int(x*8)] = true
	}
	if len(seen) != 8 {
		t.Errorf("sobol points do not fill the 8 strata of the range: %v", pts)
	}
	if _, err := Parse("sobol.toml", []byte("[sweep]\ndesign = \"sobol\"\n\"economy.capture_rate\" = { min = 0, max = 1 }\n"), ""); err == nil {
		t.Error("a sobol sweep without samples was accepted")
	}
}

// DecodeError and KeyLine give other strict TOML files the messages of
// scenario files.
func TestDecodeErrorAndKeyLine(t *testing.T) {
	src := []byte("# targets\n[[target]]\nmetric = \"top1_share\"\n\n[[target]]\nmetric = \"active\"\nobsreved = 3\n")
	if got := KeyLine(src, toml.Key{"target", "obsreved"}); got != 7 {
		t.Errorf("KeyLine = %d, want 7", got)
	}
	var v struct {
		Target []struct {
			Metric string `toml:"metric"`
		} `toml:"target"`
	}
	_, err := toml.Decode("[[target]]\nmetric = 3\n", &v)
	if err == nil {
		t.Fatal("no decode error")
	}
	msg := DecodeError("targets", "t.toml", err).Error()
	if !strings.HasPrefix(msg, "targets t.toml:2") || !strings.Contains(msg, "metric") {
		t.Errorf("DecodeError = %q", msg)
	}
	_, err = toml.Decode("[[target]\n", &v)
	if msg := DecodeError("targets", "t.toml", err).Error(); !strings.HasPrefix(msg, "targets t.toml:") || !strings.Contains(msg, "malformed TOML") || strings.Contains(msg, "\n") {
		t.Errorf("DecodeError = %q", msg)
	}
}

func TestSuggest(t *testing.T) {
	if got := Suggest("capture_rat", Keys()); got != "economy.capture_rate" {
		t.Errorf("Suggest = %q", got)
	}
	if got := Suggest("zzzzzzzzzz", Keys()); got != "" {
		t.Errorf("Suggest(nonsense) = %q, want none", got)
	}
}

// docs/MODEL.md documents every parameter; a parameter added to the schema
// without its row fails here.
func TestModelDocListsEveryParameter(t *testing.T) {
	doc, err := os.ReadFile("../docs/MODEL.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Params() {
		if !strings.Contains(string(doc), "`"+p.Key+"`") {
			t.Errorf("docs/MODEL.md does not list `%s`", p.Key)
		}
	}
}

// The ecosystem's bounds are refused up front: more commons at the start
// than the run may hold, and more modules than a run can number.
func TestEcosystemBounds(t *testing.T) {
	for src, want := range map[string]string{
		"[ecosystem]\ncommons = 5\nmax_commons = 4\n":               "ecosystem.commons = 5 is more than ecosystem.max_commons = 4",
		"[ecosystem]\nmax_commons = 64\n[modules]\ncount = 20000\n": "is 1280000 modules, more than the 1048576 a run can number",
	} {
		_, err := Parse("eco.toml", []byte("extends = \"commons\"\nname = \"eco\"\n"+src), "")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", src, err, want)
		}
	}
	if _, err := Parse("eco.toml", []byte("extends = \"commons\"\nname = \"eco\"\n[ecosystem]\ncommons = 4\nmax_commons = 4\n"), ""); err != nil {
		t.Errorf("4 commons of at most 4: %v", err)
	}
}
