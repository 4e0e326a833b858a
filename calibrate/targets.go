package calibrate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"commonsim/scenarios"
)

// Level says where a target's metric is read.
type Level int

// The levels of a target.
const (
	RunLevel    Level = iota // a summary metric of runs.csv
	TickLevel                // a tick metric of timeseries.csv at one recorded tick
	WindowLevel              // a tick metric averaged over the recorded ticks of a window
)

// How an observed value relates to the model's runs.
const (
	// AsMean compares the observed value with the model's expected value:
	// the ensemble mean's own uncertainty, var/r, enters the implausibility.
	AsMean = "mean"
	// AsOneRun treats the observed value as one realisation, like one run
	// (one community): the run-to-run variance enters as well, var (1 + 1/r).
	AsOneRun = "one_run"
)

// Target is one observed figure to fit.
type Target struct {
	Name   string // unique within the file: the column prefix in calibration.csv
	Metric string
	Level  Level
	Tick   int // TickLevel
	From   int // WindowLevel: the first and last tick of the window
	To     int

	// A point target has an observed value and its standard deviation
	// (> 0); a range target (a stylised fact, "at least 0.75") has Min and
	// Max, one of them infinite for a one-sided range, and an optional SD
	// (>= 0) for the uncertainty of its bounds.
	Range    bool
	Observed float64
	SD       float64
	Min, Max float64

	Discrepancy float64 // model-discrepancy standard deviation, >= 0
	OneRun      bool    // observed as one realisation (AsOneRun)
	Source      string  // free text: where the figure comes from
	Where       string  // file:line of the target's [[target]] header, for messages
}

// Metrics are the names a target's metric may take: the summary metrics of
// runs.csv and the tick metrics of timeseries.csv (sim.SummaryMetrics and
// sim.TickMetrics for the reference model), with the unit of each where it
// has one (RunUnits[name], TickUnits[name]): the values of a metric in
// "share" or "0/1" must lie between 0 and 1.
type Metrics struct {
	Run, Tick           []string
	RunUnits, TickUnits map[string]string
}

// bounded returns the interval a metric's values lie in by its unit, and
// whether it has one.
func (m Metrics) bounded(name string, level Level) (lo, hi float64, unit string, ok bool) {
	unit = m.RunUnits[name]
	if level != RunLevel {
		unit = m.TickUnits[name]
	}
	if unit == "share" || unit == "0/1" {
		return 0, 1, unit, true
	}
	return 0, 0, unit, false
}

