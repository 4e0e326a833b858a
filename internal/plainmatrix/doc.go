// Package plainmatrix is a batch's run matrix by its definition, all at
// once: for each scenario in the order given, each sweep point, each
// replicate, run ids from 0 in that order, every spec with its point's
// resolved parameters and its seed.
//
// It is the reference batch.Matrix (which makes the specs a range at a
// time) is tested against, and the source of the runs the tests of package
// results write (results cannot import batch, which imports it). No
// command uses it.
package plainmatrix
