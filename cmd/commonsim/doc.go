// Command commonsim runs agent-based simulations of commons-based peer
// production: scenarios defined in TOML, batches of runs on a worker pool,
// results as CSV files and figures. `commonsim --help` lists the verbs.
//
// The command parses arguments and calls the packages below it, in the
// order data flows: scenarios (load, --set, --sweep), batch (the run
// matrix, the runs, resume, shards, merge), results (verify) and report
// (sensitivity.csv, summary.csv, comparison.csv, figures, report.md,
// report.html). It holds no model or statistics of its own.
//
// One file per verb: run.go (run, --resume, the report step), merge.go,
// plot.go (plot, and the check of a result set before it is read),
// sensitivity.go, verify.go, scenarios.go (scenarios, show, check, params),
// slurm.go (an sbatch script of shards and a merge); main.go holds the
// command table and the signal handling (the first SIGINT or SIGTERM stops
// a command cleanly with status 130 or 143, a second at once), progress.go
// the progress bar or log, profile.go the CPU and heap profiles.
package main
