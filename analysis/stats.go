package analysis

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// MeanSD returns the sample mean of x and its sample standard deviation with
// the n-1 (Bessel) denominator, sd = sqrt(\sum_i (x_i - mean)^2 / (n-1)),
// computed in two passes with the compensated form of Chan et al. (1983), The
// American Statistician 37(3):242–247. mean is NaN if x is empty; sd is NaN
// if x has fewer than two elements.
func MeanSD(x []float64) (mean, sd float64) {
	n := len(x)
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	var sum float64
	for _, v := range x {
		sum += v
	}
	mean = sum / float64(n)
	if n < 2 {
		return mean, math.NaN()
	}
	return mean, math.Sqrt(sumSq(x, mean) / float64(n-1))
}

// sumSq returns the compensated sum of squared deviations of x from mean.
func sumSq(x []float64, mean float64) float64 {
	var ss, comp float64
	for _, v := range x {
		d := v - mean
		ss += d * d
		comp += d
	}
	return ss - comp*comp/float64(len(x))
}

// validLevel reports whether level is a usable confidence level.
func validLevel(level float64) bool { return level > 0 && level < 1 }

// MeanCI returns the mean of x and the bounds of its two-sided Student t
// confidence interval at the given level (e.g. 0.95),
//
//	mean ± t_{(1+level)/2, n-1} sd / sqrt(n)
//
// (Student 1908, Biometrika 6(1):1–25), with sd from MeanSD and the t
// quantile from gonum's distuv.StudentsT. It assumes the replications are
// independent and roughly normal in their mean. mean is NaN if x is empty;
// lo and hi are NaN if x has fewer than two elements or level is NaN or
// outside (0, 1). Identical values give lo = hi = mean.
func MeanCI(x []float64, level float64) (mean, lo, hi float64) {
	mean, sd := MeanSD(x)
	n := len(x)
	if n < 2 || !validLevel(level) {
		return mean, math.NaN(), math.NaN()
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile((1 + level) / 2)
	half := t * sd / math.Sqrt(float64(n))
	return mean, mean - half, mean + half
}

// DiffCI returns the difference of the means of a and b, mean(a) - mean(b),
// and the bounds of Welch's two-sided confidence interval at the given level,
//
//	diff ± t_{(1+level)/2, ν} sqrt(s_a^2/n_a + s_b^2/n_b),
//	ν = (s_a^2/n_a + s_b^2/n_b)^2 / ((s_a^2/n_a)^2/(n_a-1) + (s_b^2/n_b)^2/(n_b-1)),
//
// which does not assume equal variances (Welch 1947, Biometrika
// 34(1–2):28–35; Satterthwaite 1946, Biometrics Bulletin 2(6):110–114). ν
// need not be an integer. diff is NaN if a or b is empty; lo and hi are NaN if
// a or b has fewer than two elements or level is NaN or outside (0, 1). If
// both samples are constant the interval collapses to lo = hi = diff.
func DiffCI(a, b []float64, level float64) (diff, lo, hi float64) {
	ma, sa := MeanSD(a)
	mb, sb := MeanSD(b)
	diff = ma - mb
	if len(a) < 2 || len(b) < 2 || !validLevel(level) {
		return diff, math.NaN(), math.NaN()
	}
	na, nb := float64(len(a)), float64(len(b))
	va, vb := sa*sa/na, sb*sb/nb
	se2 := va + vb
	if se2 == 0 {
		return diff, diff, diff
	}
	nu := se2 * se2 / (va*va/(na-1) + vb*vb/(nb-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}.Quantile((1 + level) / 2)
	half := t * math.Sqrt(se2)
	return diff, diff - half, diff + half
}

// CohensD returns Cohen's d, the standardised mean difference
//
//	d = (mean(a) - mean(b)) / s_p,  s_p = sqrt((\sum (a_i - mean(a))^2 + \sum (b_i - mean(b))^2) / (n_a + n_b - 2))
//
// with the pooled standard deviation weighted by n-1 (Cohen 1988,
// Statistical Power Analysis for the Behavioral Sciences, 2nd ed., sec. 2.2).
// No small-sample (Hedges' g) correction is applied. CohensD returns NaN if a
// or b is empty, if n_a + n_b < 3, or if the pooled standard deviation is
// zero (it would otherwise be ±Inf or 0/0).
func CohensD(a, b []float64) float64 {
	na, nb := len(a), len(b)
	if na == 0 || nb == 0 || na+nb < 3 {
		return math.NaN()
	}
	ma, _ := MeanSD(a)
	mb, _ := MeanSD(b)
	sp := math.Sqrt((sumSq(a, ma) + sumSq(b, mb)) / float64(na+nb-2))
	if !(sp > 0) {
		return math.NaN()
	}
	return (ma - mb) / sp
}

// CliffsDelta returns Cliff's delta, the ordinal dominance statistic
//
//	δ = (#{(i,j): a_i > b_j} - #{(i,j): a_i < b_j}) / (n_a n_b) = P(A > B) - P(A < B)
//
// (Cliff 1993, Psychological Bulletin 114(3):494–509). It lies in [-1, 1];
// ties count for neither side. It is computed in O((n_a + n_b) log(n_a + n_b))
// time by sorting copies of a and b and merging. CliffsDelta returns NaN if a
// or b is empty or contains NaN. The inputs are not modified.
func CliffsDelta(a, b []float64) float64 {
	if len(a) == 0 || len(b) == 0 || slices.ContainsFunc(a, math.IsNaN) || slices.ContainsFunc(b, math.IsNaN) {
		return math.NaN()
	}
	sa, sb := sortedCopy(a), sortedCopy(b)
	var greater, less int64 // pairs with a > b and a < b
	lt, le := 0, 0          // #b < v and #b <= v for the current v
	m := len(sb)
	for _, v := range sa {
		for lt < m && sb[lt] < v {
			lt++
		}
		if le < lt {
			le = lt
		}
		for le < m && sb[le] <= v {
			le++
		}
		greater += int64(lt)
		less += int64(m - le)
	}
	return float64(greater-less) / (float64(len(sa)) * float64(m))
}
