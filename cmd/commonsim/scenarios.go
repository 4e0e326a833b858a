package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"

	"commonsim/batch"
	"commonsim/scenarios"
)

type scenariosCmd struct{}

func (scenariosCmd) Run() error {
	list, err := scenarios.Builtins()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	for _, b := range list {
		fmt.Fprintf(tw, "%s\t%s\n", b.Name, b.Description)
	}
	return tw.Flush()
}

type showCmd struct {
	Name     string `arg:"" help:"Built-in scenario name."`
	Resolved bool   `help:"Print every parameter with its resolved value instead of the commented file."`
}

func (c showCmd) Run() error {
	if !c.Resolved {
		src, err := scenarios.BuiltinSource(c.Name)
		if err != nil {
			return err
		}
		_, err = os.Stdout.Write(src)
		return err
	}
	sc, err := scenarios.LoadBuiltin(c.Name)
	if err != nil {
		return err
	}
	text, err := sc.Encode()
	if err != nil {
		return err
	}
	fmt.Print(text)
	return nil
}

type checkCmd struct {
	Files []string `arg:"" help:"Scenario files (or built-in names) to validate."`
	Set   []string `sep:"none" help:"Override a parameter, key=value (repeatable)." placeholder:"KEY=VALUE"`
}

// Run loads each file, applies --set, checks the sweep and the batch's
// sizes against commonsim's limits (batch.CheckLimits, before any sweep
// point is made) and makes the sweep points, which validates them.
func (c checkCmd) Run(ctx context.Context) error {
	for _, f := range c.Files {
		sc, err := scenarios.Resolve(f)
		if err != nil {
			return err
		}
		if err := sc.SetAll(c.Set); err != nil {
			return err
		}
		if err := sc.CheckSets(c.Set, nil); err != nil {
			return err
		}
		est, err := batch.CheckLimits([]*scenarios.Scenario{sc}, batch.LimitOptions{Workers: 1, Threads: 1, Force: true})
		if err != nil {
			return fmt.Errorf("scenario %s: %w", f, err)
		}
		pts, err := sc.Sweep.Points(uint64(sc.Run.Seed))
		if err != nil {
			return fmt.Errorf("scenario %s: %w", f, err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		fmt.Printf("%s: ok (scenario %q, %d sweep point(s) x %d replication(s), %d ticks; the largest run needs about %s)\n",
			f, sc.Name, len(pts), sc.Run.Replications, sc.Run.Ticks, batch.HumanBytes(est.PerRun))
	}
	return nil
}

type paramsCmd struct {
	Markdown bool `help:"Print a Markdown table (as in docs/MODEL.md)."`
}

func (c paramsCmd) Run() error {
	def, err := scenarios.LoadBuiltin(scenarios.DefaultName)
	if err != nil {
		return err
	}
	if c.Markdown {
		fmt.Println("| key | unit | default | allowed | meaning |")
		fmt.Println("|---|---|---|---|---|")
		for _, p := range scenarios.Params() {
			fmt.Printf("| `%s` | %s | %s | %s | %s |\n", p.Key, p.Unit, p.Get(def), p.Range(), p.Doc)
		}
		return nil
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tUNIT\tDEFAULT\tALLOWED\tMEANING")
	for _, p := range scenarios.Params() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.Key, p.Unit, p.Get(def), p.Range(), p.Doc)
	}
	return tw.Flush()
}
