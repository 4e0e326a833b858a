// Package batch runs batches of runs: it resolves the scenarios of a batch
// (Prepare), expands them into the run matrix made on demand (Matrix:
// scenarios x sweep points x replicates, run ids from 0), runs its runs on
// a pool of workers and hands each result to a sink in run-id order
// (Execute), writes them to a result set and resumes, shards and merges
// result sets (Resume, ShardRange, Merge), after checking a batch against
// its limits and the machine's memory (CheckLimits). What is derived from
// the runs (sensitivity.csv, summary.csv, figures, report.md) is package
// report's.
//
// A run's seed comes from its scenario's base seed and its identity, never
// from the worker that runs it, and results are written in run-id order,
// so a batch gives the same bytes for any number of workers, threads or
// shards. Each run is sim.Run: a pure function of its spec.
package batch
