package scenarios

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"commonsim/design"
)

// The designs a sweep can use.
const (
	Factorial = "factorial" // every combination of the listed values
	LHS       = "lhs"       // Latin hypercube sample of `samples` points
	Morris    = "morris"    // Morris elementary effects, `samples` trajectories
	Saltelli  = "saltelli"  // Saltelli design for Sobol indices, `samples` base points
	Sobol     = "sobol"     // the first `samples` points of a scrambled Sobol' sequence
)

var designs = []string{Factorial, LHS, Morris, Saltelli, Sobol}

// Sweep is the [sweep] table of a scenario file:
//
//	[sweep]
//	design = "factorial"                  # factorial | lhs | morris | saltelli | sobol
//	samples = 64                          # lhs, sobol: points; morris: trajectories; saltelli: base points
//	levels = 4                            # morris: grid levels (even)
//	"economy.capture_rate" = [0.0, 0.5, 0.9]            # a list of values
//	"tasks.task_size_mean" = { from = 1, to = 9, step = 2 }  # a range with a step
//	"economy.reinvest" = { min = 0, max = 1 }           # a continuous range (sampled designs)
//	"roles.governance" = ["flat", "meritocratic"]      # strings too
//
// A result set's manifest stores the sweep as it is (the JSON fields below),
// so that its points, and the plan of a morris or saltelli design, can be
// made again from the manifest alone (Plan).
type Sweep struct {
	Design  string   `json:"design"`
	Samples int      `json:"samples,omitempty"`
	Levels  int      `json:"levels,omitempty"`
	Factors []Factor `json:"factors"` // sorted by key, so expansion never depends on map order
}

// Factor is one swept parameter: either a list of values (as TOML text) or a
// continuous range for the sampled designs.
type Factor struct {
	Key        string   `json:"key"`
	Values     []string `json:"values,omitempty"`
	Min        float64  `json:"min,omitempty"`
	Max        float64  `json:"max,omitempty"`
	Continuous bool     `json:"continuous,omitempty"`
}

// Empty reports whether the sweep varies nothing.
func (w Sweep) Empty() bool { return len(w.Factors) == 0 }

// decodeSweep reads the [sweep] table. Keys may be quoted dotted keys
// ("economy.capture_rate") or nested tables (economy.capture_rate = ...,
// [sweep.economy]); the same parameter given both ways is an error naming
// both lines, never a silent choice of one.
func decodeSweep(where string, src []byte) (Sweep, error) {
	var doc struct {
		Sweep map[string]any `toml:"sweep"`
	}
	if _, err := toml.Decode(string(src), &doc); err != nil {
		return Sweep{}, tomlError(where, src, err)
	}
	w := Sweep{Design: Factorial}
	flat := map[string]any{}
	spelled := map[string]string{}
	if err := flatten(where, src, nil, doc.Sweep, flat, spelled); err != nil {
		return w, err
	}
	for _, key := range slices.Sorted(maps.Keys(flat)) {
		v := flat[key]
		line := sweepKeyLines(src, key)[0]
		at := fmt.Sprintf("scenario %s:%d: [sweep] %s", where, line, key)
		switch key {
		case "design":
			s, ok := v.(string)
			if !ok || !slices.Contains(designs, s) {
				return w, fmt.Errorf("%s = %s: allowed: %s", at, tomlText(v), strings.Join(designs, ", "))
			}
			w.Design = s
			continue
		case "samples", "levels":
			n, ok := v.(int64)
			if !ok || n < 0 || n > MaxSamples {
				return w, fmt.Errorf("%s = %s: must be a whole number from 0 to %d", at, tomlText(v), MaxSamples)
			}
			if key == "samples" {
				w.Samples = int(n)
			} else {
				w.Levels = int(n)
			}
			continue
		}
		f, err := parseFactor(key, v)
		if err != nil {
			return w, keyError(fmt.Sprintf("%s: %v", at, err), key)
		}
		w.Factors = append(w.Factors, f)
	}
	return w, nil
}

