// Package results writes and reads commonsim result sets: a directory with
// runs.csv, timeseries.csv, lorenz.csv, survival.csv and manifest.json
// (docs/OUTPUTS.md). Writing streams rows and flushes after every run, with
// files renamed into place when done, so a killed process never leaves a
// half-written CSV and memory does not grow with the number of runs.
package results
