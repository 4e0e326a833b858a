package calibrate

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Box is an axis-aligned region of the parameter space: Lo[i] <= x[i] <=
// Hi[i] for every parameter i.
type Box struct {
	Lo, Hi []float64
}

// Clone returns a copy of b.
func (b Box) Clone() Box {
	return Box{Lo: append([]float64(nil), b.Lo...), Hi: append([]float64(nil), b.Hi...)}
}

// Width returns Hi[i] - Lo[i].
func (b Box) Width(i int) float64 { return b.Hi[i] - b.Lo[i] }

// Fraction is b's volume as a share of outer's: the product over the
// parameters of the ratio of widths, a parameter of zero width in outer
// counting 1.
func (b Box) Fraction(outer Box) float64 {
	f := 1.0
	for i := range b.Lo {
		if w := outer.Width(i); w > 0 {
			f *= b.Width(i) / w
		}
	}
	return f
}

// Refocus returns the box the next wave samples: the bounding box of the
// kept points of the current wave (keptLo, keptHi; kept of points points),
// widened on each side and clipped to cur. The bounding box of sampled
// points falls short of the region they were drawn from, and without the
// widening it would erode the region wave after wave. Each side is widened
// by the largest of:
//
//   - the kept points' span/(kept-1): for k uniform points on an interval
//     the expected gap at each end is the interval's width/(k+1);
//   - half the side of the cell each of the wave's points stands for in d
//     dimensions, cur's width x points^(-1/d) / 2: the region's edge lies
//     somewhere in the cell beyond the last point kept;
//   - one stratum of the design, cur's width/points.
//
// What the box still cuts off lies beyond the ABC tolerance when that is
// below the cut-off: the waves trim the non-implausible region's outskirts,
// not the posterior.
func Refocus(cur Box, keptLo, keptHi []float64, kept, points int) Box {
	next := cur.Clone()
	n := float64(max(1, points))
	cell := math.Max(1/n, math.Pow(n, -1/float64(len(cur.Lo)))/2)
	for i := range cur.Lo {
		pad := cur.Width(i) * cell
		if kept >= 2 {
			pad = math.Max(pad, (keptHi[i]-keptLo[i])/float64(kept-1))
		}
		next.Lo[i] = math.Max(cur.Lo[i], keptLo[i]-pad)
		next.Hi[i] = math.Min(cur.Hi[i], keptHi[i]+pad)
	}
	return next
}

// Tally sums up the points of one wave as they stream past: how many were
// kept and the bounding box of those, and per target how many points met
// it, its smallest implausibility and how many points had no finite value
// of its metric.
type Tally struct {
	Points, Kept   int
	KeptLo, KeptHi []float64
	Met            []int     // per target: points with implausibility <= the cut-off
	Sole           []int     // per target: points that fail it and no other
	Best           []float64 // per target: the smallest implausibility (NaN when none is finite)
	NoValue        []int     // per target: points whose metric had no finite value
	BestMax        float64   // the smallest largest implausibility of a point
}

// NewTally returns an empty tally for k parameters and the given number of
// targets.
func NewTally(k, targets int) *Tally {
	t := &Tally{KeptLo: make([]float64, k), KeptHi: make([]float64, k),
		Met: make([]int, targets), Sole: make([]int, targets), Best: make([]float64, targets), NoValue: make([]int, targets), BestMax: math.Inf(1)}
	for i := range k {
		t.KeptLo[i], t.KeptHi[i] = math.Inf(1), math.Inf(-1)
	}
	for i := range targets {
		t.Best[i] = math.NaN()
	}
	return t
}

// Add counts an assessed point.
func (t *Tally) Add(a Assessed) {
	t.Points++
	for i, imp := range a.Implausibility {
		if a.Stats[i].N == 0 {
			t.NoValue[i]++
		}
		if math.IsNaN(imp) {
			continue
		}
		if !(imp >= t.Best[i]) { // also when Best is NaN
			t.Best[i] = imp
		}
		if !slices.Contains(a.Fails, i) {
			t.Met[i]++
		}
	}
	if len(a.Fails) == 1 {
		t.Sole[a.Fails[0]]++
	}
	t.BestMax = math.Min(t.BestMax, a.Max)
	if !a.Kept {
		return
	}
	t.Kept++
	for i, x := range a.Params {
		t.KeptLo[i] = math.Min(t.KeptLo[i], x)
		t.KeptHi[i] = math.Max(t.KeptHi[i], x)
	}
}

// EmptyRegionError says that no point of a wave was kept, and which targets
// no point could meet.
type EmptyRegionError struct {
	Wave    int
	Points  int
	Cutoff  float64
	Targets []Target
	Tally   *Tally
}

func (e *EmptyRegionError) Error() string {
	var never, each []string
	for i, t := range e.Targets {
		best := "no finite value"
		if !math.IsNaN(e.Tally.Best[i]) {
			best = "best implausibility " + strconv.FormatFloat(e.Tally.Best[i], 'f', 2, 64)
		}
		if e.Tally.Met[i] == 0 {
			never = append(never, fmt.Sprintf("%s (%s; %s)", t.Name, t.Describe(), best))
		} else {
			each = append(each, fmt.Sprintf("%s %d", t.Name, e.Tally.Met[i]))
		}
	}
	msg := fmt.Sprintf("wave %d: no plausible point: none of its %d points has every implausibility <= %g", e.Wave, e.Points, e.Cutoff)
	if len(never) > 0 {
		msg += "; no point could meet " + strings.Join(never, ", ")
		if len(each) > 0 {
			msg += " (points meeting the others: " + strings.Join(each, ", ") + ")"
		}
	} else {
		msg += fmt.Sprintf("; each target is met somewhere (%s) but never all at once (smallest largest implausibility %.2f)", strings.Join(each, ", "), e.Tally.BestMax)
		var sole []string
		for i, t := range e.Targets {
			if n := e.Tally.Sole[i]; n > 0 {
				sole = append(sole, fmt.Sprintf("%d only %s", n, t.Name))
			}
		}
		if len(sole) > 0 {
			msg += "; points that fail a single target: " + strings.Join(sole, ", ")
		}
	}
	return msg + ": check the observed values and their sd, add a discrepancy to a target the model cannot reach, widen the --sweep ranges, or drop the target"
}
