package results

import (
	"encoding/csv"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Rows reads a file row by row, parses numbers as ParseFloat does and names
// the file and line of a bad field or a short row.
func TestRows(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("run_id,x\n0,1.5\n1,NaN\n2,oops\n3\n"), 0o644)
	r, err := OpenRows(dir, "a.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cols, err := r.Cols("run_id", "x")
	if err != nil || cols[0] != 0 || cols[1] != 1 {
		t.Fatalf("Cols = %v, %v", cols, err)
	}
	if _, err := r.Cols("y"); err == nil || !strings.Contains(err.Error(), `no column "y"`) {
		t.Errorf("missing column: %v", err)
	}
	for i, want := range []float64{1.5, math.NaN()} {
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
		id, err1 := r.Int(0)
		x, err2 := r.Float(1)
		if err1 != nil || err2 != nil || id != i || !(x == want || math.IsNaN(x) && math.IsNaN(want)) {
			t.Errorf("row %d: %d %g %v %v", i, id, x, err1, err2)
		}
	}
	r.Next()
	if _, err := r.Float(1); err == nil || !strings.Contains(err.Error(), "a.csv:4: column x") {
		t.Errorf("bad number: %v", err)
	}
	if _, err := r.Next(); err == nil || !strings.Contains(err.Error(), "a.csv:5: the row has a different number of fields") {
		t.Errorf("short row: %v", err)
	}
	if _, err := OpenRows(dir, "missing.csv"); err == nil || !strings.Contains(err.Error(), "missing.csv is missing") {
		t.Errorf("missing file: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "empty.csv"), nil, 0o644)
	if _, err := OpenRows(dir, "empty.csv"); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty file: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "b.csv"), []byte("a\n1\n"), 0o644)
	b, _ := OpenRows(dir, "b.csv")
	b.Next()
	if _, err := b.Next(); err != io.EOF {
		t.Errorf("end: %v", err)
	}
	b.Close()
}

// A row of the wrong shape is a *RowError with its line and field counts,
// and reading goes on after it; a line longer than MaxLine stops reading
// with ErrLongLine; a FIFO is refused rather than waited on.
func TestRowsErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("a,b\n1,2,3\n\"x\"y,2\n4,5\n"), 0o644)
	r, err := OpenRows(dir, "a.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var re *RowError
	rec, err := r.Next()
	if !errors.As(err, &re) || !errors.Is(err, csv.ErrFieldCount) || re.StartLine != 2 || re.Fields != 3 || re.Header != 2 || len(rec) != 3 {
		t.Errorf("three fields: %v %#v %v", err, re, rec)
	}
	if _, err := r.Next(); !errors.As(err, &re) || errors.Is(err, csv.ErrFieldCount) || re.StartLine != 3 || !strings.Contains(err.Error(), "a.csv:3:") {
		t.Errorf("bad quote: %v", err)
	}
	if rec, err := r.Next(); err != nil || rec[0] != "4" || r.Line(1) != 4 {
		t.Errorf("after two bad rows: %v %v", rec, err)
	}
	long := append([]byte("a\n"), make([]byte, MaxLine+10)...)
	os.WriteFile(filepath.Join(dir, "long.csv"), long, 0o644)
	l, err := OpenRows(dir, "long.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := l.Next(); !errors.Is(err, ErrLongLine) {
		t.Errorf("long line: %v", err)
	}
	if _, err := NewRows(strings.NewReader(""), dir, "x.csv"); !errors.Is(err, ErrNoHeader) {
		t.Errorf("no header: %v", err)
	}
}
