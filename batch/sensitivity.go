package batch

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"commonsim/design"
	"commonsim/results"
	"commonsim/scenarios"
	"commonsim/sim"
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

// sensScenario is one scenario with a Morris or Saltelli design.
type sensScenario struct {
	entry  *results.ScenarioEntry
	morris *design.MorrisPlan
	sobol  *design.SaltelliPlan
	sum    [][]float64 // [point][metric] sum over ok replicates
	n      []int       // [point] ok replicates
}

// WriteSensitivity computes sensitivity.csv for the complete result set in
// dir and records it in the manifest (derived_files, sensitivity_skipped).
// For each scenario with the morris or saltelli design and each summary
// metric of runs.csv, the metric is averaged over the replicates of each
// design point and the Morris measures (design.MorrisPlan.Effects) or Sobol
// indices (design.SaltelliPlan.Indices) are computed per factor. The design
// plan is rebuilt from the manifest's sweep exactly as the sweep expanded it
// (same seed stream) and must give the manifest's points. A metric that is
// NaN or infinite at some design point (for instance collapse_tick when not
// every run collapses), or constant over all points, has no indices: it is
// left out and listed in the manifest's sensitivity_skipped. It returns
// false, and writes nothing, when no scenario uses those designs.
//
// It holds the result set's lock while it works and refuses a result set
// holding symbolic links (results.CheckLinks). It does not check runs.csv
// against its checksum: `commonsim sensitivity` runs results.Verify first.
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
	var scs []*sensScenario
	byName := map[string]*sensScenario{}
	for i := range m.Scenarios {
		e := &m.Scenarios[i]
		if e.Sweep == nil || (e.Sweep.Design != scenarios.Morris && e.Sweep.Design != scenarios.Saltelli) {
			continue
		}
		s, err := rebuildPlan(e)
		if err != nil {
			return false, fmt.Errorf("sensitivity: result set %s: %w", dir, err)
		}
		scs = append(scs, s)
		byName[e.Name] = s
	}
	if len(scs) == 0 {
		return false, nil
	}
	if m.Status != results.StatusComplete {
		return false, fmt.Errorf("sensitivity: result set %s is %s; it needs every run (resume it first)", dir, m.Status)
	}
	metrics := sim.SummaryMetrics()
	if err := accumulate(dir, byName, len(metrics)); err != nil {
		return false, fmt.Errorf("sensitivity: %w", err)
	}

	// Compute and write.
	f, err := results.CreateAtomic(dir, SensitivityFile)
	if err != nil {
		return false, fmt.Errorf("sensitivity: %w", err)
	}
	defer f.Abort()
	sum := sha256.New()
	bw := bufio.NewWriter(io.MultiWriter(f, sum))
	bw.WriteString(strings.Join(SensitivityColumns, ",") + "\n")
	rows := 0
	var skipped []results.SkippedMetric
	nan := math.NaN()
	for _, s := range scs {
		factors := s.entry.Sweep.Factors
		y := make([]float64, len(s.n))
		for mi, metric := range metrics {
			skip := func(reason string) {
				skipped = append(skipped, results.SkippedMetric{Scenario: s.entry.Name, Metric: metric.Name, Reason: reason})
			}
			bad := 0
			for p := range y {
				y[p] = nan
				if s.n[p] > 0 {
					y[p] = s.sum[p][mi] / float64(s.n[p])
				}
				if math.IsNaN(y[p]) || math.IsInf(y[p], 0) {
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
			type row struct{ vals [7]float64 }
			out := make([]row, len(factors))
			if s.morris != nil {
				idx, err := s.morris.Effects(y)
				if err != nil {
					skip(err.Error())
					continue
				}
				for i, x := range idx {
					out[i].vals = [7]float64{x.Mu, x.MuStar, x.Sigma, nan, nan, nan, nan}
				}
			} else {
				rng := rand.New(rand.NewPCG(uint64(s.entry.Seed), bootstrapStream+uint64(mi)))
				idx, err := s.sobol.Indices(y, rng)
				if err != nil {
					skip(err.Error())
					continue
				}
				for i, x := range idx {
					out[i].vals = [7]float64{nan, nan, nan, x.First, x.FirstConf, x.Total, x.TotalConf}
				}
			}
			for i, r := range out {
				line := []byte(csvField(s.entry.Name) + "," + s.entry.Sweep.Design + "," + metric.Name + "," + csvField(factors[i].Key))
				for _, v := range r.vals {
					line = append(line, ',')
					line = results.AppendFloat(line, v)
				}
				bw.Write(append(line, '\n'))
				rows++
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return false, fmt.Errorf("sensitivity: %w", err)
	}
	if err := f.Commit(); err != nil {
		return false, fmt.Errorf("sensitivity: %w", err)
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
	return true, m.Save(dir)
}

// rebuildPlan makes the scenario's sweep plan again from the manifest
// (scenarios.Sweep.Plan, the code that made its points) and checks it
// against the points the manifest lists.
func rebuildPlan(e *results.ScenarioEntry) (*sensScenario, error) {
	plan, err := e.Sweep.Plan(uint64(e.Seed))
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", e.Name, err)
	}
	if plan.Morris == nil && plan.Saltelli == nil {
		return nil, fmt.Errorf("scenario %s: the %s sweep has no factors or samples", e.Name, e.Sweep.Design)
	}
	if len(plan.Points) != len(e.Points) {
		return nil, fmt.Errorf("scenario %s: the %s plan made from the manifest's sweep has %d points, the manifest %d", e.Name, e.Sweep.Design, len(plan.Points), len(e.Points))
	}
	for i, pt := range plan.Points {
		if len(e.Points[i]) != len(pt.Assign) {
			return nil, fmt.Errorf("scenario %s: point %d of the manifest sets %d parameters, the sweep has %d", e.Name, i, len(e.Points[i]), len(pt.Assign))
		}
		for j, got := range pt.Assign {
			if want := e.Points[i][j]; want != got {
				return nil, fmt.Errorf("scenario %s: point %d: the %s plan made from the manifest's sweep gives %s = %s, the manifest %s = %s", e.Name, i, e.Sweep.Design, got.Key, got.Value, want.Key, want.Value)
			}
		}
	}
	s := &sensScenario{entry: e, morris: plan.Morris, sobol: plan.Saltelli}
	s.sum = make([][]float64, len(plan.Points))
	s.n = make([]int, len(plan.Points))
	return s, nil
}

// accumulate streams runs.csv and sums each metric over the ok replicates
// of each design point of the scenarios in byName.
func accumulate(dir string, byName map[string]*sensScenario, nMetrics int) error {
	f, err := results.OpenRegular(filepath.Join(dir, results.RunsFile))
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(results.LimitLines(bufio.NewReaderSize(f, 1<<16), results.MaxLine))
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", results.RunsFile, err)
	}
	header = slices.Clone(header) // the reader reuses its record

	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	cScen, ok1 := col["scenario"]
	cPoint, ok2 := col["point"]
	cStatus, ok3 := col["status"]
	if !ok1 || !ok2 || !ok3 {
		return fmt.Errorf("%s lacks the scenario, point or status column", results.RunsFile)
	}
	metricCols := make([]int, nMetrics)
	for i, mt := range sim.SummaryMetrics() {
		c, ok := col[mt.Name]
		if !ok {
			return fmt.Errorf("%s lacks the metric column %s", results.RunsFile, mt.Name)
		}
		metricCols[i] = c
	}
	line := 1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line++
		if err != nil {
			return fmt.Errorf("%s: %w", results.RunsFile, err)
		}
		s := byName[rec[cScen]]
		if s == nil || rec[cStatus] != "ok" {
			continue
		}
		p, err := strconv.Atoi(rec[cPoint])
		if err != nil || p < 0 || p >= len(s.n) {
			return fmt.Errorf("%s:%d: column point: %q is not a point of the %s design (0 to %d)", results.RunsFile, line, rec[cPoint], s.entry.Sweep.Design, len(s.n)-1)
		}
		if s.sum[p] == nil {
			s.sum[p] = make([]float64, nMetrics)
		}
		for i, c := range metricCols {
			v, err := results.ParseFloat(rec[c])
			if err != nil {
				return fmt.Errorf("%s:%d: column %s: %q is not a number", results.RunsFile, line, header[c], rec[c])
			}
			s.sum[p][i] += v
		}
		s.n[p]++
	}
	return nil
}

func constant(y []float64) bool {
	for _, v := range y[1:] {
		if v != y[0] {
			return false
		}
	}
	return true
}

func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
