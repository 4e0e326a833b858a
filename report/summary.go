package report

import (
	"cmp"
	"io"
	"math"
	"slices"
	"strconv"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"

	"commonsim/analysis"
	"commonsim/results"
)

// Files Build writes into the result set.
const (
	SummaryFile           = "summary.csv"
	SummaryTimeseriesFile = "summary_timeseries.csv"
	ComparisonFile        = "comparison.csv"
	ReportFile            = "report.md"
	PlotsDir              = "plots"
)

// statColumns are the statistics of summary.csv and summary_timeseries.csv.
var statColumns = []string{"n", "mean", "sd", "ci95_low", "ci95_high", "median"}

// SummaryColumns returns the columns of summary.csv: the group, the
// parameters that vary in the result set (runs.csv's parameter columns,
// given as params), the summary metric and its statistics.
func SummaryColumns(params []string) []string {
	h := append(append([]string{"scenario", "point"}, params...), "metric")
	return append(h, statColumns...)
}

// SummaryTimeseriesColumns returns the columns of summary_timeseries.csv:
// as summary.csv, with the tick (an integer) after the tick metric.
func SummaryTimeseriesColumns(params []string) []string {
	h := append(append([]string{"scenario", "point"}, params...), "metric", "tick")
	return append(h, statColumns...)
}

// ComparisonColumns are the columns of comparison.csv.
var ComparisonColumns = []string{"scenario_a", "point_a", "scenario_b", "point_b", "metric", "n_a", "n_b", "mean_a", "mean_b", "diff", "ci95_low", "ci95_high", "cohens_d", "cliffs_delta", "significant"}

// level is the confidence level of every interval.
const level = 0.95

// stat is the description of one sample of finite values.
type stat struct {
	n                        int
	mean, sd, lo, hi, median float64
}

// describe returns the statistics of x, which must hold finite values only.
func describe(x []float64) stat {
	mean, lo, hi := meanCI(x)
	_, sd := analysis.MeanSD(x)
	return stat{n: len(x), mean: mean, sd: sd, lo: lo, hi: hi, median: analysis.Median(x)}
}

// tQuantile caches t_{(1+level)/2, n-1} by n: the quantile of Student's t
// is most of the time a large summary.csv takes.
var tQuantile sync.Map // int -> float64

// meanCI is analysis.MeanCI(x, level), the same arithmetic in the same
// order (TestMeanCIMatchesAnalysis checks that the results are identical),
// with the t quantile cached.
func meanCI(x []float64) (mean, lo, hi float64) {
	mean, sd := analysis.MeanSD(x)
	n := len(x)
	if n < 2 {
		return mean, math.NaN(), math.NaN()
	}
	t, ok := tQuantile.Load(n)
	if !ok {
		t = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile((1 + level) / 2)
		tQuantile.Store(n, t)
	}
	half := t.(float64) * sd / math.Sqrt(float64(n))
	return mean, mean - half, mean + half
}

// appendFinite appends the finite values of x to buf.
func appendFinite(buf, x []float64) []float64 {
	for _, v := range x {
		if finite(v) {
			buf = append(buf, v)
		}
	}
	return buf
}

// csvOut writes rows of a CSV file: text quoted by results.AppendField,
// numbers written by results.AppendFloat, as in the result set's files.
type csvOut struct {
	w      io.Writer
	line   []byte
	fields int
}

func (c *csvOut) sep() {
	if c.fields > 0 {
		c.line = append(c.line, ',')
	}
	c.fields++
}
func (c *csvOut) str(s string)  { c.sep(); c.line = results.AppendField(c.line, s) }
func (c *csvOut) num(v float64) { c.sep(); c.line = results.AppendFloat(c.line, v) }
func (c *csvOut) integer(v int) { c.sep(); c.line = strconv.AppendInt(c.line, int64(v), 10) }
func (c *csvOut) stat(s stat) {
	c.integer(s.n)
	c.num(s.mean)
	c.num(s.sd)
	c.num(s.lo)
	c.num(s.hi)
	c.num(s.median)
}

