package sim

import (
	"os"
	"strings"
	"testing"

	"commonsim/scenarios"
)

func TestRel8Repro(t *testing.T) {
	path := os.Getenv("REL8_REPRO")
	if path == "" {
		t.Skip()
	}
	sc, err := scenarios.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	def := scenario(t)
	fails := func(s *scenarios.Scenario) bool {
		for seed := uint64(0); seed < 20; seed++ {
			if Run(RunSpec{Seed: 197774169690131803 + seed, Params: s}, 1).Err != nil {
				return true
			}
		}
		return false
	}
	if !fails(sc) {
		t.Fatal("does not fail")
	}
	// Greedy: revert each parameter to the default if it still fails.
	for _, p := range scenarios.Params() {
		if p.Key == "name" || p.Key == "description" || p.Key == "extends" || p.Key == "run.seed" || p.Key == "run.ticks" || p.Key == "population.initial" || strings.HasPrefix(p.Key, "segments.") {
			continue
		}
		c := sc.Clone()
		if err := p.Set(c, p.Get(def)); err != nil || c.Validate() != nil {
			continue
		}
		if fails(c) {
			sc = c
		}
	}
	for _, p := range scenarios.Params() {
		if p.Get(sc) != p.Get(def) {
			t.Logf("%s = %s (default %s)", p.Key, p.Get(sc), p.Get(def))
		}
	}
	r := Run(RunSpec{Seed: 197774169690131803, Params: sc}, 1)
	t.Log(r.Err)
}
