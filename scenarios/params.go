package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Kind is the type of a parameter's value.
type Kind int

// The kinds a parameter can have.
const (
	Int Kind = iota
	Float
	Bool
	String
)

func (k Kind) String() string {
	return [...]string{"integer", "number", "boolean", "string"}[k]
}

// Param describes one settable parameter: its dotted TOML key, its kind,
// unit, allowed range or words, and meaning. Params lists them all.
type Param struct {
	Key   string   // dotted TOML key, e.g. "economy.capture_rate"
	Kind  Kind     // value type
	Unit  string   // unit, "" when dimensionless
	Min   float64  // lower bound (Int and Float), inclusive
	Max   float64  // upper bound (Int and Float), inclusive
	Enum  []string // allowed words (String with a fixed set)
	Doc   string   // one-line meaning
	index []int    // field path for reflect.Value.FieldByIndex
}

// Range describes the allowed values in words, for messages and docs.
func (p Param) Range() string {
	switch p.Kind {
	case Bool:
		return "true or false"
	case String:
		if len(p.Enum) > 0 {
			return "one of " + strings.Join(p.Enum, ", ")
		}
		return "any text"
	default:
		return fmt.Sprintf("%s to %s", formatBound(p.Min), formatBound(p.Max))
	}
}

func formatBound(v float64) string {
	if v == math.MaxInt64 || v >= 9e18 {
		return "2^63-1"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// params is computed from the struct tags of Scenario. It is derived data,
// built on first use by Params and never mutated afterwards.
func buildParams() []Param {
	var out []Param
	var walk func(t reflect.Type, prefix string, index []int)
	walk = func(t reflect.Type, prefix string, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			name := f.Tag.Get("toml")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				// An embedded struct's keys belong to the table that
				// embeds it, as the TOML decoder reads them
				// (Institutions in [fork] and [rival]).
				walk(f.Type, prefix, append(slices.Clone(index), i))
				continue
			}
			if name == "" || name == "-" {
				continue
			}
			key := name
			if prefix != "" {
				key = prefix + "." + name
			}
			idx := append(slices.Clone(index), i)
			if f.Type.Kind() == reflect.Struct {
				walk(f.Type, key, idx)
				continue
			}
			p := Param{Key: key, Unit: f.Tag.Get("unit"), Doc: f.Tag.Get("doc"), index: idx}
			switch f.Type.Kind() {
			case reflect.Int, reflect.Int64:
				p.Kind = Int
			case reflect.Float64:
				p.Kind = Float
			case reflect.Bool:
				p.Kind = Bool
			case reflect.String:
				p.Kind = String
			default:
				panic(fmt.Sprintf("scenarios: field %s has unsupported type %s", key, f.Type))
			}
			if r := f.Tag.Get("range"); r != "" {
				lo, hi, _ := strings.Cut(r, ",")
				p.Min, _ = strconv.ParseFloat(lo, 64)
				p.Max, _ = strconv.ParseFloat(hi, 64)
			} else if p.Kind == Int || p.Kind == Float {
				panic(fmt.Sprintf("scenarios: numeric field %s has no range tag", key))
			}
			if e := f.Tag.Get("enum"); e != "" {
				p.Enum = strings.Split(e, ",")
			}
			out = append(out, p)
		}
	}
	walk(reflect.TypeFor[Scenario](), "", nil)
	return out
}

// Params returns every parameter of a scenario in the order of the TOML
// tables. The name, description and extends keys are included as strings.
func Params() []Param { return slices.Clone(allParams) }

var allParams = buildParams()

// Lookup returns the parameter with the given dotted key.
func Lookup(key string) (Param, bool) {
	for _, p := range allParams {
		if p.Key == key {
			return p, true
		}
	}
	return Param{}, false
}

// Keys returns every dotted key, for suggestions.
func Keys() []string {
	keys := make([]string, len(allParams))
	for i, p := range allParams {
		keys[i] = p.Key
	}
	return keys
}

// Get returns the value of p in s as a string, formatted as in TOML
// (shortest round-trip form for numbers).
func (p Param) Get(s *Scenario) string {
	v := reflect.ValueOf(s).Elem().FieldByIndex(p.index)
	switch p.Kind {
	case Int:
		return strconv.FormatInt(v.Int(), 10)
	case Float:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case Bool:
		return strconv.FormatBool(v.Bool())
	default:
		return v.String()
	}
}

