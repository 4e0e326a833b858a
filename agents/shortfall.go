package agents

import "math"

// shortfallChance is (left/size)^power, the chance that a task bigger than
// the hours left is finished anyway. Integer powers (the calibrated 2
// among them) are multiplied out instead of calling math.Pow.
func shortfallChance(ratio float64, power float64, intPower int) float64 {
	if intPower < 0 {
		return math.Pow(ratio, power)
	}
	p := 1.0
	for range intPower {
		p *= ratio
	}
	return p
}

// IntPower returns p as an int when p is a small non-negative integer
// (at most 8), else -1: the form shortfallChance multiplies out.
func IntPower(p float64) int {
	if p >= 0 && p <= 8 && p == math.Trunc(p) {
		return int(p)
	}
	return -1
}