// Describe says what the target asks for, e.g. "top1_share = 0.55 ± 0.05",
// "active at tick 260 = 800 ± 80" or "gini_contribution >= 0.75".
func (t Target) Describe() string {
	what := t.Metric
	switch t.Level {
	case TickLevel:
		what += fmt.Sprintf(" at tick %d", t.Tick)
	case WindowLevel:
		what += fmt.Sprintf(" over ticks %d-%d", t.From, t.To)
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	switch {
	case !t.Range:
		return fmt.Sprintf("%s = %s ± %s", what, g(t.Observed), g(t.SD))
	case math.IsInf(t.Max, 1):
		return fmt.Sprintf("%s >= %s", what, g(t.Min))
	case math.IsInf(t.Min, -1):
		return fmt.Sprintf("%s <= %s", what, g(t.Max))
	}
	return fmt.Sprintf("%s in [%s, %s]", what, g(t.Min), g(t.Max))
}

// The keys of a targets file.
var (
	topKeys    = []string{"observed_as", "target"}
	targetKeys = []string{"name", "metric", "tick", "window", "observed", "sd", "at_least", "at_most", "discrepancy", "observed_as", "source"}
)

type targetsFile struct {
	ObservedAs string       `toml:"observed_as"`
	Target     []targetTOML `toml:"target"`
}

type targetTOML struct {
	Name        string   `toml:"name"`
	Metric      string   `toml:"metric"`
	Tick        *int     `toml:"tick"`
	Window      []int    `toml:"window"`
	Observed    *float64 `toml:"observed"`
	SD          *float64 `toml:"sd"`
	AtLeast     *float64 `toml:"at_least"`
	AtMost      *float64 `toml:"at_most"`
	Discrepancy *float64 `toml:"discrepancy"`
	ObservedAs  string   `toml:"observed_as"`
	Source      string   `toml:"source"`
}

// ParseTargets reads a targets file as strictly as a scenario file: a
// syntax error, a key it does not know (with the nearest valid key), a
// metric that is not in metrics (with the nearest name), a missing or
// non-positive sd and a range the wrong way round are one-line errors
// naming where, the line and the target. where names the file in messages.
//
//	observed_as = "mean"           # optional default: "mean" or "one_run"
//
//	[[target]]
//	name = "top1"                  # optional, default the metric (and tick)
//	metric = "top1_share"          # a summary metric of runs.csv ...
//	observed = 0.55                # ... observed with its standard deviation
//	sd = 0.05
//	discrepancy = 0.05             # optional model-discrepancy sd
//	source = "Suh et al. 2009"
//
//	[[target]]
//	metric = "active"              # a tick metric of timeseries.csv
//	tick = 260                     # at one tick, or window = [209, 260]
//	observed = 800
//	sd = 80
//
//	[[target]]
//	metric = "gini_contribution"
//	at_least = 0.75                # a stylised fact: at_least and/or at_most
func ParseTargets(where string, src []byte, metrics Metrics) ([]Target, error) {
	var f targetsFile
	md, err := toml.Decode(string(src), &f)
	if err != nil {
		return nil, scenarios.DecodeError("targets", where, err)
	}
	headers := targetHeaders(src)
	for _, k := range md.Undecoded() {
		return nil, unknownKey(where, src, headers, k)
	}
	if len(f.Target) == 0 {
		return nil, fmt.Errorf("targets %s: no [[target]] table: name at least one observed figure (see `commonsim calibrate --help`)", where)
	}
	defaultAs := f.ObservedAs
	if defaultAs == "" {
		defaultAs = AsMean
	}
	if defaultAs != AsMean && defaultAs != AsOneRun {
		return nil, fmt.Errorf("targets %s:%d: observed_as = %q: allowed: %q (compare with the model's mean) or %q (one realisation, like one run)",
			where, scenarios.KeyLine(src, toml.Key{"observed_as"}), f.ObservedAs, AsMean, AsOneRun)
	}
	var out []Target
	names := map[string]int{}
	for i, raw := range f.Target {
		header := 0
		if i < len(headers) {
			header = headers[i]
		}
		at := func(key string) string {
			line := header
			if l := keyLineIn(src, header, key); l > 0 {
				line = l
			}
			label := fmt.Sprintf("target %d", i+1)
			if raw.Name != "" {
				label = fmt.Sprintf("target %q", raw.Name)
			} else if raw.Metric != "" {
				label = fmt.Sprintf("target %d (%s)", i+1, raw.Metric)
			}
			return fmt.Sprintf("targets %s:%d: %s", where, line, label)
		}
		t, err := raw.resolve(at, metrics, defaultAs)
		if err != nil {
			return nil, err
		}
		t.Where = fmt.Sprintf("%s:%d", where, header)
		if j, dup := names[t.Name]; dup {
			return nil, fmt.Errorf("%s: name %q is also target %d's; give each target a distinct name = \"...\"", at("name"), t.Name, j+1)
		}
		names[t.Name] = i
		out = append(out, t)
	}
	return out, nil
}

func (raw targetTOML) resolve(at func(key string) string, metrics Metrics, defaultAs string) (Target, error) {
	t := Target{Metric: raw.Metric, Source: raw.Source, Name: raw.Name}
	if raw.Metric == "" {
		return t, fmt.Errorf("%s: no metric: name a summary metric of runs.csv or a tick metric of timeseries.csv (see docs/OUTPUTS.md)", at(""))
	}
	isRun, isTick := slices.Contains(metrics.Run, raw.Metric), slices.Contains(metrics.Tick, raw.Metric)
	if !isRun && !isTick {
		msg := fmt.Sprintf("%s: unknown metric %q", at("metric"), raw.Metric)
		if s := scenarios.Suggest(raw.Metric, append(slices.Clone(metrics.Run), metrics.Tick...)); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return t, errors.New(msg + " (the columns of runs.csv and timeseries.csv are listed in docs/OUTPUTS.md)")
	}
	switch {
	case raw.Tick != nil && raw.Window != nil:
		return t, fmt.Errorf("%s: give either tick or window, not both", at("window"))
	case raw.Tick != nil || raw.Window != nil:
		if !isTick {
			return t, fmt.Errorf("%s: metric %s is a summary metric of runs.csv, one value per run: drop tick and window", at("metric"), raw.Metric)
		}
		if raw.Tick != nil {
			t.Level, t.Tick = TickLevel, *raw.Tick
			if t.Tick < 1 {
				return t, fmt.Errorf("%s: tick = %d: ticks count from 1", at("tick"), t.Tick)
			}
			break
		}
		if len(raw.Window) != 2 || raw.Window[0] < 1 || raw.Window[0] > raw.Window[1] {
			return t, fmt.Errorf("%s: window = %v: expected [first, last] ticks, 1 <= first <= last", at("window"), raw.Window)
		}
		t.Level, t.From, t.To = WindowLevel, raw.Window[0], raw.Window[1]
	case !isRun:
		return t, fmt.Errorf("%s: metric %s is a tick metric of timeseries.csv: give tick = N (one tick) or window = [first, last] (its mean over those ticks)", at("metric"), raw.Metric)
	}
	num := func(key string, p *float64) (float64, error) {
		if math.IsNaN(*p) || math.IsInf(*p, 0) {
			return 0, fmt.Errorf("%s: %s = %g: must be a finite number", at(key), key, *p)
		}
		return *p, nil
	}
	var err error
	switch {
	case raw.Observed != nil && (raw.AtLeast != nil || raw.AtMost != nil):
		return t, fmt.Errorf("%s: give either observed (with sd) or a range (at_least, at_most), not both", at("observed"))
	case raw.Observed != nil:
		if t.Observed, err = num("observed", raw.Observed); err != nil {
			return t, err
		}
		if raw.SD == nil {
			return t, fmt.Errorf("%s: observed = %g has no sd: give its standard deviation (> 0), the uncertainty of the figure", at("observed"), t.Observed)
		}
	case raw.AtLeast != nil || raw.AtMost != nil:
		t.Range, t.Min, t.Max = true, math.Inf(-1), math.Inf(1)
		if raw.AtLeast != nil {
			if t.Min, err = num("at_least", raw.AtLeast); err != nil {
				return t, err
			}
		}
		if raw.AtMost != nil {
			if t.Max, err = num("at_most", raw.AtMost); err != nil {
				return t, err
			}
		}
		if t.Min > t.Max {
			return t, fmt.Errorf("%s: at_least = %g is above at_most = %g", at("at_most"), t.Min, t.Max)
		}
	default:
		return t, fmt.Errorf("%s: no observed value: give observed and sd, or a range with at_least and/or at_most", at(""))
	}
	if lo, hi, unit, ok := metrics.bounded(t.Metric, t.Level); ok {
		for _, v := range []struct {
			key string
			val *float64
		}{{"observed", raw.Observed}, {"at_least", raw.AtLeast}, {"at_most", raw.AtMost}} {
			if v.val != nil && (*v.val < lo || *v.val > hi) {
				return t, fmt.Errorf("%s: %s = %g is out of range: %s is a %s, from %g to %g", at(v.key), v.key, *v.val, t.Metric, unit, lo, hi)
			}
		}
	}
	if raw.SD != nil {
		if t.SD, err = num("sd", raw.SD); err != nil {
			return t, err
		}
		if t.SD <= 0 {
			return t, fmt.Errorf("%s: sd = %g: must be > 0 (the standard deviation of the observed figure; a figure known exactly still needs a small one)", at("sd"), t.SD)
		}
	}
	if raw.Discrepancy != nil {
		if t.Discrepancy, err = num("discrepancy", raw.Discrepancy); err != nil {
			return t, err
		}
		if t.Discrepancy < 0 {
			return t, fmt.Errorf("%s: discrepancy = %g: must be >= 0 (a standard deviation)", at("discrepancy"), t.Discrepancy)
		}
	}
	as := raw.ObservedAs
	if as == "" {
		as = defaultAs
	}
	if as != AsMean && as != AsOneRun {
		return t, fmt.Errorf("%s: observed_as = %q: allowed: %q or %q", at("observed_as"), as, AsMean, AsOneRun)
	}
	t.OneRun = as == AsOneRun
	if t.Name == "" {
		switch t.Level {
		case RunLevel:
			t.Name = t.Metric
		case TickLevel:
			t.Name = fmt.Sprintf("%s_%d", t.Metric, t.Tick)
		case WindowLevel:
			t.Name = fmt.Sprintf("%s_%d_%d", t.Metric, t.From, t.To)
		}
	}
	if !validName(t.Name) {
		return t, fmt.Errorf("%s: name = %q: use lower-case letters, digits and _ (it names columns of calibration.csv)", at("name"), t.Name)
	}
	return t, nil
}

func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// CheckRun checks the tick and window targets against a run of ticks ticks
// recording a row every recordEvery ticks (and at the last tick): a tick
// must be recorded, a window must hold at least one recorded tick.
func CheckRun(targets []Target, ticks, recordEvery int) error {
	recorded := func(k int) bool { return k == ticks || k%recordEvery == 0 }
	for _, t := range targets {
		switch t.Level {
		case TickLevel:
			if t.Tick > ticks {
				return fmt.Errorf("targets %s: target %q: tick %d is after the last tick (run.ticks = %d)", t.Where, t.Name, t.Tick, ticks)
			}
			if !recorded(t.Tick) {
				return fmt.Errorf("targets %s: target %q: tick %d is not recorded (run.record_every = %d): use a multiple of %d or the last tick, %d",
					t.Where, t.Name, t.Tick, recordEvery, recordEvery, ticks)
			}
		case WindowLevel:
			if t.From > ticks {
				return fmt.Errorf("targets %s: target %q: window [%d, %d] starts after the last tick (run.ticks = %d)", t.Where, t.Name, t.From, t.To, ticks)
			}
			any := false
			for k := t.From; k <= min(t.To, ticks) && !any; k++ {
				any = recorded(k)
			}
			if !any {
				return fmt.Errorf("targets %s: target %q: window [%d, %d] holds no recorded tick (run.record_every = %d)", t.Where, t.Name, t.From, t.To, recordEvery)
			}
		}
	}
	return nil
}

// targetHeaders returns the line (from 1) of each [[target]] header, in
// order.
func targetHeaders(src []byte) []int {
	var out []int
	for i, raw := range strings.Split(string(src), "\n") {
		line := strings.TrimSpace(raw)
		if strings.HasPrefix(line, "[[") {
			end := strings.Index(line, "]]")
			if end > 0 && strings.Trim(strings.TrimSpace(line[2:end]), `"'`) == "target" {
				out = append(out, i+1)
			}
		}
	}
	return out
}

// keyLineIn returns the line of key inside the table that starts at line
// header (up to the next table header), or 0.
func keyLineIn(src []byte, header int, key string) int {
	if key == "" || header <= 0 {
		return 0
	}
	lines := strings.Split(string(src), "\n")
	for i := header; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if strings.HasPrefix(line, "[") {
			break
		}
		if k, _, ok := strings.Cut(line, "="); ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return i + 1
		}
	}
	return 0
}

// unknownKey reports a key a targets file does not have, with its line and
// the nearest valid key.
func unknownKey(where string, src []byte, headers []int, k toml.Key) error {
	if k[0] == "target" && len(k) > 1 {
		key := strings.Join(k[1:], ".")
		line := 0
		for i, h := range headers {
			if l := keyLineIn(src, h, k[1]); l > 0 {
				line = l
				key = fmt.Sprintf("%s (in target %d)", key, i+1)
				break
			}
		}
		msg := fmt.Sprintf("targets %s:%d: unknown key %s", where, line, key)
		if s := scenarios.Suggest(k[1], targetKeys); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return errors.New(msg)
	}
	msg := fmt.Sprintf("targets %s:%d: unknown table or key %q", where, scenarios.KeyLine(src, k[:1]), k[0])
	if s := scenarios.Suggest(k[0], topKeys); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return errors.New(msg + " (a targets file has observed_as and [[target]] tables)")
}
