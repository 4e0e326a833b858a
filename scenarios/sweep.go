package scenarios

import (
	"errors"
	"fmt"
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
)

var designs = []string{Factorial, LHS, Morris, Saltelli}

// Sweep is the [sweep] table of a scenario file:
//
//	[sweep]
//	design = "factorial"                  # factorial | lhs | morris | saltelli
//	samples = 64                          # lhs: points; morris: trajectories; saltelli: base points
//	levels = 4                            # morris: grid levels (even)
//	"economy.capture_rate" = [0.0, 0.5, 0.9]            # a list of values
//	"tasks.task_size_mean" = { from = 1, to = 9, step = 2 }  # a range with a step
//	"economy.reinvest" = { min = 0, max = 1 }           # a continuous range (sampled designs)
//	"roles.governance" = ["flat", "meritocratic"]      # strings too
type Sweep struct {
	Design  string
	Samples int
	Levels  int
	Factors []Factor // sorted by key, so expansion never depends on map order
}

// Factor is one swept parameter: either a list of values (as TOML text) or a
// continuous range for the sampled designs.
type Factor struct {
	Key        string
	Values     []string
	Min, Max   float64
	Continuous bool
}

// Empty reports whether the sweep varies nothing.
func (w Sweep) Empty() bool { return len(w.Factors) == 0 }

// decodeSweep reads the [sweep] table. Keys may be quoted dotted keys
// ("economy.capture_rate") or nested tables (economy.capture_rate = ...).
func decodeSweep(where string, src []byte) (Sweep, error) {
	var doc struct {
		Sweep map[string]any `toml:"sweep"`
	}
	if _, err := toml.Decode(string(src), &doc); err != nil {
		return Sweep{}, tomlError(where, src, err)
	}
	w := Sweep{Design: Factorial}
	flat := map[string]any{}
	flatten("", doc.Sweep, flat)
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		v := flat[key]
		line := keyLine(src, toml.Key{"sweep", key})
		if line == 0 {
			line = keyLine(src, append(toml.Key{"sweep"}, strings.Split(key, ".")...))
		}
		at := fmt.Sprintf("scenario %s:%d: [sweep] %s", where, line, key)
		switch key {
		case "design":
			s, ok := v.(string)
			if !ok || !slices.Contains(designs, s) {
				return w, fmt.Errorf("%s = %v: allowed: %s", at, v, strings.Join(designs, ", "))
			}
			w.Design = s
			continue
		case "samples", "levels":
			n, ok := v.(int64)
			if !ok || n < 0 || n > 1_000_000 {
				return w, fmt.Errorf("%s = %v: must be an integer from 0 to 1000000", at, v)
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
			msg := fmt.Sprintf("%s: %v", at, err)
			if _, ok := Lookup(key); !ok {
				if s := Suggest(key, Keys()); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				}
			}
			return w, errors.New(msg)
		}
		w.Factors = append(w.Factors, f)
	}
	return w, nil
}

func flatten(prefix string, m map[string]any, out map[string]any) {
	for k, v := range m {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		if sub, ok := v.(map[string]any); ok && !isRangeSpec(sub) {
			flatten(key, sub, out)
			continue
		}
		out[key] = v
	}
}

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
			return 0, false, fmt.Errorf("%s = %v is not a number", name, x)
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
		return f, fmt.Errorf("expected a list of values or a range table, got %v", v)
	}
	return f, nil
}

func (w Sweep) validate() error {
	if w.Empty() {
		return nil
	}
	switch w.Design {
	case Factorial:
		for _, f := range w.Factors {
			if f.Continuous {
				return fmt.Errorf("sweep: %s is a continuous range {min, max}; the factorial design needs a list or {from, to, step}", f.Key)
			}
		}
	case LHS, Morris, Saltelli:
		if w.Samples < 1 {
			return fmt.Errorf("sweep: design %q needs samples >= 1", w.Design)
		}
		if w.Design == Morris && (w.Levels < 2 || w.Levels%2 != 0) {
			return fmt.Errorf("sweep: design morris needs an even levels >= 2, got %d", w.Levels)
		}
	default:
		return fmt.Errorf("sweep: design = %q: allowed: %s", w.Design, strings.Join(designs, ", "))
	}
	return nil
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

// Points expands the sweep into its points, in a fixed order. A scenario
// without a sweep has one point that sets nothing. Sampled designs draw from
// a stream derived from seed, so the same file and seed give the same points.
func (w Sweep) Points(seed uint64) ([]Point, error) {
	if w.Empty() {
		return []Point{{Index: 0}}, nil
	}
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
		rng := rand.New(rand.NewPCG(seed, 0x5eed_de51))
		var unit [][]float64
		switch w.Design {
		case LHS:
			unit = design.LatinHypercube(w.Samples, len(w.Factors), rng)
		case Morris:
			unit = design.Morris(w.Samples, len(w.Factors), w.Levels, rng).Points
		case Saltelli:
			unit = design.Saltelli(w.Samples, len(w.Factors), rng).Points
		}
		for _, u := range unit {
			row := make([]string, len(u))
			for i, x := range u {
				row[i] = w.Factors[i].valueAt(x)
			}
			rows = append(rows, row)
		}
	}
	points := make([]Point, len(rows))
	for i, row := range rows {
		points[i].Index = i
		for j, v := range row {
			points[i].Assign = append(points[i].Assign, Assignment{Key: w.Factors[j].Key, Value: v})
		}
	}
	return points, nil
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
