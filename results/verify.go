package results

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// maxRowProblems bounds the row-level problems reported per file: a file
// cut short or edited by hand can be wrong on every line after a point.
const maxRowProblems = 10

// VerifyError is what Verify returns when a result set is not complete and
// intact: one line per problem, each naming the file at fault.
type VerifyError struct {
	Dir      string
	Problems []string
	// Incomplete is true when the only problem is the status: the batch was
	// interrupted or is still running (or its process was killed), and every
	// file that is there matches the manifest.
	Incomplete bool
	// Status, Completed and Total are the manifest's (empty when it could
	// not be read).
	Status           string
	Completed, Total int
}

func (e *VerifyError) Error() string {
	if e.Incomplete {
		return fmt.Sprintf("result set %s is incomplete: %s", e.Dir, e.Problems[0])
	}
	if len(e.Problems) == 1 {
		return fmt.Sprintf("result set %s: %s", e.Dir, e.Problems[0])
	}
	return fmt.Sprintf("result set %s: %d problems, the first: %s", e.Dir, len(e.Problems), e.Problems[0])
}

// Verify checks that the result set in dir is complete and intact: the
// manifest parses and says complete; every file it lists exists with the
// recorded row count (header excluded) and SHA-256; every CSV row has as
// many fields as its header, and the header is the one the manifest
// records; runs.csv holds the runs the manifest says, in run-id order (0 to
// n-1, or a shard's ids), and every other file only those runs, in order;
// the failed runs of runs.csv are those of the manifest's failed_runs; the
// report's files (report_files: summary.csv, report.md, the figures, ...)
// have their recorded size and SHA-256, no figure in plots/ is missing
// from that record, and a report.md has one at all. It
// returns nil or a *VerifyError listing every problem found. A symbolic
// link where a file of the result set goes is a problem too (see
// CheckLinks), and so is a line longer than MaxLine.
func Verify(dir string) error { return verify(dir, verifyOptions{}) }

// VerifyData is Verify of the data files only (DataFiles): the files
// derived from them (derived_files, such as sensitivity.csv) are not
// checked. Commands that read the data files (plot, sensitivity) run it
// first.
func VerifyData(dir string) error { return verify(dir, verifyOptions{dataOnly: true}) }

type verifyOptions struct {
	allowJournal bool // a journal.log left in a complete result set is not a problem (Tidy removes it)
	dataOnly     bool // check the data files, not the derived ones
}

func verify(dir string, opt verifyOptions) error {
	v := &verifier{dir: dir, verifyOptions: opt}
	v.run()
	if len(v.problems) == 0 {
		return nil
	}
	return &VerifyError{Dir: dir, Problems: v.problems, Incomplete: v.statusOnly && len(v.problems) == 1, Status: v.status, Completed: v.completed, Total: v.total}
}

type verifier struct {
	verifyOptions
	dir        string
	problems   []string
	status     string
	completed  int
	total      int
	statusOnly bool // the first problem is the status and nothing else is wrong
}

