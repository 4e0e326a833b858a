// Command commonsim runs agent-based simulations of commons-based peer
// production: scenarios defined in TOML, batches of runs on a worker pool,
// results as CSV files and figures. `commonsim --help` lists the verbs.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/alecthomas/kong"
)

// version is the engine version written into every manifest.
const version = "0.1.0"

type cli struct {
	Run         runCmd         `cmd:"" help:"Run scenarios (built-in names or TOML files) and write a result set."`
	Scenarios   scenariosCmd   `cmd:"" help:"List the built-in scenarios."`
	Show        showCmd        `cmd:"" help:"Print a built-in scenario as TOML, to copy and edit."`
	Check       checkCmd       `cmd:"" help:"Validate scenario files without running them."`
	Params      paramsCmd      `cmd:"" help:"List every scenario parameter with its unit, range and meaning."`
	Merge       mergeCmd       `cmd:"" help:"Merge the result sets of the shards of a batch (run --shard K/N) into one."`
	Slurm       slurmCmd       `cmd:"" help:"Write an sbatch script that runs a batch as a Slurm array job of shards, then merges them."`
	Sensitivity sensitivityCmd `cmd:"" help:"Recompute sensitivity.csv (Morris or Sobol indices) of a result set."`
	Plot        plotCmd        `cmd:"" help:"Redraw the statistics, figures and report of a result set from its CSV files."`
	Verify      verifyCmd      `cmd:"" help:"Check result sets against their manifests: status, row counts, SHA-256, CSV shape, run ids."`
	Version     versionCmd     `cmd:"" help:"Print the engine version."`
}

func main() {
	// Ctrl-C and SIGTERM cancel this context: a batch stops taking runs and
	// leaves a valid result set.
	sig, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var c cli
	ctx := kong.Parse(&c,
		kong.Name("commonsim"),
		kong.Description("An agent-based simulation engine for the dynamics of commons-based peer production."),
		kong.UsageOnError(),
		kong.BindTo(sig, (*context.Context)(nil)),
	)
	if err := ctx.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "commonsim:", err)
		os.Exit(1)
	}
}

type versionCmd struct{}

func (versionCmd) Run() error {
	fmt.Println("commonsim", version)
	return nil
}
