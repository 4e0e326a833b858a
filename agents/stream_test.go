package agents

import (
	"math/rand/v2"
	"testing"
)

// Stream.Float64 must give the sequence rand.Rand.Float64 gives, so that
// reading the PCG directly changes speed, never results.
func TestStreamFloat64MatchesRand(t *testing.T) {
	a, b := rand.NewPCG(1, 2), rand.NewPCG(1, 2)
	st := Stream{PCG: a, Rand: rand.New(a)}
	ref := rand.New(b)
	for i := range 10000 {
		if got, want := st.Float64(), ref.Float64(); got != want {
			t.Fatalf("draw %d: Stream.Float64 = %v, rand.Rand.Float64 = %v", i, got, want)
		}
	}
}
