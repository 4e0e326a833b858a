package report

import (
	"cmp"
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

// figures draws every figure into dir: time series, Lorenz curves, box
// plots, survival, each commons' active contributors and fork outcomes
// (with several commons and forks), and for sweeps the summary metrics against the swept
// parameters and heat maps (a file for each kind of figure).
func (rs *resultSet) figures(dir string, bands map[int]map[int]*band, fl figureList) (figureList, error) {
	f := rs.frame(&fl)
	for _, draw := range []func() error{
		func() error { return rs.timeSeriesFigures(dir, &fl, f, bands) },
		func() error { return rs.lorenzFigures(dir, &fl, f) },
		func() error { return rs.boxFigures(dir, &fl, f) },
		func() error { return rs.survivalFigure(dir, &fl, f) },
		func() error { return rs.commonsFigures(dir, &fl, f) },
		func() error { return rs.forkOutcomesFigure(dir, &fl) },
		func() error { return rs.sweepLineFigures(dir, &fl) },
		func() error { return rs.heatMaps(dir, &fl) },
		func() error { return rs.designFigures(dir, &fl) },
	} {
		if err := draw(); err != nil {
			return fl, err
		}
	}
	return fl, nil
}

// frame is what the figures of groups say about the groups they show.
type frame struct {
	drawn   []*group // the groups of line figures (resultSet.drawn)
	idx     []int    // their indices in resultSet.groups
	subset  bool     // some groups are not drawn
	scope   []string // what the legend leaves out: the scenario of a single-scenario sweep, groups not drawn
	firstOf string   // scope on a line of its own, for titles ("" for none)
}

// frame works out the groups line figures draw and how titles say what
// the legend leaves out, noting the groups not drawn.
func (rs *resultSet) frame(fl *figureList) frame {
	var drawn []*group
	for _, gi := range rs.drawn {
		drawn = append(drawn, rs.groups[gi])
	}
	// scope says in titles what the legend leaves out: the scenario of a
	// single-scenario sweep, and groups not drawn.
	var scope []string
	what := "groups"
	if len(rs.manifest.Scenarios) == 1 && len(rs.manifest.Scenarios[0].Points) > 0 {
		scope = append(scope, rs.manifest.Scenarios[0].Name)
		what = "sweep points"
	}
	subset := len(drawn) < len(rs.groups)
	if subset {
		scope = append(scope, fmt.Sprintf("%d of %d %s, %s", len(drawn), len(rs.groups), what, rs.drawnShort))
		fl.note("Time-series, Lorenz and survival figures show %d of the %d %s, without bands (they would overlap): %s.", len(drawn), len(rs.groups), what, rs.drawnWhy)
	}
	firstOf := ""
	if len(scope) > 0 {
		firstOf = "\n" + strings.Join(scope, ", ") // on its own line: long titles are cut
	}
	return frame{drawn: drawn, idx: rs.drawn, subset: subset, scope: scope, firstOf: firstOf}
}

// pickDrawn chooses the groups of line figures: all of them up to
// maxLines; beyond, maxLines groups at evenly spaced ranks of the first
// key metric's mean (the lowest, the highest and between), so that the
// figures show the range of outcomes rather than the first few points of a
// design.
func (rs *resultSet) pickDrawn() {
	n := len(rs.groups)
	if n <= maxLines {
		rs.drawn = make([]int, n)
		for i := range rs.drawn {
			rs.drawn[i] = i
		}
		return
	}
	if len(rs.choice.key) == 0 {
		rs.drawn = []int{0, 1, 2, 3, 4, 5, 6, 7}
		rs.drawnWhy, rs.drawnShort = "the first ones", "the first ones"
		return
	}
	key := rs.choice.key[0]
	type ranked struct {
		gi   int
		mean float64
	}
	var rk []ranked
	for gi, g := range rs.groups {
		m, _ := analysis.MeanSD(g.values(key.col))
		if finite(m) {
			rk = append(rk, ranked{gi, m})
		}
	}
	slices.SortStableFunc(rk, func(a, b ranked) int { return cmp.Compare(a.mean, b.mean) })
	var picked []int
	for k := range maxLines {
		if len(rk) == 0 {
			break
		}
		i := int(math.Round(float64(k) * float64(len(rk)-1) / float64(maxLines-1)))
		if gi := rk[i].gi; !slices.Contains(picked, gi) {
			picked = append(picked, gi)
		}
	}
	slices.Sort(picked)
	rs.drawn = picked
	_, axis := names(key.Metric)
	rs.drawnWhy = "those at evenly spaced ranks of " + axis + ", lowest to highest"
	rs.drawnShort = "spread over the range of " + key.Name
}

// bandDrawn reports whether the time-series figures draw group gi.
func (rs *resultSet) bandDrawn(gi int) bool { return slices.Contains(rs.drawn, gi) }

// curves returns a curve of each drawn group, labelled with the group's
// name: points(gi) gives the points of group gi (its index in
// resultSet.groups), or ok false for a group without any, whose curve is
// then a single undefined point (so that every group keeps its colour and
// legend entry).
func (f frame) curves(points func(gi int) (x, y []float64, ok bool)) []plots.Curve {
	cs := make([]plots.Curve, len(f.drawn))
	for k, g := range f.drawn {
		cs[k] = plots.Curve{Label: g.name, X: []float64{0}, Y: []float64{math.NaN()}}
		if x, y, ok := points(f.idx[k]); ok {
			cs[k].X, cs[k].Y = x, y
		}
	}
	return cs
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

// sweptScenarios returns the scenarios with a swept numeric parameter.
func (rs *resultSet) sweptScenarios() []int {
	var out []int
	for si := range rs.manifest.Scenarios {
		if len(rs.sweptBy(si)) > 0 {
			out = append(out, si)
		}
	}
	return out
}

// factorialScenarios returns the scenarios of sweptScenarios whose sweep
// is a factorial one, those of the sweep lines and heat maps (the sampled
// designs have figures of their own: figures_design.go).
func (rs *resultSet) factorialScenarios() []int {
	var out []int
	for _, si := range rs.sweptScenarios() {
		if !rs.sampled(si) {
			out = append(out, si)
		}
	}
	return out
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
