package calibrate

import (
	"math"
	"strings"
	"testing"
)

var testMetrics = Metrics{
	Run:       []string{"final_active", "top1_share", "gini_contribution", "retention_52", "bus_factor", "collapse_tick"},
	Tick:      []string{"active", "top1_share", "value"},
	RunUnits:  map[string]string{"final_active": "contributors", "top1_share": "share", "retention_52": "share"},
	TickUnits: map[string]string{"active": "contributors", "top1_share": "share"},
}

func TestParseTargets(t *testing.T) {
	src := `# a community's figures
observed_as = "one_run"

[[target]]
name = "top1"
metric = "top1_share"
observed = 0.55
sd = 0.05
discrepancy = 0.1
source = "Suh et al. 2009"

[[target]]
metric = "active"
tick = 260
observed = 800
sd = 80
observed_as = "mean"

[[target]]
metric = "active"
window = [209, 260]
observed = 790
sd = 100

[[target]]
metric = "gini_contribution"
at_least = 0.75

[[target]]
metric = "top1_share"
tick = 52
at_least = 0.1
at_most = 0.6
sd = 0.01
`
	ts, err := ParseTargets("t.toml", []byte(src), testMetrics)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 5 {
		t.Fatalf("%d targets", len(ts))
	}
	top, tick, win, gini, rng := ts[0], ts[1], ts[2], ts[3], ts[4]
	if top.Name != "top1" || top.Level != RunLevel || top.Observed != 0.55 || top.SD != 0.05 || top.Discrepancy != 0.1 || !top.OneRun || top.Source != "Suh et al. 2009" || top.Where != "t.toml:4" {
		t.Errorf("top1: %+v", top)
	}
	if tick.Name != "active_260" || tick.Level != TickLevel || tick.Tick != 260 || tick.OneRun || tick.Observed != 800 {
		t.Errorf("tick target: %+v", tick)
	}
	if win.Name != "active_209_260" || win.Level != WindowLevel || win.From != 209 || win.To != 260 || !win.OneRun {
		t.Errorf("window target: %+v", win)
	}
	if gini.Name != "gini_contribution" || !gini.Range || gini.Min != 0.75 || !math.IsInf(gini.Max, 1) || gini.SD != 0 {
		t.Errorf("range target: %+v", gini)
	}
	if rng.Name != "top1_share_52" || rng.Level != TickLevel || !rng.Range || rng.Min != 0.1 || rng.Max != 0.6 || rng.SD != 0.01 {
		t.Errorf("two-sided range: %+v", rng)
	}
	for tg, want := range map[Target]string{top: "top1_share = 0.55 ± 0.05", tick: "active at tick 260 = 800 ± 80", win: "active over ticks 209-260 = 790 ± 100",
		gini: "gini_contribution >= 0.75", rng: "top1_share at tick 52 in [0.1, 0.6]"} {
		if got := tg.Describe(); got != want {
			t.Errorf("Describe = %q, want %q", got, want)
		}
	}
}

