package sim

import (
	"math"
	"slices"
	"testing"
)

// TestSteppedEqualsRun: a model stepped by hand and read after every step
// (LastRow every tick, Lorenz every few ticks) records exactly the rows of
// Run for the same spec, rows appear exactly at the recorded ticks, the
// Lorenz curves at tick t are those of the same run stopped at t, and
// Result after the last tick is Run's result, to the bit.
func TestSteppedEqualsRun(t *testing.T) {
	for _, c := range []struct {
		name    string
		set     []string
		threads int
	}{
		{"commons", []string{"population.initial=40", "run.ticks=30"}, 1},
		{"record_every 4, last tick off the grid", []string{"population.initial=40", "run.ticks=31", "run.record_every=4", "run.inequality_every=2"}, 1},
		{"capture, hierarchy, forks, 2 threads", []string{"population.initial=600", "run.ticks=25", "economy.capture_rate=0.9",
			"roles.governance=hierarchical", "fork.probability=1"}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc := scenario(t, c.set...)
			spec := RunSpec{ID: 3, Scenario: sc.Name, Replicate: 1, Seed: RunSeed(sc.Run.Seed, sc.Name, 0, 1), Params: sc}
			want := Run(spec, c.threads)
			if want.Err != nil {
				t.Fatal(want.Err)
			}

			m := New(sc, spec.Seed, c.threads)
			defer m.Close()
			if _, _, ok := m.LastRow(); ok {
				t.Error("a row before the first step")
			}
			rec := sc.Run.RecordEvery
			k := 0 // rows seen
			for tick := 1; tick <= sc.Run.Ticks; tick++ {
				m.Step()
				got, row, ok := m.LastRow()
				if recorded := tick%rec == 0 || tick == sc.Run.Ticks; ok != recorded {
					t.Fatalf("tick %d: LastRow ok %v, want %v (record_every %d)", tick, ok, recorded, rec)
				}
				if !ok {
					continue
				}
				if got != want.Series.Ticks[k] || !sameBits(row, want.Series.Row(k)) {
					t.Fatalf("tick %d: row %v at tick %d, Run's row %d is %v at tick %d", tick, row, got, k, want.Series.Row(k), want.Series.Ticks[k])
				}
				k++
				if tick%7 == 0 {
					stopped := sc.Clone()
					stopped.Run.Ticks = tick
					s := spec
					s.Params = stopped
					early := Run(s, 1)
					if l := m.Lorenz(); !sameBits(l[0], early.Lorenz[0]) || !sameBits(l[1], early.Lorenz[1]) {
						t.Fatalf("tick %d: Lorenz curves differ from a run stopped there", tick)
					}
				}
			}
			if k != want.Series.Len() {
				t.Fatalf("%d rows read, Run recorded %d", k, want.Series.Len())
			}
			got := m.Result(spec)
			if got.Spec.ID != spec.ID || got.Spec.Seed != spec.Seed || got.Err != nil {
				t.Errorf("Result's spec %+v, err %v", got.Spec, got.Err)
			}
			if !slices.Equal(got.Series.Ticks, want.Series.Ticks) || !sameBits(got.Series.data, want.Series.data) {
				t.Error("Result's series differs from Run's")
			}
			if !sameBits(got.Summary, want.Summary) {
				for i, mt := range SummaryMetrics() {
					if !sameBits(got.Summary[i:i+1], want.Summary[i:i+1]) {
						t.Errorf("summary %s: stepped %v, Run %v", mt.Name, got.Summary[i], want.Summary[i])
					}
				}
			}
			for q := range 2 {
				if !sameBits(got.Lorenz[q], want.Lorenz[q]) {
					t.Errorf("Lorenz curve %d differs from Run's", q)
				}
			}
			if l := m.Lorenz(); !sameBits(l[0], want.Lorenz[0]) || !sameBits(l[1], want.Lorenz[1]) {
				t.Error("Lorenz at the last tick differs from Run's result")
			}
			gs, ws := got.Survival, want.Survival
			if !sameBits(gs.Time, ws.Time) || !sameBits(gs.Survival, ws.Survival) || !sameBits(gs.AtRisk, ws.AtRisk) || !sameBits(gs.Events, ws.Events) {
				t.Error("survival curve differs from Run's")
			}
			if got.Contributors != want.Contributors {
				t.Errorf("contributors %d, Run %d", got.Contributors, want.Contributors)
			}
		})
	}
}

// sameBits reports whether two slices hold the same float64 bits (NaN
// equal to NaN).
func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}
