package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"commonsim/calibrate"
	"commonsim/plots"
	"commonsim/results"
	"commonsim/scenarios"
)

// paramLabel is a parameter's axis label: its key and unit.
func paramLabel(key string) string {
	if p, ok := scenarios.Lookup(key); ok && p.Unit != "" {
		return fmt.Sprintf("%s (%s)", key, p.Unit)
	}
	return key
}

// saveFigure writes p as dir/name.png and dir/name.svg through
// results.WriteAtomicFrom, as the report writes its figures.
func saveFigure(dir, name string, p *plot.Plot) error {
	return writeFigure(dir, name, func(w io.Writer) error { return plots.WritePNG(w, p, 0) }, func(w io.Writer) error { return plots.WriteSVG(w, p) })
}

// saveGrid writes a grid of panels as one figure, dir/name.png and .svg,
// of the given print size.
func saveGrid(dir, name string, panels [][]*plot.Plot, width, height vg.Length) error {
	return writeFigure(dir, name, func(w io.Writer) error { return plots.WriteGridPNG(w, panels, width, height, 0) },
		func(w io.Writer) error { return plots.WriteGridSVG(w, panels, width, height) })
}

func writeFigure(dir, name string, png, svg func(io.Writer) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range []struct {
		ext   string
		write func(io.Writer) error
	}{{".png", png}, {".svg", svg}} {
		if err := results.WriteAtomicFrom(dir, name+f.ext, f.write); err != nil {
			return fmt.Errorf("figure %s%s: %w", name, f.ext, err)
		}
	}
	return nil
}

