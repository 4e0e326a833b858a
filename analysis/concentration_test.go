package analysis

import (
	"fmt"
	"math"
	"testing"
)

func TestBusFactor(t *testing.T) {
	for _, tc := range []struct {
		x        []float64
		fraction float64
		want     int
	}{
		{[]float64{10, 1, 1, 1, 1}, 0.5, 1},
		{[]float64{1, 1, 10, 1, 1}, 0.72, 2}, // 11/14 >= 0.72 > 10/14
		{[]float64{1, 1, 1, 1}, 0.5, 2},
		{[]float64{1, 1, 1, 1}, 0.51, 3},
		{[]float64{1, 1, 1, 1}, 1, 4},
		{[]float64{5, 0, 0}, 1, 1},
		{[]float64{5, 0, 0}, 2, 1}, // fraction > 1 is treated as 1
		{[]float64{0.1, 0.2, 0.3, 0.4}, 1, 4},
		{[]float64{3, 2, 1}, 0.5, 1}, // 3/6 = 0.5 exactly
		{[]float64{1, 1, 1}, 0, 0},
		{[]float64{1, 1, 1}, -1, 0},
		{[]float64{1, 1, 1}, math.NaN(), 0},
		{[]float64{0, 0}, 0.5, 0},
		{nil, 0.5, 0},
		{[]float64{math.NaN(), 1}, 0.5, 0},
	} {
		if got := BusFactor(tc.x, tc.fraction); got != tc.want {
			t.Errorf("BusFactor(%v, %v) = %d, want %d", tc.x, tc.fraction, got, tc.want)
		}
	}
	// fraction = 1 must count every positive amount even with rounding.
	x := make([]float64, 1000)
	for i := range x {
		x[i] = 0.1 * float64(i%7)
	}
	pos := 0
	for _, v := range x {
		if v > 0 {
			pos++
		}
	}
	if got := BusFactor(x, 1); got != pos {
		t.Errorf("BusFactor(x, 1) = %d, want %d positive amounts", got, pos)
	}
}

func TestHerfindahl(t *testing.T) {
	for _, tc := range []struct {
		x    []float64
		want float64
	}{
		{[]float64{1, 1, 1, 1}, 0.25},
		{[]float64{0, 0, 5}, 1},
		{[]float64{1, 3}, 0.625},
		{nil, math.NaN()},
		{[]float64{0, 0}, math.NaN()},
	} {
		checkClose(t, fmt.Sprintf("Herfindahl(%v)", tc.x), Herfindahl(tc.x), tc.want, 1e-15)
	}
}
