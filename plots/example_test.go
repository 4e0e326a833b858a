package plots_test

import (
	"bytes"
	"fmt"
	"log"

	"commonsim/plots"
)

// Mean active contributors per tick over replications, with 95% bands, for
// the two scenarios students compare, drawn as PNG and SVG (write them to
// files, or through results.CreateAtomic as the report does).
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

	var png, svg bytes.Buffer
	if err := plots.WritePNG(&png, p, 0); err != nil {
		log.Fatal(err)
	}
	if err := plots.WriteSVG(&svg, p); err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")), bytes.Contains(svg.Bytes(), []byte("<svg")))

	// Mismatched lengths are reported with the series label.
	_, err = plots.Boxes(plots.Axes{}, []plots.Group{{Label: "commons"}})
	fmt.Println(err)

	// Output:
	// true true
	// plots: Boxes: group "commons": no finite values (0 given)
}
