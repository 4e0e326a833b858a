package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"commonsim/plots"
	"commonsim/results"
	"commonsim/scenarios"
	"commonsim/sim"
)

// group is one (scenario, sweep point): the replications of one parameter
// set.
type group struct {
	scenario string
	scIdx    int // index in the manifest
	point    int
	assign   []scenarios.Assignment
	label    string   // "commons (capture_rate=0.5)"
	name     string   // in figures and tables: the label, without the scenario when there is only one
	params   []string // the values of resultSet.params, as runs.csv writes them (its first run's)
	runs     []*run   // in run order, failed ones included
	ok       int      // runs that did not fail
	maxTick  float64
}

// run is one row of runs.csv.
type run struct {
	id     int
	line   int
	ok     bool
	group  int // index into resultSet.groups
	values []float64
}

// values returns the finite values of summary metric m over the group's
// successful runs.
func (g *group) values(m int) []float64 {
	out := make([]float64, 0, g.ok)
	for _, r := range g.runs {
		if r.ok && finite(r.values[m]) {
			out = append(out, r.values[m])
		}
	}
	return out
}

// count returns how many successful runs have a value of summary metric m
// that is NaN, +Inf and -Inf.
func (g *group) count(m int) (nan, posInf, negInf int) {
	for _, r := range g.runs {
		if !r.ok {
			continue
		}
		switch v := r.values[m]; {
		case math.IsNaN(v):
			nan++
		case math.IsInf(v, 1):
			posInf++
		case math.IsInf(v, -1):
			negInf++
		}
	}
	return
}

// resultSet is what Build knows about a result set after reading its
// manifest and runs.csv.
type resultSet struct {
	dir      string
	manifest *results.Manifest
	tick     []sim.Metric
	summary  []sim.Metric
	choice   choice // the metrics the figures and tables show
	groups   []*group
	byID     map[int]*run
	failed   int
	// swept are the swept parameters whose values are all numbers, in the
	// order they first appear in the manifest's sweep points.
	swept []string
	// params are runs.csv's parameter columns: the parameters that vary
	// between the runs of the result set, swept or differing between
	// scenarios (summary.csv repeats them, so that no join is needed).
	params []string
	// indices are the Morris measures or Sobol' indices of each
	// (scenario, summary metric) of sensitivity.csv, for the figures; nil
	// when it was not written.
	indices map[[2]int][]plots.Factor
	// drawn are the groups the line figures draw (pickDrawn), in order,
	// and drawnWhy says how they were chosen when not all are.
	drawn      []int
	drawnWhy   string
	drawnShort string // drawnWhy in a few words, for titles
	// short names a swept parameter in labels.
	short func(key string) string
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// load reads the manifest and runs.csv of dir.
func load(dir string) (*resultSet, error) {
	m, err := results.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	switch m.Status {
	case results.StatusComplete, results.StatusInterrupted:
	case results.StatusRunning:
		return nil, fmt.Errorf("result set %s: %s says status %q: the batch is still being written, or it was killed before it could close the files; wait for it to finish or continue it with `commonsim run --resume %s`", dir, results.ManifestFile, m.Status, dir)
	default:
		return nil, fmt.Errorf("result set %s: %s: unknown status %q", dir, results.ManifestFile, m.Status)
	}
	if len(m.Scenarios) == 0 {
		return nil, fmt.Errorf("result set %s: %s lists no scenarios", dir, results.ManifestFile)
	}
	rs := &resultSet{dir: dir, manifest: m, tick: sim.TickMetrics(), summary: sim.SummaryMetrics(), byID: map[int]*run{}}
	rs.choice = choose(rs.tick, rs.summary)
	rs.sweptParams()
	if err := rs.readRuns(); err != nil {
		return nil, err
	}
	rs.pickDrawn()
	return rs, nil
}

func (rs *resultSet) sweptParams() {
	numeric := map[string]bool{}
	var keys []string
	for _, sc := range rs.manifest.Scenarios {
		for _, pt := range sc.Points {
			for _, a := range pt {
				if _, seen := numeric[a.Key]; !seen {
					numeric[a.Key] = true
					keys = append(keys, a.Key)
				}
				if v, err := strconv.ParseFloat(a.Value, 64); err != nil || !finite(v) {
					numeric[a.Key] = false
				}
			}
		}
	}
	for _, k := range keys {
		if numeric[k] {
			rs.swept = append(rs.swept, k)
		}
	}
}

// readRuns reads runs.csv into groups.
func (rs *resultSet) readRuns() error {
	s, err := results.OpenRows(rs.dir, results.RunsFile)
	if err != nil {
		return err
	}
	defer s.Close()
	id, err := s.Cols("run_id", "scenario", "point", "status")
	if err != nil {
		return err
	}
	names := make([]string, len(rs.summary))
	for i, m := range rs.summary {
		names[i] = m.Name
	}
	mcols, err := s.Cols(names...)
	if err != nil {
		return err
	}
	// The parameter columns are those between status and the first
	// summary metric (docs/OUTPUTS.md, "runs.csv").
	pcols := []int{}
	for k := id[3] + 1; k < len(s.Header()) && !slices.Contains(mcols, k); k++ {
		pcols = append(pcols, k)
		rs.params = append(rs.params, s.Header()[k])
	}
	scIdx := map[string]int{}
	for i, sc := range rs.manifest.Scenarios {
		scIdx[sc.Name] = i
	}
	type key struct {
		sc, point int
	}
	byKey := map[key]*group{}
	for {
		rec, err := s.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		r := &run{line: s.Line(0), values: make([]float64, len(mcols))}
		if r.id, err = s.Int(id[0]); err != nil {
			return err
		}
		if _, dup := rs.byID[r.id]; dup {
			return s.Errorf(id[0], "run_id %d appears twice", r.id)
		}
		name := rec[id[1]]
		si, ok := scIdx[name]
		if !ok {
			return s.Errorf(id[1], "scenario %q is not in %s", name, results.ManifestFile)
		}
		point, err := s.Int(id[2])
		if err != nil {
			return err
		}
		entry := rs.manifest.Scenarios[si]
		if n := max(1, len(entry.Points)); point < 0 || point >= n {
			return s.Errorf(id[2], "point %d: scenario %s has %d sweep point(s) in %s", point, name, n, results.ManifestFile)
		}
		switch rec[id[3]] {
		case "ok":
			r.ok = true
		case "failed":
			rs.failed++
		default:
			return s.Errorf(id[3], "status %q: want ok or failed", rec[id[3]])
		}
		for i, k := range mcols {
			if r.values[i], err = s.Float(k); err != nil {
				return err
			}
		}
		k := key{si, point}
		g := byKey[k]
		if g == nil {
			g = &group{scenario: name, scIdx: si, point: point, maxTick: math.NaN()}
			if point < len(entry.Points) {
				g.assign = entry.Points[point]
			}
			for _, k := range pcols {
				g.params = append(g.params, rec[k])
			}
			byKey[k] = g
			rs.groups = append(rs.groups, g)
		}
		g.runs = append(g.runs, r)
		if r.ok {
			g.ok++
		}
		rs.byID[r.id] = r
	}
	if len(rs.groups) == 0 {
		return fmt.Errorf("result set %s: %s has no runs", rs.dir, results.RunsFile)
	}
	slices.SortStableFunc(rs.groups, func(a, b *group) int {
		return cmp.Or(cmp.Compare(a.scIdx, b.scIdx), cmp.Compare(a.point, b.point))
	})
	for gi, g := range rs.groups {
		for _, r := range g.runs {
			r.group = gi
		}
	}
	rs.labelGroups()
	return nil
}

// labelGroups names each group after its scenario and, for sweep points,
// the values it sets: "commons (capture_rate=0.5)". Keys are shortened to
// their last part unless two swept keys share it.
func (rs *resultSet) labelGroups() {
	last := map[string]map[string]bool{} // last part -> full keys
	for _, sc := range rs.manifest.Scenarios {
		for _, pt := range sc.Points {
			for _, a := range pt {
				s := shortKey(a.Key)
				if last[s] == nil {
					last[s] = map[string]bool{}
				}
				last[s][a.Key] = true
			}
		}
	}
	rs.short = func(key string) string {
		if s := shortKey(key); len(last[s]) <= 1 {
			return s
		}
		return key
	}
	for _, g := range rs.groups {
		g.label, g.name = g.scenario, g.scenario
		if len(g.assign) > 0 {
			parts := make([]string, len(g.assign))
			for i, a := range g.assign {
				parts[i] = rs.short(a.Key) + "=" + shortValue(a.Value)
			}
			g.label += " (" + strings.Join(parts, ", ") + ")"
			g.name = g.label
			if len(rs.manifest.Scenarios) == 1 {
				g.name = strings.Join(parts, ", ")
			}
		}
	}
}

// shortValue writes a number of a sampled design (0.26666666666666666)
// with four significant digits; other values are kept.
func shortValue(v string) string {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || len(v) <= 6 || !strings.ContainsAny(v, ".eE") {
		return v
	}
	return strconv.FormatFloat(f, 'g', 4, 64)
}

func shortKey(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[i+1:]
	}
	return key
}

