package calibrate_test

import (
	"context"
	"fmt"

	"commonsim/calibrate"
)

// line is an Evaluator for a noise-free model y = 2x: each wave evaluates
// w.Points evenly spaced points of its box, two replicates each.
type line struct{}

func (line) Wave(_ context.Context, w calibrate.WaveSpec, visit func(calibrate.Point) error) error {
	for i := range w.Points {
		x := w.Box.Lo[0] + float64(i)/float64(w.Points-1)*w.Box.Width(0)
		var acc calibrate.Acc
		acc.Add(2 * x)
		acc.Add(2 * x)
		if err := visit(calibrate.Point{Index: i, Params: []float64{x}, Stats: []calibrate.Moments{acc.Moments()}}); err != nil {
			return err
		}
	}
	return nil
}

func Example() {
	targets := []calibrate.Target{{Name: "y", Metric: "y", Observed: 8, SD: 0.5}}
	prior := calibrate.Box{Lo: []float64{0}, Hi: []float64{10}}
	s := calibrate.Settings{Waves: 3, Points: 41, Cutoff: 3, Tolerance: 2, MinShrink: 0.1}
	res, err := calibrate.Run(context.Background(), prior, targets, s, 1, line{}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range res.Waves {
		what := "history matching"
		if w.ABC {
			what = "ABC"
		}
		fmt.Printf("wave %d (%s): x in [%.2f, %.2f], %d of %d kept\n", w.Wave, what, w.Box.Lo[0], w.Box.Hi[0], w.Tally.Kept, w.Tally.Points)
	}
	sum := res.Summary[0]
	fmt.Printf("stopped: %s; %d accepted, median %.2f, 95%% in [%.2f, %.2f], %s\n", res.Stop, res.Accepted, sum.Median, sum.Q025, sum.Q975, sum.Identification)
	// Output:
	// wave 1 (history matching): x in [0.00, 10.00], 7 of 41 kept
	// wave 2 (history matching): x in [3.00, 5.00], 31 of 41 kept
	// wave 3 (history matching): x in [3.20, 4.80], 37 of 41 kept
	// wave 4 (ABC): x in [3.24, 4.76], 39 of 41 kept
	// stopped: waves; 27 accepted, median 4.00, 95% in [3.53, 4.47], identified
}
