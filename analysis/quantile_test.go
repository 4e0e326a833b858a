package analysis

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestQuantile(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		p    float64
		x    []float64
		want float64
	}{
		// numpy.quantile([1,2,3,4,10], [0.1, 0.5, 0.9]) = [1.4, 3.0, 7.6]
		{0.1, []float64{1, 2, 3, 4, 10}, 1.4},
		{0.5, []float64{1, 2, 3, 4, 10}, 3},
		{0.9, []float64{1, 2, 3, 4, 10}, 7.6},
		{0.9, []float64{10, 3, 1, 4, 2}, 7.6}, // unsorted input
		// R: quantile(c(1,2), 0.25) = 1.25; quantile(1:4, c(0.33, 1/3)).
		{0.25, []float64{1, 2}, 1.25},
		{0.33, []float64{1, 2, 3, 4}, 1.99},
		{0, []float64{3, 1, 2}, 1},
		{1, []float64{3, 1, 2}, 3},
		{0.7, []float64{42}, 42},
		{0.5, nil, nan},
		{-0.1, []float64{1, 2}, nan},
		{1.1, []float64{1, 2}, nan},
		{nan, []float64{1, 2}, nan},
		{0.5, []float64{math.Inf(1), math.Inf(1)}, math.Inf(1)},
	} {
		checkClose(t, fmt.Sprintf("Quantile(%v, %v)", tc.p, tc.x), Quantile(tc.p, tc.x), tc.want, 1e-12)
	}
	x := []float64{3, 1, 2}
	Quantile(0.5, x)
	if !slices.Equal(x, []float64{3, 1, 2}) {
		t.Errorf("Quantile modified its input: %v", x)
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		x    []float64
		want float64
	}{
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
		{nil, math.NaN()},
	} {
		checkClose(t, fmt.Sprintf("Median(%v)", tc.x), Median(tc.x), tc.want, 0)
	}
}

func TestQuantileUniformLarge(t *testing.T) {
	rng := newRand(31)
	x := make([]float64, 100000)
	for i := range x {
		x[i] = rng.Float64()
	}
	for _, p := range []float64{0.01, 0.25, 0.5, 0.9, 0.999} {
		checkClose(t, fmt.Sprintf("uniform quantile %v", p), Quantile(p, x), p, 0.005)
	}
}