func (v *verifier) add(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

func (v *verifier) run() {
	info, err := os.Stat(v.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		v.add("does not exist")
		return
	case err != nil:
		v.add("%v", err)
		return
	case !info.IsDir():
		v.add("is a file, not a result set directory")
		return
	}
	m, err := ReadManifest(v.dir)
	if err != nil {
		// ReadManifest's messages already name the directory.
		v.add("%s", strings.TrimPrefix(strings.TrimPrefix(err.Error(), "result set "+v.dir+": "), v.dir+" "))
		return
	}
	v.status, v.completed, v.total = m.Status, m.Completed, m.Total
	for _, name := range ownedNames() {
		if st, err := os.Lstat(filepath.Join(v.dir, name)); err == nil && st.Mode()&fs.ModeSymlink != 0 {
			v.add("%s: is a symbolic link; a result set holds its own files (commonsim never writes through links): replace it with the file it points to", name)
		}
	}
	hasRanges := m.RunIDs != nil || m.CompletedIDs != nil
	switch m.Status {
	case StatusComplete:
		if m.Completed != m.Total {
			v.add("%s: status is complete but completed_runs = %d of total_runs = %d", ManifestFile, m.Completed, m.Total)
		}
		if hasRanges && !slices.Equal(m.RunIDs, m.CompletedIDs) {
			v.add("%s: status is complete but completed_run_ids (%s) are not run_ids (%s)", ManifestFile, m.CompletedIDs, m.RunIDs)
		}
	case StatusInterrupted:
		v.add("status is interrupted after %d of %d runs; continue it with `commonsim run --resume %s`", m.Completed, m.Total, v.dir)
		v.statusOnly = true
	case StatusRunning:
		v.add("status is running (%d of %d runs when last saved): the batch is still running, or its process was killed; if it is not running, continue it with `commonsim run --resume %s`", m.Completed, m.Total, v.dir)
		v.statusOnly = true
		// The data files are still *.partial and the manifest has no
		// checksums yet: check only that the files are there.
		for _, name := range DataFiles {
			if !exists(filepath.Join(v.dir, name+partialSuffix)) && !exists(filepath.Join(v.dir, name)) {
				v.add("%s: missing (nor is there %s)", name+partialSuffix, name)
			}
		}
		return
	default:
		v.add("%s: unknown status %q (want %s, %s or %s)", ManifestFile, m.Status, StatusComplete, StatusInterrupted, StatusRunning)
	}
	if hasRanges && (!m.RunIDs.Valid() || !m.CompletedIDs.Valid()) {
		v.add("%s: run_ids or completed_run_ids are not sorted, disjoint ranges", ManifestFile)
		hasRanges = false
	}
	if hasRanges && m.CompletedIDs.Count() != m.Completed {
		v.add("%s: completed_runs = %d but completed_run_ids (%s) hold %d", ManifestFile, m.Completed, m.CompletedIDs, m.CompletedIDs.Count())
	}
	if m.Status == StatusComplete {
		for _, name := range DataFiles {
			if exists(filepath.Join(v.dir, name+partialSuffix)) {
				v.add("%s: left over from an unfinished write in a complete result set", name+partialSuffix)
			}
		}
		if exists(filepath.Join(v.dir, JournalFile)) && !v.allowJournal {
			v.add("%s: left over in a complete result set (the process was stopped as it finished); `commonsim run --resume %s` checks the files and removes it", JournalFile, v.dir)
		}
	}

	// The files the manifest lists.
	listed := map[string]FileInfo{}
	groups := [][]FileInfo{m.Files, m.Derived}
	if v.dataOnly {
		groups = groups[:1]
	}
	for _, group := range groups {
		for _, fi := range group {
			if fi.Name == "" || fi.Name != filepath.Base(fi.Name) || fi.Name == "." || fi.Name == ".." || strings.ContainsRune(fi.Name, '\\') {
				v.add("%s: lists file %q, which is not a plain file name inside the result set", ManifestFile, fi.Name)
				continue
			}
			if _, dup := listed[fi.Name]; dup {
				v.add("%s: lists %s twice", ManifestFile, fi.Name)
				continue
			}
			listed[fi.Name] = fi
		}
	}
	for _, name := range DataFiles {
		if _, ok := listed[name]; !ok {
			v.add("%s: has no entry (rows and sha256) for %s", ManifestFile, name)
		}
	}

	// runs.csv first: the other files are checked against its run ids.
	// The run ids runs.csv must hold, in order: the manifest's completed
	// run ids, or 0 to completed_runs-1 in a manifest without them.
	want := Ranges{}
	if hasRanges {
		want = m.CompletedIDs
	} else if m.Completed > 0 {
		want = Ranges{{0, m.Completed - 1}}
	}
	var runIDs map[int]bool // run ids of runs.csv
	var okRuns []int        // ids of the runs whose status is ok
	order := append(slices.Clone(DataFiles), sortedNames(listed, DataFiles)...)
	for _, name := range order {
		fi, ok := listed[name]
		if !ok {
			continue
		}
		wantHeader := m.Columns[name]
		switch name {
		case RunsFile:
			c := &runsCheck{nextWant: want.iter(), wantCount: want.Count(), failed: map[int]bool{}, seen: map[int]bool{}, lastID: -1}
			c.pending = c.nextWant()
			for _, f := range m.Failed {
				c.failed[f.ID] = true
			}
			if v.checkFile(fi, wantHeader, c.row) {
				// Rows were unreadable: the run ids are not known well
				// enough to check the other files against them.
				break
			}
			v.problems = append(v.problems, c.endProblems(len(m.Failed))...)
			runIDs, okRuns = c.seen, c.ok
		case TimeseriesFile, LorenzFile, SurvivalFile, CommonsFile, ForksFile:
			c := &memberCheck{name: name, runs: runIDs, last: -1, seen: map[int]bool{}}
			shape := v.checkFile(fi, wantHeader, c.row)
			// Every run that completed has rows, but in forks.csv: a run
			// may have no fork.
			if runIDs != nil && len(c.problems) == 0 && !shape && name != ForksFile {
				for _, id := range okRuns {
					if !c.seen[id] {
						c.problems = append(c.problems, fmt.Sprintf("%s: has no rows for run %d, which runs.csv says completed ok", name, id))
						break
					}
				}
			}
			v.problems = append(v.problems, c.problems...)
		default:
			v.checkFile(fi, wantHeader, nil)
		}
	}
	if !v.dataOnly {
		v.checkReport(m)
	}
	if v.statusOnly && len(v.problems) > 1 {
		v.statusOnly = false
	}
}

// checkFile reads one listed CSV file through Rows: its row count,
// SHA-256, header and field counts. row, when not nil, sees every record
// after the header with its line number and the header. It reports whether
// some rows could not be read as rows of the header (bad CSV, wrong field
// count, file missing).
func (v *verifier) checkFile(fi FileInfo, wantHeader []string, row func(line int, header, rec []string) string) (shapeProblems bool) {
	path := filepath.Join(v.dir, fi.Name)
	f, err := OpenRegular(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			v.add("%s: missing (the manifest lists it with %d rows)", fi.Name, fi.Rows)
		} else {
			v.add("%s: %v", fi.Name, unwrapPath(err))
		}
		return true
	}
	defer f.Close()
	sum := sha256.New()
	tee := io.TeeReader(bufio.NewReaderSize(f, 1<<16), sum)
	rows, rowProblems, extra := 0, 0, 0
	rowProblem := func(format string, args ...any) {
		if rowProblems < maxRowProblems {
			v.add(format, args...)
		} else {
			extra++
		}
		rowProblems++
	}
	// badRow reports a *RowError; other errors end the reading.
	badRow := func(err error) bool {
		var re *RowError
		if !errors.As(err, &re) {
			return false
		}
		if errors.Is(re.Err, csv.ErrFieldCount) {
			rowProblem("%s:%d: %d fields, the header has %d", fi.Name, re.StartLine, re.Fields, re.Header)
		} else {
			rowProblem("%s:%d: not valid CSV: %v", fi.Name, re.StartLine, re.Err)
		}
		shapeProblems = true
		return true
	}
	rs, err := NewRows(tee, v.dir, fi.Name)
	switch {
	case err == nil:
		if wantHeader != nil && !slices.Equal(rs.Header(), wantHeader) {
			v.add("%s:1: the header is not the one the manifest records (%d columns, the manifest %d)", fi.Name, len(rs.Header()), len(wantHeader))
		}
	case errors.Is(err, ErrNoHeader):
		v.add("%s: is empty (no header)", fi.Name)
		shapeProblems = true
	case !badRow(err):
		v.add("%s: %v", fi.Name, errors.Unwrap(err)) // a line too long, or an I/O error
		return true
	}
	for rs != nil {
		rec, err := rs.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !badRow(err) {
				v.add("%s: %v", fi.Name, errors.Unwrap(err))
				return true
			}
			rows++
			continue
		}
		rows++
		// After a row of the wrong shape, the run-id checks would only
		// repeat it.
		if row != nil && !shapeProblems {
			if p := row(rs.Line(0), rs.Header(), rec); p != "" {
				rowProblem("%s", p)
			}
		}
	}
	// Hash whatever the CSV reader left unread after an error.
	if _, err := io.Copy(io.Discard, tee); err != nil {
		v.add("%s: %v", fi.Name, err)
		return true
	}
	if extra > 0 {
		v.add("%s: ... and %d more row problems", fi.Name, extra)
	}
	if rows != fi.Rows {
		v.add("%s: has %d rows, the manifest records %d", fi.Name, rows, fi.Rows)
	}
	if got := hex.EncodeToString(sum.Sum(nil)); !strings.EqualFold(got, fi.SHA256) {
		v.add("%s: SHA-256 %s does not match the manifest's %s: the file was changed after it was written", fi.Name, got, fi.SHA256)
	}
	return shapeProblems
}

