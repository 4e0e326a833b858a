package plots_test

import (
	"fmt"
	"log"
	"os"

	"commonsim/plots"
)

// Mean active contributors per tick over replications, with 95% bands, for
// the two scenarios students compare, saved as PNG and SVG.
func Example() {
	ticks := []float64{0, 1, 2, 3, 4, 5}
	p, err := plots.TimeSeries(plots.Axes{
		Title: "Active contributors",
		X:     "tick (week)",
		Y:     "active contributors (people)",
	}, []plots.Band{
		{
			Label: "commons",
			X:     ticks,
			Mean:  []float64{20, 24, 29, 33, 36, 38},
			Lo:    []float64{18, 21, 26, 30, 32, 34},
			Hi:    []float64{22, 27, 32, 36, 40, 42},
		},
		{
			Label: "extractive",
			X:     ticks,
			Mean:  []float64{20, 26, 27, 24, 21, 19},
			Lo:    []float64{17, 23, 24, 21, 18, 16},
			Hi:    []float64{23, 29, 30, 27, 24, 22},
		},
	})
	if err != nil {
		log.Fatal(err)
	}

	dir, err := os.MkdirTemp("", "plots-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := plots.Save(p, dir, "active-contributors"); err != nil {
		log.Fatal(err)
	}

	files, err := os.ReadDir(dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		fmt.Println(f.Name())
	}

	// Mismatched lengths are reported with the series label.
	_, err = plots.Boxes(plots.Axes{}, []plots.Group{{Label: "commons"}})
	fmt.Println(err)

	// Output:
	// active-contributors.png
	// active-contributors.svg
	// plots: Boxes: group "commons": no finite values (0 given)
}
