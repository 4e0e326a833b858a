package fastmath

import (
	"math"
	"testing"
)

func TestPower(t *testing.T) {
	for _, power := range []float64{0, 1, 2, 3, 0.5, 2.5, 8, 9} {
		for _, r := range []float64{0, 0.1, 0.5, 0.99, 1} {
			want := math.Pow(r, power)
			if got := NewPower(power).Of(r); math.Abs(got-want) > 1e-15 {
				t.Errorf("NewPower(%g).Of(%g) = %g, want %g", power, r, got, want)
			}
		}
	}
}
