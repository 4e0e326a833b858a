package agents

import (
	"math"
	"testing"
)

func TestShortfallChance(t *testing.T) {
	for _, power := range []float64{0, 1, 2, 3, 0.5, 2.5, 8, 9} {
		for _, r := range []float64{0, 0.1, 0.5, 0.99, 1} {
			want := math.Pow(r, power)
			if got := shortfallChance(r, power, IntPower(power)); math.Abs(got-want) > 1e-15 {
				t.Errorf("shortfallChance(%g, %g) = %g, want %g", r, power, got, want)
			}
		}
	}
}
