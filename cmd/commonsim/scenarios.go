package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

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
	Sections []string `arg:"" optional:"" name:"section" help:"Sections (economy, segments.volunteer, ...) or keys to list; all when none is given."`
	Markdown bool     `help:"Print a Markdown table (as in docs/MODEL.md)."`
}

// paramsWidth is the width params fits its lines in.
const paramsWidth = 100

// generalSection names the keys outside every TOML table (name,
// description, extends).
const generalSection = "scenario"

// Run lists the parameters of the sections asked for: for each, a line
// "key = default" and, indented below, its unit, allowed values and
// meaning, every line wrapped to paramsWidth columns; a blank line between
// sections.
func (c paramsCmd) Run() error {
	def, err := scenarios.LoadBuiltin(scenarios.DefaultName)
	if err != nil {
		return err
	}
	list, err := paramsOf(c.Sections)
	if err != nil {
		return err
	}
	if c.Markdown {
		fmt.Println("| key | unit | default | allowed | meaning |")
		fmt.Println("|---|---|---|---|---|")
		for _, p := range list {
			fmt.Printf("| `%s` | %s | %s | %s | %s |\n", p.Key, p.Unit, p.Get(def), p.Range(), p.Doc)
		}
		return nil
	}
	var b strings.Builder
	last := ""
	for _, p := range list {
		if sec := sectionOf(p.Key); sec != last && b.Len() > 0 {
			b.WriteString("\n")
		}
		last = sectionOf(p.Key)
		wrap(&b, p.Key+" = "+p.Get(def), "", "        ", paramsWidth)
		what := p.Range()
		if p.Unit != "" {
			what = p.Unit + ", " + what
		}
		wrap(&b, what+": "+p.Doc, "    ", "    ", paramsWidth)
	}
	_, err = os.Stdout.WriteString(b.String())
	return err
}

// sectionOf is a key's section: the TOML table it is in, generalSection
// for a key outside every table.
func sectionOf(key string) string {
	if i := strings.IndexByte(key, '.'); i >= 0 {
		return key[:i]
	}
	return generalSection
}

// paramsOf returns the parameters of the sections (or subsections, or keys)
// asked for, in registry order; all for none. A word that names none is an
// error naming the nearest section.
func paramsOf(sections []string) ([]scenarios.Param, error) {
	all := scenarios.Params()
	if len(sections) == 0 {
		return all, nil
	}
	in := func(p scenarios.Param, s string) bool {
		return s == generalSection && !strings.Contains(p.Key, ".") || p.Key == s || strings.HasPrefix(p.Key, s+".")
	}
	var names []string
	for _, p := range all {
		if sec := sectionOf(p.Key); !slices.Contains(names, sec) {
			names = append(names, sec)
		}
	}
	for _, s := range sections {
		if !slices.ContainsFunc(all, func(p scenarios.Param) bool { return in(p, s) }) {
			msg := fmt.Sprintf("params: no section or key %q", s)
			if sug := scenarios.Suggest(s, append(slices.Clone(names), scenarios.Keys()...)); sug != "" {
				msg += fmt.Sprintf("; did you mean %q?", sug)
			}
			return nil, errors.New(msg + " (sections: " + strings.Join(names, ", ") + ")")
		}
	}
	var out []scenarios.Param
	for _, p := range all {
		if slices.ContainsFunc(sections, func(s string) bool { return in(p, s) }) {
			out = append(out, p)
		}
	}
	return out, nil
}

// wrap writes text to b in lines of at most width columns (a word longer
// than a line gets one of its own), the first starting with first, the
// others with rest.
func wrap(b *strings.Builder, text, first, rest string, width int) {
	line := first
	empty := true
	for _, w := range strings.Fields(text) {
		if !empty && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width {
			b.WriteString(line + "\n")
			line, empty = rest, true
		}
		if !empty {
			line += " "
		}
		line += w
		empty = false
	}
	b.WriteString(line + "\n")
}
