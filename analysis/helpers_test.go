package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// approxEqual reports whether got is within tol of want, treating two NaNs and
// two equal infinities as equal.
func approxEqual(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= tol
}

func checkClose(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if !approxEqual(got, want, tol) {
		t.Errorf("%s = %.10g, want %.10g (tol %g)", name, got, want, tol)
	}
}

// newRand returns a seeded generator; tests never use the global one.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }
