package results

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"commonsim/scenarios"
	"commonsim/sim"
)

// The files of a result set.
const (
	RunsFile       = "runs.csv"
	TimeseriesFile = "timeseries.csv"
	LorenzFile     = "lorenz.csv"
	SurvivalFile   = "survival.csv"
	ManifestFile   = "manifest.json"
	partialSuffix  = ".partial"
)

// DataFiles are the CSV files every result set holds, in manifest order.
var DataFiles = []string{RunsFile, TimeseriesFile, LorenzFile, SurvivalFile}

// IdentityColumns identify a run in every CSV file.
var IdentityColumns = []string{"run_id", "scenario", "point", "replicate"}

// Writer streams a batch's results into a result set directory. Rows go to
// "<file>.partial" and are flushed after every run, so a killed process
// loses at most the run being written; Close renames the files into place
// and writes the manifest. Memory does not grow with the number of runs.
type Writer struct {
	dir      string
	files    []*csvFile // in DataFiles order
	varying  []scenarios.Param
	manifest *Manifest
	failed   int
}

// csvFile is one streaming CSV file with a running SHA-256 and row count.
type csvFile struct {
	name string
	f    *os.File
	buf  *bufio.Writer
	sum  hash.Hash
	rows int
	line []byte
}

// Create makes dir (which must not hold a result set) and opens the files
// of a new result set for specs. manifest carries the batch's description;
// Create fills in the columns and run list.
func Create(dir string, specs []sim.RunSpec, manifest *Manifest) (*Writer, error) {
	if _, err := os.Stat(filepath.Join(dir, ManifestFile)); err == nil {
		return nil, fmt.Errorf("output directory %s already holds a result set; choose another --out or --resume it", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output directory %s: %w", dir, err)
	}
	w := &Writer{dir: dir, manifest: manifest, varying: VaryingParams(specs)}
	manifest.Status = StatusRunning
	manifest.Total = len(specs)
	for _, name := range DataFiles {
		cf, err := openCSV(dir, name)
		if err != nil {
			w.abort()
			return nil, err
		}
		w.files = append(w.files, cf)
	}
	if err := w.writeHeaders(); err != nil {
		w.abort()
		return nil, err
	}
	manifest.Columns = map[string][]string{}
	for _, cf := range w.files {
		manifest.Columns[cf.name] = nil
	}
	manifest.Columns[RunsFile] = w.runsHeader()
	manifest.Columns[TimeseriesFile] = timeseriesHeader()
	manifest.Columns[LorenzFile] = lorenzHeader
	manifest.Columns[SurvivalFile] = survivalHeader
	if err := manifest.Save(dir); err != nil {
		w.abort()
		return nil, err
	}
	return w, nil
}

func openCSV(dir, name string) (*csvFile, error) {
	f, err := os.OpenFile(filepath.Join(dir, name+partialSuffix), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("output directory %s holds an unfinished result set (%s); use --resume %s", dir, name+partialSuffix, dir)
		}
		return nil, fmt.Errorf("result file %s: %w", name, err)
	}
	sum := sha256.New()
	return &csvFile{name: name, f: f, buf: bufio.NewWriterSize(io.MultiWriter(f, sum), 1<<16), sum: sum}, nil
}

func (w *Writer) abort() {
	for _, cf := range w.files {
		cf.f.Close()
	}
}

