package scenarios

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// The plan of a morris or saltelli sweep is the design's plan whose unit
// points give the sweep's points (a factor's value at each coordinate), and
// making it again from the same sweep and seed gives the same plan.
func TestPlan(t *testing.T) {
	for _, d := range []string{Factorial, LHS, Morris, Saltelli} {
		s, err := LoadBuiltin("commons")
		if err != nil {
			t.Fatal(err)
		}
		sweeps := []string{"economy.capture_rate=0..0.9", "population.initial=10..40"}
		if d == Factorial {
			sweeps = []string{"economy.capture_rate=0,0.5", "population.initial=10:40:10"}
		}
		if err := s.ApplySweeps(sweeps, d, 3); err != nil {
			t.Fatal(err)
		}
		p, err := s.Sweep.Plan(7)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := s.Sweep.Plan(7)
		pts, _ := s.Sweep.Points(7)
		if !reflect.DeepEqual(p, again) || !reflect.DeepEqual(p.Points, pts) {
			t.Errorf("%s: the plan is not reproducible, or not the points", d)
		}
		var unit [][]float64
		switch {
		case d == Morris && p.Morris != nil && p.Saltelli == nil:
			unit = p.Morris.Points
		case d == Saltelli && p.Saltelli != nil && p.Morris == nil:
			unit = p.Saltelli.Points
		case (d == Factorial || d == LHS) && p.Morris == nil && p.Saltelli == nil:
			continue
		default:
			t.Fatalf("%s: plan %+v", d, p)
		}
		if len(unit) != len(p.Points) {
			t.Fatalf("%s: %d unit points, %d points", d, len(unit), len(p.Points))
		}
		for i, u := range unit {
			rate := strconv.FormatFloat(0.9*u[0], 'g', -1, 64)
			if a := p.Points[i].Assign; a[0].Value != rate || a[1].Key != "population.initial" {
				t.Errorf("%s: point %d = %v, unit %v", d, i, a, u)
			}
		}
	}
	if _, err := (Sweep{Design: Morris, Samples: 2, Levels: 4, Factors: []Factor{{Key: "economy.capture_rate"}}}).Plan(1); err == nil || !strings.Contains(err.Error(), "economy.capture_rate has no values") {
		t.Errorf("a factor without values: %v", err)
	}
	if _, err := (Sweep{Design: LHS, Samples: 2, Factors: []Factor{{Key: "economy.nope", Continuous: true, Max: 1}}}).Plan(1); err == nil || !strings.Contains(err.Error(), `"economy.nope" is not a parameter`) {
		t.Errorf("an unknown key: %v", err)
	}
}

// ApplySweeps adds or replaces factors (sorted by key), sets the design,
// samples and a morris sweep's levels, and names the flag of a bad value.
func TestApplySweeps(t *testing.T) {
	s, _ := LoadBuiltin("commons")
	if err := s.ApplySweeps([]string{"tasks.task_size_mean=1,2", "economy.capture_rate=0,1", "tasks.task_size_mean=3,4,5"}, "", 0); err != nil {
		t.Fatal(err)
	}
	w := s.Sweep
	if w.Design != Factorial || len(w.Factors) != 2 || w.Factors[0].Key != "economy.capture_rate" || len(w.Factors[1].Values) != 3 {
		t.Errorf("sweep %+v", w)
	}
	if err := s.ApplySweeps(nil, Morris, 5); err != nil || s.Sweep.Design != Morris || s.Sweep.Samples != 5 || s.Sweep.Levels != 4 {
		t.Errorf("morris: %+v %v", s.Sweep, err)
	}
	for _, c := range []struct {
		sweeps  []string
		samples int
		want    string
	}{
		{[]string{"economy.capture_rate"}, 0, `--sweep "economy.capture_rate": expected key=values`},
		{[]string{"capture_rat=0,1"}, 0, `did you mean "economy.capture_rate"?`},
		{[]string{"economy.capture_rate=2,3"}, 0, "--sweep economy.capture_rate=2,3:"},
		{nil, -1, "--samples -1: must be from 1 to 1000000"},
	} {
		s, _ := LoadBuiltin("commons")
		if err := s.ApplySweeps(c.sweeps, "", c.samples); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ApplySweeps(%q, %d) = %v, want %q", c.sweeps, c.samples, err, c.want)
		}
	}
}

// Varying lists the parameters that differ, in registry order, never the
// scenario's name or replications.
func TestVarying(t *testing.T) {
	a, _ := LoadBuiltin("commons")
	b := a.Clone()
	b.Name, b.Run.Replications = "other", 9
	if v := Varying(a, b); len(v) != 0 {
		t.Errorf("name and replications vary: %v", v)
	}
	c := a.Clone()
	c.Economy.CaptureRate, c.Tasks.TaskSizeMean = 0.7, 9
	var keys []string
	for _, p := range Varying(a, b, c) {
		keys = append(keys, p.Key)
	}
	if want := []string{"tasks.task_size_mean", "economy.capture_rate"}; !reflect.DeepEqual(keys, want) && !reflect.DeepEqual(keys, []string{want[1], want[0]}) {
		t.Errorf("Varying = %v", keys)
	}
	if len(Varying()) != 0 || len(Varying(a)) != 0 {
		t.Error("one scenario or none varies")
	}
}

// A manifest stores the sweep as it is; the JSON is that of schema 1's
// manifests, which read back as the same sweep.
func TestSweepJSON(t *testing.T) {
	old := `{"design":"morris","samples":4,"levels":4,"factors":[{"key":"economy.capture_rate","min":0,"max":0.9,"continuous":true},{"key":"roles.governance","values":["flat","meritocratic"]}]}`
	var w Sweep
	if err := json.Unmarshal([]byte(old), &w); err != nil {
		t.Fatal(err)
	}
	want := Sweep{Design: Morris, Samples: 4, Levels: 4, Factors: []Factor{
		{Key: "economy.capture_rate", Max: 0.9, Continuous: true},
		{Key: "roles.governance", Values: []string{"flat", "meritocratic"}},
	}}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("read %+v, want %+v", w, want)
	}
	out, _ := json.Marshal(w)
	if string(out) != strings.Replace(old, `"min":0,`, "", 1) { // min 0 is left out, as before
		t.Errorf("written %s", out)
	}
}

// CheckSets refuses a --set on a key the file or a --sweep sweeps, naming
// both, and lets others through.
func TestCheckSets(t *testing.T) {
	s, _ := LoadBuiltin("commons")
	f, err := ParseFactor("economy.capture_rate", "0,0.5")
	if err != nil {
		t.Fatal(err)
	}
	s.Sweep.Factors = []Factor{f}
	for _, c := range []struct {
		sets, sweeps []string
		want         string // "" for no error
	}{
		{[]string{"run.ticks=5"}, nil, ""},
		{[]string{"run.ticks=5"}, []string{"tasks.modularity=0,1"}, ""},
		{[]string{"economy.capture_rate=0.3"}, nil, "--set economy.capture_rate=0.3: scenario commons sweeps economy.capture_rate in its [sweep] table"},
		{[]string{" tasks.modularity =0.3"}, []string{"tasks.modularity=0,1"}, "--set  tasks.modularity =0.3 and --sweep tasks.modularity=0,1 both give tasks.modularity"},
	} {
		err := s.CheckSets(c.sets, c.sweeps)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("CheckSets(%q, %q) = %v, want %q", c.sets, c.sweeps, err, c.want)
		}
	}
}
