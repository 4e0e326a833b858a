package results

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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
