package sim

import (
	"slices"

	"commonsim/scenarios"
)

// Series is a run's time series: one row per recorded tick, columns in the
// order of TickMetrics. It is allocated once for the whole run.
type Series struct {
	Ticks []int
	data  []float64
	width int
}

func newSeries(sc *scenarios.Scenario) *Series {
	rows := sc.Run.Ticks/sc.Run.RecordEvery + 1
	w := len(tickMetrics)
	return &Series{Ticks: make([]int, 0, rows), data: make([]float64, 0, rows*w), width: w}
}

func (s *Series) next(tick int) []float64 {
	s.Ticks = append(s.Ticks, tick)
	s.data = append(s.data, make([]float64, s.width)...)
	return s.data[len(s.data)-s.width:]
}

// Len is the number of rows.
func (s *Series) Len() int { return len(s.Ticks) }

// Row returns row i, in the order of TickMetrics.
func (s *Series) Row(i int) []float64 { return s.data[i*s.width : (i+1)*s.width] }

// Column returns the values of the named metric over the rows.
func (s *Series) Column(name string) []float64 {
	k := slices.IndexFunc(tickMetrics, func(t tickMetric) bool { return t.Name == name })
	if k < 0 {
		return nil
	}
	return column(s.data, s.width, k)
}

// column returns column k of a table of rows of width values, one after
// another in data.
func column(data []float64, width, k int) []float64 {
	out := make([]float64, len(data)/width)
	for i := range out {
		out[i] = data[i*width+k]
	}
	return out
}
