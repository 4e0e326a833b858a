package analysis

import (
	"math"
	"slices"
)

// Lowess returns a locally weighted linear regression of y on x (Cleveland
// 1979, without the robustness iterations) evaluated at each of grid: at
// a grid point g, the ceil(span·n) points nearest to g are weighted by the
// tricube of their distance over the largest of those distances, and
// the value is that of the weighted least-squares line at g. span is in
// (0, 1] (0.5 to 0.8 are usual); pairs with a non-finite value are left
// out. The result is NaN at every grid point when fewer than 3 pairs
// remain, and at a grid point whose neighbours all have the same x (the
// line is then undefined) the weighted mean of their y is used.
func Lowess(x, y []float64, span float64, grid []float64) []float64 {
	type pt struct{ x, y float64 }
	var ps []pt
	for i := range x {
		if i < len(y) && !math.IsNaN(x[i]) && !math.IsInf(x[i], 0) && !math.IsNaN(y[i]) && !math.IsInf(y[i], 0) {
			ps = append(ps, pt{x[i], y[i]})
		}
	}
	out := make([]float64, len(grid))
	if len(ps) < 3 || !(span > 0) {
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	k := min(len(ps), max(3, int(math.Ceil(math.Min(span, 1)*float64(len(ps))))))
	d := make([]float64, len(ps))
	idx := make([]int, len(ps))
	for gi, g := range grid {
		for i, p := range ps {
			d[i], idx[i] = math.Abs(p.x-g), i
		}
		slices.SortFunc(idx, func(a, b int) int {
			if d[a] != d[b] {
				if d[a] < d[b] {
					return -1
				}
				return 1
			}
			return a - b
		})
		near := idx[:k]
		h := d[near[k-1]] * 1.000001
		var sw, sx, sy, sxx, sxy float64
		for _, i := range near {
			w := 1.0
			if h > 0 {
				u := d[i] / h
				w = math.Pow(1-u*u*u, 3)
			}
			p := ps[i]
			sw += w
			sx += w * p.x
			sy += w * p.y
			sxx += w * p.x * p.x
			sxy += w * p.x * p.y
		}
		mx, my := sx/sw, sy/sw
		vx := sxx/sw - mx*mx
		if vx <= 1e-12*math.Max(1, mx*mx) {
			out[gi] = my
			continue
		}
		b := (sxy/sw - mx*my) / vx
		out[gi] = my + b*(g-mx)
	}
	return out
}
