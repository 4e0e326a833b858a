package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

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

// ReadTable reads one CSV file of a result set and checks that every row has
// as many fields as the header.
func ReadTable(dir, name string) (*Table, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("result set %s: %s is missing", dir, name)
		}
		return nil, fmt.Errorf("result set %s: %w", dir, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = false
	t := &Table{Name: name}
	header, err := r.Read()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("result set %s: %s is empty", dir, name)
		}
		return nil, fmt.Errorf("result set %s: %s: %w", dir, name, err)
	}
	t.Header = header
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("result set %s: %s: %w", dir, name, err)
		}
		t.Rows = append(t.Rows, rec)
	}
	return t, nil
}

// Rows reads one CSV file of a result set a row at a time, so that a file
// of any size is read in constant memory. Every row must have as many
// fields as the header; errors name the result set, the file and the line.
type Rows struct {
	dir, name string
	f         *os.File
	r         *csv.Reader
	header    []string
	rec       []string
}

// OpenRows opens the CSV file name of the result set dir and reads its
// header. Close it when done.
func OpenRows(dir, name string) (*Rows, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("result set %s: %s is missing", dir, name)
		}
		return nil, fmt.Errorf("result set %s: %w", dir, err)
	}
	s := &Rows{dir: dir, name: name, f: f, r: csv.NewReader(f)}
	s.r.ReuseRecord = true
	h, err := s.r.Read()
	if err != nil {
		f.Close()
		if err == io.EOF {
			return nil, fmt.Errorf("result set %s: %s is empty (no header)", dir, name)
		}
		return nil, s.wrap(err)
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
// reused by the next call.
func (s *Rows) Next() ([]string, error) {
	rec, err := s.r.Read()
	if err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		return nil, s.wrap(err)
	}
	s.rec = rec
	return rec, nil
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
	line, _ := s.r.FieldPos(k)
	return fmt.Errorf("result set %s: %s:%d: %s", s.dir, s.name, line, fmt.Sprintf(format, args...))
}

// Close closes the file.
func (s *Rows) Close() error { return s.f.Close() }

func (s *Rows) wrap(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return fmt.Errorf("result set %s: %s:%d: the row has a different number of fields than the header (%d)", s.dir, s.name, pe.StartLine, len(s.header))
		}
		return fmt.Errorf("result set %s: %s:%d: %v", s.dir, s.name, pe.Line, pe.Err)
	}
	return fmt.Errorf("result set %s: %s: %w", s.dir, s.name, err)
}
