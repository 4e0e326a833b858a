package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"commonsim/design"
	"commonsim/plots"
	"commonsim/results"
	"commonsim/scenarios"
)

// SensitivityFile holds the Morris or Sobol indices of a result set whose
// scenarios use the morris or saltelli sweep design.
const SensitivityFile = "sensitivity.csv"

// SensitivityColumns are the columns of sensitivity.csv. Morris rows fill
// mu, mu_star and sigma; Sobol rows first, first_conf, total and
// total_conf; the others are NaN.
var SensitivityColumns = []string{"scenario", "design", "metric", "factor", "mu", "mu_star", "sigma", "first", "first_conf", "total", "total_conf"}

// bootstrapStream is the random stream of the Sobol indices' bootstrap,
// derived from the scenario's seed (one per metric).
const bootstrapStream = 0x5eed_b007_0000

// designed is a scenario of the manifest with a morris or saltelli sweep,
// and the plan its points were made from.
type designed struct {
	si     int // index in the manifest
	entry  *results.ScenarioEntry
	morris *design.MorrisPlan
	sobol  *design.SaltelliPlan
}

// WriteSensitivity computes sensitivity.csv of the complete result set in
// dir and records it in the manifest (derived_files, sensitivity_skipped),
// as Build does (`commonsim sensitivity`). It returns false, and writes
// nothing, when no scenario uses the morris or saltelli design.
//
// It holds the result set's lock while it works and refuses a result set
// holding symbolic links (results.CheckLinks). It does not check runs.csv
// against its checksum: `commonsim sensitivity` runs results.VerifyData
// first.
func WriteSensitivity(dir string) (bool, error) {
	// A manifest first: the lock file is made only in a result set.
	if _, err := results.ReadManifest(dir); err != nil {
		return false, err
	}
	lock, err := results.LockSet(dir)
	if err != nil {
		return false, err
	}
	defer lock.Release()
	if err := results.CheckLinks(dir); err != nil {
		return false, err
	}
	// Read under the lock: the manifest is saved again below.
	m, err := results.ReadManifest(dir)
	if err != nil {
		return false, err
	}
	ds, err := designedScenarios(dir, m)
	if err != nil || len(ds) == 0 {
		return false, err
	}
	if m.Status != results.StatusComplete {
		return false, fmt.Errorf("sensitivity: result set %s is %s; it needs every run (resume it first)", dir, m.Status)
	}
	rs, err := load(dir)
	if err != nil {
		return false, fmt.Errorf("sensitivity: %w", err)
	}
	return true, rs.writeSensitivity(m, ds)
}

// Drawn reports whether the report Build writes for the complete result
// set in dir, whose manifest is m, is all there: report.md, recorded in
// the manifest's report_files (results.RecordReport) and, where
// Build writes one, sensitivity.csv recorded in the manifest. A process
// stopped in the report step leaves it unfinished; `commonsim run --resume`
// and `commonsim merge` of a complete set then draw it again.
func Drawn(dir string, m *results.Manifest) bool {
	if _, err := os.Stat(filepath.Join(dir, ReportFile)); err != nil || !results.ReportRecorded(m) {
		return false
	}
	if m.Shard != "" || !slices.ContainsFunc(m.Scenarios, func(e results.ScenarioEntry) bool {
		return e.Sweep != nil && (e.Sweep.Design == scenarios.Morris || e.Sweep.Design == scenarios.Saltelli)
	}) {
		return true
	}
	return slices.ContainsFunc(m.Derived, func(f results.FileInfo) bool { return f.Name == SensitivityFile })
}

// designedScenarios makes the plan of every morris or saltelli scenario of
// m again from its sweep and seed (scenarios.Sweep.Plan, the code that
// made its points) and checks it against the points m lists.
func designedScenarios(dir string, m *results.Manifest) ([]designed, error) {
	var out []designed
	for i := range m.Scenarios {
		e := &m.Scenarios[i]
		if e.Sweep == nil || (e.Sweep.Design != scenarios.Morris && e.Sweep.Design != scenarios.Saltelli) {
			continue
		}
		plan, err := e.Sweep.Plan(uint64(e.Seed))
		if err == nil {
			err = samePoints(e, plan)
		}
		if err != nil {
			return nil, fmt.Errorf("sensitivity: result set %s: scenario %s: %w", dir, e.Name, err)
		}
		out = append(out, designed{si: i, entry: e, morris: plan.Morris, sobol: plan.Saltelli})
	}
	return out, nil
}

// samePoints checks that the plan made from e's sweep gives the points e
// lists.
func samePoints(e *results.ScenarioEntry, plan *scenarios.Plan) error {
	d := e.Sweep.Design
	switch {
	case plan.Morris == nil && plan.Saltelli == nil:
		return fmt.Errorf("the %s sweep has no factors or samples", d)
	case len(plan.Points) != len(e.Points):
		return fmt.Errorf("the %s plan made from the manifest's sweep has %d points, the manifest %d", d, len(plan.Points), len(e.Points))
	}
	for i, pt := range plan.Points {
		if len(e.Points[i]) != len(pt.Assign) {
			return fmt.Errorf("point %d of the manifest sets %d parameters, the sweep has %d", i, len(e.Points[i]), len(pt.Assign))
		}
		for j, got := range pt.Assign {
			if want := e.Points[i][j]; want != got {
				return fmt.Errorf("point %d: the %s plan made from the manifest's sweep gives %s = %s, the manifest %s = %s", i, d, got.Key, got.Value, want.Key, want.Value)
			}
		}
	}
	return nil
}

