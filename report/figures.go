package report

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"

	"commonsim/analysis"
	"commonsim/plots"
	"commonsim/results"
	"commonsim/scenarios"
)

// maxHeatValues is the most distinct values per axis of a heat map: sampled
// designs (lhs, morris, saltelli) give nearly every point its own value, and
// a grid of them would be almost empty.
const maxHeatValues = 20

// figure is one figure written, with what it shows.
type figure struct {
	name string // file name without extension
	what string // one line for the report
}

type figureList struct {
	drawn []figure
	notes []string // figures not drawn, groups left out, and why

	ctx  context.Context // stops drawing between figures
	dpi  int             // PNG resolution; 0: plots.DPI
	used map[string]bool // file names taken, lower case
}

func (fl *figureList) note(format string, args ...any) {
	fl.notes = append(fl.notes, fmt.Sprintf(format, args...))
}

// unique returns name, or name-2, name-3, ... when a figure of this report
// already has that file name (ignoring case, for file systems that do):
// two scenario names can give the same file name once sanitised
// (fileName), and a figure must never replace another.
func (fl *figureList) unique(name string) string {
	if fl.used == nil {
		fl.used = map[string]bool{}
	}
	out := name
	for i := 2; fl.used[strings.ToLower(out)]; i++ {
		out = fmt.Sprintf("%s-%d", name, i)
	}
	fl.used[strings.ToLower(out)] = true
	return out
}