// keyError is msg, about the sweep key key, with the nearest parameter
// key suggested when key is not one.
func keyError(msg, key string) error {
	if _, ok := Lookup(key); !ok {
		if s := Suggest(key, Keys()); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
	}
	return errors.New(msg)
}

// flatten puts the leaves of the [sweep] table m into out under their
// dotted keys, visiting keys in sorted order. spelled records how each key
// was written; a key reached twice (a quoted dotted key and a nested table)
// is an error naming both spellings and their lines.
func flatten(where string, src []byte, path []string, m map[string]any, out map[string]any, spelled map[string]string) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		p := append(slices.Clone(path), k)
		if sub, ok := v.(map[string]any); ok && !isRangeSpec(sub) {
			if err := flatten(where, src, p, sub, out, spelled); err != nil {
				return err
			}
			continue
		}
		key := strings.Join(p, ".")
		spelling := toml.Key(p).String() + " (one quoted key)"
		if len(p) > 1 {
			spelling = toml.Key(p).String() + " (nested tables or a dotted key)"
		}
		if prev, dup := spelled[key]; dup {
			lines := sweepKeyLines(src, key)
			where := fmt.Sprintf("scenario %s:%d", where, lines[len(lines)-1])
			return fmt.Errorf("%s: [sweep] %s is given twice, as %s and as %s (lines %s); keep one of them", where, key, prev, spelling, joinLines(lines))
		}
		spelled[key] = spelling
		out[key] = v
	}
	return nil
}

// sweepKeyLines returns the lines where the [sweep] key key (dotted) is set,
// however it is spelled; [0] when it cannot tell.
func sweepKeyLines(src []byte, key string) []int {
	var lines []int
	table := ""
	want := "sweep." + key
	for i, raw := range strings.Split(string(src), "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			if end := strings.IndexByte(line, ']'); end > 0 {
				table = normaliseKey(strings.Trim(line[:end], "[ "))
			}
			continue
		}
		eq := strings.IndexByte(line, '=')
		if eq < 0 {
			continue
		}
		full := normaliseKey(line[:eq])
		if table != "" {
			full = table + "." + full
		}
		if full == want {
			lines = append(lines, i+1)
		}
	}
	if len(lines) == 0 {
		return []int{0}
	}
	return lines
}

func joinLines(lines []int) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = strconv.Itoa(l)
	}
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// isRangeSpec reports whether m is a range table ({from, to, step} or {min,
// max}); the answer does not depend on the order m's keys are visited in.
func isRangeSpec(m map[string]any) bool {
	for k := range m {
		switch k {
		case "from", "to", "step", "min", "max":
		default:
			return false
		}
	}
	return len(m) > 0
}

// tomlText writes a decoded TOML value the way it is written in a file,
// for messages: strings quoted, lists in brackets, tables as {...}.
func tomlText(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = tomlText(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		return "a table"
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// tomlKind names the TOML type of a decoded value, for messages.
func tomlKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return "a date or time"
}

// ParseFactor reads a --sweep command-line value: "a,b,c" (a list),
// "from:to:step" (a range with a step) or "min..max" (a continuous range).
func ParseFactor(key, text string) (Factor, error) {
	f, err := parseFactorText(key, text)
	return f, oneLine(err)
}

func parseFactorText(key, text string) (Factor, error) {
	switch {
	case strings.Contains(text, ".."):
		lo, hi, _ := strings.Cut(text, "..")
		return parseFactor(key, map[string]any{"min": numOrText(lo), "max": numOrText(hi)})
	case strings.Count(text, ":") == 2:
		parts := strings.Split(text, ":")
		return parseFactor(key, map[string]any{"from": numOrText(parts[0]), "to": numOrText(parts[1]), "step": numOrText(parts[2])})
	default:
		var list []any
		for _, s := range strings.Split(text, ",") {
			list = append(list, strings.TrimSpace(s))
		}
		return parseFactor(key, list)
	}
}

func numOrText(s string) any {
	if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
		return f
	}
	return s
}

