package scenarios_test

import (
	"fmt"

	"commonsim/scenarios"
)

// A scenario file extends a built-in scenario, changes what it needs and
// may sweep parameters; the sweep expands into points, each a set of
// assignments. Bad values are refused with a one-line error.
func ExampleParse() {
	src := []byte(`
extends = "commons"
name = "half-captured"

[economy]
capture_rate = 0.5

[sweep]
"tasks.task_size_mean" = [1, 4]
`)
	sc, err := scenarios.Parse("half-captured.toml", src, ".")
	if err != nil {
		panic(err)
	}
	fmt.Println(sc.Name, sc.Economy.CaptureRate, sc.Economy.Redistribution)
	points, err := sc.Sweep.Points(uint64(sc.Run.Seed))
	if err != nil {
		panic(err)
	}
	for _, pt := range points {
		at, err := sc.At(pt)
		if err != nil {
			panic(err)
		}
		fmt.Println("point", pt.Index, pt.Assign[0].Key, "=", at.Tasks.TaskSizeMean)
	}
	fmt.Println(sc.SetAll([]string{"economy.capture_rate=2"}))
	// Output:
	// half-captured 0.5 proportional
	// point 0 tasks.task_size_mean = 1
	// point 1 tasks.task_size_mean = 4
	// --set: economy.capture_rate = 2 is out of range (allowed: 0 to 1 share)
}
