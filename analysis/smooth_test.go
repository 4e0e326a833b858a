package analysis

import (
	"math"
	"testing"
)

func TestLowess(t *testing.T) {
	// A straight line is reproduced exactly by a local linear fit.
	var x, y []float64
	for i := range 20 {
		x = append(x, float64(i))
		y = append(y, 3-0.5*float64(i))
	}
	grid := []float64{0, 4.5, 19}
	for i, v := range Lowess(x, y, 0.5, grid) {
		if want := 3 - 0.5*grid[i]; math.Abs(v-want) > 1e-9 {
			t.Errorf("line at %g: %g, want %g", grid[i], v, want)
		}
	}
	// A step: far from it the smoother follows each side's level.
	x, y = nil, nil
	for i := range 40 {
		x = append(x, float64(i))
		y = append(y, map[bool]float64{true: 1, false: 0}[i >= 20])
	}
	got := Lowess(x, y, 0.2, []float64{2, 37})
	if math.Abs(got[0]) > 1e-9 || math.Abs(got[1]-1) > 1e-9 {
		t.Errorf("step: %v, want [0 1]", got)
	}
	// NaN pairs are left out; fewer than 3 pairs give NaN.
	if v := Lowess([]float64{1, math.NaN(), 2}, []float64{1, 5, 2}, 1, []float64{1.5}); !math.IsNaN(v[0]) {
		t.Errorf("2 finite pairs: %v, want NaN", v)
	}
	// All neighbours at one x: their mean.
	if v := Lowess([]float64{1, 1, 1}, []float64{1, 2, 6}, 1, []float64{1}); v[0] != 3 {
		t.Errorf("one x: %v, want 3", v)
	}
}