// VaryingParams returns the parameters whose values differ between specs,
// in registry order: the parameter columns of runs.csv.
func VaryingParams(specs []sim.RunSpec) []scenarios.Param {
	var out []scenarios.Param
	if len(specs) == 0 {
		return out
	}
	for _, p := range scenarios.Params() {
		if p.Key == "name" || p.Key == "description" || p.Key == "extends" || p.Key == "run.replications" {
			continue
		}
		first := p.Get(specs[0].Params)
		for _, s := range specs[1:] {
			if p.Get(s.Params) != first {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

func (w *Writer) runsHeader() []string {
	h := append(append([]string{}, IdentityColumns...), "seed", "status")
	for _, p := range w.varying {
		h = append(h, p.Key)
	}
	for _, m := range sim.SummaryMetrics() {
		h = append(h, m.Name)
	}
	return h
}

func timeseriesHeader() []string {
	h := append(append([]string{}, IdentityColumns...), "tick")
	for _, m := range sim.TickMetrics() {
		h = append(h, m.Name)
	}
	return h
}

var lorenzHeader = []string{"run_id", "scenario", "point", "replicate", "population_share", "contribution_share", "benefit_share"}

var survivalHeader = []string{"run_id", "scenario", "point", "replicate", "tenure", "survival", "at_risk", "events"}

func (w *Writer) writeHeaders() error {
	headers := [][]string{w.runsHeader(), timeseriesHeader(), lorenzHeader, survivalHeader}
	for i, cf := range w.files {
		cf.line = cf.line[:0]
		for j, h := range headers[i] {
			if j > 0 {
				cf.line = append(cf.line, ',')
			}
			cf.line = appendField(cf.line, h)
		}
		cf.line = append(cf.line, '\n')
		if _, err := cf.buf.Write(cf.line); err != nil {
			return fmt.Errorf("result file %s: %w", cf.name, err)
		}
	}
	return nil
}

// Write appends one run's rows to every file and flushes them. Runs must
// come in run-id order (sim.Execute guarantees it).
func (w *Writer) Write(r *sim.Result) error {
	s := r.Spec
	id := func(line []byte) []byte {
		line = strconv.AppendInt(line, int64(s.ID), 10)
		line = append(line, ',')
		line = appendField(line, s.Scenario)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(s.Point), 10)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(s.Replicate), 10)
		return line
	}
	status := "ok"
	if r.Err != nil {
		status = "failed"
		w.failed++
		w.manifest.Failed = append(w.manifest.Failed, FailedRun{ID: s.ID, Scenario: s.Scenario, Point: s.Point, Replicate: s.Replicate, Seed: s.Seed, Assign: s.Assign, Error: r.Err.Error()})
	}
	// runs.csv
	runs := w.files[0]
	line := id(runs.line[:0])
	line = append(line, ',')
	line = strconv.AppendUint(line, s.Seed, 10)
	line = append(line, ',')
	line = append(line, status...)
	for _, p := range w.varying {
		line = append(line, ',')
		line = appendField(line, p.Get(s.Params))
	}
	for i := range sim.SummaryMetrics() {
		line = append(line, ',')
		if r.Err == nil {
			line = AppendFloat(line, r.Summary[i])
		} else {
			line = append(line, "NaN"...)
		}
	}
	runs.line = append(line, '\n')
	if err := runs.add(runs.line); err != nil {
		return err
	}
	if r.Err == nil {
		// timeseries.csv
		ts := w.files[1]
		for k := range r.Series.Len() {
			line := id(ts.line[:0])
			line = append(line, ',')
			line = strconv.AppendInt(line, int64(r.Series.Ticks[k]), 10)
			for _, v := range r.Series.Row(k) {
				line = append(line, ',')
				line = AppendFloat(line, v)
			}
			ts.line = append(line, '\n')
			if err := ts.add(ts.line); err != nil {
				return err
			}
		}
		// lorenz.csv
		lz := w.files[2]
		for k := range sim.LorenzPoints {
			line := id(lz.line[:0])
			line = append(line, ',')
			line = AppendFloat(line, float64(k)/float64(sim.LorenzPoints-1))
			for q := range 2 {
				line = append(line, ',')
				v := nan
				if k < len(r.Lorenz[q]) {
					v = r.Lorenz[q][k]
				}
				line = AppendFloat(line, v)
			}
			lz.line = append(line, '\n')
			if err := lz.add(lz.line); err != nil {
				return err
			}
		}
		// survival.csv: the Kaplan-Meier steps, starting at (0, 1).
		sv := w.files[3]
		km := r.Survival
		line := id(sv.line[:0])
		line = append(line, ",0,1,"...)
		line = strconv.AppendInt(line, int64(r.Contributors), 10)
		line = append(line, ",0\n"...)
		if err := sv.add(line); err != nil {
			return err
		}
		for k := range km.Time {
			line = id(line[:0])
			line = append(line, ',')
			line = AppendFloat(line, km.Time[k])
			line = append(line, ',')
			line = AppendFloat(line, km.Survival[k])
			line = append(line, ',')
			line = AppendFloat(line, km.AtRisk[k])
			line = append(line, ',')
			line = AppendFloat(line, km.Events[k])
			line = append(line, '\n')
			if err := sv.add(line); err != nil {
				return err
			}
		}
		sv.line = line
	}
	for _, cf := range w.files {
		if err := cf.buf.Flush(); err != nil {
			return fmt.Errorf("result file %s: %w", cf.name, err)
		}
	}
	w.manifest.Completed++
	return nil
}

func (cf *csvFile) add(line []byte) error {
	if _, err := cf.buf.Write(line); err != nil {
		return fmt.Errorf("result file %s: %w", cf.name, err)
	}
	cf.rows++
	return nil
}

// Close flushes and syncs the files, renames them into place and writes the
// manifest with the given status (complete or interrupted), row counts and
// checksums.
func (w *Writer) Close(status string) error {
	var errs []error
	w.manifest.Files = nil
	for _, cf := range w.files {
		if err := cf.buf.Flush(); err != nil {
			errs = append(errs, fmt.Errorf("result file %s: %w", cf.name, err))
		}
		if err := cf.f.Sync(); err != nil {
			errs = append(errs, fmt.Errorf("result file %s: %w", cf.name, err))
		}
		if err := cf.f.Close(); err != nil {
			errs = append(errs, fmt.Errorf("result file %s: %w", cf.name, err))
		}
		w.manifest.Files = append(w.manifest.Files, FileInfo{Name: cf.name, Rows: cf.rows, SHA256: hex.EncodeToString(cf.sum.Sum(nil))})
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for _, cf := range w.files {
		if err := os.Rename(filepath.Join(w.dir, cf.name+partialSuffix), filepath.Join(w.dir, cf.name)); err != nil {
			return fmt.Errorf("result file %s: %w", cf.name, err)
		}
	}
	w.manifest.Status = status
	w.manifest.Finished = time.Now().UTC().Format(time.RFC3339)
	return w.manifest.Save(w.dir)
}

// Dir is the result set's directory.
func (w *Writer) Dir() string { return w.dir }
