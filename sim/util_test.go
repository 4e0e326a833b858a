package sim

import (
	"runtime"
	"strconv"
)

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func itoa(n int) string { return strconv.Itoa(n) }

type allocCounter struct{ mallocs uint64 }

func (a *allocCounter) read() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	a.mallocs = ms.Mallocs
}