// eachRow reads the CSV file name of the result set a row at a time (a
// file of runs: timeseries.csv, lorenz.csv, survival.csv) and calls row
// with the reader, the indices c of its columns run_id, scenario, point and
// then cols, the group of the row's run and whether that run is ok (the
// row's scenario and point checked against runs.csv: groupOf). An error of
// reading or of row ends it.
func (rs *resultSet) eachRow(name string, cols []string, row func(s *results.Rows, c []int, gi int, ok bool) error) error {
	s, err := results.OpenRows(rs.dir, name)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := s.Cols(append([]string{"run_id", "scenario", "point"}, cols...)...)
	if err != nil {
		return err
	}
	for {
		if _, err := s.Next(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		gi, ok, err := rs.groupOf(s, c[0], c[1], c[2])
		if err != nil {
			return err
		}
		if err := row(s, c, gi, ok); err != nil {
			return err
		}
	}
}

// groupOf returns the group of the run with the given id, checking that
// the row's scenario and point agree with runs.csv. ok is false for a run
// that failed.
func (rs *resultSet) groupOf(s *results.Rows, idCol, scCol, pointCol int) (gi int, ok bool, err error) {
	id, err := s.Int(idCol)
	if err != nil {
		return 0, false, err
	}
	r := rs.byID[id]
	if r == nil {
		return 0, false, s.Errorf(idCol, "run_id %d is not in %s", id, results.RunsFile)
	}
	g := rs.groups[r.group]
	if s.Field(scCol) != g.scenario || s.Field(pointCol) != strconv.Itoa(g.point) {
		return 0, false, s.Errorf(idCol, "run %d is scenario %s point %s here but scenario %s point %d in %s (%s:%d)",
			id, s.Field(scCol), s.Field(pointCol), g.scenario, g.point, results.RunsFile, results.RunsFile, r.line)
	}
	return r.group, r.ok, nil
}
