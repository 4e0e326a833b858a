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

// Resume reopens the unfinished result set in dir, whether it was
// interrupted (status "interrupted", files in place) or its process was
// killed (status "running", files still "*.partial", the last run perhaps
// half written). m is the manifest read from dir: its RunIDs are the runs
// the result set is to hold, in order; varying are the varying parameters
// of the run matrix (the parameter columns of runs.csv).
//
// Resume keeps the longest prefix of specs whose runs the journal records
// and whose bytes are in every data file with the journalled CRC, truncates
// the data files and the journal to the end of that prefix, re-hashes the
// kept bytes for the manifest's checksums and returns a Writer that goes on
// from there: the caller writes the runs after the first w.Completed() of
// m.RunIDs. A header that is not the one the run matrix gives is an error:
// the manifest and the data do not belong together. While the Writer is
// open the result set is locked against other commonsim processes.
func Resume(dir string, varying []scenarios.Param, m *Manifest) (*Writer, error) {
	if m.Status == StatusComplete {
		return nil, fmt.Errorf("result set %s is already complete", dir)
	}
	if !m.RunIDs.Valid() {
		return nil, fmt.Errorf("result set %s: the manifest's run_ids %v are not sorted ranges", dir, m.RunIDs)
	}
	ids := slices.Clone(m.RunIDs)
	w := &Writer{dir: dir, manifest: m, varying: varying, lastSync: time.Now(), syncGap: syncEvery}
	var failed []FailedRun
	w.initManifest(ids)

	jf, err := openLocked(dir)
	if err != nil {
		return nil, err
	}
	w.journal = jf
	ok := false
	defer func() {
		if !ok {
			w.abort()
		}
	}()

	// Put every data file back under its .partial name.
	for _, name := range DataFiles {
		partial, final := filepath.Join(dir, name+partialSuffix), filepath.Join(dir, name)
		_, errP := os.Stat(partial)
		_, errF := os.Stat(final)
		switch {
		case errP == nil && errF == nil:
			return nil, fmt.Errorf("result set %s holds both %s and %s; remove the one that is not current", dir, name, name+partialSuffix)
		case errP == nil:
		case errF == nil:
			if err := os.Rename(final, partial); err != nil {
				return nil, fmt.Errorf("result file %s: %w", name, err)
			}
		case errors.Is(errP, fs.ErrNotExist) && errors.Is(errF, fs.ErrNotExist):
			if m.Completed > 0 {
				return nil, fmt.Errorf("result set %s: %s is missing", dir, name)
			}
			if err := os.WriteFile(partial, nil, 0o644); err != nil {
				return nil, fmt.Errorf("result file %s: %w", name, err)
			}
		default:
			return nil, fmt.Errorf("result file %s: %w", name, errors.Join(errP, errF))
		}
	}
	// Open the files and check their headers.
	headerDone := true
	for i, name := range DataFiles {
		f, err := os.OpenFile(filepath.Join(dir, name+partialSuffix), os.O_RDWR, 0)
		if err != nil {
			return nil, fmt.Errorf("result file %s: %w", name, err)
		}
		cf := newCSVFile(name, f)
		w.files = append(w.files, cf)
		want := w.header(i)
		got := make([]byte, len(want))
		n, err := io.ReadFull(f, got)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("result file %s: %w", name, err)
		}
		if !bytes.Equal(got[:n], want[:n]) {
			return nil, fmt.Errorf("result set %s: the header of %s is not the one its run matrix gives; the data and the manifest do not belong together", dir, name+partialSuffix)
		}
		if n < len(want) {
			headerDone = false
		}
		cf.out.sum.Write(want[:n])
		cf.out.size = int64(n)
	}

	// Walk the journal and the data files together.
	keep, k, err := w.replay(jf, ids, headerDone, &failed)
	if err != nil {
		return nil, fmt.Errorf("result set %s: %w", dir, err)
	}

	// Cut everything after the prefix and reopen the files for appending.
	if err := jf.Truncate(keep); err != nil {
		return nil, fmt.Errorf("result set %s: journal: %w", dir, err)
	}
	if keep == 0 { // appends go to the end, here the start
		if _, err := jf.WriteString(journalMagic); err != nil {
			return nil, fmt.Errorf("result set %s: journal: %w", dir, err)
		}
	}
	for i, cf := range w.files {
		if !headerDone {
			cf.out = &fileSink{f: cf.f, sum: sha256.New()}
			cf.buf.Reset(cf.out)
		}
		if err := cf.f.Truncate(cf.out.size); err != nil {
			return nil, fmt.Errorf("result file %s: %w", cf.name, err)
		}
		if _, err := cf.f.Seek(cf.out.size, io.SeekStart); err != nil {
			return nil, fmt.Errorf("result file %s: %w", cf.name, err)
		}
		if !headerDone {
			if _, err := cf.buf.Write(w.header(i)); err != nil {
				return nil, fmt.Errorf("result file %s: %w", cf.name, err)
			}
			if err := cf.buf.Flush(); err != nil {
				return nil, fmt.Errorf("result file %s: %w", cf.name, err)
			}
		}
		cf.out.crc = 0
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
		return nil, err
	}
	ok = true
	return w, nil
}

// replay reads the journal jf and checks each run it records against the
// data files, stopping at the first run that is not wholly and correctly
// there. It returns the journal offset just after the last good run, the
// number of good runs, and leaves each file's sink with the size and SHA-256
// of the kept bytes and its row count. failed is set to the failed runs of
// the kept prefix.
func (w *Writer) replay(jf *os.File, ids Ranges, headerDone bool, failed *[]FailedRun) (keep int64, k int, err error) {
	*failed = nil
	jr := bufio.NewReaderSize(jf, 1<<16)
	magic, err := jr.ReadBytes('\n')
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
		line, err := jr.ReadBytes('\n')
		if err != nil {
			break // EOF, or a last line without its newline: not written
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