func parseFactor(key string, v any) (Factor, error) {
	p, ok := Lookup(key)
	if !ok {
		return Factor{}, fmt.Errorf("unknown parameter")
	}
	if key == "name" || key == "description" || key == "extends" || strings.HasPrefix(key, "run.") && key != "run.ticks" {
		return Factor{}, fmt.Errorf("cannot be swept")
	}
	f := Factor{Key: key}
	var probe Scenario
	switch v := v.(type) {
	case []any:
		if len(v) == 0 {
			return f, fmt.Errorf("empty list")
		}
		for _, x := range v {
			switch x.(type) {
			case []any, map[string]any:
				return f, fmt.Errorf("the list holds %s (%s); list the values themselves, e.g. [0.1, 0.5]", tomlKind(x), tomlText(x))
			}
			text := fmt.Sprint(x)
			if fl, ok := x.(float64); ok {
				text = strconv.FormatFloat(fl, 'g', -1, 64)
			}
			if err := p.Set(&probe, text); err != nil {
				return f, err
			}
			f.Values = append(f.Values, p.Get(&probe))
		}
	case map[string]any:
		num := func(name string) (float64, bool, error) {
			x, ok := v[name]
			if !ok {
				return 0, false, nil
			}
			switch x := x.(type) {
			case int64:
				return float64(x), true, nil
			case float64:
				return x, true, nil
			}
			return 0, false, fmt.Errorf("%s = %s is not a number", name, tomlText(x))
		}
		if p.Kind != Int && p.Kind != Float {
			return f, fmt.Errorf("a range needs a numeric parameter; list the values of this %s parameter", p.Kind)
		}
		from, hasFrom, err1 := num("from")
		to, hasTo, err2 := num("to")
		step, hasStep, err3 := num("step")
		lo, hasMin, err4 := num("min")
		hi, hasMax, err5 := num("max")
		if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
			return f, err
		}
		switch {
		case hasFrom && hasTo && hasStep:
			if math.IsNaN(from+to+step) || math.IsInf(from, 0) || math.IsInf(to, 0) || math.IsInf(step, 0) {
				return f, fmt.Errorf("range needs finite numbers for from, to and step")
			}
			if step <= 0 || to < from {
				return f, fmt.Errorf("range needs from <= to and step > 0")
			}
			// Compare before converting: a tiny step gives more values than
			// an int holds.
			if span := (to - from) / step; !(span < 100000) {
				return f, fmt.Errorf("range from %g to %g by %g has more than 100000 values", from, to, step)
			}
			n := int(math.Floor((to-from)/step+1e-9)) + 1
			for i := range n {
				x := from + float64(i)*step
				// Round away binary noise so 0.1 steps print as 0.3, not 0.30000000000000004.
				x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
				text := strconv.FormatFloat(x, 'g', -1, 64)
				if err := p.Set(&probe, text); err != nil {
					return f, err
				}
				f.Values = append(f.Values, p.Get(&probe))
			}
		case hasMin && hasMax:
			if hi < lo {
				return f, fmt.Errorf("range needs min <= max")
			}
			for _, x := range []float64{lo, hi} {
				if err := p.checkNumber(x, strconv.FormatFloat(x, 'g', -1, 64)); err != nil {
					return f, err
				}
			}
			f.Min, f.Max, f.Continuous = lo, hi, true
		default:
			return f, fmt.Errorf("a range is {from, to, step} or {min, max}")
		}
	default:
		return f, fmt.Errorf("expected a list of values or a range table, got %s %s", tomlKind(v), tomlText(v))
	}
	return f, nil
}

