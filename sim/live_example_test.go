package sim_test

import (
	"fmt"
	"slices"

	"commonsim/scenarios"
	"commonsim/sim"
)

// A run stepped by hand, as a live display shows it: after each step the
// row just recorded, every 13 weeks the Lorenz curve of contribution, and
// at the end the same result Run gives.
func ExampleModel_LastRow() {
	sc, err := scenarios.LoadBuiltin("commons")
	if err != nil {
		panic(err)
	}
	if err := sc.SetAll([]string{"population.initial=200", "run.ticks=52"}); err != nil {
		panic(err)
	}
	spec := sim.RunSpec{Scenario: sc.Name, Seed: sim.RunSeed(sc.Run.Seed, sc.Name, 0, 0), Params: sc}
	active := slices.IndexFunc(sim.TickMetrics(), func(m sim.Metric) bool { return m.Name == "active" })
	m := sim.New(sc, spec.Seed, 1)
	defer m.Close()
	for range sc.Run.Ticks {
		m.Step()
		tick, row, ok := m.LastRow()
		if ok && tick%13 == 0 {
			l := m.Lorenz()
			fmt.Printf("week %d: %v active; the less active half did %.1f%% of the work\n", tick, row[active], 100*l[0][50])
		}
	}
	res := m.Result(spec)
	fmt.Println("same as Run:", res.Summary[0] == sim.Run(spec, 1).Summary[0])
	// Output:
	// week 13: 87 active; the less active half did 1.8% of the work
	// week 26: 118 active; the less active half did 0.8% of the work
	// week 39: 212 active; the less active half did 0.7% of the work
	// week 52: 354 active; the less active half did 0.7% of the work
	// same as Run: true
}
