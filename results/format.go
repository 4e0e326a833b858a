package results

import (
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

// appendField appends a CSV field, quoted only when it holds a comma, a
// quote or a line break (RFC 4180).
func appendField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}
