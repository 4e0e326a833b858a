package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"commonsim/analysis"
	"commonsim/results"
)

func main() {
	ref := flag.String("ref", "commons", "reference scenario: differences are other − ref")
	metrics := flag.String("metrics", "final_active,final_value,truck_factor", "comma-separated runs.csv metrics")
	only := flag.String("scenarios", "", "comma-separated scenarios to compare with ref (default: all others, in file order)")
	unpaired := flag.Bool("unpaired", false, "Welch intervals of the difference of means instead of paired intervals")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "paired: give at least one result set directory (one per base seed)")
		os.Exit(2)
	}
	var sets []*resultSet
	for _, dir := range flag.Args() {
		rs, err := read(dir)
		if err != nil {
			fmt.Fprintf(os.Stderr, "paired: %v\n", err)
			os.Exit(1)
		}
		sets = append(sets, rs)
	}
	names := sets[0].scenarios
	if *only != "" {
		names = strings.Split(*only, ",")
	}
	if err := table(os.Stdout, sets, *ref, names, strings.Split(*metrics, ","), !*unpaired); err != nil {
		fmt.Fprintf(os.Stderr, "paired: %v\n", err)
		os.Exit(1)
	}
}

// run is one row of runs.csv: its pairing key and its metrics.
type run struct {
	key     string // sweep point and replicate
	seed    string
	metrics map[string]float64
}

type resultSet struct {
	path      string
	scenarios []string // in order of first appearance
	runs      map[string][]run
	columns   map[string]bool
}

// read loads the ok runs of the runs.csv of the result set dir.
func read(dir string) (*resultSet, error) {
	path := filepath.Join(dir, results.RunsFile)
	r, err := results.OpenRows(dir, results.RunsFile)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	header := r.Header()
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, need := range []string{"scenario", "point", "replicate", "seed", "status"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s: no %q column; is it a commonsim runs.csv?", path, need)
		}
	}
	rs := &resultSet{path: path, runs: map[string][]run{}, columns: map[string]bool{}}
	for _, h := range header {
		rs.columns[h] = true
	}
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err // names the file and line
		}
		if rec[col["status"]] != "ok" {
			continue
		}
		sc := rec[col["scenario"]]
		if _, seen := rs.runs[sc]; !seen {
			rs.scenarios = append(rs.scenarios, sc)
		}
		x := run{key: rec[col["point"]] + "/" + rec[col["replicate"]], seed: rec[col["seed"]], metrics: map[string]float64{}}
		for name, i := range col {
			if v, err := strconv.ParseFloat(rec[i], 64); err == nil {
				x.metrics[name] = v
			}
		}
		rs.runs[sc] = append(rs.runs[sc], x)
	}
	return rs, nil
}

// contrast is one difference with its interval.
type contrast struct {
	n                  int
	ref, other         float64
	diff, lo, hi       float64
	significant, valid bool
}

func compare(rs *resultSet, ref, other, metric string, paired bool) (contrast, error) {
	a, b := rs.runs[ref], rs.runs[other]
	if len(a) == 0 || len(b) == 0 {
		return contrast{}, fmt.Errorf("%s: no ok runs of %q or %q", rs.path, ref, other)
	}
	if !rs.columns[metric] {
		return contrast{}, fmt.Errorf("%s: no metric %q", rs.path, metric)
	}
	var c contrast
	if paired {
		byKey := map[string]run{}
		for _, x := range a {
			byKey[x.key] = x
		}
		var d, xa, xb []float64
		for _, y := range b {
			x, ok := byKey[y.key]
			if !ok {
				continue
			}
			if x.seed != y.seed {
				return contrast{}, fmt.Errorf("%s: %s and %s replicate %s have different seeds: not run with common random numbers; use -unpaired", rs.path, ref, other, y.key)
			}
			va, vb := x.metrics[metric], y.metrics[metric]
			if math.IsNaN(va) || math.IsNaN(vb) || math.IsInf(va, 0) || math.IsInf(vb, 0) {
				continue
			}
			d = append(d, vb-va)
			xa = append(xa, va)
			xb = append(xb, vb)
		}
		c.n = len(d)
		c.ref, _ = analysis.MeanSD(xa)
		c.other, _ = analysis.MeanSD(xb)
		c.diff, c.lo, c.hi = analysis.MeanCI(d, 0.95)
	} else {
		xa, xb := finite(a, metric), finite(b, metric)
		c.n = min(len(xa), len(xb))
		c.ref, _ = analysis.MeanSD(xa)
		c.other, _ = analysis.MeanSD(xb)
		c.diff, c.lo, c.hi = analysis.DiffCI(xb, xa, 0.95)
	}
	c.valid = !math.IsNaN(c.lo)
	c.significant = c.valid && (c.lo > 0 || c.hi < 0)
	return c, nil
}

func finite(runs []run, metric string) []float64 {
	var x []float64
	for _, r := range runs {
		if v := r.metrics[metric]; !math.IsNaN(v) && !math.IsInf(v, 0) {
			x = append(x, v)
		}
	}
	return x
}

func table(w io.Writer, sets []*resultSet, ref string, names, metrics []string, paired bool) error {
	kind := "paired"
	if !paired {
		kind = "Welch"
	}
	fmt.Fprintf(w, "| contrast | metric | n | %s | other |", ref)
	for i := range sets {
		fmt.Fprintf(w, " difference, %s 95%% CI, set %d |", kind, i+1)
	}
	fmt.Fprintln(w, " robust |")
	fmt.Fprint(w, "|---|---|---|---|---|")
	fmt.Fprint(w, strings.Repeat("---|", len(sets)))
	fmt.Fprintln(w, "---|")
	for _, other := range names {
		if other == ref {
			continue
		}
		for _, metric := range metrics {
			var cs []contrast
			for _, rs := range sets {
				c, err := compare(rs, ref, other, metric, paired)
				if err != nil {
					return err
				}
				cs = append(cs, c)
			}
			fmt.Fprintf(w, "| %s vs %s | `%s` | %d | %s | %s |", ref, other, metric, cs[0].n, num(cs[0].ref), num(cs[0].other))
			for _, c := range cs {
				mark := ""
				if c.significant {
					mark = " *"
				}
				fmt.Fprintf(w, " %s [%s, %s]%s |", num(c.diff), num(c.lo), num(c.hi), mark)
			}
			fmt.Fprintf(w, " %s |\n", robustness(cs))
		}
	}
	return nil
}

// robustness says whether a contrast holds under every base seed: the same
// sign and the same verdict on whether its interval excludes 0.
func robustness(cs []contrast) string {
	if len(cs) < 2 {
		return ""
	}
	sig := slices.ContainsFunc(cs, func(c contrast) bool { return c.significant })
	all := !slices.ContainsFunc(cs, func(c contrast) bool { return !c.significant })
	sign := func(c contrast) float64 { return math.Copysign(1, c.diff) }
	sameSign := !slices.ContainsFunc(cs, func(c contrast) bool { return sign(c) != sign(cs[0]) })
	switch {
	case all && sameSign:
		return "yes"
	case !sig:
		return "no effect"
	default:
		return "**fragile**"
	}
}

// num formats a number for a table: 3 significant digits, no exponent for
// ordinary magnitudes.
func num(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case x == 0:
		return "0"
	}
	a := math.Abs(x)
	switch {
	case a >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(x, 'f', 2, 64)
	default:
		return strconv.FormatFloat(x, 'g', 3, 64)
	}
}
