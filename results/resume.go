package results

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"commonsim/scenarios"
)

// ErrComplete is returned, wrapped, by Resume for a result set that is
// already complete.
var ErrComplete = errors.New("the result set is already complete")

// maxJournalLine bounds a journal line: a longer one is not one commonsim
// wrote (a failed run's error is cut to maxErrorBytes), and reading it
// stops there as at any other bad line.
const maxJournalLine = 1 << 20

// Resume reopens the unfinished result set in dir, whether it was
// interrupted (status "interrupted", files in place) or its process was
// killed (status "running", files still "*.partial", the last run perhaps
// half written). m is the manifest read from dir: its RunIDs are the runs
// the result set is to hold, in order; varying are the varying parameters
// of the run matrix (the parameter columns of runs.csv).
//
// Resume takes the result set's lock (LockSet) and reads the manifest again
// under it: a set that another process completed in the meantime gives
// ErrComplete, one whose batch changed an error. It keeps the longest
// prefix of the runs whose runs the journal records and whose bytes are in
// every data file with the journalled CRC, truncates the data files and the
// journal to the end of that prefix, re-hashes the kept bytes for the
// manifest's checksums and returns a Writer that goes on from there: the
// caller writes the runs after the first w.Completed() of m.RunIDs. A
// header that is not the one the run matrix gives is an error: the manifest
// and the data do not belong together. Every check is made before any file
// is renamed or cut, so a refused resume leaves the result set as it was.
// While the Writer is open the result set stays locked.
func Resume(dir string, varying []scenarios.Param, m *Manifest) (*Writer, error) {
	if m.Status == StatusComplete {
		return nil, fmt.Errorf("result set %s: %w", dir, ErrComplete)
	}
	if !m.RunIDs.Valid() {
		return nil, fmt.Errorf("result set %s: the manifest's run_ids %v are not sorted ranges of run ids; the manifest is damaged", dir, m.RunIDs)
	}
	lock, err := LockSet(dir)
	if err != nil {
		return nil, err
	}
	w := &Writer{dir: dir, lock: lock, manifest: m, varying: varying, lastSync: time.Now(), syncGap: syncEvery}
	var created []string // files made here, removed if Resume fails
	ok := false
	defer func() {
		if !ok {
			w.abort()
			for _, p := range created {
				os.Remove(p)
			}
		}
	}()
	fresh, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	switch {
	case fresh.Status == StatusComplete:
		return nil, fmt.Errorf("result set %s: %w", dir, ErrComplete)
	case fresh.Status != StatusRunning && fresh.Status != StatusInterrupted:
		return nil, fmt.Errorf("result set %s: %s has status %q, not %s or %s; it is damaged", dir, ManifestFile, fresh.Status, StatusRunning, StatusInterrupted)
	case fresh.SchemaVersion != SchemaVersion:
		return nil, fmt.Errorf("result set %s was written in schema version %d (commonsim %s), and this commonsim writes version %d, whose files have other columns; resume it with the commonsim that started it, or run the batch again in a new directory", dir, fresh.SchemaVersion, fresh.EngineVersion, SchemaVersion)
	case fresh.MatrixDigest != m.MatrixDigest || fresh.MatrixRuns != m.MatrixRuns || !slices.Equal(fresh.RunIDs, m.RunIDs) || fresh.Shard != m.Shard:
		return nil, fmt.Errorf("result set %s: its manifest changed while this commonsim was starting (another process wrote it); run the command again", dir)
	}
	m.Resumed = append(slices.Clone(fresh.Resumed), time.Now().UTC().Format(time.RFC3339))
	if err := CheckLinks(dir); err != nil {
		return nil, err
	}
	ids := slices.Clone(m.RunIDs)
	var failed []FailedRun
	w.initManifest(ids)

	// Open every data file where it is, under its final name (an
	// interrupted set) or its *.partial name (a killed one).
	renames := make([]bool, len(DataFiles)) // at its final name: to be renamed
	for i, name := range DataFiles {
		partial, final := filepath.Join(dir, name+partialSuffix), filepath.Join(dir, name)
		_, errP := os.Lstat(partial)
		_, errF := os.Lstat(final)
		path := partial
		switch {
		case errP == nil && errF == nil:
			return nil, fmt.Errorf("result set %s holds both %s and %s; remove the one that is not current", dir, name, name+partialSuffix)
		case errP == nil:
		case errF == nil:
			path, renames[i] = final, true
		case errors.Is(errP, fs.ErrNotExist) && errors.Is(errF, fs.ErrNotExist):
			if fresh.Completed > 0 {
				return nil, fmt.Errorf("result set %s: %s is missing (nor is there %s); the runs in it cannot be recovered: start the batch again in a new directory", dir, name, name+partialSuffix)
			}
			f, err := createOwned(partial, os.O_RDWR)
			if err != nil {
				return nil, fmt.Errorf("result file %s: %w", name, err)
			}
			created = append(created, partial)
			f.Close()
		default:
			return nil, fmt.Errorf("result file %s: %w", name, errors.Join(errP, errF))
		}
		f, err := openOwned(path)
		if err != nil {
			return nil, fmt.Errorf("result set %s: %w", dir, err)
		}
		cf := newCSVFile(name, f)
		w.files = append(w.files, cf)
	}
	// Check the headers.
	headerDone := true
	for i, cf := range w.files {
		want := w.header(i)
		got := make([]byte, len(want))
		n, err := io.ReadFull(cf.f, got)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("result file %s: %w", cf.name, err)
		}
		if !bytes.Equal(got[:n], want[:n]) {
			return nil, fmt.Errorf("result set %s: the header of %s is not the one its run matrix gives; the data and the manifest do not belong together", dir, cf.name)
		}
		if n < len(want) {
			headerDone = false
		}
		cf.out.sum.Write(want[:n])
		cf.out.size = int64(n)
	}
	jpath := filepath.Join(dir, JournalFile)
	jf, err := openOwned(jpath)
	if errors.Is(err, fs.ErrNotExist) {
		if jf, err = createOwned(jpath, os.O_RDWR); err == nil {
			created = append(created, jpath)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("result set %s: journal: %w", dir, err)
	}
	w.journal = jf

	// Walk the journal and the data files together.
	keep, k, err := w.replay(jf, ids, headerDone, &failed)
	if err != nil {
		return nil, fmt.Errorf("result set %s: %w", dir, err)
	}

	// Every check passed: put the files under their *.partial names (rolled
	// back if one rename fails), then cut everything after the prefix.
	for i, name := range DataFiles {
		if !renames[i] {
			continue
		}
		if err := os.Rename(filepath.Join(dir, name), filepath.Join(dir, name+partialSuffix)); err != nil {
			for j := range i {
				if renames[j] {
					os.Rename(filepath.Join(dir, DataFiles[j]+partialSuffix), filepath.Join(dir, DataFiles[j]))
				}
			}
			return nil, fmt.Errorf("result file %s: %w", name, err)
		}
	}
	created = nil
	ok = true // from here on the set is a killed one, whatever happens
	if err := w.cut(keep, headerDone); err != nil {
		w.abort()
		return nil, fmt.Errorf("result set %s: %w", dir, err)
	}
	m.Completed = k
	next := ids.iter()
	for range k {
		m.CompletedIDs.Add(next())
	}
	m.Failed = failed
	w.failed = len(failed)
	m.Status = StatusRunning
	m.Finished = ""
	if err := m.Save(dir); err != nil {
		w.abort()
		return nil, err
	}
	return w, nil
}