// end writes the row.
func (c *csvOut) end() error {
	c.line = append(c.line, '\n')
	_, err := c.w.Write(c.line)
	c.line, c.fields = c.line[:0], 0
	return err
}

func newCSVOut(w io.Writer) *csvOut { return &csvOut{w: w} }

// band is a group's mean and 95% band of one tick metric over ticks.
type band struct {
	x, mean, lo, hi []float64
	n               []int
}

// tickAcc collects one group's tick metrics over its replications.
type tickAcc struct {
	index map[int]int
	ticks []int
	vals  [][][]float64 // [tick index][metric] -> one value per run
}

func newTickAcc() *tickAcc { return &tickAcc{index: map[int]int{}} }

// groupFields writes the group's scenario, point and parameter values.
func (rs *resultSet) groupFields(w *csvOut, g *group) {
	w.str(g.scenario)
	w.integer(g.point)
	for _, v := range g.params {
		w.str(v)
	}
}

// writeSummary writes summary.csv: the statistics of every summary metric
// of runs.csv over each group's replications.
func (rs *resultSet) writeSummary(out io.Writer) error {
	w := newCSVOut(out)
	for _, h := range SummaryColumns(rs.params) {
		w.str(h)
	}
	if err := w.end(); err != nil {
		return err
	}
	for _, g := range rs.groups {
		for m, metric := range rs.summary {
			rs.groupFields(w, g)
			w.str(metric.Name)
			w.stat(describe(g.values(m)))
			if err := w.end(); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeTickSummary streams timeseries.csv into summary_timeseries.csv, one
// group at a time: only one group's time series is held in memory. A group
// of one successful run has no rows: its statistics would repeat its rows
// of timeseries.csv (n 1, no sd, no interval). It also keeps, for the
// groups and tick metrics that are drawn, the bands of the time-series
// figures (tick metric by column, by group), those of one-run groups
// included.
func (rs *resultSet) writeTickSummary(out io.Writer) (map[int]map[int]*band, error) {
	w := newCSVOut(out)
	for _, h := range SummaryTimeseriesColumns(rs.params) {
		w.str(h)
	}
	if err := w.end(); err != nil {
		return nil, err
	}
	bands := map[int]map[int]*band{}
	var buf []float64
	emit := func(gi int, acc *tickAcc) error {
		g := rs.groups[gi]
		if acc == nil {
			return nil
		}
		order := make([]int, len(acc.ticks))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(acc.ticks[a], acc.ticks[b]) })
		if len(order) > 0 {
			g.maxTick = float64(acc.ticks[order[len(order)-1]])
		}
		for m, metric := range rs.tick {
			var b *band
			if rs.choice.drawnTickByCol[m] && rs.bandDrawn(gi) {
				b = &band{}
				if bands[gi] == nil {
					bands[gi] = map[int]*band{}
				}
				bands[gi][m] = b
			}
			if b == nil && g.ok < 2 {
				continue
			}
			for _, ti := range order {
				buf = appendFinite(buf[:0], acc.vals[ti][m])
				st := describe(buf)
				if g.ok >= 2 {
					rs.groupFields(w, g)
					w.str(metric.Name)
					w.integer(acc.ticks[ti])
					w.stat(st)
					if err := w.end(); err != nil {
						return err
					}
				}
				if b != nil {
					b.x = append(b.x, float64(acc.ticks[ti]))
					b.mean = append(b.mean, st.mean)
					b.lo = append(b.lo, st.lo)
					b.hi = append(b.hi, st.hi)
					b.n = append(b.n, st.n)
				}
			}
		}
		return nil
	}

	cur, next := -1, 0
	var acc *tickAcc
	advance := func(to int) error {
		for ; next < to; next++ {
			a := acc
			if next != cur {
				a = nil
			}
			if err := emit(next, a); err != nil {
				return err
			}
		}
		return nil
	}
	// timeseries.csv's columns: run_id, scenario, point, tick, then the
	// tick metrics (c[4:]).
	cols := []string{"tick"}
	for _, m := range rs.tick {
		cols = append(cols, m.Name)
	}
	err := rs.eachRow(results.TimeseriesFile, cols, func(s *results.Rows, c []int, gi int, ok bool) error {
		if !ok {
			return nil // a failed run has no time series; ignore stray rows
		}
		if gi != cur {
			if gi < next {
				return s.Errorf(c[0], "the rows of scenario %s point %d are not together: %s must be sorted by run_id", rs.groups[gi].scenario, rs.groups[gi].point, results.TimeseriesFile)
			}
			if err := advance(gi); err != nil {
				return err
			}
			cur, acc = gi, newTickAcc()
		}
		tick, err := s.Int(c[3])
		if err != nil {
			return err
		}
		if tick < 0 {
			return s.Errorf(c[3], "tick %s is not a tick", s.Field(c[3]))
		}
		mcols := c[4:]
		ti, seen := acc.index[tick]
		if !seen {
			ti = len(acc.ticks)
			acc.index[tick] = ti
			acc.ticks = append(acc.ticks, tick)
			acc.vals = append(acc.vals, make([][]float64, len(mcols)))
		}
		row := acc.vals[ti]
		for m, k := range mcols {
			v, err := s.Float(k)
			if err != nil {
				return err
			}
			row[m] = append(row[m], v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := advance(len(rs.groups)); err != nil {
		return nil, err
	}
	return bands, nil
}

// comparison is one row of comparison.csv: group b compared with group a,
// the reference (diff = mean_b - mean_a, as the report says it: "b has
// more ... than a").
type comparison struct {
	a, b, metric  int // groups and summary metric
	na, nb        int
	meanA, meanB  float64
	diff, lo, hi  float64
	d, delta, sig float64
}

// pairs returns the pairs of groups that are compared: every pair when
// there are at most maxPairwise groups, otherwise every group against the
// first.
func pairs(n int) [][2]int {
	var out [][2]int
	if n <= maxPairwise {
		for a := range n {
			for b := a + 1; b < n; b++ {
				out = append(out, [2]int{a, b})
			}
		}
		return out
	}
	for b := 1; b < n; b++ {
		out = append(out, [2]int{0, b})
	}
	return out
}

// compare computes the comparisons between groups.
func (rs *resultSet) compare() []comparison {
	var out []comparison
	for _, p := range pairs(len(rs.groups)) {
		ga, gb := rs.groups[p[0]], rs.groups[p[1]]
		for m := range rs.summary {
			a, b := ga.values(m), gb.values(m)
			c := comparison{a: p[0], b: p[1], metric: m, na: len(a), nb: len(b)}
			c.meanA, _ = analysis.MeanSD(a)
			c.meanB, _ = analysis.MeanSD(b)
			c.diff, c.lo, c.hi = analysis.DiffCI(b, a, level)
			c.d = analysis.CohensD(b, a)
			c.delta = analysis.CliffsDelta(b, a)
			switch {
			case math.IsNaN(c.lo) || math.IsNaN(c.hi):
				c.sig = math.NaN()
			case c.lo > 0 || c.hi < 0:
				c.sig = 1
			default:
				c.sig = 0
			}
			out = append(out, c)
		}
	}
	return out
}

func (rs *resultSet) writeComparison(out io.Writer, cs []comparison) error {
	w := newCSVOut(out)
	for _, h := range ComparisonColumns {
		w.str(h)
	}
	if err := w.end(); err != nil {
		return err
	}
	for _, c := range cs {
		ga, gb := rs.groups[c.a], rs.groups[c.b]
		w.str(ga.scenario)
		w.integer(ga.point)
		w.str(gb.scenario)
		w.integer(gb.point)
		w.str(rs.summary[c.metric].Name)
		w.integer(c.na)
		w.integer(c.nb)
		for _, v := range []float64{c.meanA, c.meanB, c.diff, c.lo, c.hi, c.d, c.delta, c.sig} {
			w.num(v)
		}
		if err := w.end(); err != nil {
			return err
		}
	}
	return nil
}
