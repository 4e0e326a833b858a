package calibrate

import (
	"math"
	"testing"
)

// Summaries of samples with known answers: a uniform sample over the prior
// is not identified, a narrow one is, a handful is too few to tell.
func TestSummarize(t *testing.T) {
	even := func(n int, lo, hi float64) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = lo + (float64(i)+0.5)/float64(n)*(hi-lo)
		}
		return x
	}
	flat := Summarize(even(200, 0, 10), 0, 10)
	if flat.Identification != NotIdentified || math.Abs(flat.Shrinkage) > 0.02 || flat.KS > 0.01 || flat.KSP < 0.99 ||
		math.Abs(flat.Median-5) > 1e-9 || math.Abs(flat.Mean-5) > 1e-9 {
		t.Errorf("uniform sample: %+v", flat)
	}
	narrow := Summarize(even(200, 4, 5), 0, 10)
	// The central 95% of a uniform on [4, 5] is 0.95 wide: shrinkage 1 - 0.95/9.5 = 0.9.
	if narrow.Identification != Identified || math.Abs(narrow.Shrinkage-0.9) > 0.01 || narrow.KSP > 1e-6 {
		t.Errorf("narrow sample: %+v", narrow)
	}
	half := Summarize(even(200, 0, 6.5), 0, 10)
	if half.Identification != WeaklyIdentified {
		t.Errorf("sample over 65%% of the prior: %+v", half)
	}
	if few := Summarize([]float64{4.1, 4.2, 4.3}, 0, 10); few.Identification != TooFew || few.N != 3 {
		t.Errorf("three points: %+v", few)
	}
	// Known Kolmogorov-Smirnov p-values (Stephens' approximation): λ = 1.36 gives about 0.05.
	if p := ksPValue(1.36/(10+0.12+0.011), 100); math.Abs(p-0.049) > 0.002 {
		t.Errorf("KS p-value at λ = 1.36: %g, want about 0.049", p)
	}
}
