package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"strconv"
)

// JournalFile records, while a batch runs, where each completed run ends in
// every data file. It is what lets `commonsim run --resume` continue a
// result set whose process was killed at any instant.
//
// It is a text file: a first line "commonsim-journal 1", then one line per
// completed run, appended after the run's rows have been written to the
// data files:
//
//	R <run_id> <end>x4 <rows>x4 <crc>x4 ~<line crc>
//
// where, for each data file in DataFiles order, end is the file's size in
// bytes once the run's rows are in, rows the file's row count so far (header
// excluded) and crc the CRC-32C of the bytes the run added (8 hex digits). A
// run that failed is preceded by "F <json of its FailedRun> ~<line crc>".
// The line crc is the CRC-32 (IEEE) of the line before " ~", so a torn or
// garbled line is recognised and ignored.
//
// Resuming trusts nothing it cannot check: it reads the journal up to its
// first bad line and the data files run by run, keeps the longest prefix of
// runs whose bytes are all there with the journalled CRCs, truncates every
// file (journal included) to the end of that prefix and goes on from there.
// The data are written before the journal line, so a kill between the two
// loses at most the run being recorded; fsync is needed only against power
// loss and is done every syncEvery and at Close. The journal is removed when
// a result set completes.
const JournalFile = "journal.log"

const journalMagic = "commonsim-journal 1\n"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// journalRun is one R line.
type journalRun struct {
	ID   int
	End  []int64
	Rows []int
	CRC  []uint32
}

func appendJournalLine(b []byte, body []byte) []byte {
	b = append(b, body...)
	b = append(b, " ~"...)
	b = appendHex32(b, crc32.ChecksumIEEE(body))
	return append(b, '\n')
}

func appendHex32(b []byte, v uint32) []byte {
	const digits = "0123456789abcdef"
	for s := 28; s >= 0; s -= 4 {
		b = append(b, digits[(v>>uint(s))&0xf])
	}
	return b
}

// appendRunLine appends the R line of e.
func appendRunLine(b, scratch []byte, e *journalRun) ([]byte, []byte) {
	body := append(scratch[:0], 'R', ' ')
	body = strconv.AppendInt(body, int64(e.ID), 10)
	for _, v := range e.End {
		body = append(body, ' ')
		body = strconv.AppendInt(body, v, 10)
	}
	for _, v := range e.Rows {
		body = append(body, ' ')
		body = strconv.AppendInt(body, int64(v), 10)
	}
	for _, v := range e.CRC {
		body = append(body, ' ')
		body = appendHex32(body, v)
	}
	return appendJournalLine(b, body), body
}

// appendFailLine appends the F line of a failed run.
func appendFailLine(b []byte, f *FailedRun) ([]byte, error) {
	js, err := json.Marshal(f)
	if err != nil {
		return b, err
	}
	return appendJournalLine(b, append([]byte("F "), js...)), nil
}

var errBadLine = errors.New("bad journal line")

// parseJournalLine checks a line's CRC (line without its newline) and
// decodes it into a run (kind 'R') or a failed run (kind 'F').
func parseJournalLine(line []byte, files int) (kind byte, run journalRun, fail FailedRun, err error) {
	i := bytes.LastIndex(line, []byte(" ~"))
	if i < 2 || len(line)-i-2 != 8 {
		return 0, run, fail, errBadLine
	}
	body := line[:i]
	want, perr := strconv.ParseUint(string(line[i+2:]), 16, 32)
	if perr != nil || uint32(want) != crc32.ChecksumIEEE(body) {
		return 0, run, fail, errBadLine
	}
	switch {
	case bytes.HasPrefix(body, []byte("F ")):
		if err := json.Unmarshal(body[2:], &fail); err != nil {
			return 0, run, fail, errBadLine
		}
		return 'F', run, fail, nil
	case bytes.HasPrefix(body, []byte("R ")):
		fields := bytes.Fields(body[2:])
		if len(fields) != 1+3*files {
			return 0, run, fail, errBadLine
		}
		id, err := strconv.Atoi(string(fields[0]))
		if err != nil {
			return 0, run, fail, errBadLine
		}
		run = journalRun{ID: id, End: make([]int64, files), Rows: make([]int, files), CRC: make([]uint32, files)}
		for k := range files {
			end, err1 := strconv.ParseInt(string(fields[1+k]), 10, 64)
			rows, err2 := strconv.Atoi(string(fields[1+files+k]))
			crc, err3 := strconv.ParseUint(string(fields[1+2*files+k]), 16, 32)
			if err1 != nil || err2 != nil || err3 != nil || end < 0 || rows < 0 {
				return 0, run, fail, errBadLine
			}
			run.End[k], run.Rows[k], run.CRC[k] = end, rows, uint32(crc)
		}
		return 'R', run, fail, nil
	}
	return 0, run, fail, fmt.Errorf("%w: unknown kind", errBadLine)
}