// writeSensitivity writes sensitivity.csv from the runs read (rs) and
// saves m, the manifest read under the lock, with its entry in
// derived_files and the metrics skipped. For each scenario of ds and each
// summary metric, the metric is averaged over the ok replicates of each
// design point and the Morris measures (design.MorrisPlan.Effects) or
// Sobol indices (design.SaltelliPlan.Indices) are computed per factor. A
// metric that is NaN or infinite at some design point (for instance
// collapse_tick when not every run collapses), or constant over all
// points, has no indices: it is left out and listed in
// sensitivity_skipped.
func (rs *resultSet) writeSensitivity(m *results.Manifest, ds []designed) error {
	f, err := results.CreateAtomic(rs.dir, SensitivityFile)
	if err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	defer f.Abort()
	sum := sha256.New()
	bw := bufio.NewWriter(io.MultiWriter(f, sum))
	bw.Write(results.AppendRecord(nil, SensitivityColumns))
	rows := 0
	var skipped []results.SkippedMetric
	nan := math.NaN()
	var line []byte
	for _, d := range ds {
		factors := d.entry.Sweep.Factors
		means := rs.pointMeans(d.si, len(d.entry.Points))
		for mi, metric := range rs.summary {
			skip := func(reason string) {
				skipped = append(skipped, results.SkippedMetric{Scenario: d.entry.Name, Metric: metric.Name, Reason: reason})
			}
			y := means[mi]
			bad := 0
			for _, v := range y {
				if !finite(v) {
					bad++
				}
			}
			if bad > 0 {
				skip(fmt.Sprintf("NaN or infinite at %d of %d design points", bad, len(y)))
				continue
			}
			if constant(y) {
				skip("constant over the design points")
				continue
			}
			out := make([][7]float64, len(factors))
			if d.morris != nil {
				idx, err := d.morris.Effects(y)
				if err != nil {
					skip(err.Error())
					continue
				}
				for i, x := range idx {
					out[i] = [7]float64{x.Mu, x.MuStar, x.Sigma, nan, nan, nan, nan}
				}
			} else {
				rng := rand.New(rand.NewPCG(uint64(d.entry.Seed), bootstrapStream+uint64(mi)))
				idx, err := d.sobol.Indices(y, rng)
				if err != nil {
					skip(err.Error())
					continue
				}
				for i, x := range idx {
					out[i] = [7]float64{nan, nan, nan, x.First, x.FirstConf, x.Total, x.TotalConf}
				}
			}
			fs := rs.factorsOf(factorKeys(factors))
			for i, v := range out {
				fs[i].MuStar, fs[i].Sigma, fs[i].First, fs[i].FirstConf, fs[i].Total, fs[i].TotalConf = v[1], v[2], v[3], v[4], v[5], v[6]
			}
			if rs.indices == nil {
				rs.indices = map[[2]int][]plots.Factor{}
			}
			rs.indices[[2]int{d.si, mi}] = fs
			for i, vals := range out {
				line = results.AppendField(line[:0], d.entry.Name)
				for _, s := range []string{d.entry.Sweep.Design, metric.Name, factors[i].Key} {
					line = results.AppendField(append(line, ','), s)
				}
				for _, v := range vals {
					line = results.AppendFloat(append(line, ','), v)
				}
				bw.Write(append(line, '\n'))
				rows++
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	info := results.FileInfo{Name: SensitivityFile, Rows: rows, SHA256: hex.EncodeToString(sum.Sum(nil))}
	replaced := false
	for i := range m.Derived {
		if m.Derived[i].Name == SensitivityFile {
			m.Derived[i], replaced = info, true
		}
	}
	if !replaced {
		m.Derived = append(m.Derived, info)
	}
	m.SensitivitySkipped = skipped
	return m.Save(rs.dir)
}

// pointMeans returns, for each summary metric, the mean over the ok runs of
// each of the n sweep points of scenario si: NaN at a point without one.
// The runs are added in run order.
func (rs *resultSet) pointMeans(si, n int) [][]float64 {
	sums := make([][]float64, len(rs.summary))
	for mi := range sums {
		sums[mi] = make([]float64, n)
	}
	count := make([]int, n)
	for _, g := range rs.groups {
		if g.scIdx != si {
			continue
		}
		for _, r := range g.runs {
			if !r.ok {
				continue
			}
			for mi, v := range r.values {
				sums[mi][g.point] += v
			}
			count[g.point]++
		}
	}
	for mi := range sums {
		for p, c := range count {
			if c == 0 {
				sums[mi][p] = math.NaN()
			} else {
				sums[mi][p] /= float64(c)
			}
		}
	}
	return sums
}

func constant(y []float64) bool {
	for _, v := range y[1:] {
		if v != y[0] {
			return false
		}
	}
	return true
}

// factorKeys returns the keys of a sweep's factors.
func factorKeys(fs []scenarios.Factor) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Key
	}
	return out
}