// readColumns streams the named number columns of a calibration CSV file,
// keeping only the rows keep accepts (nil: all).
func readColumns(dir, name string, cols []string, keep func(rec []string) bool) ([][]float64, error) {
	rows, err := results.OpenRows(dir, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	idx, err := rows.Cols(cols...)
	if err != nil {
		return nil, err
	}
	out := make([][]float64, len(cols))
	for {
		rec, err := rows.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if keep != nil && !keep(rec) {
			continue
		}
		for i, k := range idx {
			v, err := rows.Float(k)
			if err != nil {
				return nil, err
			}
			out[i] = append(out[i], v)
		}
	}
}

// figures draws the calibration's figures into DIR/plots and returns their
// names with what each shows.
func (cal *calibration) figures(res *calibrate.Result, check *checkResult) ([][2]string, error) {
	dir := filepath.Join(cal.dir, "plots")
	var figs [][2]string
	k := len(cal.keys)
	acc, err := readColumns(cal.dir, posteriorCSV, cal.keys, nil)
	if err != nil {
		return nil, err
	}
	// hist is parameter i's posterior histogram: with a legend in the
	// marginals figure, without one (and with fewer ticks) in the pairs.
	hist := func(i int, legend bool) (*plot.Plot, error) {
		s := res.Summary[i]
		ax := plots.Axes{X: paramLabel(cal.keys[i]), Y: "density", LegendWidth: 6.5 * vg.Centimeter}
		m := plots.Marginal{Values: acc[i], Lo: s.PriorLo, Hi: s.PriorHi, Marks: []float64{s.Q025, s.Median, s.Q975}}
		if legend {
			m.MarksLabel, m.Label, m.RefLabel = "2.5%, 50%, 97.5%", fmt.Sprintf("posterior (%d)", s.N), "prior"
		} else {
			ax.X, ax.Ticks = cal.keys[i], 3 // the units are in the marginals figure
		}
		return plots.Histogram(ax, m)
	}
	side := vg.Length(math.Max(16, 6.5*float64(k))) * vg.Centimeter

	// Pairs: histograms on the diagonal, scatter below it.
	grid := make([][]*plot.Plot, k)
	for i := range k {
		grid[i] = make([]*plot.Plot, k)
		for j := 0; j <= i; j++ {
			var p *plot.Plot
			if i == j {
				p, err = hist(i, false)
			} else {
				si, sj := res.Summary[i], res.Summary[j]
				p, err = plots.Scatter(plots.Axes{X: cal.keys[j], Y: cal.keys[i], Ticks: 3}, acc[j], acc[i], sj.PriorLo, sj.PriorHi, si.PriorLo, si.PriorHi)
			}
			if err != nil {
				return nil, err
			}
			if i < k-1 {
				p.X.Label.Text = ""
			}
			if j > 0 && i != j {
				p.Y.Label.Text = ""
			}
			grid[i][j] = p
		}
	}
	if err := saveGrid(dir, "posterior_pairs", grid, side, side); err != nil {
		return nil, err
	}
	figs = append(figs, [2]string{"posterior_pairs", "the accepted points: on the diagonal each parameter's histogram (bars, as a density) against its uniform prior (dashed) with its 2.5%, 50% and 97.5% quantiles (dotted); below it each pair of parameters as a scatter over their prior ranges (a ridge means the targets pin down a combination, not each parameter)"})

	// Marginals, two to a row.
	cols := min(k, 2)
	var rows [][]*plot.Plot
	for i := range k {
		if i%cols == 0 {
			rows = append(rows, make([]*plot.Plot, cols))
		}
		p, err := hist(i, true)
		if err != nil {
			return nil, err
		}
		p.Title.Text = cal.keys[i]
		rows[len(rows)-1][i%cols] = p
	}
	if err := saveGrid(dir, "posterior_marginals", rows, vg.Length(8*cols+2)*vg.Centimeter, vg.Length(7*len(rows)+1)*vg.Centimeter); err != nil {
		return nil, err
	}
	figs = append(figs, [2]string{"posterior_marginals", "each parameter's posterior (histogram of the accepted points, with its 2.5%, 50% and 97.5% quantiles) against its prior"})

	fig, err := cal.implausibilityFigure(res)
	if err != nil {
		return nil, err
	}
	figs = append(figs, fig)

	// Predictive check: one panel per target.
	cols = min(len(cal.targets), 3)
	rows = nil
	for i, t := range cal.targets {
		if i%cols == 0 {
			rows = append(rows, make([]*plot.Plot, cols))
		}
		var refs []plots.Reference
		if t.Range {
			if !math.IsInf(t.Min, -1) {
				refs = append(refs, plots.Reference{Y: t.Min, Label: fmt.Sprintf("at least %g", t.Min)})
			}
			if !math.IsInf(t.Max, 1) {
				refs = append(refs, plots.Reference{Y: t.Max, Label: fmt.Sprintf("at most %g", t.Max)})
			}
		} else {
			refs = append(refs, plots.Reference{Y: t.Observed, Lo: t.Observed - 2*t.SD, Hi: t.Observed + 2*t.SD,
				Label: fmt.Sprintf("observed %g ± 2 sd", t.Observed)})
		}
		ylab := t.Metric
		switch t.Level {
		case calibrate.TickLevel:
			ylab += fmt.Sprintf(" at tick %d", t.Tick)
		case calibrate.WindowLevel:
			ylab += fmt.Sprintf(", mean over ticks %d-%d", t.From, t.To)
		}
		p, err := plots.BoxesRef(plots.Axes{Title: t.Name, Y: ylab, DotLabel: "dot: one run", BoxLabel: "box: middle 50%, median", LegendWidth: 5.5 * vg.Centimeter},
			[]plots.Group{{Label: fmt.Sprintf("%d runs at the median point", check.Stat[i].N), Values: check.Runs[i], Color: 1}}, refs, false)
		if err != nil {
			return nil, err
		}
		rows[len(rows)-1][i%cols] = p
	}
	if err := saveGrid(dir, "predictive_check", rows, vg.Length(7*cols+2)*vg.Centimeter, vg.Length(8*len(rows)+1)*vg.Centimeter); err != nil {
		return nil, err
	}
	figs = append(figs, [2]string{"predictive_check", "the posterior predictive check: for each target, the runs at the posterior's median point against the observed value ± 2 sd (or range)"})
	return figs, nil
}

// implausibilityFigure draws each point's largest implausibility, one box
// per wave, from calibration.csv.
func (cal *calibration) implausibilityFigure(res *calibrate.Result) ([2]string, error) {
	imp, err := readColumns(cal.dir, calibrationCSV, []string{"wave", "max_implausibility"}, nil)
	if err != nil {
		return [2]string{}, err
	}
	lo, hi := 0.01, math.Max(100, 10*cal.settings.Cutoff)
	groups := make([]plots.Group, len(res.Waves))
	for i, w := range res.Waves {
		groups[i] = plots.Group{Label: fmt.Sprintf("wave %d", w.Wave), Color: 1}
		if w.ABC {
			groups[i].Label += " (ABC)"
		}
	}
	for n, w := range imp[0] {
		v := imp[1][n]
		if math.IsNaN(v) || v > hi {
			v = hi
		}
		groups[int(w)-1].Values = append(groups[int(w)-1].Values, math.Max(lo, v))
	}
	p, err := plots.BoxesRef(plots.Axes{Title: "Largest implausibility of each point, by wave", Y: "largest implausibility (standard deviations)",
		DotLabel: fmt.Sprintf("dot: one point (below %g drawn at %g, above %g or undefined at %g)", lo, lo, hi, hi)}, groups,
		[]plots.Reference{{Y: cal.settings.Cutoff, Label: fmt.Sprintf("cut-off %g: points below are kept", cal.settings.Cutoff)},
			{Y: cal.settings.Tolerance, Label: fmt.Sprintf("ABC tolerance %g: the ABC wave's points below are accepted", cal.settings.Tolerance)}}, true)
	if err != nil {
		return [2]string{}, err
	}
	if err := saveFigure(filepath.Join(cal.dir, "plots"), "implausibility_waves", p); err != nil {
		return [2]string{}, err
	}
	return [2]string{"implausibility_waves", "each point's largest implausibility over the targets, one box per wave, against the cut-off and the ABC tolerance (log scale)"}, nil

}

// fittedText is the report's account of the parameters and targets.
func (cal *calibration) fittedText(b *strings.Builder) {
	b.WriteString("## What was fitted, to what\n\n| parameter | prior (uniform) | meaning |\n|---|---|---|\n")
	for i, k := range cal.keys {
		doc := ""
		if p, ok := scenarios.Lookup(k); ok {
			doc = p.Doc
		}
		fmt.Fprintf(b, "| `%s` | %s to %s | %s |\n", k, g3(cal.prior.Lo[i]), g3(cal.prior.Hi[i]), mdCell(doc))
	}
	b.WriteString("\nEvery other parameter keeps the scenario's value, as if it were known.\n\n| target | asks for | compared as | discrepancy sd | source |\n|---|---|---|---|---|\n")
	for _, t := range cal.targets {
		as := "the model's mean"
		if t.OneRun {
			as = "one run (one community)"
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s |\n", t.Name, mdCell(t.Describe()), as, g3(t.Discrepancy), mdCell(t.Source))
	}
}

// wavesText is the table of the waves.
func (cal *calibration) wavesText(b *strings.Builder, res *calibrate.Result) {
	b.WriteString("\n## How the waves went\n\n| wave | region sampled (share of the prior's volume) | points | kept | region of the kept points shrank by |\n|---|---|---|---|---|\n")
	for _, w := range res.Waves {
		shrink, wave := pct(w.Shrink), strconv.Itoa(w.Wave)
		switch {
		case w.ABC:
			shrink, wave = "(the posterior's wave)", wave+" (ABC)"
		case res.Stop == calibrate.StopEmpty && w.Wave == res.Last().Wave:
			shrink = "(none kept)"
		}
		fmt.Fprintf(b, "| %s | %s | %d | %d (%s) | %s |\n", wave, pctSmall(w.Box.Fraction(res.Prior)), w.Tally.Points, w.Tally.Kept,
			pct(float64(w.Tally.Kept)/float64(w.Tally.Points)), shrink)
	}
}

// metText says how many points of the last wave of history matching met
// each target.
func (cal *calibration) metText(b *strings.Builder, res *calibrate.Result) {
	hm := res.Matching()
	fmt.Fprintf(b, " A point is kept when every target lies within %g standard deviations of its runs' mean (its implausibility), counting the figure's sd, the discrepancy and the runs' spread. In wave %d, each target was met by:", cal.m.Cutoff, hm[len(hm)-1].Wave)
	last := hm[len(hm)-1].Tally
	for i, t := range cal.targets {
		sep := ","
		if i == len(cal.targets)-1 {
			sep = "."
		}
		fmt.Fprintf(b, " `%s` %d of %d points%s", t.Name, last.Met[i], last.Points, sep)
	}
}

// failureText is report.md of a calibration whose wave kept no point.
func (cal *calibration) failureText(res *calibrate.Result, figs [][2]string) string {
	var b strings.Builder
	last := res.Last()
	fmt.Fprintf(&b, "# Calibration of %s: no plausible point\n\n", cal.m.ScenarioName)
	fmt.Fprintf(&b, "Wave %d kept none of its %d points: no parameter values in the region it sampled reproduce every target within %g standard deviations. The calibration stopped there; it has no posterior.\n\n",
		last.Wave, last.Tally.Points, cal.m.Cutoff)
	var never, sole []string
	for i, t := range cal.targets {
		if last.Tally.Met[i] == 0 {
			never = append(never, fmt.Sprintf("`%s` (%s; the closest point is %s standard deviations away)", t.Name, mdCell(t.Describe()), g3(last.Tally.Best[i])))
		}
		if n := last.Tally.Sole[i]; n > 0 {
			sole = append(sole, fmt.Sprintf("%d fail only `%s`", n, t.Name))
		}
	}
	if len(never) > 0 {
		fmt.Fprintf(&b, "**No point could meet %s.** The model, with these priors, does not reach %s.", joinAnd(never), map[bool]string{true: "it", false: "them"}[len(never) == 1])
	} else {
		fmt.Fprintf(&b, "**Each target is met by some point, but no point meets them all at once.**")
	}
	if len(sole) > 0 {
		fmt.Fprintf(&b, " Of the points that miss a single target, %s: that is where the targets part.", joinAnd(sole))
	}
	b.WriteString(" What to do: check the observed value and its sd; if the model lacks the mechanism behind a figure (docs/MODEL.md says which it does not reproduce), give that target a `discrepancy` as large as the gap you accept, or drop it; or widen the `--sweep` ranges if the points press against an edge.\n\n")
	cal.fittedText(&b)
	cal.wavesText(&b, res)
	cal.metText(&b, res)
	b.WriteString("\n\n")
	for _, f := range figs {
		fmt.Fprintf(&b, "Figure `plots/%s.png`: %s.\n\n", f[0], f[1])
	}
	b.WriteString("Every evaluated point, with each target's mean, sd and implausibility and the targets it fails, is in `calibration.csv`; each wave's runs are in `wave-N/`.\n")
	return b.String()
}

func g3(v float64) string {
	if math.IsNaN(v) {
		return "undefined"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

func pct(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }

// reportText is report.md: what was fitted, to what and how well, which
// parameters the targets pin down, and what the result is not.
func (cal *calibration) reportText(res *calibrate.Result, check *checkResult, rec []recoveryRow, figs [][2]string) string {
	var b strings.Builder
	m := cal.m
	runs := 0
	for _, w := range res.Waves {
		runs += w.Tally.Points * m.Replications
	}
	fmt.Fprintf(&b, "# Calibration of %s\n\n", m.ScenarioName)
	hm, abc := res.Matching(), res.Last()
	fmt.Fprintf(&b, "This calibration fitted %d parameter%s of the scenario `%s` to %d observed figure%s (`%s`) by history matching in %d wave%s of %d points, then drew %d points in the plausible region they found (wave %d) and accepted those within the tolerance by rejection ABC: %d point%s accepted. Each point was run %d times (%d runs in all).\n\n",
		len(cal.keys), plural(len(cal.keys)), m.Scenario, len(cal.targets), plural(len(cal.targets)), m.TargetsSource,
		len(hm), plural(len(hm)), m.Samples, abc.Tally.Points, abc.Wave, res.Accepted, plural(res.Accepted), m.Replications, runs)
	if m.Recover {
		fmt.Fprintf(&b, "**This is a recovery test** (`--recover`): the observed values below are not the targets file's but were simulated at a true point drawn from the priors, to see whether the calibration finds it again.\n\n")
	}

	cal.fittedText(&b)
	cal.wavesText(&b, res)
	lastHM := hm[len(hm)-1]
	switch {
	case res.Stop == calibrate.StopConverged:
		fmt.Fprintf(&b, "\nHistory matching stopped when the region stopped shrinking (by less than %s).", pct(m.MinShrink))
	case lastHM.Shrink >= m.MinShrink:
		fmt.Fprintf(&b, "\nHistory matching stopped after the %d waves asked for (`--waves`); the region was still shrinking by %s, so more waves would narrow it further.", m.Waves, pct(lastHM.Shrink))
	default:
		fmt.Fprintf(&b, "\nHistory matching stopped after the %d waves asked for (`--waves`), as the region stopped shrinking.", m.Waves)
	}
	cal.metText(&b, res)
	fmt.Fprintf(&b, " The ABC wave kept %d of its %d points and accepted %d, those within %g standard deviations of every target.", abc.Tally.Kept, abc.Tally.Points, res.Accepted, m.Tolerance)
	b.WriteString("\n\n## What the targets pin down\n\n| parameter | prior | posterior median | 95% interval | interval / prior | verdict |\n|---|---|---|---|---|---|\n")
	var pinned, weak, loose, few []string
	for i, k := range cal.keys {
		s := res.Summary[i]
		fmt.Fprintf(&b, "| `%s` | %s to %s | %s | %s to %s | %s | %s |\n", k, g3(s.PriorLo), g3(s.PriorHi), g3(s.Median), g3(s.Q025), g3(s.Q975),
			pct((s.Q975-s.Q025)/(s.PriorHi-s.PriorLo)), s.Identification)
		switch s.Identification {
		case calibrate.Identified:
			pinned = append(pinned, fmt.Sprintf("`%s` (95%% between %s and %s)", k, g3(s.Q025), g3(s.Q975)))
		case calibrate.WeaklyIdentified:
			weak = append(weak, fmt.Sprintf("`%s`", k))
		case calibrate.TooFew:
			few = append(few, fmt.Sprintf("`%s`", k))
		default:
			loose = append(loose, fmt.Sprintf("`%s`", k))
		}
	}
	b.WriteString("\n")
	if len(pinned) > 0 {
		fmt.Fprintf(&b, "The targets pin down %s: the accepted points use less than half of %s prior range. ", joinAnd(pinned), itsTheir(len(pinned)))
	}
	if len(weak) > 0 {
		fmt.Fprintf(&b, "They narrow %s only a little. ", joinAnd(weak))
	}
	if len(loose) > 0 {
		fmt.Fprintf(&b, "**%s %s not identified by these targets**: %s posterior is about %s prior, so any value in %s range reproduces the figures about as well as any other. A value of %s chosen here means nothing; fix it from other evidence, or add a target it affects. ",
			upperFirstWord(joinAnd(loose)), isAre(len(loose)), itsTheir(len(loose)), itsTheir(len(loose)), itsTheir(len(loose)), itThem(len(loose)))
	}
	if len(few) > 0 {
		fmt.Fprintf(&b, "**Only %d point%s accepted: too few to tell what the targets pin down.** Run a larger ABC wave (`--abc-samples`) before reading anything into the intervals above. ", res.Accepted, map[bool]string{true: " was", false: "s were"}[res.Accepted == 1])
	} else if res.Accepted < 50 {
		fmt.Fprintf(&b, "Only %d points were accepted: the quantiles are rough; a larger ABC wave (`--abc-samples`) would steady them. ", res.Accepted)
	}
	b.WriteString("A ridge in `plots/posterior_pairs.png` means that the targets pin down a combination of two parameters rather than each.\n\n")

	fmt.Fprintf(&b, "## How well it fits: the posterior predictive check\n\nThe posterior's median point (%s) was run again %d times with fresh seeds (`check/`).\n\n",
		medianText(cal.keys, check.Values), m.CheckRuns)
	b.WriteString("| target | observed | runs: mean [95% of runs] | implausibility | verdict |\n|---|---|---|---|---|\n")
	fits, misses := 0, []string{}
	for i, t := range cal.targets {
		s := check.Stat[i]
		obs := fmt.Sprintf("%s ± %s", g3(t.Observed), g3(t.SD))
		if t.Range {
			obs = strings.TrimPrefix(t.Describe(), t.Metric+" ")
			if t.Level != calibrate.RunLevel {
				obs = t.Describe()
			}
		}
		var verdict string
		switch {
		case s.Implausibility <= m.Tolerance:
			verdict, fits = "fits", fits+1
		case s.Implausibility <= m.Cutoff:
			verdict = "plausible, beyond the tolerance"
			misses = append(misses, "`"+t.Name+"`")
		default:
			verdict = "does not fit"
			misses = append(misses, "`"+t.Name+"`")
		}
		if !s.Within {
			verdict += "; outside the spread of single runs"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s [%s, %s] | %s | %s |\n", t.Name, mdCell(obs), g3(s.Mean), g3(s.Lo), g3(s.Hi), g3(s.Implausibility), verdict)
	}
	fmt.Fprintf(&b, "\nAt the median point, %d of %d figures fit (implausibility at most the tolerance, %g).", fits, len(cal.targets), m.Tolerance)
	if len(misses) > 0 {
		fmt.Fprintf(&b, " %s %s less well: the posterior's points each fit every figure within the tolerance, but their median does not, or the model lacks the mechanism behind the figure, or its discrepancy is understated.", upperFirstWord(joinAnd(misses)), map[bool]string{true: "fits", false: "fit"}[len(misses) == 1])
	}
	b.WriteString(" \"Outside the spread of single runs\" means that the observed value is outside the middle 95% of the runs: for a figure compared with the model's mean, the implausibility, not this, is the test; for one observed as one run, both should agree.")
	b.WriteString(" (The median point is a summary; the posterior is the whole set of accepted points, `posterior.csv`.)\n\n")

	if len(rec) > 0 {
		inside := 0
		b.WriteString("## Recovery test\n\n| parameter | truth | posterior median | 95% interval | truth inside |\n|---|---|---|---|---|\n")
		for _, r := range rec {
			yes := "no"
			if r.Inside {
				yes, inside = "yes", inside+1
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s to %s | %s |\n", r.Key, g3(r.Truth), g3(r.Median), g3(r.Lo), g3(r.Hi), yes)
		}
		fmt.Fprintf(&b, "\nThe truth lies inside the 95%% posterior interval for %d of %d parameters (`recovery.csv`). One recovery is one draw: over many seeds, about 95%% of intervals should hold the truth, more where the method is conservative.\n\n", inside, len(rec))
	}

	fmt.Fprintf(&b, "## What this is, and is not\n\nThis is an approximation shaped by the chosen targets and tolerances. Other targets, other standard deviations or discrepancies, another cut-off (here %g) or ABC tolerance (here %g), or other prior ranges give another posterior: the accepted points are those that reproduce *these* figures within *these* errors, starting from a uniform prior over *these* ranges. The waves sample boxes around the points they keep, so a plausible region far from the others can be missed, and parameters not swept are taken as known. ",
		m.Cutoff, m.Tolerance)
	b.WriteString("A figure compared with the model's mean asks whether the model's *average* community looks like it; a single real community is one realisation of a random process, and `observed_as = \"one_run\"` in the targets file adds the runs' own spread to its error. Treat the posterior as the set of parameter values not ruled out, not as a measurement.\n\n")

	if len(figs) > 0 {
		b.WriteString("## Figures\n\n")
		for _, f := range figs {
			fmt.Fprintf(&b, "- `plots/%s.png` (and `.svg`): %s\n", f[0], f[1])
		}
		b.WriteString("\n")
	}
	b.WriteString("## Files\n\n- `calibration.csv`: every evaluated point, with its parameters, wave, each target's mean and sd over its runs and implausibility, whether it was kept and accepted, and the targets it fails\n- `posterior.csv`: the accepted points\n- `posterior_summary.csv`: per parameter, the prior, the posterior's mean, median and 95% interval, the shrinkage and the verdict\n- `predictive_check.csv`: the posterior predictive check\n")
	if len(rec) > 0 {
		b.WriteString("- `recovery.csv`: the recovery test\n")
	}
	b.WriteString("- `wave-N/`, `check/`: each a normal result set (runs.csv, timeseries.csv, ..., manifest.json); `calibration.json`: the calibration's settings and waves; `scenario.toml`, `targets.toml`: what was fitted\n")
	return b.String()
}

func mdCell(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func itsTheir(n int) string {
	if n == 1 {
		return "its"
	}
	return "their"
}

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func upperFirstWord(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func pctSmall(v float64) string {
	if v >= 0.01 {
		return pct(v)
	}
	return strconv.FormatFloat(100*v, 'g', 2, 64) + "%"
}

func medianText(keys, values []string) string {
	var parts []string
	for i, k := range keys {
		v := values[i]
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			v = strconv.FormatFloat(x, 'g', 4, 64)
		}
		parts = append(parts, fmt.Sprintf("`%s` = %s", k, v))
	}
	return strings.Join(parts, ", ")
}
