package calibrate

import (
	"math"
	"slices"

	"commonsim/analysis"
)

// How well the targets pin down a parameter.
const (
	Identified       = "identified"
	WeaklyIdentified = "weakly identified"
	NotIdentified    = "not identified by these targets"
	TooFew           = "too few accepted points to tell"
)

// The thresholds of the verdict: a parameter is identified when its
// posterior's central 95% is at most half as wide as the prior's (shrinkage
// >= 0.5) and its accepted values can be told from the prior (KS p < 0.05);
// not identified when the shrinkage is below 0.25 and they cannot; weakly
// identified in between. Fewer than minAccepted points are too few to tell.
const (
	identifiedShrinkage    = 0.5
	notIdentifiedShrinkage = 0.25
	minAccepted            = 10
)

// Summary describes one parameter's posterior: the accepted points' values
// against the uniform prior [PriorLo, PriorHi].
type Summary struct {
	PriorLo, PriorHi float64
	N                int // accepted points
	Mean, Median     float64
	Q025, Q975       float64 // the 2.5% and 97.5% quantiles (type 7)
	// Shrinkage is 1 - (Q975 - Q025) / (0.95 (PriorHi - PriorLo)): 0 when
	// the posterior's central 95% is as wide as the prior's, 1 when it is a
	// point (Carrella 2021 warns that many ABM parameters are not identified).
	Shrinkage float64
	// KS is the Kolmogorov-Smirnov distance between the accepted values and
	// the uniform prior, and KSP its asymptotic p-value (Stephens 1970):
	// a large p means the posterior cannot be told from the prior.
	KS, KSP float64
	// Identification is Identified (Shrinkage >= 0.5 and KSP < 0.05),
	// NotIdentified (Shrinkage < 0.25 and KSP >= 0.05: about the prior),
	// WeaklyIdentified in between, or TooFew with fewer than 10 points.
	Identification string
}

// Summarize describes the posterior of a parameter whose accepted values are
// x, against the uniform prior [lo, hi]. x is not modified.
func Summarize(x []float64, lo, hi float64) Summary {
	s := Summary{PriorLo: lo, PriorHi: hi, N: len(x)}
	sorted := slices.Clone(x)
	slices.Sort(sorted)
	s.Mean, _ = analysis.MeanSD(sorted)
	s.Median = analysis.QuantileSorted(0.5, sorted)
	s.Q025 = analysis.QuantileSorted(0.025, sorted)
	s.Q975 = analysis.QuantileSorted(0.975, sorted)
	s.Shrinkage, s.KS, s.KSP = math.NaN(), math.NaN(), math.NaN()
	if hi > lo && len(sorted) > 0 {
		s.Shrinkage = 1 - (s.Q975-s.Q025)/(0.95*(hi-lo))
		s.KS = ksUniform(sorted, lo, hi)
		s.KSP = ksPValue(s.KS, len(sorted))
	}
	switch {
	case len(x) < minAccepted:
		s.Identification = TooFew
	case math.IsNaN(s.Shrinkage):
		s.Identification = NotIdentified
	case s.Shrinkage >= identifiedShrinkage && s.KSP < 0.05:
		s.Identification = Identified
	case s.Shrinkage < notIdentifiedShrinkage && s.KSP >= 0.05:
		s.Identification = NotIdentified
	default:
		s.Identification = WeaklyIdentified
	}
	return s
}

// ksUniform is the Kolmogorov-Smirnov distance sup |F_n(x) - (x-lo)/(hi-lo)|
// of a sorted sample from the uniform distribution on [lo, hi].
func ksUniform(sorted []float64, lo, hi float64) float64 {
	n := float64(len(sorted))
	d := 0.0
	for i, x := range sorted {
		u := math.Min(1, math.Max(0, (x-lo)/(hi-lo)))
		d = math.Max(d, math.Max(float64(i+1)/n-u, u-float64(i)/n))
	}
	return d
}

// ksPValue is the asymptotic p-value of a one-sample Kolmogorov-Smirnov
// distance d from n values, with Stephens' (1970) small-sample correction:
// Q(λ) = 2 Σ_{j>=1} (-1)^{j-1} exp(-2 j² λ²), λ = (√n + 0.12 + 0.11/√n) d.
func ksPValue(d float64, n int) float64 {
	sn := math.Sqrt(float64(n))
	lambda := (sn + 0.12 + 0.11/sn) * d
	if lambda < 0.2 {
		return 1
	}
	sum, sign := 0.0, 1.0
	for j := 1; j <= 100; j++ {
		term := sign * math.Exp(-2*float64(j*j)*lambda*lambda)
		sum += term
		if math.Abs(term) < 1e-12 {
			break
		}
		sign = -sign
	}
	return math.Min(1, math.Max(0, 2*sum))
}
