// Package fastmath holds the numeric kernels of the model's hot loops:
// functions of the standard library's math package rewritten for speed,
// each tested against math's own (Exp within 2 ulp of math.Exp, Power
// against math.Pow).
//
// Results of the model depend on the exact values these return: changing
// one changes every random path after it, so a change here is a change of
// outputs (see docs/MODEL.md §3.4).
package fastmath
