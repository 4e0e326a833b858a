package report

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"commonsim/analysis"
	"commonsim/internal/webassets"
	"commonsim/results"
	"commonsim/scenarios"
)

// HTMLFile is the interactive report Build writes beside report.md: one
// self-contained page (its data, scripts and styles inline) that works
// from file:// without a network.
const HTMLFile = "report.html"

// Limits that keep report.html a few megabytes at most.
const (
	// htmlSeriesGroups is the most groups whose time series, Lorenz and
	// survival curves the page carries; the first maxLines are shown at
	// first, the others can be switched on.
	htmlSeriesGroups = 12
	// htmlSeriesNumbers bounds the numbers of the time series (groups ×
	// tick metrics × ticks × mean, low, high): beyond it every k-th
	// recorded tick is kept, the last always.
	htmlSeriesNumbers = 300_000
	// htmlRuns is the most runs whose key metrics the page carries for the
	// sweep view (runs × key metrics numbers).
	htmlRuns = 20_000
	// htmlDigits are the significant digits of the page's numbers.
	htmlDigits = 5
)

//go:embed html/report.js
var htmlJS string

//go:embed html/report.css
var htmlCSS string

// num is a number of the page's data: NaN and ±Inf, which JSON lacks,
// are written as null, the others with htmlDigits significant digits.
type num float64

func (v num) MarshalJSON() ([]byte, error) {
	f := float64(v)
	if !finite(f) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', htmlDigits, 64), nil
}

func nums(x []float64) []num {
	out := make([]num, len(x))
	for i, v := range x {
		out[i] = num(v)
	}
	return out
}

// htmlData is the data of report.html, read by html/report.js. Groups are
// referred to by their index in Groups; metric values follow the order of
// Key.
type htmlData struct {
	Title      string         `json:"title"`
	Summary    string         `json:"summary"`
	Notes      []string       `json:"notes"`
	Engine     string         `json:"engine"`
	Started    string         `json:"started"`
	Status     string         `json:"status"`
	Scenarios  []htmlScenario `json:"scenarios"`
	Params     []htmlParam    `json:"params"`
	ParamsNote string         `json:"params_note,omitempty"`
	Groups     []htmlGroup    `json:"groups"`
	Key        []htmlMetric   `json:"key"`
	Compare    []htmlCompare  `json:"compare"`
	Series     *htmlSeries    `json:"series,omitempty"`
	Lorenz     *htmlCurves    `json:"lorenz,omitempty"`
	Survival   *htmlCurves    `json:"survival,omitempty"`
	Sweep      *htmlSweep     `json:"sweep,omitempty"`
	Sens       []htmlSens     `json:"sensitivity,omitempty"`
	T975       []num          `json:"t975"` // t975[ν]: Student's t quantile 0.975 with ν degrees of freedom (ν ≥ 1)
	ReportMD   string         `json:"report_md"`
}

type htmlScenario struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Source      string   `json:"source"`
	Seed        int64    `json:"seed"`
	Replicas    int      `json:"replications"`
	Design      string   `json:"design,omitempty"`
	Samples     int      `json:"samples,omitempty"`
	Points      int      `json:"points"`
	Factors     []string `json:"factors,omitempty"` // "key: 0, 0.5, 0.9" or "key: 0 to 1"
}

// htmlParam is a parameter whose value differs between the scenarios, or
// that a sweep varies.
type htmlParam struct {
	Key    string   `json:"key"`
	Doc    string   `json:"doc"`
	Unit   string   `json:"unit"`
	Values []string `json:"values"` // by scenario; "swept" where the scenario's sweep varies it
}

type htmlGroup struct {
	Name     string            `json:"name"`
	Scenario int               `json:"scenario"`
	Point    int               `json:"point"`
	Runs     int               `json:"runs"`
	Failed   int               `json:"failed"`
	Assign   map[string]string `json:"assign,omitempty"`
}

// htmlMetric is a key summary metric and, by group, its statistics.
type htmlMetric struct {
	Name  string     `json:"name"`
	Label string     `json:"label"` // the axis label, with its unit
	Doc   string     `json:"doc"`
	Cells []htmlCell `json:"cells"`
}

