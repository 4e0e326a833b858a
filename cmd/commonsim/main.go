package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

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
	Calibrate   calibrateCmd   `cmd:"" help:"Fit a scenario's parameters to a community's observed figures: history matching in waves, then rejection ABC, with the uncertainty that remains."`
	Plot        plotCmd        `cmd:"" help:"Redraw the statistics, figures and report of a result set from its CSV files."`
	Verify      verifyCmd      `cmd:"" help:"Check result sets against their manifests: status, row counts, SHA-256, CSV shape, run ids."`
	Serve       serveCmd       `cmd:"" help:"Open the browser lab: pick a scenario, move sliders, watch the commons live and compare runs."`
	Version     versionCmd     `cmd:"" help:"Print the engine version and how this binary was built."`

	VersionFlag kong.VersionFlag `name:"version" help:"Print the engine version and how this binary was built, and exit."`
}

// stopGrace is how long a command has, after SIGINT or SIGTERM, to stop by
// itself (a batch closes its result set as interrupted; the report step
// removes the file it was writing) before the process exits anyway: every
// command stops within a second, even one blocked in a system call. A
// second signal exits at once. Either way the exit status is 130 (SIGINT)
// or 143 (SIGTERM), and a result set left behind is one `commonsim run
// --resume` continues.
const stopGrace = 900 * time.Millisecond

// exitUsage is the exit status of a command line commonsim cannot parse
// (an unknown verb or flag, a flag value of the wrong type, no verb at
// all): 2, as for Go's own tools and the shells' builtins.
const exitUsage = 2

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	kctx := parse(os.Args[1:], ctx, os.Exit)
	stop := catchSignals(cancel, stopGrace)
	err := kctx.Run()
	stop.exitWith(err)
}

// parse reads the command line args; exit ends the process (os.Exit). A
// syntax error prints kong's one-line error and the usage and exits with
// exitUsage, instead of kong's 80; no arguments at all print the usage on
// stderr and exit with exitUsage too (there is nothing to do).
func parse(args []string, ctx context.Context, exit func(int)) *kong.Context {
	var c cli
	code := func(status int) int {
		if status == 80 { // kong's status for a parse error
			return exitUsage
		}
		return status
	}
	var stdout io.Writer = os.Stdout
	if len(args) == 0 {
		args, stdout = []string{"--help"}, os.Stderr
		code = func(int) int { return exitUsage }
	}
	parser, err := kong.New(&c,
		kong.Name("commonsim"),
		kong.Description("An agent-based simulation engine for the dynamics of commons-based peer production."),
		kong.UsageOnError(),
		kong.BindTo(ctx, (*context.Context)(nil)),
		kong.Vars{"version": versionText()},
		kong.Writers(stdout, os.Stderr),
		kong.Exit(func(status int) { exit(code(status)) }),
	)
	if err != nil {
		panic(err) // a mistake in the cli struct's tags, not the user's
	}
	kctx, err := parser.Parse(args)
	parser.FatalIfErrorf(err)
	return kctx
}

// signals watches for SIGINT and SIGTERM: the first cancels the commands'
// context, and the process exits once the command has returned, or after
// stopGrace, or at a second signal, whichever is first.
type signals struct {
	mu  sync.Mutex // held by whoever ends the process
	ch  chan os.Signal
	got atomic.Value // the first os.Signal, nil if none
}

func catchSignals(cancel context.CancelFunc, grace time.Duration) *signals {
	s := &signals{ch: make(chan os.Signal, 2)}
	signal.Notify(s.ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		first := <-s.ch
		s.got.Store(first)
		cancel()
		fmt.Fprintln(os.Stderr, "commonsim: stopping; a second Ctrl-C exits at once (what is on disk stays resumable)")
		select {
		case second := <-s.ch:
			s.exit(second, "stopped at once by a second signal")
		case <-time.After(grace):
			s.exit(first, "stopped: the command did not end within a second of the signal")
		}
	}()
	return s
}

// exit ends the process for signal sig. The lock is never released: the
// first of exit and exitWith to take it ends the process.
func (s *signals) exit(sig os.Signal, msg string) {
	s.mu.Lock()
	fmt.Fprintln(os.Stderr, "commonsim:", msg)
	os.Exit(exitCode(sig))
}

// exitWith reports the command's error and ends the process: with status
// 130 or 143 after a signal, 1 after an error, 0 otherwise.
func (s *signals) exitWith(err error) {
	s.mu.Lock()
	if err != nil {
		fmt.Fprintln(os.Stderr, "commonsim:", err)
	}
	sig, _ := s.got.Load().(os.Signal)
	switch {
	case sig != nil:
		os.Exit(exitCode(sig))
	case err != nil:
		os.Exit(1)
	}
	os.Exit(0)
}

// exitCode is the shell's status of a process ended by sig: 128 + its
// number (130 for SIGINT, 143 for SIGTERM).
func exitCode(sig os.Signal) int {
	if n, ok := sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}

type versionCmd struct{}

func (versionCmd) Run() error {
	fmt.Println(versionText())
	return nil
}

// versionText is the engine version (the one manifests record) and, from
// the binary's build information (debug.ReadBuildInfo), the module version,
// the commit it was built from and whether the work tree had changes, and
// the Go version: "commonsim 0.1.0 (commit 1366b6d2c0de, 2026-11-29T05:00:00Z,
// modified; go1.24.0)".
func versionText() string {
	text := "commonsim " + version
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return text
	}
	var parts []string
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		parts = append(parts, "module "+v)
	}
	setting := func(key string) string {
		for _, s := range bi.Settings {
			if s.Key == key {
				return s.Value
			}
		}
		return ""
	}
	if rev := setting("vcs.revision"); rev != "" {
		parts = append(parts, "commit "+rev[:min(12, len(rev))])
		if t := setting("vcs.time"); t != "" {
			parts = append(parts, t)
		}
		if setting("vcs.modified") == "true" {
			parts = append(parts, "modified")
		}
	}
	build := strings.Join(parts, ", ")
	if build != "" {
		build += "; "
	}
	return fmt.Sprintf("%s (%s%s)", text, build, bi.GoVersion)
}