func (w Sweep) validate() error {
	if w.Empty() {
		return nil
	}
	// A sweep read from a manifest has not been through parseFactor.
	for _, f := range w.Factors {
		if _, ok := Lookup(f.Key); !ok {
			return fmt.Errorf("sweep: %q is not a parameter", f.Key)
		}
		if !f.Continuous && len(f.Values) == 0 {
			return fmt.Errorf("sweep: %s has no values", f.Key)
		}
	}
	switch w.Design {
	case Factorial:
		for _, f := range w.Factors {
			if f.Continuous {
				return fmt.Errorf("sweep: %s is a continuous range {min, max}; the factorial design needs a list or {from, to, step}", f.Key)
			}
		}
	case LHS, Morris, Saltelli, Sobol:
		if w.Samples < 1 {
			return fmt.Errorf("sweep: design %q needs samples >= 1", w.Design)
		}
		if w.Design == Sobol && len(w.Factors) > design.MaxSobolDim {
			return fmt.Errorf("sweep: design sobol has at most %d factors, got %d (use lhs)", design.MaxSobolDim, len(w.Factors))
		}
		if w.Design == Morris && (w.Levels < 2 || w.Levels%2 != 0) {
			return fmt.Errorf("sweep: design morris needs an even levels >= 2, got %d", w.Levels)
		}
	default:
		return fmt.Errorf("sweep: design = %q: allowed: %s", w.Design, strings.Join(designs, ", "))
	}
	return nil
}

// Limits of a sweep, checked by Size before any point is made: a sweep
// over them would not fit in memory, nor its manifest on disk. They are
// hard limits (--force does not lift them).
const (
	// MaxSamples bounds samples and levels (the [sweep] keys and
	// --samples).
	MaxSamples = 1_000_000
	// MaxPoints bounds the sweep points of one scenario.
	MaxPoints = 1_000_000
	// MaxSweepValues bounds the points times the swept parameters of one
	// scenario: the values its manifest lists (about 100 bytes each).
	MaxSweepValues = 10_000_000
)

// Size returns the number of points the sweep expands to, without making
// them. A sweep beyond MaxSamples, MaxPoints or MaxSweepValues is an error
// that names the limit.
func (w Sweep) Size() (int, error) {
	if w.Empty() {
		return 1, nil
	}
	k := len(w.Factors)
	var n float64 // exact below 2^53, and the limits are far below
	switch w.Design {
	case Factorial:
		n = 1
		for _, f := range w.Factors {
			n *= float64(len(f.Values))
		}
	case LHS, Morris, Saltelli, Sobol:
		if w.Samples < 1 || w.Samples > MaxSamples {
			return 0, fmt.Errorf("sweep: samples = %d: must be from 1 to %d", w.Samples, MaxSamples)
		}
		if w.Levels < 0 || w.Levels > MaxSamples {
			return 0, fmt.Errorf("sweep: levels = %d: must be from 0 to %d", w.Levels, MaxSamples)
		}
		n = float64(w.Samples)
		switch w.Design {
		case Morris:
			n *= float64(k + 1)
		case Saltelli:
			n *= float64(k + 2)
		}
	default:
		return 0, fmt.Errorf("sweep: design = %q: allowed: %s", w.Design, strings.Join(designs, ", "))
	}
	switch {
	case n > MaxPoints:
		return 0, fmt.Errorf("sweep: %s has %s points; the most is %s points per scenario: sweep fewer values or samples, or split the sweep over several scenarios or batches", w.describe(), Count(n), Count(MaxPoints))
	case n*float64(k) > MaxSweepValues:
		return 0, fmt.Errorf("sweep: %s has %s points of %d parameters; the most is %s values (points x parameters) per scenario: sweep fewer parameters or points", w.describe(), Count(n), k, Count(MaxSweepValues))
	}
	return int(n), nil
}

// describe names the sweep's design and size in words.
func (w Sweep) describe() string {
	switch w.Design {
	case Factorial:
		parts := make([]string, len(w.Factors))
		for i, f := range w.Factors {
			parts[i] = strconv.Itoa(len(f.Values))
		}
		return fmt.Sprintf("the factorial design of %s values", strings.Join(parts, " x "))
	case LHS, Sobol:
		return fmt.Sprintf("the %s design of %d samples", w.Design, w.Samples)
	case Morris:
		return fmt.Sprintf("the morris design of %d trajectories of %d parameters", w.Samples, len(w.Factors))
	}
	return fmt.Sprintf("the saltelli design of %d base samples of %d parameters", w.Samples, len(w.Factors))
}

