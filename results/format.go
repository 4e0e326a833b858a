package results

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

var nan = math.NaN()

// AppendFloat appends v as CSV text that pandas, R and spreadsheets read
// without options: whole numbers below 2^53 as integers, others in the
// shortest form that parses back to the same float64, NaN as "NaN" and
// infinities as "Inf" and "-Inf".
func AppendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	case v == math.Trunc(v) && math.Abs(v) < 1<<53:
		if v == 0 {
			return append(b, '0') // also for -0
		}
		return strconv.AppendInt(b, int64(v), 10)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// FormatFloat is AppendFloat to a string.
func FormatFloat(v float64) string { return string(AppendFloat(nil, v)) }

// ParseFloat reads a number written by AppendFloat (and the usual spellings
// of NaN and infinity).
func ParseFloat(s string) (float64, error) {
	switch s {
	case "NaN", "nan", "":
		return math.NaN(), nil
	case "Inf", "inf", "+Inf":
		return math.Inf(1), nil
	case "-Inf", "-inf":
		return math.Inf(-1), nil
	}
	return strconv.ParseFloat(s, 64)
}

// AppendField appends a CSV field, quoted only when it holds a comma, a
// quote or a line break (RFC 4180). It is the one CSV quoting of
// commonsim: every CSV file it writes quotes its text fields with it.
func AppendField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// AppendRecord appends a CSV line of text fields (AppendField each,
// separated by commas), with its line break.
func AppendRecord(b []byte, fields []string) []byte {
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendField(b, f)
	}
	return append(b, '\n')
}

// MaxLine is the longest line commonsim reads from a result set's files
// (1 MiB): the lines it writes are a few kilobytes at most, and a file with
// a longer one is not one it wrote. Reading stops there with ErrLongLine
// rather than holding the whole file in memory.
const MaxLine = 1 << 20

// ErrLongLine is the error of a line longer than MaxLine.
var ErrLongLine = errors.New("a line is longer than 1 MiB: this is not a file commonsim wrote (damaged, or another file put in its place)")

// LimitLines returns a reader of r that fails with ErrLongLine as soon as
// a line is longer than limit bytes.
func LimitLines(r io.Reader, limit int) io.Reader { return &lineLimiter{r: r, limit: limit} }

type lineLimiter struct {
	r     io.Reader
	limit int
	run   int // bytes since the last line break
	err   error
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for b := p[:n]; len(b) > 0; {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			l.run += len(b)
			break
		}
		if l.run+i > l.limit {
			l.run += i
			break
		}
		l.run, b = 0, b[i+1:]
	}
	if l.run > l.limit {
		l.err = ErrLongLine
		return 0, l.err
	}
	return n, err
}