// Float returns the value of a numeric or boolean parameter as a float64
// (booleans as 0 or 1), for metrics and designs. Strings give NaN.
func (p Param) Float(s *Scenario) float64 {
	v := reflect.ValueOf(s).Elem().FieldByIndex(p.index)
	switch p.Kind {
	case Int:
		return float64(v.Int())
	case Float:
		return v.Float()
	case Bool:
		if v.Bool() {
			return 1
		}
		return 0
	default:
		return math.NaN()
	}
}

// Set parses text as p's kind, checks it against p's range, and stores it in
// s. The error names the key, the value and what is allowed.
func (p Param) Set(s *Scenario, text string) error {
	v := reflect.ValueOf(s).Elem().FieldByIndex(p.index)
	text = strings.TrimSpace(text)
	switch p.Kind {
	case Int:
		n, err := strconv.ParseInt(strings.ReplaceAll(text, "_", ""), 10, 64)
		if err != nil {
			// Accept 1e3 or 100.0 when the value is a whole number.
			f, ferr := strconv.ParseFloat(text, 64)
			if ferr == nil && f == math.Trunc(f) && math.Abs(f) > 9e18 {
				return fmt.Errorf("%s = %s is out of range (allowed: %s%s)", p.Key, text, p.Range(), unitSuffix(p.Unit))
			}
			if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 9e18 {
				return fmt.Errorf("%s = %q: not an integer (allowed: %s)", p.Key, text, p.Range())
			}
			n = int64(f)
		}
		if err := p.checkNumber(float64(n), text); err != nil {
			return err
		}
		v.SetInt(n)
	case Float:
		f, err := strconv.ParseFloat(strings.ReplaceAll(text, "_", ""), 64)
		if err != nil {
			return fmt.Errorf("%s = %q: not a number (allowed: %s)", p.Key, text, p.Range())
		}
		if err := p.checkNumber(f, text); err != nil {
			return err
		}
		v.SetFloat(f)
	case Bool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return fmt.Errorf("%s = %q: not a boolean (allowed: true or false)", p.Key, text)
		}
		v.SetBool(b)
	case String:
		// Quotes may come from the shell or a TOML habit; what is inside
		// them is trimmed too, so that the value reads back as itself.
		text = strings.TrimFunc(text, func(r rune) bool { return r == '"' || r == '\'' || unicode.IsSpace(r) })
		if err := p.checkWord(text); err != nil {
			return err
		}
		v.SetString(text)
	}
	return nil
}

func (p Param) checkNumber(f float64, text string) error {
	if math.IsNaN(f) || f < p.Min || f > p.Max {
		return fmt.Errorf("%s = %s is out of range (allowed: %s%s)", p.Key, text, p.Range(), unitSuffix(p.Unit))
	}
	return nil
}

func (p Param) checkWord(w string) error {
	if len(p.Enum) > 0 && !slices.Contains(p.Enum, w) {
		msg := fmt.Sprintf("%s = %q is not allowed (allowed: %s)", p.Key, w, p.Range())
		if s := Suggest(w, p.Enum); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return fmt.Errorf("%s", msg)
	}
	return nil
}

func unitSuffix(u string) string {
	if u == "" {
		return ""
	}
	return " " + u
}

// check validates the current value of p in s.
func (p Param) check(s *Scenario) error {
	switch p.Kind {
	case Int, Float:
		return p.checkNumber(p.Float(s), p.Get(s))
	case String:
		return p.checkWord(p.Get(s))
	}
	return nil
}

// Varying returns the parameters whose values differ between the
// scenarios, in registry order, leaving out those no run sees (name,
// description, extends, run.replications): the parameter columns of
// runs.csv for a batch of runs of these parameter sets.
func Varying(scs ...*Scenario) []Param {
	var out []Param
	if len(scs) == 0 {
		return out
	}
	for _, p := range allParams {
		if p.Key == "name" || p.Key == "description" || p.Key == "extends" || p.Key == "run.replications" {
			continue
		}
		first := p.Get(scs[0])
		for _, s := range scs[1:] {
			if p.Get(s) != first {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// Suggest returns the candidate nearest to word by edit distance, or "" when
// none is close enough to be a plausible misspelling. For dotted keys the
// last part is compared too, so "economy.captur_rate" finds
// "economy.capture_rate" and "captur_rate" alone does as well.
func Suggest(word string, candidates []string) string {
	best, bestD := "", math.MaxInt
	for _, c := range candidates {
		d := editDistance(word, c)
		if i := strings.LastIndexByte(c, '.'); i >= 0 && !strings.Contains(word, ".") {
			d = min(d, editDistance(word, c[i+1:]))
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	if bestD > max(2, len(word)/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