type htmlCell struct {
	N      int `json:"n"`
	Mean   num `json:"mean"`
	Lo     num `json:"lo"`
	Hi     num `json:"hi"`
	SD     num `json:"sd"`
	Median num `json:"median"`
	NaN    int `json:"nan,omitempty"` // runs where the metric is undefined
	Inf    int `json:"inf,omitempty"` // runs where it is infinite
}

// htmlCompare is group B against group A in one key metric: Diff = mean_B
// - mean_A with Welch's 95% interval, Cliff's delta of B against A.
type htmlCompare struct {
	Pair   [2]int `json:"pair"`
	Metric int    `json:"metric"` // index into Key
	Diff   num    `json:"diff"`
	Lo     num    `json:"lo"`
	Hi     num    `json:"hi"`
	Delta  num    `json:"delta"`
	Sig    int    `json:"sig"` // 1 clear, 0 not, -1 cannot be computed
}

// htmlSeries are the tick metrics over time of the first groups.
type htmlSeries struct {
	Groups  []int        `json:"groups"`
	Stride  int          `json:"stride"` // every Stride-th recorded tick is kept
	Metrics []htmlTickMT `json:"metrics"`
	// Data[metric][k] is group Groups[k]'s series: tick, mean, low, high.
	Data [][]htmlBand `json:"data"`
}

type htmlTickMT struct {
	Name     string `json:"name"`
	Title    string `json:"title"`
	Label    string `json:"label"`
	Doc      string `json:"doc"`
	FromZero bool   `json:"from_zero,omitempty"` // a count or an amount: drawn from 0
	Bounded  bool   `json:"bounded,omitempty"`   // a share or an index from 0 to 1: drawn on 0 to 1
}

type htmlBand struct {
	T  []num `json:"t"`
	M  []num `json:"m"`
	Lo []num `json:"lo"`
	Hi []num `json:"hi"`
}

// htmlCurves are mean curves by group: Y[k][q] is curve q (Lorenz: 0 of
// contribution, 1 of benefit; survival: 0) of group Groups[k] at X[k].
type htmlCurves struct {
	Groups []int     `json:"groups"`
	X      [][]num   `json:"x"`
	Y      [][][]num `json:"y"`
	Empty  [][]bool  `json:"empty"` // Empty[k][q]: no finite point
}

// htmlSweep is what the sweep view needs: the swept factors, each group's
// numeric factor values, and the key metrics of each run.
type htmlSweep struct {
	Factors  []string `json:"factors"` // numeric swept parameters, full keys
	Short    []string `json:"short"`   // their short names
	Designs  []string `json:"designs"` // distinct designs of the swept scenarios
	Levels   [][]num  `json:"levels"`  // Levels[g][f]: group g's value of factor f (null: not set)
	RunGroup []int    `json:"run_group"`
	Values   [][]num  `json:"values"` // Values[r][m]: run r's key metric m
	Omitted  int      `json:"omitted,omitempty"`
}

// htmlSens is a row of sensitivity.csv.
type htmlSens struct {
	Scenario string `json:"scenario"`
	Design   string `json:"design"`
	Metric   string `json:"metric"`
	Factor   string `json:"factor"`
	MuStar   num    `json:"mu_star"`
	Mu       num    `json:"mu"`
	Sigma    num    `json:"sigma"`
	First    num    `json:"first"`
	FirstC   num    `json:"first_conf"`
	Total    num    `json:"total"`
	TotalC   num    `json:"total_conf"`
}

// writeHTML writes report.html: the data of the page (htmlData) as JSON
// inside it, with the vendored uPlot, html/report.js and html/report.css.
// md is the text of report.md, shown at the end of the page.
func (rs *resultSet) writeHTML(md string) error {
	d, err := rs.htmlData(md)
	if err != nil {
		return err
	}
	data, err := json.Marshal(d) // escapes <, > and &: safe inside <script>
	if err != nil {
		return fmt.Errorf("report: %s: %w", HTMLFile, err)
	}
	return results.WriteAtomicFrom(rs.dir, HTMLFile, func(w io.Writer) error {
		return writePage(w, d.Title, data)
	})
}

