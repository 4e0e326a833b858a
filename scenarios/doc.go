// Package scenarios defines the scenario schema of the reference model, loads
// and validates scenario files strictly, holds the built-in scenario library,
// and expands a scenario's [sweep] into sweep points.
//
// A scenario is a TOML file whose tables follow the mechanisms of the model
// (docs/MODEL.md). Loading is strict: an unknown key, a value of the wrong
// type or out of range is an error that names the key, its line and what is
// allowed, and suggests the nearest valid key. Every parameter is described
// once, in the struct tags of Scenario; Params exposes that registry to
// validation, command-line overrides (--set), sweeps and the documentation.
//
// A sweep (Sweep, the [sweep] table, changed by --sweep, --design and
// --samples through ApplySweeps) is made into its points here and only
// here: Sweep.Plan draws the points of a sampled design from a stream of
// the scenario's seed and keeps the morris or saltelli plan they come from,
// so that the sensitivity indices are computed on the plan the runs were
// made from. A result set's manifest stores the Sweep as it is, and the
// plan is made again from it. Varying says which parameters differ between
// parameter sets: the parameter columns of runs.csv.
package scenarios
