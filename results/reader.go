package results

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// Rows reads one CSV file of a result set a row at a time, so that a file
// of any size is read in constant memory. It is the one reader of the
// result files: the report, sensitivity.csv, Verify and ReadTable read
// through it. A line longer than MaxLine stops it (ErrLongLine); a row
// that is not valid CSV or has not as many fields as the header is a
// *RowError, after which reading can go on. Errors name the result set,
// the file and the line.
type Rows struct {
	dir, name string
	f         *os.File // nil when the caller owns the reader (NewRows)
	r         *csv.Reader
	header    []string
	rec       []string
}

// OpenRows opens the CSV file name of the result set dir, which must be a
// regular file (OpenRegular), and reads its header. Close it when done.
func OpenRows(dir, name string) (*Rows, error) {
	f, err := OpenRegular(filepath.Join(dir, name))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("result set %s: %s is missing", dir, name)
		}
		return nil, fmt.Errorf("result set %s: %w", dir, err)
	}
	s, err := NewRows(bufio.NewReaderSize(f, 1<<16), dir, name)
	if err != nil {
		f.Close()
		return nil, err
	}
	s.f = f
	return s, nil
}

// ErrNoHeader is the error, wrapped, of a file without even a header line.
var ErrNoHeader = errors.New("is empty (no header)")

// NewRows reads the CSV rows of r, the file name of the result set dir,
// and reads its header. Close does not close r: the caller, who may also
// hash what is read (Verify), owns it.
func NewRows(r io.Reader, dir, name string) (*Rows, error) {
	s := &Rows{dir: dir, name: name, r: csv.NewReader(LimitLines(r, MaxLine))}
	s.r.ReuseRecord = true
	h, err := s.r.Read()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("result set %s: %s %w", dir, name, ErrNoHeader)
		}
		return nil, s.wrap(err, h)
	}
	s.header = slices.Clone(h)
	s.r.FieldsPerRecord = len(s.header)
	return s, nil
}

// Header returns the column names.
func (s *Rows) Header() []string { return s.header }

// Cols returns the indices of the named columns; a missing one is an error
// naming it.
func (s *Rows) Cols(names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		if out[i] = slices.Index(s.header, n); out[i] < 0 {
			return nil, fmt.Errorf("result set %s: %s has no column %q", s.dir, s.name, n)
		}
	}
	return out, nil
}

// Next returns the next row, or io.EOF after the last one. The slice is
// reused by the next call. A row that is not valid CSV, or has not as many
// fields as the header, comes with a *RowError (and, for the wrong number
// of fields, the row); reading can go on after it.
func (s *Rows) Next() ([]string, error) {
	rec, err := s.r.Read()
	s.rec = rec
	if err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		return rec, s.wrap(err, rec)
	}
	return rec, nil
}

// Field returns field k of the current row.
func (s *Rows) Field(k int) string { return s.rec[k] }

// Line returns the line of field k of the current row.
func (s *Rows) Line(k int) int {
	line, _ := s.r.FieldPos(k)
	return line
}

// Float parses field k of the current row as a number (see ParseFloat).
func (s *Rows) Float(k int) (float64, error) {
	v, err := ParseFloat(s.rec[k])
	if err != nil {
		return 0, s.Errorf(k, "column %s: %q is not a number", s.header[k], s.rec[k])
	}
	return v, nil
}

// Int parses field k of the current row as a whole number.
func (s *Rows) Int(k int) (int, error) {
	v, err := strconv.Atoi(s.rec[k])
	if err != nil {
		return 0, s.Errorf(k, "column %s: %q is not a whole number", s.header[k], s.rec[k])
	}
	return v, nil
}

// Errorf returns an error about field k of the current row, naming the
// result set, the file and the line.
func (s *Rows) Errorf(k int, format string, args ...any) error {
	return fmt.Errorf("result set %s: %s:%d: %s", s.dir, s.name, s.Line(k), fmt.Sprintf(format, args...))
}

// Close closes the file OpenRows opened.
func (s *Rows) Close() error {
	if s.f == nil {
		return nil
	}
	return s.f.Close()
}

// RowError is a row that is not valid CSV (Err is the csv package's
// syntax error) or has not as many fields as the header (Err is
// csv.ErrFieldCount).
type RowError struct {
	Dir, Name string
	Header    int // fields of the header; 0 for the header itself
	Fields    int // fields of the row, when Err is csv.ErrFieldCount
	*csv.ParseError
}

func (e *RowError) Error() string {
	if errors.Is(e.Err, csv.ErrFieldCount) {
		return fmt.Sprintf("result set %s: %s:%d: the row has a different number of fields than the header (%d)", e.Dir, e.Name, e.StartLine, e.Header)
	}
	return fmt.Sprintf("result set %s: %s:%d: %v", e.Dir, e.Name, e.ParseError.Line, e.Err)
}

func (e *RowError) Unwrap() error { return e.ParseError }

// wrap names the file of a reading error; rec is the row read with it.
func (s *Rows) wrap(err error, rec []string) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &RowError{Dir: s.dir, Name: s.name, Header: len(s.header), Fields: len(rec), ParseError: pe}
	}
	return fmt.Errorf("result set %s: %s: %w", s.dir, s.name, err)
}

// Table is a CSV file read whole: its header and rows of text.
type Table struct {
	Name   string
	Header []string
	Rows   [][]string
}

// Col returns the index of a column, or -1.
func (t *Table) Col(name string) int { return slices.Index(t.Header, name) }

// Floats returns a column parsed as numbers. A value that is not a number is
// an error naming the file, line and column.
func (t *Table) Floats(name string) ([]float64, error) {
	k := t.Col(name)
	if k < 0 {
		return nil, fmt.Errorf("%s: no column %q", t.Name, name)
	}
	out := make([]float64, len(t.Rows))
	for i, r := range t.Rows {
		v, err := ParseFloat(r[k])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: column %s: %q is not a number", t.Name, i+2, name, r[k])
		}
		out[i] = v
	}
	return out, nil
}

// ReadTable reads one CSV file of a result set whole (through Rows), for
// small files and tests: every row must have as many fields as the header.
func ReadTable(dir, name string) (*Table, error) {
	s, err := OpenRows(dir, name)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	t := &Table{Name: name, Header: s.Header()}
	for {
		rec, err := s.Next()
		if err == io.EOF {
			return t, nil
		}
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, slices.Clone(rec))
	}
}
