package fastmath

import "math"

// Power is x^p for a fixed exponent p, resolved once: a small non-negative
// integer exponent (at most 8; the calibrated shortfall power 2 among them)
// is multiplied out instead of calling math.Pow, which costs about as much
// as the rest of a task's work.
type Power struct {
	p float64
	n int // p as an int when it is a small non-negative integer, else -1
}

// NewPower returns x^p as a Power.
func NewPower(p float64) Power {
	n := -1
	if p >= 0 && p <= 8 && p == math.Trunc(p) {
		n = int(p)
	}
	return Power{p: p, n: n}
}

// Of returns x^p: math.Pow(x, p), or the product of n factors x (within an
// ulp or two of math.Pow; tested).
func (w Power) Of(x float64) float64 {
	if w.n < 0 {
		return math.Pow(x, w.p)
	}
	p := 1.0
	for range w.n {
		p *= x
	}
	return p
}