// cut truncates the journal to keep bytes and every data file to the end
// of the runs kept, and sets the files up for appending (writing the
// headers again when they were not all there).
func (w *Writer) cut(keep int64, headerDone bool) error {
	jf := w.journal
	if err := jf.Truncate(keep); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if _, err := jf.Seek(keep, io.SeekStart); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if keep == 0 {
		if _, err := jf.WriteString(journalMagic); err != nil {
			return fmt.Errorf("journal: %w", err)
		}
	}
	for i, cf := range w.files {
		if !headerDone {
			cf.out = &fileSink{f: cf.f, sum: sha256.New()}
			cf.buf.Reset(cf.out)
		}
		if err := cf.f.Truncate(cf.out.size); err != nil {
			return fmt.Errorf("result file %s: %w", cf.name, err)
		}
		if _, err := cf.f.Seek(cf.out.size, io.SeekStart); err != nil {
			return fmt.Errorf("result file %s: %w", cf.name, err)
		}
		if !headerDone {
			if _, err := cf.buf.Write(w.header(i)); err != nil {
				return fmt.Errorf("result file %s: %w", cf.name, err)
			}
			if err := cf.buf.Flush(); err != nil {
				return fmt.Errorf("result file %s: %w", cf.name, err)
			}
		}
		cf.out.crc = 0
	}
	return nil
}

