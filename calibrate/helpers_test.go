package calibrate

import (
	"context"
	"math"
	"math/rand/v2"

	"commonsim/design"
)

// toy is an Evaluator over a Go function: each wave's w.Points points are a Latin
// hypercube in the wave's box drawn from its seed, each replicate of point
// i draws its noise from a stream of (seed, i, replicate).
type toy struct {
	reps int
	f    func(x []float64, rng *rand.Rand) []float64 // one value per target
	// calls counts Wave calls, to check that Run reads each wave twice.
	calls *int
}

func (t toy) Wave(ctx context.Context, w WaveSpec, visit func(Point) error) error {
	if t.calls != nil {
		*t.calls++
	}
	k := len(w.Box.Lo)
	rng := rand.New(rand.NewPCG(uint64(w.Seed), 0x70))
	unit := design.LatinHypercube(w.Points, k, rng)
	for i, u := range unit {
		x := make([]float64, k)
		for j := range x {
			x[j] = design.UnitToRange(u[j], w.Box.Lo[j], w.Box.Hi[j])
		}
		var accs []Acc
		for r := range t.reps {
			y := t.f(x, rand.New(rand.NewPCG(uint64(w.Seed), uint64(i*1000+r+1))))
			if accs == nil {
				accs = make([]Acc, len(y))
			}
			for j, v := range y {
				accs[j].Add(v)
			}
		}
		p := Point{Index: i, Params: x}
		for _, a := range accs {
			p.Stats = append(p.Stats, a.Moments())
		}
		if err := visit(p); err != nil {
			return err
		}
	}
	return nil
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
