package serve

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"commonsim/scenarios"
)

// entry is one scenario of the picker: a built-in or a file named on the
// command line, read once at start-up. The page names it by ID, never by a
// path, so a request cannot make the server read another file.
type entry struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Origin      string `json:"origin"` // "built-in" or the file's path as given
	builtin     bool
	sc          *scenarios.Scenario
}

// loadCatalog lists the files named on the command line (in that order)
// followed by the built-in scenarios. It returns the ID of the scenario the
// page starts with: the first named, else the default built-in.
func loadCatalog(args []string) ([]*entry, string, error) {
	var out []*entry
	first := ""
	for i, a := range args {
		sc, err := scenarios.Resolve(a)
		if err != nil {
			return nil, "", err
		}
		if slices.Contains(scenarios.BuiltinNames(), a) {
			if first == "" {
				first = "builtin:" + a
			}
			continue
		}
		e := &entry{ID: fmt.Sprintf("file:%d", i+1), Name: sc.Name, Description: sc.Description, Origin: a, sc: sc}
		if !sc.Sweep.Empty() {
			e.Description += " (its [sweep] is not run in the lab: `commonsim run` runs it)"
		}
		out = append(out, e)
		if first == "" {
			first = e.ID
		}
	}
	for _, name := range scenarios.BuiltinNames() {
		sc, err := scenarios.LoadBuiltin(name)
		if err != nil {
			return nil, "", err
		}
		out = append(out, &entry{ID: "builtin:" + name, Name: name, Description: sc.Description, Origin: "built-in", builtin: true, sc: sc})
	}
	if first == "" {
		first = "builtin:" + scenarios.DefaultName
	}
	return out, first, nil
}

// fieldError is a problem with one control (Key set) or with the settings
// as a whole (Key empty).
type fieldError struct {
	Key     string `json:"key,omitempty"`
	Message string `json:"message"`
}

// fixedKeys are parameters the lab does not let a page set: the identity of
// the scenario, and the replications, which are the lab's replicates.
var fixedKeys = []string{"name", "description", "extends", "run.replications"}

// labParams are the parameters the page shows as controls, in the
// registry's order.
func labParams() []scenarios.Param {
	var out []scenarios.Param
	for _, p := range scenarios.Params() {
		if !slices.Contains(fixedKeys, p.Key) {
			out = append(out, p)
		}
	}
	return out
}

// configure applies the page's settings (key=value, as --set takes them) to
// a copy of the scenario e. Each setting is checked alone by the registry's
// own parser, so that an error sits beside its control; then all of them
// go through Scenario.SetAll, the code of --set, which also checks the
// rules between parameters. changes lists the settings that differ from e.
func configure(e *entry, set []string) (sc *scenarios.Scenario, changes []string, errs []fieldError) {
	if len(set) > len(scenarios.Params()) {
		return nil, nil, []fieldError{{Message: fmt.Sprintf("%d settings: more than there are parameters (%d)", len(set), len(scenarios.Params()))}}
	}
	seen := map[string]bool{}
	var clean []string
	for _, a := range set {
		key, value, ok := strings.Cut(a, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			errs = append(errs, fieldError{Message: fmt.Sprintf("setting %q: expected key=value", a)})
			continue
		}
		p, ok := scenarios.Lookup(key)
		if !ok {
			msg := fmt.Sprintf("unknown parameter %q", key)
			if s := scenarios.Suggest(key, scenarios.Keys()); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			errs = append(errs, fieldError{Key: key, Message: msg})
			continue
		}
		if slices.Contains(fixedKeys, key) {
			errs = append(errs, fieldError{Key: key, Message: key + " cannot be set in the lab (the replicates control sets run.replications)"})
			continue
		}
		if seen[key] {
			errs = append(errs, fieldError{Key: key, Message: key + " is set twice"})
			continue
		}
		seen[key] = true
		if err := p.Set(e.sc.Clone(), value); err != nil {
			errs = append(errs, fieldError{Key: key, Message: err.Error()})
			continue
		}
		clean = append(clean, key+"="+strings.TrimSpace(value))
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	sc = e.sc.Clone()
	if err := sc.SetAll(clean); err != nil {
		return nil, nil, attribute(err, clean)
	}
	for _, p := range scenarios.Params() {
		if v := p.Get(sc); v != p.Get(e.sc) {
			changes = append(changes, p.Key+"="+v)
		}
	}
	return sc, changes, nil
}

// attribute turns an error of the whole scenario into field errors: each
// part goes beside every changed control its text names (by full key or by
// the key without its table, as the segment-share rule writes them), and to
// the settings as a whole when it names none.
func attribute(err error, set []string) []fieldError {
	parts := []error{err}
	for {
		var list interface{ Unwrap() []error }
		if len(parts) == 1 && errors.As(parts[0], &list) {
			parts = list.Unwrap()
			continue
		}
		break
	}
	var out []fieldError
	for _, part := range parts {
		msg := part.Error()
		placed := false
		for _, a := range set {
			key, _, _ := strings.Cut(a, "=")
			short := key[strings.IndexByte(key, '.')+1:]
			if strings.Contains(msg, key) || strings.Contains(msg, short) {
				out = append(out, fieldError{Key: key, Message: msg})
				placed = true
			}
		}
		if !placed {
			out = append(out, fieldError{Message: msg})
		}
	}
	return out
}

// control describes a parameter for the page: the registry's entry plus
// how to draw it.
type control struct {
	Key    string   `json:"key"`
	Group  string   `json:"group"`
	Kind   string   `json:"kind"`   // integer, number, boolean, string
	Widget string   `json:"widget"` // slider, number, checkbox, select, text
	Unit   string   `json:"unit"`
	Min    *float64 `json:"min,omitempty"`
	Max    *float64 `json:"max,omitempty"`
	Step   float64  `json:"step,omitempty"`
	Enum   []string `json:"enum,omitempty"`
	Doc    string   `json:"doc"`
	Range  string   `json:"range"`
}

// sliderSpan is the widest numeric range drawn as a slider; wider ranges
// (a population up to 10^8) get a number field, where a slider could not
// pick a value.
const sliderSpan = 1000

func controls() []control {
	var out []control
	for _, p := range labParams() {
		c := control{Key: p.Key, Kind: p.Kind.String(), Unit: p.Unit, Doc: p.Doc, Range: p.Range(), Enum: p.Enum}
		c.Group, _, _ = strings.Cut(p.Key, ".")
		switch p.Kind {
		case scenarios.Bool:
			c.Widget = "checkbox"
		case scenarios.String:
			c.Widget = "text"
			if len(p.Enum) > 0 {
				c.Widget = "select"
			}
		default:
			lo, hi := p.Min, p.Max
			if hi < 9e18 {
				c.Min, c.Max = &lo, &hi
			} else {
				c.Min = &lo
			}
			c.Widget = "number"
			if hi-lo <= sliderSpan {
				c.Widget = "slider"
				c.Step = math.Pow(10, math.Floor(math.Log10((hi-lo)/100)))
				if p.Kind == scenarios.Int {
					c.Step = max(1, c.Step)
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// values returns every lab parameter's value in sc, as --set would take it.
func values(sc *scenarios.Scenario) map[string]string {
	out := map[string]string{}
	for _, p := range labParams() {
		out[p.Key] = p.Get(sc)
	}
	return out
}
