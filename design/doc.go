// Package design generates experimental designs over parameter spaces (full
// factorial, Latin hypercube, Morris elementary effects, Saltelli) and
// computes sensitivity indices (Morris mu*, sigma; Sobol first-order and
// total) from model outputs.
//
// # Coordinates
//
// Apart from [Factorial], which works on level indices, every design lives in
// the unit hypercube [0,1]^k. The caller maps unit coordinates to parameter
// values: [UnitToRange] for a continuous range and [UnitToIndex] for a
// discrete choice (for example an index into a list of strings,
// floor(u*len) clamped to len-1). Latin hypercube and Saltelli points lie in
// [0,1); Morris grid points include both 0 and 1, so a discrete mapping must
// clamp, as UnitToIndex does.
//
// # Randomness
//
// Every design is deterministic given the *rand.Rand (math/rand/v2) it is
// passed, for example rand.New(rand.NewPCG(seed, stream)). The package never
// uses the global generator. Passing a nil generator where one is required
// panics.
//
// # Errors and panics
//
// Design constructors panic on arguments that are programming errors
// (negative sizes, an odd number of Morris levels, a nil generator). The
// index computations ([MorrisPlan.Effects], [SaltelliPlan.Indices]) take
// model outputs, which come from outside, and return errors: wrong length,
// NaN or infinite outputs (naming the row), zero output variance.
package design
