// Package analysis computes the equity, concentration, survival, sustainability and tail metrics of commonsim runs, and statistics across replications.
//
// # Conventions
//
// Like gonum's stat package, every metric is a plain function over slices:
// there are no receivers with hidden state and no package-level mutable
// state, and inputs are never modified. Functions whose names end in Sorted
// take their data in ascending order, do not check that order (the result
// for unsorted input is unspecified) and never allocate, so that the
// simulation can call them every tick on a reused scratch buffer; the plain
// variants copy and sort their input and may allocate.
//
// Amounts (contributions, wealth, counts) are assumed non-negative; this is
// not checked. Degenerate input never panics: an empty slice, an all-zero
// slice where a share of the total is asked for, or too few observations for
// a sample statistic give NaN (BusFactor, which counts people, gives 0; each
// function documents its own cases).
// Mismatched slice lengths are programmer errors and panic, as in gonum.
//
// Inequality measures are the population (descriptive) forms unless their
// name says otherwise: Gini divides by n, not n-1; GiniCorrected applies the
// n/(n-1) small-sample factor. Sample statistics across replications (MeanSD,
// MeanCI, DiffCI, CohensD) use the n-1 denominator. Quantiles follow
// Hyndman and Fan (1996) type 7, the default of R, NumPy and pandas.
//
// Each function's documentation cites the source of its formula.
package analysis
