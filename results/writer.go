package results

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
	CommonsFile    = "commons.csv"
	ForksFile      = "forks.csv"
	ManifestFile   = "manifest.json"
	partialSuffix  = ".partial"
)

// DataFiles are the CSV files every result set holds, in manifest order.
var DataFiles = []string{RunsFile, TimeseriesFile, LorenzFile, SurvivalFile, CommonsFile, ForksFile}

// IdentityColumns identify a run in every CSV file.
var IdentityColumns = []string{"run_id", "scenario", "point", "replicate"}

// Writer streams a batch's results into a result set directory. Rows go to
// "<file>.partial" and are flushed after every run, and a line recording
// where the run ends in every file is then appended to the journal
// (JournalFile), so a killed process loses at most the run being written
// and `commonsim run --resume` continues from the last journalled run. Close
// renames the files into place and writes the manifest. Memory does not grow
// with the number of runs.
type Writer struct {
	dir      string
	files    []*csvFile // in DataFiles order
	varying  []scenarios.Param
	manifest *Manifest
	failed   int

	lock     *SetLock
	journal  *os.File
	jbuf     []byte // the journal line(s) of one run
	jscratch []byte
	pbuf     []byte // the varying parameters' fields of the run being written
	jrun     journalRun
	lastSync time.Time
	syncGap  time.Duration // time between checkpoints, at least syncEvery
}

// syncEvery is how often the data files and the journal are fsynced and the
// manifest's progress fields saved while a batch runs.
const syncEvery = 10 * time.Second

// csvFile is one streaming CSV file with a running SHA-256, the CRC-32C of
// the current run's bytes, its size and its row count.
type csvFile struct {
	name string
	f    *os.File
	buf  *bufio.Writer
	out  *fileSink
	rows int
	line []byte
}

// fileSink is what csvFile.buf flushes into: the file, its SHA-256 and the
// CRC of the run being written.
type fileSink struct {
	f    *os.File
	sum  hash.Hash
	crc  uint32
	size int64
}

func (s *fileSink) Write(p []byte) (int, error) {
	n, err := s.f.Write(p)
	s.sum.Write(p[:n])
	s.crc = crc32.Update(s.crc, castagnoli, p[:n])
	s.size += int64(n)
	return n, err
}

func newCSVFile(name string, f *os.File) *csvFile {
	out := &fileSink{f: f, sum: sha256.New()}
	return &csvFile{name: name, f: f, out: out, buf: bufio.NewWriterSize(out, 1<<16)}
}

