package calibrate

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Moments are the number, mean and variance (n - 1 denominator) of the
// finite values of a target's metric over a point's replicates.
type Moments struct {
	N         int
	Mean, Var float64
}

// Acc accumulates Moments one value at a time (Welford 1962), skipping NaN
// and infinite values as summary.csv does. The zero value is empty.
type Acc struct {
	n        int
	mean, m2 float64
}

// Add adds x unless it is NaN or infinite.
func (a *Acc) Add(x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return
	}
	a.n++
	d := x - a.mean
	a.mean += d / float64(a.n)
	a.m2 += d * (x - a.mean)
}

// Moments returns what was added: Mean is NaN with no value, Var with fewer
// than two.
func (a Acc) Moments() Moments {
	m := Moments{N: a.n, Mean: math.NaN(), Var: math.NaN()}
	if a.n > 0 {
		m.Mean = a.mean
	}
	if a.n > 1 {
		m.Var = a.m2 / float64(a.n-1)
	}
	return m
}

// Variance is the variance of the difference between the observed value and
// the ensemble mean m: the observation's sd², the discrepancy², and the
// ensemble's variance over m.N (the uncertainty of the mean), plus the
// ensemble's variance itself for a target observed as one run.
func (t Target) Variance(m Moments) float64 {
	known, ens := t.variances(m)
	return known + ens
}

// variances splits Variance into its known part (sd² + discrepancy²) and the
// part estimated from the runs.
func (t Target) variances(m Moments) (known, ens float64) {
	ens = m.Var / float64(m.N)
	if t.OneRun {
		ens += m.Var
	}
	return t.SD*t.SD + t.Discrepancy*t.Discrepancy, ens
}

// Implausibility returns how many standard deviations the point's ensemble
// mean is from the observed value (Vernon et al. 2010), on the scale of a
// normal error: the ratio
//
//	r = |observed - m.Mean| / sqrt(Variance(m))
//
// mapped through Student's t. The runs' variance in the denominator is
// estimated from m.N runs, so r follows Student's t rather than the normal
// distribution, with the Welch-Satterthwaite degrees of freedom
// ν = Variance² / (ensemble part² / (N - 1)) (infinite when the known sd and
// discrepancy dominate); with few runs its tails are heavy (P(|t₃| <= 2) is
// 0.86, not 0.95), and the cut-off and tolerance would reject points as
// plausible as the truth. The implausibility is therefore the normal
// quantile of r's t probability, Φ⁻¹(F_ν(r)): equal to r for many runs,
// smaller for few, so that 3 and 2 mean for any number of runs what they
// mean for a normal error.
//
// For a range target the distance is to the nearest bound, 0 inside the
// range; outside it with a zero variance the point is infinitely
// implausible. With fewer than two finite replicate values the ensemble
// variance is unknown and the result is NaN, which Assess counts as failing
// the target.
func (t Target) Implausibility(m Moments) float64 {
	if m.N < 2 {
		return math.NaN()
	}
	d := math.Abs(t.Observed - m.Mean)
	if t.Range {
		d = math.Max(0, math.Max(t.Min-m.Mean, m.Mean-t.Max))
		if d == 0 {
			return 0
		}
	}
	known, ens := t.variances(m)
	v := known + ens
	if v == 0 {
		if d == 0 {
			return 0
		}
		return math.Inf(1)
	}
	r := d / math.Sqrt(v)
	if ens == 0 {
		return r
	}
	nu := v * v / (ens * ens / float64(m.N-1))
	// The survival function keeps its precision far in the tail, where the
	// CDF rounds to 1.
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}.Survival(r)
	if q <= 0 {
		return r
	}
	return -distuv.UnitNormal.Quantile(q)
}

// Point is one evaluated point of a wave: its index in the wave, its
// parameter values (in the order of the prior's parameters) and, per
// target, the moments of the metric over its replicates.
type Point struct {
	Index  int
	Params []float64
	Stats  []Moments
}

// Assessed is a point with its implausibilities.
type Assessed struct {
	Wave int
	Point
	Implausibility []float64 // per target; NaN where the metric had < 2 finite values
	Max            float64   // the largest (+Inf when any is NaN)
	Kept           bool      // Max <= the cut-off: non-implausible
	Accepted       bool      // in the ABC sample (last wave, Max <= the tolerance)
	Fails          []int     // the targets whose implausibility is above the cut-off, or NaN
}

// Assess computes a point's implausibility for every target and whether it
// is kept at the cut-off. A NaN implausibility fails its target.
func Assess(targets []Target, p Point, cutoff float64) Assessed {
	a := Assessed{Point: p, Implausibility: make([]float64, len(targets))}
	for i, t := range targets {
		imp := t.Implausibility(p.Stats[i])
		a.Implausibility[i] = imp
		switch {
		case math.IsNaN(imp):
			a.Max = math.Inf(1)
			a.Fails = append(a.Fails, i)
		case imp > cutoff:
			a.Fails = append(a.Fails, i)
			fallthrough
		default:
			a.Max = math.Max(a.Max, imp)
		}
	}
	a.Kept = len(a.Fails) == 0
	return a
}