// save writes p as dir/name.png and dir/name.svg (through
// results.CreateAtomic), or notes why the figure was not drawn. It stops
// with the context's error once the context is cancelled.
func (fl *figureList) save(dir, name, what string, p *plot.Plot, err error) error {
	if fl.ctx != nil && fl.ctx.Err() != nil {
		return fmt.Errorf("report: stopped: %w", fl.ctx.Err())
	}
	name = fl.unique(name)
	if err != nil {
		fl.note("%s was not drawn: %v", name, err)
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	png := func(w io.Writer) error { return plots.WritePNG(w, p, fl.dpi) }
	svg := func(w io.Writer) error { return plots.WriteSVG(w, p) }
	for _, f := range []struct {
		ext   string
		write func(io.Writer) error
	}{{".png", png}, {".svg", svg}} {
		if err := results.WriteAtomicFrom(dir, name+f.ext, f.write); err != nil {
			return fmt.Errorf("report: figure %s%s: %w", name, f.ext, err)
		}
	}
	fl.drawn = append(fl.drawn, figure{name, what})
	return nil
}

// runsText says how many runs each group has, e.g. "5 runs each".
func runsText(gs []*group) string {
	lo, hi := math.MaxInt, 0
	for _, g := range gs {
		lo, hi = min(lo, g.ok), max(hi, g.ok)
	}
	switch {
	case lo == hi && lo == 1:
		return "1 run each"
	case lo == hi:
		return fmt.Sprintf("%d runs each", lo)
	}
	return fmt.Sprintf("%d to %d runs per group", lo, hi)
}

// figures draws every figure into dir.
func (rs *resultSet) figures(dir string, bands map[int]map[int]*band, fl figureList) (figureList, error) {
	drawn := rs.groups[:min(len(rs.groups), maxLines)]
	// scope says in titles what the legend leaves out: the scenario of a
	// single-scenario sweep, and groups not drawn.
	var scope []string
	what := "groups"
	if len(rs.manifest.Scenarios) == 1 && len(rs.manifest.Scenarios[0].Points) > 0 {
		scope = append(scope, rs.manifest.Scenarios[0].Name)
		what = "sweep points"
	}
	if len(drawn) < len(rs.groups) {
		scope = append(scope, fmt.Sprintf("first %d of %d %s", len(drawn), len(rs.groups), what))
		fl.note("Time-series, Lorenz and survival figures show only the first %d of the %d %s.", len(drawn), len(rs.groups), what)
	}
	firstOf := ""
	if len(scope) > 0 {
		firstOf = "\n" + strings.Join(scope, ", ") // on its own line: long titles are cut
	}

	// Time series.
	for _, m := range rs.choice.timeSeries {
		title, axis := names(m.Metric)
		var bs []plots.Band
		for gi, g := range drawn {
			b := bands[gi][m.col]
			if b == nil {
				b = &band{x: []float64{0}, mean: []float64{math.NaN()}, lo: []float64{math.NaN()}, hi: []float64{math.NaN()}}
			}
			bs = append(bs, plots.Band{Label: g.name, X: b.x, Mean: b.mean, Lo: b.lo, Hi: b.hi})
		}
		p, err := plots.TimeSeries(plots.Axes{
			Title:     title + firstOf,
			X:         "tick (week)",
			Y:         axis,
			BandLabel: "shaded: 95% CI of mean (" + runsText(drawn) + ")",
		}, bs)
		if err == nil {
			switch {
			case m.Unit == "share":
				p.Y.Min, p.Y.Max = 0, 1
			case p.Y.Min > 0 && m.fromZero:
				p.Y.Min = 0 // counts and amounts read best from zero
			}
		}
		if err := fl.save(dir, "timeseries_"+m.Name, fmt.Sprintf("%s: mean over runs with its 95%% confidence interval", title), p, err); err != nil {
			return fl, err
		}
	}

	// Lorenz curves.
	lz, err := rs.readLorenz(len(drawn))
	if err != nil {
		return fl, err
	}
	for q, kind := range []struct{ name, x, y, what, empty string }{
		{"contribution", "share of everyone who ever joined, least contributing first", "share of all accepted work", "who did the work", "no accepted work"},
		{"benefit", "share of everyone who ever joined, least paid first", "share of all revenue returned", "who received the returned revenue", "no revenue returned"},
	} {
		var cs []plots.Curve
		for gi, g := range drawn {
			c := plots.Curve{Label: g.name, X: []float64{0}, Y: []float64{math.NaN()}}
			if a := lz[gi]; a != nil {
				c.X, c.Y = a.mean(q)
			}
			if !slices.ContainsFunc(c.Y, finite) {
				c.Label += ": " + kind.empty
			}
			cs = append(cs, c)
		}
		title := "Lorenz curve of " + kind.name + ": " + kind.what
		p, err := plots.Lorenz(plots.Axes{
			Title: title + firstOf + "\nmean of the runs' curves; the further below the diagonal, the more unequal",
			X:     kind.x,
			Y:     kind.y,
		}, cs)
		if err := fl.save(dir, "lorenz_"+kind.name, title+" (mean curve over runs)", p, err); err != nil {
			return fl, err
		}
	}

	// Box plots.
	for _, m := range rs.choice.boxes {
		mi, name := m.col, m.Name
		title, axis := names(m.Metric)
		var kept []*group
		var left []string
		for _, g := range rs.groups {
			if g.ok > 0 && len(g.values(mi)) > 0 {
				kept = append(kept, g)
				continue
			}
			_, inf, _ := g.count(mi)
			why := "no value"
			switch {
			case g.ok == 0:
				why = "no successful run"
			case inf > 0 && m.infinite != "":
				why = m.infinite
			}
			left = append(left, g.name+": "+why)
		}
		if len(kept) == 0 {
			fl.note("boxes_%s was not drawn: no group has a finite value.", name)
			continue
		}
		labels, key := rs.boxLabels(kept)
		var groups []plots.Group
		for i, g := range kept {
			// Keep the group's colour from the other figures (its position
			// among all groups) even when some groups are left out here.
			color := slices.Index(rs.groups, g) + 1
			groups = append(groups, plots.Group{Label: labels[i], Values: g.values(mi), Color: color})
		}
		var xl []string
		if key != "" {
			xl = append(xl, key)
		}
		if len(left) > 0 {
			fl.note("boxes_%s leaves out %s.", name, strings.Join(left, "; "))
			// Only a short list fits under the axis; report.md has them all.
			if lines := wrap("not shown: "+strings.Join(left, "; "), maxLabelChars); len(lines) <= 2 {
				xl = append(xl, lines...)
			} else {
				why := "without a value"
				if m.infinite != "" {
					why = "without " + m.lacks + " (" + m.infinite + ")"
				}
				xl = append(xl, fmt.Sprintf("not shown: %d of %d groups %s, listed in report.md", len(left), len(rs.groups), why))
			}
		}
		p, err := plots.Boxes(plots.Axes{Title: title + scopeOnly(scope), X: strings.Join(xl, "\n"), Y: axis}, groups)
		if err == nil && len(groups) > 16 {
			p.X.Tick.Label.Rotation = math.Pi / 2
			p.X.Tick.Label.XAlign = -1 // draw.XRight
			p.X.Tick.Label.YAlign = -0.5
		}
		if err := fl.save(dir, "boxes_"+name, title+": one box per group, one dot per run", p, err); err != nil {
			return fl, err
		}
	}

	// Survival.
	sv, err := rs.readSurvival(len(drawn))
	if err != nil {
		return fl, err
	}
	var cs []plots.Curve
	for gi, g := range drawn {
		c := plots.Curve{Label: g.name, X: []float64{0}, Y: []float64{math.NaN()}}
		if a := sv[gi]; a != nil && a.runs > 0 {
			c.X, c.Y = a.mean()
		}
		cs = append(cs, c)
	}
	p, err := plots.Survival(plots.Axes{
		Title: "How long contributors stay" + firstOf + "\nmean of the runs' Kaplan–Meier curves",
		X:     "time since joining (ticks = weeks)",
		Y:     "share still active (Kaplan–Meier)",
	}, cs)
	if err := fl.save(dir, "survival", "How long contributors stay: share still active after t weeks (mean of the runs' Kaplan–Meier curves)", p, err); err != nil {
		return fl, err
	}

	if err := rs.sweepFigures(dir, &fl); err != nil {
		return fl, err
	}
	return fl, nil
}

// boxLabels returns the labels under the boxes of gs and, for sweep
// points, a line saying what each line of a label is: the values alone
// keep neighbouring labels apart.
func (rs *resultSet) boxLabels(gs []*group) (labels []string, key string) {
	var keys []string
	for _, g := range gs {
		for _, a := range g.assign {
			if !slices.Contains(keys, a.Key) {
				keys = append(keys, a.Key)
			}
		}
	}
	if len(keys) == 0 {
		for _, g := range gs {
			labels = append(labels, g.scenario)
		}
		return labels, ""
	}
	var what []string
	multi := len(rs.manifest.Scenarios) > 1
	if multi {
		what = append(what, "scenario")
	}
	for _, k := range keys {
		what = append(what, rs.short(k))
	}
	for _, g := range gs {
		var lines []string
		if multi {
			lines = append(lines, g.scenario)
		}
		for _, k := range keys {
			v := "–"
			for _, a := range g.assign {
				if a.Key == k {
					v = shortValue(a.Value)
				}
			}
			lines = append(lines, v)
		}
		labels = append(labels, strings.Join(lines, "\n"))
	}
	switch len(what) {
	case 1:
		return labels, what[0]
	case 2:
		return labels, "under each box: " + what[0] + " (top), " + what[1] + " (bottom)"
	}
	return labels, "under each box, from top to bottom: " + strings.Join(what, ", ")
}

// maxLabelChars is about the most characters an axis label line can hold.
const maxLabelChars = 95

// wrap breaks s into lines of at most width characters at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// scopeOnly is the scenario of a single-scenario sweep, for titles of
// figures that show every group.
func scopeOnly(scope []string) string {
	if len(scope) > 0 && !strings.HasPrefix(scope[0], "first ") {
		return " (" + scope[0] + ")"
	}
	return ""
}

// paramValue returns the numeric value g's sweep point sets for key.
func paramValue(g *group, key string) (float64, bool) {
	for _, a := range g.assign {
		if a.Key == key {
			v, err := strconv.ParseFloat(a.Value, 64)
			return v, err == nil
		}
	}
	return 0, false
}

// paramAxis labels a swept parameter with its unit.
func paramAxis(key string) string {
	if p, ok := scenarios.Lookup(key); ok && p.Unit != "" {
		return key + " (" + unitText(p.Unit) + ")"
	}
	return key
}

// sweptBy returns the swept numeric parameters of scenario si.
func (rs *resultSet) sweptBy(si int) []string {
	var out []string
	for _, k := range rs.swept {
		for _, pt := range rs.manifest.Scenarios[si].Points {
			if slices.ContainsFunc(pt, func(a scenarios.Assignment) bool { return a.Key == k }) {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// pooled returns the finite values of summary metric mi over the runs of
// scenario si whose sweep point sets each key to the given value.
func (rs *resultSet) pooled(si, mi int, keys []string, vals []float64) []float64 {
	var out []float64
	for _, g := range rs.groups {
		if g.scIdx != si {
			continue
		}
		match := true
		for i, k := range keys {
			if v, ok := paramValue(g, k); !ok || v != vals[i] {
				match = false
				break
			}
		}
		if match {
			out = append(out, g.values(mi)...)
		}
	}
	return out
}

// distinct returns the sorted distinct values scenario si's points set key to.
func (rs *resultSet) distinct(si int, key string) []float64 {
	var out []float64
	for _, g := range rs.groups {
		if v, ok := paramValue(g, key); g.scIdx == si && ok && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

func others(all []string, key string, short func(string) string) []string {
	var out []string
	for _, k := range all {
		if k != key {
			out = append(out, short(k))
		}
	}
	return out
}

// sweepFigures draws each summary metric against each swept parameter and
// heat maps over the first two.
func (rs *resultSet) sweepFigures(dir string, fl *figureList) error {
	if len(rs.swept) == 0 {
		return nil
	}
	var sweptSc []int
	for si := range rs.manifest.Scenarios {
		if len(rs.sweptBy(si)) > 0 {
			sweptSc = append(sweptSc, si)
		}
	}
	for _, m := range rs.choice.sweeps {
		mi, name := m.col, m.Name
		title, axis := names(m.Metric)
		for _, key := range rs.swept {
			var bs []plots.Band
			lo, hi := math.MaxInt, 0
			var avg []string
			for _, si := range sweptSc {
				mine := rs.sweptBy(si)
				if !slices.Contains(mine, key) {
					continue
				}
				for _, o := range others(mine, key, rs.short) {
					if !slices.Contains(avg, o) {
						avg = append(avg, o)
					}
				}
				b := plots.Band{Label: rs.manifest.Scenarios[si].Name}
				for _, x := range rs.distinct(si, key) {
					v := rs.pooled(si, mi, []string{key}, []float64{x})
					mean, l, h := analysis.MeanCI(v, level)
					b.X = append(b.X, x)
					b.Mean = append(b.Mean, mean)
					b.Lo = append(b.Lo, l)
					b.Hi = append(b.Hi, h)
					lo, hi = min(lo, len(v)), max(hi, len(v))
				}
				bs = append(bs, b)
			}
			if len(bs) == 0 {
				continue
			}
			t := title + " vs " + rs.short(key)
			runs := fmt.Sprintf("%d runs", lo)
			if lo != hi {
				runs = fmt.Sprintf("%d to %d runs", lo, hi)
			}
			if len(avg) > 0 {
				t += "\naveraged over " + strings.Join(avg, ", ") + " (their runs pooled)"
			}
			file := "sweep_" + name
			if len(rs.swept) > 1 {
				file += "_" + fileName(rs.short(key))
			}
			var xs []float64
			for _, b := range bs {
				for _, x := range b.X {
					if !slices.Contains(xs, x) {
						xs = append(xs, x)
					}
				}
			}
			slices.Sort(xs)
			log := geometric(xs)
			xl := paramAxis(key)
			if log {
				xl += ", log scale"
			}
			p, err := plots.SweepLine(plots.Axes{
				Title:     t,
				X:         xl,
				Y:         axis,
				BandLabel: "shaded: 95% CI of mean (" + runs + " per value)",
			}, bs)
			if err == nil {
				valueTicks(p, xs, log)
			}
			what := fmt.Sprintf("%s against %s: mean and 95%% confidence interval", title, key)
			if len(avg) > 0 {
				what += ", averaged over " + strings.Join(avg, ", ")
			}
			if err := fl.save(dir, file, what, p, err); err != nil {
				return err
			}
		}
	}

	// Heat maps over the first two swept parameters of each scenario.
	for _, si := range sweptSc {
		mine := rs.sweptBy(si)
		if len(mine) < 2 {
			continue
		}
		kx, ky := mine[0], mine[1]
		xs, ys := rs.distinct(si, kx), rs.distinct(si, ky)
		scName := rs.manifest.Scenarios[si].Name
		if len(xs) > maxHeatValues || len(ys) > maxHeatValues {
			fl.note("No heat map for %s: %s and %s take %d and %d distinct values; heat maps need a grid (design = factorial) of at most %d values per parameter.", scName, kx, ky, len(xs), len(ys), maxHeatValues)
			continue
		}
		var avg []string
		for _, o := range mine[2:] {
			avg = append(avg, rs.short(o))
		}
		for _, m := range rs.choice.sweeps {
			mi, name := m.col, m.Name
			title, _ := names(m.Metric)
			// The colour bar is short: the unit, but no scale hint.
			zl := m.Axis
			if m.Unit != "" && !strings.Contains(zl, m.Unit) {
				zl += " (" + unitText(m.Unit) + ")"
			}
			g := plots.Grid{X: xs, Y: ys, ZLabel: "mean " + zl}
			lo, hi := math.MaxInt, 0
			for _, y := range ys {
				row := make([]float64, len(xs))
				for ix, x := range xs {
					v := rs.pooled(si, mi, []string{kx, ky}, []float64{x, y})
					row[ix], _ = analysis.MeanSD(v)
					lo, hi = min(lo, len(v)), max(hi, len(v))
				}
				g.Z = append(g.Z, row)
			}
			t := fmt.Sprintf("%s\n%s, mean of %d runs per cell", title, scName, lo)
			if lo != hi {
				t = fmt.Sprintf("%s\n%s, mean of %d to %d runs per cell", title, scName, lo, hi)
			}
			if len(avg) > 0 {
				t += ", averaged over " + strings.Join(avg, ", ")
			}
			file := "heatmap_" + name
			if len(sweptSc) > 1 {
				file += "_" + fileName(scName)
			}
			p, err := plots.HeatMap(plots.Axes{Title: t, X: paramAxis(kx), Y: paramAxis(ky)}, g)
			what := fmt.Sprintf("%s over %s and %s (mean over runs)", title, kx, ky)
			if len(sweptSc) > 1 {
				what = scName + ": " + what
			}
			if err := fl.save(dir, file, what, p, err); err != nil {
				return err
			}
		}
	}
	return nil
}

// fileName keeps letters, digits, '-' and '_' of s.
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// geometric reports whether sorted positive values are spaced more evenly
// on a log scale than on a linear one (1, 4, 16 but not 10, 20, 30).
func geometric(xs []float64) bool {
	if len(xs) < 3 || xs[0] <= 0 {
		return false
	}
	var lin, lg []float64
	for i := 1; i < len(xs); i++ {
		lin = append(lin, xs[i]-xs[i-1])
		lg = append(lg, math.Log(xs[i]/xs[i-1]))
	}
	cv := func(x []float64) float64 {
		m, sd := analysis.MeanSD(x)
		return sd / m
	}
	return cv(lg) < cv(lin)
}

// valueTicks labels the x axis of a sweep figure at the swept values, on a
// log scale when they are spaced geometrically.
func valueTicks(p *plot.Plot, xs []float64, log bool) {
	if log {
		p.X.Scale = plot.LogScale{}
	}
	if len(xs) > 12 {
		if log {
			p.X.Tick.Marker = plot.LogTicks{}
		}
		return
	}
	ticks := make(plot.ConstantTicks, len(xs))
	for i, x := range xs {
		ticks[i] = plot.Tick{Value: x, Label: strconv.FormatFloat(x, 'g', 4, 64)}
	}
	p.X.Tick.Marker = ticks
}