// CreateSet makes dir and opens the files of a new result set that is to
// hold the runs runIDs (in order) of a run matrix whose varying parameters,
// the parameter columns of runs.csv, are varying (scenarios.Varying).
// manifest carries the batch's description; CreateSet fills in the columns
// and run list. A shard's result set holds a slice of the matrix
// but has the columns of the whole matrix, so that shards can be merged.
//
// dir may exist, but must not hold a result set, nor any file a result set
// holds (runs.csv, summary.csv, ...) without a manifest: commonsim does not
// overwrite files it did not write. The one exception is a journal.log
// without a manifest, the leftover of a process killed as it started, which
// is replaced. A symbolic link where a file of the result set goes is
// refused (see CheckLinks).
func CreateSet(dir string, varying []scenarios.Param, runIDs Ranges, manifest *Manifest) (*Writer, error) {
	if _, err := os.Lstat(filepath.Join(dir, ManifestFile)); err == nil {
		return nil, fmt.Errorf("output directory %s already holds a result set; choose another --out or --resume it", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output directory %s: %w", dir, err)
	}
	lock, err := LockSet(dir)
	if err != nil {
		return nil, err
	}
	w := &Writer{dir: dir, lock: lock, manifest: manifest, varying: varying, lastSync: time.Now(), syncGap: syncEvery}
	ok := false
	defer func() {
		if !ok {
			w.abort()
		}
	}()
	// Under the lock: the checks, then the journal, then the manifest, so
	// that from here on --resume can take over whenever the process dies.
	if _, err := os.Lstat(filepath.Join(dir, ManifestFile)); err == nil {
		return nil, fmt.Errorf("output directory %s already holds a result set; choose another --out or --resume it", dir)
	}
	if err := CheckLinks(dir); err != nil {
		return nil, err
	}
	if stray := strayFiles(dir); len(stray) > 0 {
		return nil, fmt.Errorf("output directory %s holds %s but no %s, so it is not a result set commonsim can add to, and commonsim does not overwrite files it did not write: choose another --out, or move those files away", dir, strings.Join(stray, ", "), ManifestFile)
	}
	w.initManifest(runIDs)
	jpath := filepath.Join(dir, JournalFile)
	if err := os.Remove(jpath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("result set %s: journal: %w", dir, err)
	}
	j, err := createOwned(jpath, os.O_RDWR|os.O_APPEND)
	if err != nil {
		return nil, fmt.Errorf("result set %s: journal: %w", dir, err)
	}
	w.journal = j
	if _, err := j.WriteString(journalMagic); err != nil {
		return nil, fmt.Errorf("result set %s: journal: %w", dir, err)
	}
	if err := manifest.Save(dir); err != nil {
		return nil, err
	}
	for i, name := range DataFiles {
		f, err := createOwned(filepath.Join(dir, name+partialSuffix), os.O_WRONLY)
		if err != nil {
			return nil, fmt.Errorf("result file %s: %w", name, err)
		}
		cf := newCSVFile(name, f)
		w.files = append(w.files, cf)
		if _, err := cf.buf.Write(w.header(i)); err != nil {
			return nil, fmt.Errorf("result file %s: %w", cf.name, err)
		}
		if err := cf.buf.Flush(); err != nil {
			return nil, fmt.Errorf("result file %s: %w", cf.name, err)
		}
		cf.out.crc = 0
	}
	ok = true
	return w, nil
}

func (w *Writer) initManifest(runIDs Ranges) {
	m := w.manifest
	if m.Engine == "" {
		m.Engine = "commonsim"
	}
	m.Status = StatusRunning
	m.Total = runIDs.Count()
	m.RunIDs = append(Ranges{}, runIDs...)
	m.CompletedIDs = Ranges{}
	m.Completed = 0
	m.Failed = nil
	m.Columns = map[string][]string{
		RunsFile:       w.runsHeader(),
		TimeseriesFile: w.timeseriesHeader(),
		LorenzFile:     lorenzHeader,
		SurvivalFile:   survivalHeader,
		CommonsFile:    commonsHeader(),
		ForksFile:      forksHeader,
	}
}

// abort closes the files and gives up the lock, leaving the files as they
// are (for --resume).
func (w *Writer) abort() {
	for _, cf := range w.files {
		cf.f.Close()
	}
	w.files = nil
	w.release()
}

// release closes the journal and gives up the lock.
func (w *Writer) release() {
	if w.journal != nil {
		w.journal.Close()
		w.journal = nil
	}
	w.lock.Release()
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

// timeseriesHeader: the identity columns, the varying parameters (as in
// runs.csv, so that a notebook needs no join to plot a series against a
// parameter), the tick and the tick metrics.
func (w *Writer) timeseriesHeader() []string {
	h := append([]string{}, IdentityColumns...)
	for _, p := range w.varying {
		h = append(h, p.Key)
	}
	h = append(h, "tick")
	for _, m := range sim.TickMetrics() {
		h = append(h, m.Name)
	}
	return h
}

var lorenzHeader = []string{"run_id", "scenario", "point", "replicate", "population_share", "contribution_share", "benefit_share"}

var survivalHeader = []string{"run_id", "scenario", "point", "replicate", "tenure", "survival", "at_risk", "events"}

func commonsHeader() []string {
	h := append(append([]string{}, IdentityColumns...), "tick", "commons")
	for _, m := range sim.CommonsMetrics() {
		h = append(h, m.Name)
	}
	return h
}

var forksHeader = []string{"run_id", "scenario", "point", "replicate", "tick", "parent", "child", "trigger",
	"founders", "followers", "parent_core", "core_moved_26", "core_moved_52", "outcome",
	"parent_active_52", "child_active_52", "parent_active_104", "child_active_104"}

// header returns the header line of the i-th data file.
func (w *Writer) header(i int) []byte {
	headers := [][]string{w.runsHeader(), w.timeseriesHeader(), lorenzHeader, survivalHeader, commonsHeader(), forksHeader}
	return AppendRecord(nil, headers[i])
}

// Write appends one run's rows to every file and flushes them. Runs must
// come in run-id order (batch.Execute guarantees it).
func (w *Writer) Write(r *sim.Result) error {
	s := r.Spec
	id := func(line []byte) []byte {
		line = strconv.AppendInt(line, int64(s.ID), 10)
		line = append(line, ',')
		line = AppendField(line, s.Scenario)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(s.Point), 10)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(s.Replicate), 10)
		return line
	}
	status := "ok"
	w.jbuf = w.jbuf[:0]
	if r.Err != nil {
		status = "failed"
		w.failed++
		fr := FailedRun{ID: s.ID, Scenario: s.Scenario, Point: s.Point, Replicate: s.Replicate, Seed: s.Seed, Assign: s.Assign, Error: cutError(r.Err.Error())}
		w.manifest.Failed = append(w.manifest.Failed, fr)
		var err error
		if w.jbuf, err = appendFailLine(w.jbuf, &fr); err != nil {
			return fmt.Errorf("journal: %w", err)
		}
	}
	// runs.csv
	runs := w.files[0]
	line := id(runs.line[:0])
	line = append(line, ',')
	line = strconv.AppendUint(line, s.Seed, 10)
	line = append(line, ',')
	line = append(line, status...)
	params := w.pbuf[:0]
	for _, p := range w.varying {
		params = append(params, ',')
		params = AppendField(params, p.Get(s.Params))
	}
	w.pbuf = params
	line = append(line, params...)
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
			line = append(line, params...)
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
		// commons.csv: one row per recorded tick and commons.
		cs := w.files[4]
		for k := range r.Commons.Len() {
			line := id(cs.line[:0])
			line = append(line, ',')
			line = strconv.AppendInt(line, int64(r.Commons.Ticks[k]), 10)
			line = append(line, ',')
			line = strconv.AppendInt(line, int64(r.Commons.Commons[k]), 10)
			for _, v := range r.Commons.Row(k) {
				line = append(line, ',')
				line = AppendFloat(line, v)
			}
			cs.line = append(line, '\n')
			if err := cs.add(cs.line); err != nil {
				return err
			}
		}
		// forks.csv: one row per fork.
		fk := w.files[5]
		for _, f := range r.Forks {
			line := id(fk.line[:0])
			for _, n := range []int{f.Tick, f.Parent, f.Child} {
				line = append(line, ',')
				line = strconv.AppendInt(line, int64(n), 10)
			}
			line = append(line, ',')
			line = append(line, f.Trigger...)
			for _, n := range []int{f.Founders, f.Followers, f.Core} {
				line = append(line, ',')
				line = strconv.AppendInt(line, int64(n), 10)
			}
			line = append(line, ',')
			line = AppendFloat(line, f.CoreMoved26)
			line = append(line, ',')
			line = AppendFloat(line, f.CoreMoved52)
			line = append(line, ',')
			line = append(line, f.Outcome.String()...)
			for _, v := range []float64{f.ParentActive52, f.ChildActive52, f.ParentActive104, f.ChildActive104} {
				line = append(line, ',')
				line = AppendFloat(line, v)
			}
			fk.line = append(line, '\n')
			if err := fk.add(fk.line); err != nil {
				return err
			}
		}
	}
	// The rows first, then the journal line that says they are there.
	e := &w.jrun
	if len(e.End) != len(w.files) {
		e.End, e.Rows, e.CRC = make([]int64, len(w.files)), make([]int, len(w.files)), make([]uint32, len(w.files))
	}
	e.ID = s.ID
	for k, cf := range w.files {
		if err := cf.buf.Flush(); err != nil {
			return fmt.Errorf("result file %s: %w", cf.name, err)
		}
		e.End[k], e.Rows[k], e.CRC[k] = cf.out.size, cf.rows, cf.out.crc
		cf.out.crc = 0
	}
	w.jbuf, w.jscratch = appendRunLine(w.jbuf, w.jscratch, e)
	if _, err := w.journal.Write(w.jbuf); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	w.manifest.Completed++
	w.manifest.CompletedIDs.Add(s.ID)
	if time.Since(w.lastSync) >= w.syncGap {
		if err := w.checkpoint(); err != nil {
			return err
		}
	}
	return nil
}

