package design

import "fmt"

// UnitToRange maps u in [0,1] linearly onto [lo, hi].
func UnitToRange(u, lo, hi float64) float64 {
	return lo + u*(hi-lo)
}

// UnitToIndex maps u in [0,1] onto one of n discrete choices, floor(u*n),
// clamped to [0, n-1] so that u = 1 (a Morris grid end point) selects the last
// choice. It panics if n < 1.
func UnitToIndex(u float64, n int) int {
	if n < 1 {
		panic(fmt.Sprintf("design: UnitToIndex: n = %d, need n >= 1", n))
	}
	i := int(u * float64(n))
	if u < 0 || i < 0 {
		return 0
	}
	if i >= n {
		return n - 1
	}
	return i
}