// runsCheck checks runs.csv's run ids against the manifest's.
type runsCheck struct {
	nextWant  func() int   // the ids expected, in order, then -1
	pending   int          // the next id expected, -1 after the last
	wantCount int          // how many ids are expected
	failed    map[int]bool // manifest failed_runs
	next      int          // rows seen
	seen      map[int]bool
	ok        []int
	nFailed   int
	lastID    int
	idCol     int
	statusCol int
	init      bool
	broken    bool // an id problem was reported: don't repeat it every row
}

func (c *runsCheck) row(line int, header, rec []string) string {
	if !c.init {
		c.init = true
		c.idCol, c.statusCol = slices.Index(header, "run_id"), slices.Index(header, "status")
	}
	if c.idCol < 0 {
		if c.broken {
			return ""
		}
		c.broken = true
		return fmt.Sprintf("%s:1: has no run_id column", RunsFile)
	}
	id, err := strconv.Atoi(rec[c.idCol])
	if err != nil || id < 0 {
		return fmt.Sprintf("%s:%d: run_id %q is not a run id", RunsFile, line, rec[c.idCol])
	}
	c.seen[id] = true
	var status string
	if c.statusCol >= 0 {
		switch rec[c.statusCol] {
		case "ok":
			c.ok = append(c.ok, id)
		case "failed":
			c.nFailed++
			if !c.failed[id] {
				status = fmt.Sprintf("%s:%d: run %d is failed, but the manifest's failed_runs does not list it", RunsFile, line, id)
			}
		default:
			status = fmt.Sprintf("%s:%d: run %d has status %q (want ok or failed)", RunsFile, line, id, rec[c.statusCol])
		}
	}
	order := c.checkOrder(line, id)
	c.lastID = id
	c.next++
	if c.pending >= 0 {
		c.pending = c.nextWant()
	}
	if status != "" {
		return status
	}
	return order
}