// Tidy repairs a complete result set that a process killed while closing
// it, or while drawing its report, left untidy: it removes a journal.log
// left after the manifest said complete, once Verify (but for that
// journal) has found every data file intact, and the temporary files of
// AtomicFile in dir and dir/plots. It holds the result set's lock while it
// works and returns what it removed.
func Tidy(dir string) ([]string, error) {
	lock, err := LockSet(dir)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	if err := CheckLinks(dir); err != nil {
		return nil, err
	}
	var removed []string
	jpath := filepath.Join(dir, JournalFile)
	if _, err := os.Lstat(jpath); err == nil {
		if err := verify(dir, verifyOptions{allowJournal: true}); err != nil {
			return nil, err
		}
		if err := os.Remove(jpath); err != nil {
			return nil, err
		}
		removed = append(removed, JournalFile)
	}
	for _, d := range []string{dir, filepath.Join(dir, "plots")} {
		before, _ := os.ReadDir(d)
		if err := RemoveTemps(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
		for _, e := range before {
			if isTemp(e.Name()) && e.Type().IsRegular() {
				rel, _ := filepath.Rel(dir, filepath.Join(d, e.Name()))
				removed = append(removed, rel)
			}
		}
	}
	return removed, nil
}

// replay reads the journal jf and checks each run it records against the
// data files, stopping at the first run that is not wholly and correctly
// there. It returns the journal offset just after the last good run, the
// number of good runs, and leaves each file's sink with the size and SHA-256
// of the kept bytes and its row count. failed is set to the failed runs of
// the kept prefix.
func (w *Writer) replay(jf *os.File, ids Ranges, headerDone bool, failed *[]FailedRun) (keep int64, k int, err error) {
	*failed = nil
	if _, err := jf.Seek(0, io.SeekStart); err != nil {
		return 0, 0, err
	}
	jr := bufio.NewReaderSize(jf, maxJournalLine)
	magic, err := jr.ReadSlice('\n')
	if err != nil || string(magic) != journalMagic || !headerDone {
		return 0, 0, nil // no journal, or a torn one, or the headers not all there: start over
	}
	keep = int64(len(magic))
	off := keep
	readers := make([]*bufio.Reader, len(w.files))
	for i, cf := range w.files {
		if _, err := cf.f.Seek(cf.out.size, io.SeekStart); err != nil {
			return 0, 0, err
		}
		readers[i] = bufio.NewReaderSize(cf.f, 1<<16)
	}
	var pending []FailedRun
	next, total := ids.iter(), ids.Count()
	for k < total {
		line, err := jr.ReadSlice('\n')
		if err != nil {
			break // EOF, a last line without its newline (not written), or a line too long
		}
		off += int64(len(line))
		kind, run, fail, perr := parseJournalLine(line[:len(line)-1], len(w.files))
		if perr != nil {
			break
		}
		if kind == 'F' {
			pending = append(pending, fail)
			continue
		}
		if want := next(); run.ID != want {
			return 0, 0, fmt.Errorf("the journal records run %d where the manifest has run %d; the journal and the manifest do not belong together", run.ID, want)
		}
		if !w.verifyRun(readers, &run) {
			break
		}
		for _, f := range pending {
			if f.ID == run.ID {
				*failed = append(*failed, f)
			}
		}
		pending = pending[:0]
		k++
		keep = off
	}
	return keep, k, nil
}

// verifyRun reads run's bytes from every file and checks their CRCs. When
// all match it moves each sink's size, SHA-256 and row count past the run;
// otherwise it leaves them as they were.
func (w *Writer) verifyRun(readers []*bufio.Reader, run *journalRun) bool {
	snaps := make([][]byte, len(w.files))
	restore := func(upto int) {
		for i := range upto {
			_ = w.files[i].out.sum.(encoding.BinaryUnmarshaler).UnmarshalBinary(snaps[i])
		}
	}
	for i, cf := range w.files {
		n := run.End[i] - cf.out.size
		if n < 0 || run.Rows[i] < cf.rows {
			restore(i)
			return false
		}
		snap, err := cf.out.sum.(encoding.BinaryMarshaler).MarshalBinary()
		if err != nil {
			restore(i)
			return false
		}
		snaps[i] = snap
		c := &crcWriter{}
		if _, err := io.CopyN(io.MultiWriter(c, cf.out.sum), readers[i], n); err != nil || c.crc != run.CRC[i] {
			restore(i + 1)
			return false
		}
	}
	for i, cf := range w.files {
		cf.out.size = run.End[i]
		cf.rows = run.Rows[i]
	}
	return true
}

type crcWriter struct{ crc uint32 }

func (c *crcWriter) Write(p []byte) (int, error) {
	c.crc = crc32.Update(c.crc, castagnoli, p)
	return len(p), nil
}
