package rng

import (
	"math/rand/v2"
	"testing"
)

// Stream's draws must give the sequences rand.Rand's give, so that reading
// the PCG directly changes speed, never results.
func TestStreamMatchesRand(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  func(Stream) float64
		want func(*rand.Rand) float64
	}{
		{"Float64", Stream.Float64, (*rand.Rand).Float64},
		{"Norm", Stream.Norm, (*rand.Rand).NormFloat64},
		{"IntN(7)", func(s Stream) float64 { return float64(s.IntN(7)) }, func(r *rand.Rand) float64 { return float64(r.IntN(7)) }},
		{"IntN(8)", func(s Stream) float64 { return float64(s.IntN(8)) }, func(r *rand.Rand) float64 { return float64(r.IntN(8)) }},
		{"IntN(1<<62+1)", func(s Stream) float64 { return float64(s.IntN(1<<62 + 1)) }, func(r *rand.Rand) float64 { return float64(r.IntN(1<<62 + 1)) }},
	} {
		a, b := rand.NewPCG(1, 2), rand.NewPCG(1, 2)
		st := Stream{PCG: a, Rand: rand.New(a)}
		ref := rand.New(b)
		// A million normals reach the ziggurat's rare branches (the tail
		// and the wedges) thousands of times.
		for i := range 1_000_000 {
			if got, want := tc.got(st), tc.want(ref); got != want {
				t.Fatalf("%s: draw %d: Stream gives %v, rand.Rand %v", tc.name, i, got, want)
			}
		}
	}
}
