package scenarios

import (
	"reflect"
	"strings"
	"testing"
)

// The fuzz targets below run on their seed corpus (testdata/fuzz/<name>/
// and the f.Add calls) in every `go test`; CI also fuzzes each for a
// bounded time (.ci/run, "fuzzing (bounded)"). A crash the fuzzer finds is
// saved under testdata/fuzz/<name>/ and so becomes a regular test case.

// checkOneLine fails unless msg is a single line starting with prefix.
func checkOneLine(t *testing.T, what, msg, prefix string) {
	t.Helper()
	if strings.ContainsAny(msg, "\n\r") {
		t.Fatalf("%s: error spans several lines:\n%s", what, msg)
	}
	if !strings.HasPrefix(msg, prefix) {
		t.Fatalf("%s: error does not start with %q: %s", what, prefix, msg)
	}
}

// maxPoints bounds the sweeps whose points the fuzzer expands: a valid
// file may ask for a million samples, which is not a bug.
const maxPoints = 2000

// FuzzParse: whatever the text of a scenario file, Parse never panics and
// either returns a scenario that validates, whose sweep expands into points
// that are valid or rejected with an error, or fails with a one-line error
// starting with "scenario ".
func FuzzParse(f *testing.F) {
	for _, name := range BuiltinNames() {
		src, err := BuiltinSource(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		"",
		"[economy]\ncapture_rate = 0.5\n",
		"[economy]\ncaptur_rate = 0.5\n",
		"[population]\ninitial = \"many\"\n",
		"[run\nticks = 3\n",
		"extends = \"extractive\"\n[sweep]\n\"economy.capture_rate\" = [0, 0.5, 1]\n",
		"[sweep]\ndesign = \"lhs\"\nsamples = 8\n\"economy.reinvest\" = { min = 0, max = 1 }\n",
		"[sweep]\ndesign = \"morris\"\nsamples = 2\nlevels = 4\n\"tasks.task_size_mean\" = { from = 1, to = 9, step = 2 }\n",
		"[sweep]\nroles.governance = [\"flat\", \"meritocratic\"]\n",
		"extends = \"self.toml\"\n",
		"[segments.volunteer]\nshare = 0.9\n[economy]\ncapture_rate = 2\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir() // relative extends paths resolve here: an empty directory
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := Parse("fuzz.toml", src, dir)
		if err != nil {
			if s != nil {
				t.Fatalf("Parse returned a scenario and an error: %v", err)
			}
			checkOneLine(t, "Parse", err.Error(), "scenario ")
			return
		}
		if s == nil {
			t.Fatal("Parse returned neither a scenario nor an error")
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Parse returned a scenario that does not validate: %v", err)
		}
		if _, err := s.Encode(); err != nil {
			t.Fatalf("a valid scenario does not encode: %v", err)
		}
		// The same text gives the same scenario, every time (no map
		// order reaches the result).
		if again, err := Parse("fuzz.toml", src, dir); err != nil || !sameScenario(s, again) {
			t.Fatalf("a second Parse of the same text gave another result (%v)", err)
		}
		n, err := s.Sweep.Size()
		if err != nil {
			checkOneLine(t, "Size", err.Error(), "sweep: ")
			return
		}
		if n > maxPoints {
			return
		}
		pts, err := s.Sweep.Points(uint64(s.Run.Seed))
		if err != nil {
			checkOneLine(t, "Points", err.Error(), "")
			return
		}
		if len(pts) != n {
			t.Fatalf("Size says %d points, Points made %d", n, len(pts))
		}
		for _, pt := range pts {
			if _, err := s.At(pt); err != nil {
				checkOneLine(t, "At", err.Error(), "scenario ")
			}
		}
	})
}

// sameScenario compares two parsed scenarios: parameters and sweep.
func sameScenario(a, b *Scenario) bool {
	ea, _ := a.Encode()
	eb, _ := b.Encode()
	return ea == eb && reflect.DeepEqual(a.Sweep, b.Sweep)
}

// FuzzSetAndSweep: whatever the key and value given to --set or --sweep,
// Param.Set, SetAll and ParseFactor never panic; what they accept is valid
// and what they reject gets a one-line error.
func FuzzSetAndSweep(f *testing.F) {
	for _, kv := range [][2]string{
		{"economy.capture_rate", "0.5"},
		{"economy.capture_rate", "1.5"},
		{"economy.capture_rate", "0,0.3,0.6,0.9"},
		{"economy.capture_rate", "0:1:0.25"},
		{"economy.capture_rate", "0..1"},
		{"run.ticks", "1e3"},
		{"run.ticks", "abc"},
		{"run.seed", "9223372036854775807"},
		{"run.seed", "99999999999999999999"},
		{"population.initial", "-3"},
		{"roles.governance", "meritocractic"},
		{"roles.governance", "flat,hierarchical"},
		{"tasks.granularity", "maybe"},
		{"name", "x"},
		{"nokey", "1"},
		{"tasks.task_size_mean", "NaN:1:1"},
		{"tasks.task_size_mean", "1:Inf:1"},
		{"tasks.task_size_mean", "1:2:1e-300"},
		{"economy.reinvest", "0..NaN"},
	} {
		f.Add(kv[0], kv[1])
	}
	base, err := LoadBuiltin(DefaultName)
	if err != nil {
		f.Fatal(err)
	}
	params := Params()
	f.Fuzz(func(t *testing.T, key, value string) {
		// Param.Set on the parameter the key names, or, for any key, on one
		// picked by the key's length, so every kind sees every value.
		ps := []Param{params[len(key)%len(params)]}
		if p, ok := Lookup(key); ok {
			ps = append(ps, p)
		}
		for _, p := range ps {
			s := base.Clone()
			if err := p.Set(s, value); err != nil {
				checkOneLine(t, "Set", err.Error(), p.Key+" = ")
				continue
			}
			// A value Set accepts is in range and reads back as itself.
			if err := p.check(s); err != nil {
				t.Fatalf("Set(%s, %q) stored a value that fails its check: %v", p.Key, value, err)
			}
			again := base.Clone()
			if err := p.Set(again, p.Get(s)); err != nil || p.Get(again) != p.Get(s) {
				t.Fatalf("Set(%s, %q) = %s does not round-trip: %v", p.Key, value, p.Get(s), err)
			}
		}

		s := base.Clone()
		if err := s.SetAll([]string{key + "=" + value}); err != nil {
			checkOneLine(t, "SetAll", err.Error(), "")
		} else if err := s.Validate(); err != nil {
			t.Fatalf("SetAll accepted %s=%q but the scenario does not validate: %v", key, value, err)
		}

		fac, err := ParseFactor(key, value)
		if err != nil {
			checkOneLine(t, "ParseFactor", err.Error(), "")
			return
		}
		if fac.Key != key {
			t.Fatalf("ParseFactor(%q) returned factor %q", key, fac.Key)
		}
		if fac.Continuous {
			if !(fac.Min <= fac.Max) {
				t.Fatalf("ParseFactor(%s, %q): continuous range [%v, %v]", key, value, fac.Min, fac.Max)
			}
			return
		}
		if len(fac.Values) == 0 {
			t.Fatalf("ParseFactor(%s, %q) accepted a factor with no values", key, value)
		}
		p, _ := Lookup(key)
		for _, v := range fac.Values {
			if err := p.Set(base.Clone(), v); err != nil {
				t.Fatalf("ParseFactor(%s, %q) gave value %q that Set rejects: %v", key, value, v, err)
			}
		}
	})
}
