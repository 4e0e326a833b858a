package results

import (
	"bytes"
	"math"
	"slices"
	"testing"
)

func TestFormatFloat(t *testing.T) {
	cases := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {3, "3"}, {-42, "-42"}, {1e6, "1000000"},
		{0.1, "0.1"}, {1.0 / 3, "0.3333333333333333"}, {1e300, "1e+300"}, {2.5e-8, "2.5e-08"},
		{math.NaN(), "NaN"}, {math.Inf(1), "Inf"}, {math.Inf(-1), "-Inf"},
	}
	for _, c := range cases {
		got := FormatFloat(c.in)
		if got != c.want {
			t.Errorf("FormatFloat(%v) = %q, want %q", c.in, got, c.want)
		}
		back, err := ParseFloat(got)
		if err != nil || !(back == c.in || math.IsNaN(c.in) && math.IsNaN(back)) {
			t.Errorf("ParseFloat(%q) = %v, %v; does not round-trip", got, back, err)
		}
	}
}

func TestAppendField(t *testing.T) {
	for in, want := range map[string]string{"commons": "commons", "a,b": `"a,b"`, `say "hi"`: `"say ""hi"""`} {
		if got := string(AppendField(nil, in)); got != want {
			t.Errorf("AppendField(%q) = %q, want %q", in, got, want)
		}
	}
}

// A record written by AppendRecord reads back as its fields.
func TestAppendRecord(t *testing.T) {
	fields := []string{"a", "b,c", `d"e`, "f\ng", ""}
	line := AppendRecord(nil, fields)
	if want := "a,\"b,c\",\"d\"\"e\",\"f\ng\",\n"; string(line) != want {
		t.Errorf("AppendRecord = %q, want %q", line, want)
	}
	rows, err := NewRows(bytes.NewReader(line), "dir", "x.csv")
	if err != nil || !slices.Equal(rows.Header(), fields) {
		t.Errorf("read back %q, %v", rows.Header(), err)
	}
}
