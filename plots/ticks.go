package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceTicks is a plot.Ticker with about five (or n, when set) labelled ticks at round
// values (steps of 1, 2, 2.5 or 5 times a power of ten) and an unlabelled minor
// tick half way between them. When the data end just short of a round value
// (within snapFraction of the range), that tick is included too, so an axis
// with AutoRescale ends on a labelled value (e.g. 0–200, not 0–199).
type niceTicks struct{ n int }

// snapFraction is how far beyond the data range (as a fraction of the
// range) an axis may be extended to end on a labelled tick.
const snapFraction = 0.03

func (nt niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		return (plot.DefaultTicks{}).Ticks(lo, hi)
	}
	span := hi - lo
	want := 5.0
	if nt.n > 0 {
		want = float64(nt.n)
	}
	// Of the round steps near span/want, take the one giving closest to
	// want intervals.
	mag := math.Pow(10, math.Floor(math.Log10(span/want)))
	step := mag
	for _, b := range []float64{1, 2, 2.5, 5, 10} {
		if math.Abs(span/(b*mag)-want) < math.Abs(span/step-want) {
			step = b * mag
		}
	}
	// The fewest decimals that show every multiple of step exactly.
	decimals := 0
	for ; decimals < 10; decimals++ {
		s := step * math.Pow10(decimals)
		if math.Abs(s-math.Round(s)) < 1e-6*s {
			break
		}
	}

	first := math.Ceil(lo/step-1e-9) * step
	if lo-(first-step) <= snapFraction*span {
		first -= step
	}
	last := math.Floor(hi/step+1e-9) * step
	if (last+step)-hi <= snapFraction*span {
		last += step
	}

	var ticks []plot.Tick
	n := int(math.Round((last - first) / step))
	for i := 0; i <= n; i++ {
		v := first + float64(i)*step
		if math.Abs(v) < step*1e-9 {
			v = 0 // avoid labels like "-0" or "1e-17"
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: formatTick(v, decimals)})
		if i < n {
			ticks = append(ticks, plot.Tick{Value: v + step/2})
		}
	}
	// Minor ticks before the first and after the last labelled one.
	if m := first - step/2; m >= lo {
		ticks = append([]plot.Tick{{Value: m}}, ticks...)
	}
	if m := last + step/2; m <= hi {
		ticks = append(ticks, plot.Tick{Value: m})
	}
	return ticks
}

func formatTick(v float64, decimals int) string {
	if a := math.Abs(v); a != 0 && (a >= 1e6 || a < 1e-4) {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}