// Each bad file gets a one-line error naming the file, the line and what to
// do.
func TestParseTargetsErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"syntax", "[[target]\nmetric = 1\n", "targets t.toml:"},
		{"wrong type", "[[target]]\nmetric = \"top1_share\"\nobserved = \"high\"\nsd = 1\n", "targets t.toml:3"},
		{"misspelled key", "[[target]]\nmetric = \"top1_share\"\nobsreved = 0.5\nsd = 0.1\n", `targets t.toml:3: unknown key obsreved (in target 1); did you mean "observed"?`},
		{"misspelled table", "[[targets]]\nmetric = \"top1_share\"\n", `targets t.toml:1: unknown table or key "targets"; did you mean "target"?`},
		{"no targets", "# nothing\n", "no [[target]] table"},
		{"unknown metric", "[[target]]\nmetric = \"top_share\"\nobserved = 0.5\nsd = 0.1\n", `targets t.toml:2: target 1 (top_share): unknown metric "top_share"; did you mean "top1_share"?`},
		{"no metric", "[[target]]\nobserved = 0.5\nsd = 0.1\n", "targets t.toml:1: target 1: no metric"},
		{"tick metric without tick", "[[target]]\nmetric = \"active\"\nobserved = 5\nsd = 1\n", "targets t.toml:2: target 1 (active): metric active is a tick metric of timeseries.csv: give tick = N"},
		{"run metric with tick", "[[target]]\nmetric = \"final_active\"\ntick = 5\nobserved = 5\nsd = 1\n", "metric final_active is a summary metric of runs.csv, one value per run: drop tick"},
		{"tick and window", "[[target]]\nmetric = \"active\"\ntick = 5\nwindow = [1, 5]\nobserved = 5\nsd = 1\n", "targets t.toml:4: target 1 (active): give either tick or window"},
		{"tick 0", "[[target]]\nmetric = \"active\"\ntick = 0\nobserved = 5\nsd = 1\n", "targets t.toml:3: target 1 (active): tick = 0: ticks count from 1"},
		{"bad window", "[[target]]\nmetric = \"active\"\nwindow = [9, 5]\nobserved = 5\nsd = 1\n", "window = [9 5]: expected [first, last]"},
		{"zero sd", "[[target]]\nmetric = \"top1_share\"\nobserved = 0.5\nsd = 0\n", "targets t.toml:4: target 1 (top1_share): sd = 0: must be > 0"},
		{"negative sd", "[[target]]\nname = \"t\"\nmetric = \"top1_share\"\nobserved = 0.5\nsd = -0.1\n", `targets t.toml:5: target "t": sd = -0.1: must be > 0`},
		{"no sd", "[[target]]\nmetric = \"top1_share\"\nobserved = 0.5\n", "observed = 0.5 has no sd"},
		{"no value", "[[target]]\nmetric = \"top1_share\"\nsd = 0.5\n", "no observed value: give observed and sd, or a range"},
		{"value and range", "[[target]]\nmetric = \"top1_share\"\nobserved = 0.5\nsd = 0.1\nat_least = 0.2\n", "give either observed (with sd) or a range"},
		{"range reversed", "[[target]]\nmetric = \"top1_share\"\nat_least = 0.5\nat_most = 0.2\n", "targets t.toml:4: target 1 (top1_share): at_least = 0.5 is above at_most = 0.2"},
		{"nan", "[[target]]\nmetric = \"top1_share\"\nobserved = nan\nsd = 0.1\n", "observed = NaN: must be a finite number"},
		{"negative discrepancy", "[[target]]\nmetric = \"top1_share\"\nobserved = 0.5\nsd = 0.1\ndiscrepancy = -1\n", "discrepancy = -1: must be >= 0"},
		{"bad observed_as", "observed_as = \"once\"\n[[target]]\nmetric = \"top1_share\"\nobserved = 0.5\nsd = 0.1\n", `targets t.toml:1: observed_as = "once": allowed`},
		{"duplicate name", "[[target]]\nmetric = \"top1_share\"\nobserved = 0.5\nsd = 0.1\n[[target]]\nmetric = \"top1_share\"\nat_least = 0.3\n", `targets t.toml:5: target 2 (top1_share): name "top1_share" is also target 1's`},
		{"bad name", "[[target]]\nname = \"Top 1\"\nmetric = \"top1_share\"\nobserved = 0.5\nsd = 0.1\n", `name = "Top 1": use lower-case letters`},
		{"share above 1", "[[target]]\nmetric = \"top1_share\"\nobserved = 55\nsd = 5\n", "targets t.toml:3: target 1 (top1_share): observed = 55 is out of range: top1_share is a share, from 0 to 1"},
		{"share range below 0", "[[target]]\nmetric = \"top1_share\"\ntick = 5\nat_least = -0.1\n", "at_least = -0.1 is out of range: top1_share is a share"},
	}
	for _, c := range cases {
		_, err := ParseTargets("t.toml", []byte(c.src), testMetrics)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %q, want it to contain %q (one line)", c.name, err, c.want)
		}
	}
}

func TestCheckRun(t *testing.T) {
	ts, err := ParseTargets("t.toml", []byte("[[target]]\nmetric = \"active\"\ntick = 52\nobserved = 5\nsd = 1\n[[target]]\nmetric = \"value\"\nwindow = [51, 55]\nobserved = 5\nsd = 1\n"), testMetrics)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckRun(ts, 260, 1); err != nil {
		t.Errorf("recorded ticks refused: %v", err)
	}
	if err := CheckRun(ts, 260, 5); err == nil || !strings.Contains(err.Error(), "targets t.toml:1: target \"active_52\": tick 52 is not recorded (run.record_every = 5)") {
		t.Errorf("unrecorded tick: %v", err)
	}
	if err := CheckRun(ts, 40, 1); err == nil || !strings.Contains(err.Error(), "tick 52 is after the last tick (run.ticks = 40)") {
		t.Errorf("tick after the end: %v", err)
	}
	if err := CheckRun(ts[1:], 260, 10); err == nil || !strings.Contains(err.Error(), "holds no recorded tick") {
		t.Errorf("empty window: %v", err)
	}
	if err := CheckRun(ts[1:], 52, 100); err != nil {
		t.Errorf("a window holding the last tick refused: %v", err)
	}
}