// checkOrder checks that id is the next run the manifest expects.
func (c *runsCheck) checkOrder(line, id int) string {
	if c.broken {
		return ""
	}
	if id <= c.lastID {
		c.broken = true
		return fmt.Sprintf("%s:%d: run_id %d after %d: run ids must increase", RunsFile, line, id, c.lastID)
	}
	if c.pending < 0 {
		c.broken = true
		return fmt.Sprintf("%s:%d: run %d is more than the %d runs the manifest records", RunsFile, line, id, c.wantCount)
	}
	if id != c.pending {
		c.broken = true
		return fmt.Sprintf("%s:%d: run_id %d where the manifest's runs give %d (a run missing or added)", RunsFile, line, id, c.pending)
	}
	return ""
}

// endProblems returns the problems seen only once every row is read: runs
// missing at the end, fewer failed runs than the manifest lists.
func (c *runsCheck) endProblems(manifestFailed int) []string {
	var out []string
	if !c.broken && c.pending >= 0 {
		out = append(out, fmt.Sprintf("%s: holds %d runs, the manifest records %d (the first missing is run %d)", RunsFile, c.next, c.wantCount, c.pending))
	}
	if c.statusCol >= 0 && c.nFailed < manifestFailed {
		out = append(out, fmt.Sprintf("%s: %d failed runs, the manifest's failed_runs lists %d", RunsFile, c.nFailed, manifestFailed))
	}
	return out
}

// memberCheck checks that a per-run file's run ids do not decrease and are
// runs of runs.csv.
type memberCheck struct {
	name     string
	runs     map[int]bool // nil: runs.csv unknown
	last     int
	seen     map[int]bool
	idCol    int
	init     bool
	problems []string
}

func (c *memberCheck) row(line int, header, rec []string) string {
	if !c.init {
		c.init = true
		c.idCol = slices.Index(header, "run_id")
	}
	if c.idCol < 0 || len(c.problems) > 0 {
		return ""
	}
	id, err := strconv.Atoi(rec[c.idCol])
	switch {
	case err != nil || id < 0:
		return fmt.Sprintf("%s:%d: run_id %q is not a run id", c.name, line, rec[c.idCol])
	case id < c.last:
		c.problems = append(c.problems, fmt.Sprintf("%s:%d: run_id %d after %d: rows must be in run-id order", c.name, line, id, c.last))
	case c.runs != nil && !c.runs[id]:
		c.problems = append(c.problems, fmt.Sprintf("%s:%d: run %d is not in runs.csv", c.name, line, id))
	}
	c.last = id
	c.seen[id] = true
	return ""
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// sortedNames returns the keys of m not in skip, sorted.
func sortedNames(m map[string]FileInfo, skip []string) []string {
	var out []string
	for k := range m {
		if !slices.Contains(skip, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
