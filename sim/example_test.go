package sim_test

import (
	"fmt"

	"commonsim/scenarios"
	"commonsim/sim"
)

// A run is a pure function of a resolved scenario and a seed: here the
// built-in commons scenario, smaller and shorter, one run on one thread.
func ExampleRun() {
	sc, err := scenarios.LoadBuiltin("commons")
	if err != nil {
		panic(err)
	}
	if err := sc.SetAll([]string{"population.initial=200", "run.ticks=52"}); err != nil {
		panic(err)
	}
	seed := sim.SeedOf(sc, 0, 0)
	res := sim.Run(sim.RunSpec{Scenario: sc.Name, Seed: seed, Params: sc}, 1)
	if res.Err != nil {
		panic(res.Err)
	}
	fmt.Println("recorded ticks:", res.Series.Len())
	active := res.Series.Column("active")
	fmt.Println("active at tick 1 and 52:", active[0], active[len(active)-1])
	for i, m := range sim.SummaryMetrics() {
		switch m.Name {
		case "gini_contribution", "median_tenure":
			fmt.Printf("%s (%s): %.3f\n", m.Name, m.Title, res.Summary[i])
		}
	}
	// Output:
	// recorded ticks: 52
	// active at tick 1 and 52: 168 440
	// gini_contribution (Inequality of contribution at the end (Gini)): 0.862
	// median_tenure (Median tenure of contributors): 5.000
}