// checkpoint makes what is written so far durable (data before journal) and
// saves the manifest with the progress so far, for anyone watching.
func (w *Writer) checkpoint() error {
	start := time.Now()
	defer func() {
		// A huge manifest (a sweep of very many points) is saved less often:
		// checkpoints take at most 2% of the time.
		w.lastSync = time.Now()
		w.syncGap = max(syncEvery, 50*w.lastSync.Sub(start))
	}()
	for _, cf := range w.files {
		if err := cf.f.Sync(); err != nil {
			return fmt.Errorf("result file %s: %w", cf.name, err)
		}
	}
	if err := w.journal.Sync(); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return w.manifest.Save(w.dir)
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
// checksums (of the whole files). A complete result set's journal is
// removed; an interrupted one keeps it for --resume. The lock is held until
// all of that is done, so that no other process sees the set half closed.
func (w *Writer) Close(status string) error {
	defer w.release()
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
		w.manifest.Files = append(w.manifest.Files, FileInfo{Name: cf.name, Rows: cf.rows, SHA256: hex.EncodeToString(cf.out.sum.Sum(nil))})
	}
	w.files = nil
	if err := w.journal.Sync(); err != nil {
		errs = append(errs, fmt.Errorf("journal: %w", err))
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := renameIntoPlace(w.dir); err != nil {
		return err
	}
	w.manifest.Status = status
	w.manifest.Finished = time.Now().UTC().Format(time.RFC3339)
	if err := w.manifest.Save(w.dir); err != nil {
		return err
	}
	if status == StatusComplete {
		// A kill between the manifest and this leaves a complete set with
		// its journal; Tidy (run --resume) removes it.
		if err := os.Remove(filepath.Join(w.dir, JournalFile)); err != nil {
			return fmt.Errorf("journal: %w", err)
		}
	}
	return nil
}

// renameIntoPlace renames every data file of dir from its *.partial name
// to its own, once all of them are written and synced.
func renameIntoPlace(dir string) error {
	for _, name := range DataFiles {
		if err := os.Rename(filepath.Join(dir, name+partialSuffix), filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("result file %s: %w", name, err)
		}
	}
	return nil
}

// maxErrorBytes bounds a failed run's error text (a panic and its stack) in
// the manifest and the journal.
const maxErrorBytes = 16 << 10

// cutError cuts an error text to maxErrorBytes, on a rune boundary.
func cutError(s string) string {
	if len(s) <= maxErrorBytes {
		return s
	}
	s = strings.ToValidUTF8(s[:maxErrorBytes], "")
	return s + " ... (cut)"
}

// Completed is the number of runs in the result set so far.
func (w *Writer) Completed() int { return w.manifest.Completed }

// Dir is the result set's directory.
func (w *Writer) Dir() string { return w.dir }
