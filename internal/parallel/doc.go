// Package parallel runs the parallel phases of a model: a Pool of
// goroutines started once runs a phase's jobs 0..n-1 (shards of
// contributors, chunks of values, groups of modules) and returns when all
// are done.
//
// The pool knows nothing of what the jobs do. Results do not depend on it:
// a job writes only its own part of the state and draws only from its own
// random stream, and the caller adds up the jobs' outputs in job order, so
// one goroutine or many give the same bytes.
package parallel
