package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"commonsim/analysis"
	"commonsim/results"
	"commonsim/sim"
)

func main() {
	only := flag.String("scenarios", "", "comma-separated scenarios (default: all, in runs.csv order)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "forks: give at least one result set directory (one per base seed)")
		os.Exit(2)
	}
	var sets []*forkSet
	for _, dir := range flag.Args() {
		fs, err := read(dir)
		if err != nil {
			fmt.Fprintf(os.Stderr, "forks: %v\n", err)
			os.Exit(1)
		}
		sets = append(sets, fs)
	}
	names := sets[0].scenarios
	if *only != "" {
		names = strings.Split(*only, ",")
	}
	if err := table(os.Stdout, sets, names); err != nil {
		fmt.Fprintf(os.Stderr, "forks: %v\n", err)
		os.Exit(1)
	}
}

// fork is one row of forks.csv.
type fork struct {
	run                       string
	tick                      float64
	trigger, outcome          string
	founders, followers, core float64
	moved26, moved52          float64
	parent104, child104       float64
}

// forkSet is one result set: its ok runs per scenario, and their forks.
type forkSet struct {
	dir       string
	scenarios []string             // in order of first appearance in runs.csv
	runs      map[string][]string  // scenario → run ids
	counts    map[string][]float64 // scenario → each run's forks (runs.csv: founding or not)
	forks     map[string][]fork    // scenario → forks of its ok runs
}

// read loads the ok runs of dir's runs.csv and their forks from forks.csv.
func read(dir string) (*forkSet, error) {
	fs := &forkSet{dir: dir, runs: map[string][]string{}, counts: map[string][]float64{}, forks: map[string][]fork{}}
	ok := map[string]string{} // run id → scenario
	r, err := results.OpenRows(dir, results.RunsFile)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	col, err := r.Cols("run_id", "scenario", "status", "forks")
	if err != nil {
		return nil, err
	}
	for {
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if r.Field(col[2]) != "ok" {
			continue
		}
		id, sc := r.Field(col[0]), r.Field(col[1])
		if _, seen := fs.runs[sc]; !seen {
			fs.scenarios = append(fs.scenarios, sc)
		}
		n, err := r.Float(col[3])
		if err != nil {
			return nil, err
		}
		fs.runs[sc] = append(fs.runs[sc], id)
		fs.counts[sc] = append(fs.counts[sc], n)
		ok[id] = sc
	}
	f, err := results.OpenRows(dir, results.ForksFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names := []string{"run_id", "tick", "trigger", "founders", "followers", "parent_core", "core_moved_26", "core_moved_52",
		"outcome", "parent_active_104", "child_active_104"}
	col, err = f.Cols(names...)
	if err != nil {
		return nil, err
	}
	for {
		_, err := f.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		sc, isOK := ok[f.Field(col[0])]
		if !isOK {
			continue
		}
		var x [11]float64
		for _, k := range []int{1, 3, 4, 5, 6, 7, 9, 10} {
			if x[k], err = f.Float(col[k]); err != nil {
				return nil, err
			}
		}
		fs.forks[sc] = append(fs.forks[sc], fork{
			run: f.Field(col[0]), tick: x[1], trigger: f.Field(col[2]), outcome: f.Field(col[8]),
			founders: x[3], followers: x[4], core: x[5], moved26: x[6], moved52: x[7], parent104: x[9], child104: x[10],
		})
	}
	return fs, nil
}

// table writes one block per scenario: a line per result set.
func table(w io.Writer, sets []*forkSet, names []string) error {
	fmt.Fprintln(w, "| scenario | set | runs | runs with a fork | forks/run | first founding fork's tick (median) | triggers | founders | followers | parent core | core moved 26 | core moved 52 | child − parent active 104 ticks later [95%] (n) | child larger | "+strings.Join(sim.ForkOutcomes[:], " | ")+" |")
	fmt.Fprintln(w, "|"+strings.Repeat("---|", 15+len(sim.ForkOutcomes)))
	for _, sc := range names {
		for k, fs := range sets {
			runs := fs.runs[sc]
			if len(runs) == 0 {
				return fmt.Errorf("result set %s: no ok run of scenario %q", fs.dir, sc)
			}
			fmt.Fprintf(w, "| %s | %d | %s |\n", sc, k+1, strings.Join(row(fs.counts[sc], fs.forks[sc]), " | "))
		}
	}
	return nil
}

// row summarises the forks of one scenario's runs: counts are each run's
// forks (runs.csv, those that founded a commons and those that did not),
// forks those that founded one (forks.csv).
func row(counts []float64, forks []fork) []string {
	n := float64(len(counts))
	forking, total := 0, 0.0
	for _, c := range counts {
		total += c
		if c > 0 {
			forking++
		}
	}
	forked := map[string]bool{}
	var first []float64
	triggers := map[string]int{}
	outcomes := map[string]int{}
	for _, f := range forks {
		if !forked[f.run] {
			first = append(first, f.tick) // forks.csv lists a run's forks in order
		}
		forked[f.run] = true
		triggers[f.trigger]++
		outcomes[f.outcome]++
	}
	out := []string{fmt.Sprint(len(counts)), pct(float64(forking) / n), num(total / n), num(median(first))}
	var ts []string
	for t, c := range triggers {
		ts = append(ts, fmt.Sprintf("%s %d", t, c))
	}
	slices.Sort(ts)
	out = append(out, strings.Join(ts, ", "))
	mean := func(get func(fork) float64) string {
		var x []float64
		for _, f := range forks {
			if v := get(f); !math.IsNaN(v) {
				x = append(x, v)
			}
		}
		if len(x) == 0 {
			return "–"
		}
		m, _ := analysis.MeanSD(x)
		return num(m)
	}
	out = append(out,
		mean(func(f fork) float64 { return f.founders }),
		mean(func(f fork) float64 { return f.followers }),
		mean(func(f fork) float64 { return f.core }),
		mean(func(f fork) float64 { return f.moved26 }),
		mean(func(f fork) float64 { return f.moved52 }))
	var d []float64
	larger := 0
	for _, f := range forks {
		if math.IsNaN(f.child104) || math.IsNaN(f.parent104) {
			continue
		}
		d = append(d, f.child104-f.parent104)
		if f.child104 > f.parent104 {
			larger++
		}
	}
	switch {
	case len(d) >= 2:
		m, lo, hi := analysis.MeanCI(d, 0.95)
		out = append(out, fmt.Sprintf("%s [%s, %s] (%d)", num(m), num(lo), num(hi), len(d)), pct(float64(larger)/float64(len(d))))
	case len(d) == 1:
		out = append(out, fmt.Sprintf("%s (1)", num(d[0])), pct(float64(larger)))
	default:
		out = append(out, "–", "–")
	}
	for _, o := range sim.ForkOutcomes {
		if len(forks) == 0 {
			out = append(out, "–")
			continue
		}
		out = append(out, pct(float64(outcomes[o])/float64(len(forks))))
	}
	return out
}

func median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := slices.Clone(x)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

func num(x float64) string {
	switch {
	case math.IsNaN(x):
		return "–"
	case math.Abs(x) >= 100:
		return fmt.Sprintf("%.0f", x)
	case math.Abs(x) >= 10:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.2f", x)
}