// writePage writes the page around its data.
func writePage(w io.Writer, title string, data []byte) error {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + htmlEscape(title) + " · commonsim report</title>\n")
	b.WriteString("<style>\n" + string(webassets.UPlotCSS()) + "\n" + htmlCSS + "</style>\n</head>\n<body>\n")
	b.WriteString("<noscript><p>This report draws its tables and charts with JavaScript; report.md has the same numbers as text.</p></noscript>\n")
	b.WriteString("<main id=\"report\"></main>\n")
	b.WriteString("<script type=\"application/json\" id=\"report-data\">")
	b.Write(data)
	b.WriteString("</script>\n")
	// uPlot, with its MIT licence, which asks for the notice in copies.
	lic := strings.ReplaceAll(string(webassets.UPlotLicense()), "*/", "* /")
	b.WriteString("<script>/* uPlot " + webassets.UPlotVersion + "\n" + lic + "*/\n")
	b.WriteString(strings.ReplaceAll(string(webassets.UPlotJS()), "</script", `<\/script`))
	b.WriteString("\n</script>\n<script>\n" + htmlJS + "</script>\n</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// htmlData gathers the page's data from the result set.
func (rs *resultSet) htmlData(md string) (*htmlData, error) {
	m := rs.manifest
	d := &htmlData{Engine: m.Engine + " " + m.EngineVersion, Started: m.Started, Status: m.Status, ReportMD: md}
	d.Title, d.Summary, d.Notes = rs.heading()
	rs.htmlScenarios(d)
	for _, g := range rs.groups {
		hg := htmlGroup{Name: g.name, Scenario: g.scIdx, Point: g.point, Runs: g.ok, Failed: len(g.runs) - g.ok}
		if len(g.assign) > 0 {
			hg.Assign = map[string]string{}
			for _, a := range g.assign {
				hg.Assign[a.Key] = a.Value
			}
		}
		d.Groups = append(d.Groups, hg)
	}
	for _, km := range rs.choice.key {
		_, axis := names(km.Metric)
		hm := htmlMetric{Name: km.Name, Label: axis, Doc: km.Doc}
		for _, g := range rs.groups {
			st := describe(g.values(km.col))
			nan, pos, neg := g.count(km.col)
			hm.Cells = append(hm.Cells, htmlCell{N: st.n, Mean: num(st.mean), Lo: num(st.lo), Hi: num(st.hi), SD: num(st.sd), Median: num(st.median), NaN: nan, Inf: pos + neg})
		}
		d.Key = append(d.Key, hm)
	}
	if len(rs.groups) <= maxPairwise {
		for _, p := range pairs(len(rs.groups)) {
			ga, gb := rs.groups[p[0]], rs.groups[p[1]]
			for k, km := range rs.choice.key {
				a, b := ga.values(km.col), gb.values(km.col)
				diff, lo, hi := analysis.DiffCI(b, a, level)
				c := htmlCompare{Pair: p, Metric: k, Diff: num(diff), Lo: num(lo), Hi: num(hi), Delta: num(analysis.CliffsDelta(b, a))}
				switch {
				case math.IsNaN(lo) || math.IsNaN(hi):
					c.Sig = -1
				case lo > 0 || hi < 0:
					c.Sig = 1
				}
				d.Compare = append(d.Compare, c)
			}
		}
	}
	limit := min(len(rs.groups), htmlSeriesGroups)
	var err error
	if d.Series, err = rs.htmlSeries(limit); err != nil {
		return nil, err
	}
	if d.Lorenz, d.Survival, err = rs.htmlCurves(limit); err != nil {
		return nil, err
	}
	d.Sweep = rs.htmlSweep()
	if d.Sens, err = rs.htmlSensitivity(); err != nil {
		return nil, err
	}
	maxN := 2
	for _, g := range rs.groups {
		maxN = max(maxN, g.ok)
	}
	if d.Sweep != nil {
		maxN = max(maxN, len(d.Sweep.RunGroup))
	}
	d.T975 = tTable(min(maxN, 1000))
	return d, nil
}

// heading returns the page's title, its line saying what the result set
// holds, and notes on runs that are missing.
func (rs *resultSet) heading() (title, summary string, notes []string) {
	m := rs.manifest
	var scNames []string
	for _, sc := range m.Scenarios {
		scNames = append(scNames, sc.Name)
	}
	title = strings.Join(scNames, " vs ")
	summary = fmt.Sprintf("%d scenario%s", len(m.Scenarios), plural(len(m.Scenarios)))
	if len(rs.groups) > len(m.Scenarios) {
		summary += fmt.Sprintf(", %d groups (scenario and sweep point)", len(rs.groups))
	}
	summary += ", " + runsText(rs.groups)
	ticks := math.NaN()
	for _, g := range rs.groups {
		if finite(g.maxTick) && !(g.maxTick <= ticks) {
			ticks = g.maxTick
		}
	}
	if finite(ticks) {
		summary += ", " + results.FormatFloat(ticks) + " ticks (weeks)"
	}
	if m.Status == results.StatusInterrupted {
		notes = append(notes, fmt.Sprintf("The batch was interrupted: %d of %d runs finished; everything below uses the finished runs only.", m.Completed, m.Total))
	}
	var missing []string
	for i, sc := range m.Scenarios {
		if !slices.ContainsFunc(rs.groups, func(g *group) bool { return g.scIdx == i }) {
			missing = append(missing, sc.Name)
		}
	}
	if len(missing) > 0 {
		notes = append(notes, fmt.Sprintf("No run of %s finished, so %s not in the tables or charts.", joinAnd(missing), itThey(len(missing))))
	}
	if rs.failed > 0 {
		notes = append(notes, fmt.Sprintf("%d run%s failed and %s left out (failed_runs in manifest.json says why).", rs.failed, plural(rs.failed), isAre(rs.failed)))
	}
	if m.Shard != "" {
		notes = append(notes, "This result set is shard "+m.Shard+" of a larger batch: `commonsim merge` joins the shards.")
	}
	return title, summary, notes
}

// htmlScenarios describes each scenario and the parameters that differ
// between them, from the resolved parameters the manifest keeps.
func (rs *resultSet) htmlScenarios(d *htmlData) {
	var parsed []*scenarios.Scenario
	for _, e := range rs.manifest.Scenarios {
		hs := htmlScenario{Name: e.Name, Source: e.Source, Seed: e.Seed, Replicas: e.Replicas, Points: max(1, len(e.Points))}
		if e.Sweep != nil && !e.Sweep.Empty() {
			hs.Design, hs.Samples = e.Sweep.Design, e.Sweep.Samples
			for _, f := range e.Sweep.Factors {
				if f.Continuous {
					hs.Factors = append(hs.Factors, fmt.Sprintf("%s: %s to %s", f.Key, results.FormatFloat(f.Min), results.FormatFloat(f.Max)))
				} else {
					hs.Factors = append(hs.Factors, f.Key+": "+strings.Join(f.Values, ", "))
				}
			}
		}
		if e.Resolved == "" {
			d.ParamsNote = "The manifest keeps no resolved parameters of scenario " + e.Name + ", so the parameters are not compared here."
		} else if sc, err := scenarios.ParseResolved(e.Name, []byte(e.Resolved)); err != nil {
			d.ParamsNote = "The parameters are not compared here: " + err.Error()
		} else {
			hs.Description = sc.Description
			parsed = append(parsed, sc)
		}
		d.Scenarios = append(d.Scenarios, hs)
	}
	if d.ParamsNote != "" {
		return
	}
	varying := scenarios.Varying(parsed...)
	for _, p := range scenarios.Params() {
		isSwept := false
		for _, e := range rs.manifest.Scenarios {
			if e.Sweep != nil && slices.ContainsFunc(e.Sweep.Factors, func(f scenarios.Factor) bool { return f.Key == p.Key }) {
				isSwept = true
			}
		}
		if !isSwept && !slices.ContainsFunc(varying, func(v scenarios.Param) bool { return v.Key == p.Key }) {
			continue
		}
		hp := htmlParam{Key: p.Key, Doc: p.Doc, Unit: p.Unit}
		for i, sc := range parsed {
			v := p.Get(sc)
			if e := rs.manifest.Scenarios[i]; e.Sweep != nil && slices.ContainsFunc(e.Sweep.Factors, func(f scenarios.Factor) bool { return f.Key == p.Key }) {
				v = "swept"
			}
			hp.Values = append(hp.Values, v)
		}
		d.Params = append(d.Params, hp)
	}
}

// errEnough stops a reading loop that has read all it needs.
var errEnough = errors.New("enough rows read")

// htmlSeries reads timeseries.csv for the groups below limit: every tick
// metric's mean and 95% confidence interval at each recorded tick.
func (rs *resultSet) htmlSeries(limit int) (*htmlSeries, error) {
	accs := make([]*tickAcc, limit)
	cols := []string{"tick"}
	for _, m := range rs.tick {
		cols = append(cols, m.Name)
	}
	err := rs.eachRow(results.TimeseriesFile, cols, func(s *results.Rows, c []int, gi int, ok bool) error {
		switch {
		case !ok:
			return nil // a failed run's stray row, which the summary step ignores too
		case gi >= limit:
			// The rows of successful runs come in the order of the groups
			// (the summary step, which read the file first, refuses any
			// other): the rest of the file is of groups the page leaves out.
			return errEnough
		}
		tick, err := s.Int(c[3])
		if err != nil {
			return err
		}
		if tick < 0 {
			return s.Errorf(c[3], "tick %s is not a tick", s.Field(c[3]))
		}
		acc := accs[gi]
		if acc == nil {
			acc = newTickAcc()
			accs[gi] = acc
		}
		ti, seen := acc.index[tick]
		if !seen {
			ti = len(acc.ticks)
			acc.index[tick] = ti
			acc.ticks = append(acc.ticks, tick)
			acc.vals = append(acc.vals, make([][]float64, len(rs.tick)))
		}
		for m, k := range c[4:] {
			v, err := s.Float(k)
			if err != nil {
				return err
			}
			acc.vals[ti][m] = append(acc.vals[ti][m], v)
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, fmt.Errorf("report: %s: %w", HTMLFile, err)
	}
	out := &htmlSeries{Stride: 1}
	ticks := 0
	for gi, acc := range accs {
		if acc != nil {
			out.Groups = append(out.Groups, gi)
			ticks = max(ticks, len(acc.ticks))
		}
	}
	if len(out.Groups) == 0 {
		return nil, nil
	}
	if n := len(out.Groups) * len(rs.tick) * ticks * 3; n > htmlSeriesNumbers {
		out.Stride = (n + htmlSeriesNumbers - 1) / htmlSeriesNumbers
	}
	for _, m := range rs.tick {
		title, axis := names(m)
		bounded := m.Unit == "share" || m.Scale != ""
		out.Metrics = append(out.Metrics, htmlTickMT{Name: m.Name, Title: title, Label: axis, Doc: m.Doc, Bounded: bounded, FromZero: !bounded && m.Unit != ""})
	}
	out.Data = make([][]htmlBand, len(rs.tick))
	var buf []float64
	for _, gi := range out.Groups {
		acc := accs[gi]
		order := make([]int, len(acc.ticks))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(acc.ticks[a], acc.ticks[b]) })
		var kept []int
		for i, ti := range order {
			if i%out.Stride == 0 || i == len(order)-1 {
				kept = append(kept, ti)
			}
		}
		for m := range rs.tick {
			var b htmlBand
			for _, ti := range kept {
				buf = appendFinite(buf[:0], acc.vals[ti][m])
				st := describe(buf)
				b.T = append(b.T, num(float64(acc.ticks[ti])))
				b.M = append(b.M, num(st.mean))
				b.Lo = append(b.Lo, num(st.lo))
				b.Hi = append(b.Hi, num(st.hi))
			}
			out.Data[m] = append(out.Data[m], b)
		}
	}
	return out, nil
}

// htmlCurves reads the mean Lorenz and survival curves of the groups below
// limit.
func (rs *resultSet) htmlCurves(limit int) (lorenz, survival *htmlCurves, err error) {
	below := func(gi int) bool { return gi < limit }
	lz, err := rs.readLorenz(below)
	if err != nil {
		return nil, nil, fmt.Errorf("report: %s: %w", HTMLFile, err)
	}
	sv, err := rs.readSurvival(below)
	if err != nil {
		return nil, nil, fmt.Errorf("report: %s: %w", HTMLFile, err)
	}
	lorenz, survival = &htmlCurves{}, &htmlCurves{}
	for gi := range limit {
		if a := lz[gi]; a != nil {
			lorenz.Groups = append(lorenz.Groups, gi)
			var ys [][]num
			var empty []bool
			var x []float64
			for q := range 2 {
				var y []float64
				x, y = a.mean(q)
				ys = append(ys, nums(y))
				empty = append(empty, !slices.ContainsFunc(y, finite))
			}
			lorenz.X = append(lorenz.X, nums(x))
			lorenz.Y = append(lorenz.Y, ys)
			lorenz.Empty = append(lorenz.Empty, empty)
		}
		if a := sv[gi]; a != nil && a.runs > 0 {
			x, y, _, _ := a.band(a.last) // the mean over runs, each carrying its last value
			survival.Groups = append(survival.Groups, gi)
			survival.X = append(survival.X, nums(x))
			survival.Y = append(survival.Y, [][]num{nums(y)})
			survival.Empty = append(survival.Empty, []bool{false})
		}
	}
	if len(lorenz.Groups) == 0 {
		lorenz = nil
	}
	if len(survival.Groups) == 0 {
		survival = nil
	}
	return lorenz, survival, nil
}

// htmlSweep returns the data of the sweep view, nil without a swept
// numeric parameter.
func (rs *resultSet) htmlSweep() *htmlSweep {
	if len(rs.swept) == 0 {
		return nil
	}
	sw := &htmlSweep{Factors: rs.swept}
	for _, k := range rs.swept {
		sw.Short = append(sw.Short, rs.short(k))
	}
	for _, si := range rs.sweptScenarios() {
		e := rs.manifest.Scenarios[si]
		des := scenarios.Factorial
		if e.Sweep != nil && e.Sweep.Design != "" {
			des = e.Sweep.Design
		}
		if !slices.Contains(sw.Designs, des) {
			sw.Designs = append(sw.Designs, des)
		}
	}
	for _, g := range rs.groups {
		lv := make([]num, len(rs.swept))
		for f, k := range rs.swept {
			lv[f] = num(math.NaN())
			if v, ok := paramValue(g, k); ok {
				lv[f] = num(v)
			}
		}
		sw.Levels = append(sw.Levels, lv)
	}
	for gi, g := range rs.groups {
		for _, r := range g.runs {
			if !r.ok {
				continue
			}
			if len(sw.RunGroup) >= htmlRuns {
				sw.Omitted++
				continue
			}
			vals := make([]num, len(rs.choice.key))
			for k, km := range rs.choice.key {
				vals[k] = num(r.values[km.col])
			}
			sw.RunGroup = append(sw.RunGroup, gi)
			sw.Values = append(sw.Values, vals)
		}
	}
	return sw
}

// htmlSensitivity reads sensitivity.csv, when Build wrote one.
func (rs *resultSet) htmlSensitivity() ([]htmlSens, error) {
	if _, err := os.Stat(filepath.Join(rs.dir, SensitivityFile)); err != nil {
		return nil, nil
	}
	s, err := results.OpenRows(rs.dir, SensitivityFile)
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", HTMLFile, err)
	}
	defer s.Close()
	c, err := s.Cols(SensitivityColumns...)
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", HTMLFile, err)
	}
	var out []htmlSens
	for {
		rec, err := s.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("report: %s: %w", HTMLFile, err)
		}
		var v [7]float64
		for i := range v {
			if v[i], err = s.Float(c[4+i]); err != nil {
				return nil, fmt.Errorf("report: %s: %w", HTMLFile, err)
			}
		}
		out = append(out, htmlSens{Scenario: rec[c[0]], Design: rec[c[1]], Metric: rec[c[2]], Factor: rec[c[3]],
			Mu: num(v[0]), MuStar: num(v[1]), Sigma: num(v[2]), First: num(v[3]), FirstC: num(v[4]), Total: num(v[5]), TotalC: num(v[6])})
	}
}

// tTable returns t_{0.975, ν} for ν = 0 (null), 1, ..., n: the page's
// sweep view pools runs into intervals of the mean as summary.csv does.
func tTable(n int) []num {
	out := []num{num(math.NaN())}
	for nu := 1; nu <= n; nu++ {
		out = append(out, num(distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(nu)}.Quantile((1+level)/2)))
	}
	return out
}
