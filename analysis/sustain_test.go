package analysis

import (
	"math"
	"testing"
)

func TestCollapse(t *testing.T) {
	s := []float64{5, 4, 1, 1, 2, 1, 1, 1}
	nan := math.NaN()
	for _, tc := range []struct {
		series    []float64
		threshold float64
		window    int
		start     int
		collapsed bool
	}{
		{s, 2, 3, 5, true},
		{s, 2, 2, 2, true},
		{s, 2, 1, 2, true},
		{s, 2, 4, -1, false},
		{s, 1, 1, -1, false},                     // strictly below
		{s, 10, 8, 0, true},                      // whole series
		{s, 10, 9, -1, false},                    // longer than the series
		{s, 2, 0, -1, false},                     // window < 1
		{nil, 2, 1, -1, false},                   // empty
		{[]float64{0, nan, 0, 0}, 1, 2, 2, true}, // NaN breaks the run
	} {
		start, ok := Collapse(tc.series, tc.threshold, tc.window)
		if start != tc.start || ok != tc.collapsed {
			t.Errorf("Collapse(%v, %v, %d) = %d, %v; want %d, %v", tc.series, tc.threshold, tc.window, start, ok, tc.start, tc.collapsed)
		}
	}
}

func TestTrend(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		x, y []float64
		want float64
	}{
		{"exact line", []float64{0, 1, 2, 3}, []float64{1, 3, 5, 7}, 2},
		{"two points", []float64{1, 3}, []float64{5, 4}, -0.5},
		// x = 1..5, y = {2,1,4,3,5}: Sxy = 8, Sxx = 10.
		{"noisy", []float64{1, 2, 3, 4, 5}, []float64{2, 1, 4, 3, 5}, 0.8},
		{"flat", []float64{1, 2, 3}, []float64{4, 4, 4}, 0},
		{"one point", []float64{1}, []float64{1}, nan},
		{"empty", nil, nil, nan},
		{"constant x", []float64{0.1, 0.1, 0.1}, []float64{1, 2, 3}, nan},
	} {
		checkClose(t, "Trend "+tc.name, Trend(tc.x, tc.y), tc.want, 1e-12)
	}
	defer func() {
		if recover() == nil {
			t.Error("length mismatch did not panic")
		}
	}()
	Trend([]float64{1, 2}, []float64{1})
}