// Count writes a count with thousands separators: 1,000,000.
func Count(n float64) string {
	if n >= 1e15 || n != math.Trunc(n) {
		return strconv.FormatFloat(n, 'g', 4, 64)
	}
	s := strconv.FormatInt(int64(n), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Assignment is one parameter set at a sweep point.
type Assignment struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Point is one point of a sweep: an index and the values it sets.
type Point struct {
	Index  int
	Assign []Assignment
}

// Plan is a sweep made for one seed: its points, in order, and for the
// morris and saltelli designs the design's plan in unit coordinates
// (trajectories and steps, or the Saltelli matrices), from which the
// sensitivity indices of the runs' results are computed.
type Plan struct {
	Points   []Point
	Morris   *design.MorrisPlan   // design morris
	Saltelli *design.SaltelliPlan // design saltelli
}

// planStream is the random stream the sampled designs draw from, derived
// from the scenario's seed.
const planStream = 0x5eed_de51

// Plan makes the sweep's points for a scenario's seed, in a fixed order. A
// scenario without a sweep has one point that sets nothing. Sampled designs
// draw from a stream derived from seed, so the same file and seed give the
// same points, and the plan made again from a manifest's sweep and seed is
// the one its runs were made from.
func (w Sweep) Plan(seed uint64) (*Plan, error) {
	if w.Empty() {
		return &Plan{Points: []Point{{Index: 0}}}, nil
	}
	if _, err := w.Size(); err != nil {
		return nil, err
	}
	if err := w.validate(); err != nil {
		return nil, err
	}
	plan := &Plan{}
	var rows [][]string
	switch w.Design {
	case Factorial:
		levels := make([]int, len(w.Factors))
		for i, f := range w.Factors {
			levels[i] = len(f.Values)
		}
		for _, idx := range design.Factorial(levels) {
			row := make([]string, len(idx))
			for i, j := range idx {
				row[i] = w.Factors[i].Values[j]
			}
			rows = append(rows, row)
		}
	default:
		rng := rand.New(rand.NewPCG(seed, planStream))
		var unit [][]float64
		switch w.Design {
		case LHS:
			unit = design.LatinHypercube(w.Samples, len(w.Factors), rng)
		case Morris:
			p := design.Morris(w.Samples, len(w.Factors), w.Levels, rng)
			plan.Morris, unit = &p, p.Points
		case Saltelli:
			p := design.Saltelli(w.Samples, len(w.Factors), rng)
			plan.Saltelli, unit = &p, p.Points
		case Sobol:
			var err error
			if unit, err = design.SobolSequence(w.Samples, len(w.Factors), rng); err != nil {
				return nil, err
			}
		}
		for _, u := range unit {
			row := make([]string, len(u))
			for i, x := range u {
				row[i] = w.Factors[i].valueAt(x)
			}
			rows = append(rows, row)
		}
	}
	plan.Points = make([]Point, len(rows))
	for i, row := range rows {
		plan.Points[i].Index = i
		for j, v := range row {
			plan.Points[i].Assign = append(plan.Points[i].Assign, Assignment{Key: w.Factors[j].Key, Value: v})
		}
	}
	return plan, nil
}

// Points returns the points of the sweep's Plan for seed.
func (w Sweep) Points(seed uint64) ([]Point, error) {
	p, err := w.Plan(seed)
	if err != nil {
		return nil, err
	}
	return p.Points, nil
}

// ApplySweeps changes the scenario's sweep as a batch's command line asks:
// each of specs ("key=a,b,c", "key=from:to:step" or "key=min..max", see
// ParseFactor) adds a factor or replaces the factor of the same key (the
// factors stay sorted by key, and a sweep that had none gets the factorial
// design); design, unless "", sets the design and samples, unless 0, the
// samples; a morris sweep without levels gets 4. The scenario is then
// validated. Errors name the flag (--sweep, --samples) and suggest a key
// for a misspelt one.
func (s *Scenario) ApplySweeps(specs []string, design string, samples int) error {
	for _, spec := range specs {
		key, text, ok := strings.Cut(spec, "=")
		if !ok {
			return fmt.Errorf("--sweep %q: expected key=values (a,b,c), key=from:to:step or key=min..max", spec)
		}
		key = strings.TrimSpace(key)
		f, err := ParseFactor(key, text)
		if err != nil {
			return keyError(fmt.Sprintf("--sweep %s: %v", spec, err), key)
		}
		replaced := false
		for i := range s.Sweep.Factors {
			if s.Sweep.Factors[i].Key == f.Key {
				s.Sweep.Factors[i], replaced = f, true
			}
		}
		if !replaced {
			s.Sweep.Factors = append(s.Sweep.Factors, f)
		}
	}
	if len(specs) > 0 {
		slices.SortFunc(s.Sweep.Factors, func(a, b Factor) int { return strings.Compare(a.Key, b.Key) })
		if s.Sweep.Design == "" {
			s.Sweep.Design = Factorial
		}
	}
	if design != "" {
		s.Sweep.Design = design
	}
	switch {
	case samples < 0 || samples > MaxSamples:
		return fmt.Errorf("--samples %d: must be from 1 to %d", samples, MaxSamples)
	case samples > 0:
		s.Sweep.Samples = samples
	}
	if s.Sweep.Design == Morris && s.Sweep.Levels == 0 {
		s.Sweep.Levels = 4
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	return nil
}

// CheckSets refuses a --set (key=value) on a key the scenario sweeps,
// either in its file's [sweep] table or by one of sweeps (--sweep
// key=spec): the sweep gives the key its value at every point, so the --set
// would be silently ignored. Call it after SetAll and before ApplySweeps.
func (s *Scenario) CheckSets(sets, sweeps []string) error {
	for _, a := range sets {
		key, value, _ := strings.Cut(a, "=")
		key = strings.TrimSpace(key)
		for _, sw := range sweeps {
			if k, _, _ := strings.Cut(sw, "="); strings.TrimSpace(k) == key {
				return fmt.Errorf("--set %s and --sweep %s both give %s: the sweep's values would replace the --set at every point; drop one of them", a, sw, key)
			}
		}
		for _, f := range s.Sweep.Factors {
			if f.Key == key {
				return fmt.Errorf("--set %s: scenario %s sweeps %s in its [sweep] table, whose values would replace the --set at every point; to hold it at one value, replace the sweep with --sweep %s=%s", a, s.Name, key, key, strings.TrimSpace(value))
			}
		}
	}
	return nil
}

// valueAt maps a unit coordinate u in [0,1] to the factor's value: linearly
// for a continuous range (rounded for integer parameters), by equal bins for
// a list.
func (f Factor) valueAt(u float64) string {
	if f.Continuous {
		x := f.Min + u*(f.Max-f.Min)
		if p, _ := Lookup(f.Key); p.Kind == Int {
			return strconv.FormatInt(int64(math.Round(x)), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	i := min(int(u*float64(len(f.Values))), len(f.Values)-1)
	return f.Values[i]
}

// At returns a copy of s with the point's values applied and validated.
func (s *Scenario) At(pt Point) (*Scenario, error) {
	c := s.Clone()
	c.Sweep = Sweep{}
	for _, a := range pt.Assign {
		p, _ := Lookup(a.Key)
		if err := p.Set(c, a.Value); err != nil {
			return nil, fmt.Errorf("scenario %s, sweep point %d: %w", s.Name, pt.Index, err)
		}
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("scenario %s, sweep point %d: %w", s.Name, pt.Index, err)
	}
	return c, nil
}

// Encode writes s as TOML (without the sweep), the form kept in a result
// set's manifest so a run can be repeated from it alone.
func (s *Scenario) Encode() (string, error) {
	var b strings.Builder
	enc := toml.NewEncoder(&b)
	enc.Indent = ""
	if err := enc.Encode(s); err != nil {
		return "", fmt.Errorf("scenario %s: encode: %w", s.Name, err)
	}
	return b.String(), nil
}
