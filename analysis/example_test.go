package analysis_test

import (
	"fmt"
	"math"
	"slices"

	"commonsim/analysis"
)

func ExampleGini() {
	// One contributor of four does all the work.
	x := []float64{0, 0, 0, 1}
	fmt.Printf("Gini %.2f, corrected %.2f\n", analysis.Gini(x), analysis.GiniCorrected(x))
	// Equal contributions.
	fmt.Printf("Gini %.2f\n", analysis.Gini([]float64{3, 3, 3, 3}))
	// The Gini of the positive contributions, adjusted for the share of
	// registered members who contributed nothing.
	fmt.Printf("with zeros %.2f\n", analysis.GiniWithZeros(analysis.Gini([]float64{1}), 0.75))
	// No contributions at all: undefined.
	fmt.Println(analysis.Gini([]float64{0, 0}))
	// Output:
	// Gini 0.75, corrected 1.00
	// Gini 0.00
	// with zeros 0.75
	// NaN
}

func ExampleTopShare() {
	x := []float64{1, 1, 1, 1, 6}
	// The top 10% of five people is half a person: half of the 6.
	fmt.Printf("top 10%%: %.2f\n", analysis.TopShare(x, 0.1))
	fmt.Printf("top 20%%: %.2f\n", analysis.TopShare(x, 0.2))
	fmt.Printf("Palma: %.2f\n", analysis.Palma(x))
	// Output:
	// top 10%: 0.30
	// top 20%: 0.60
	// Palma: 1.50
}

func ExampleLorenz() {
	pop, share := analysis.Lorenz([]float64{1, 2, 3, 4}, 5)
	for i := range pop {
		fmt.Printf("%.2f %.2f\n", pop[i], share[i])
	}
	// Output:
	// 0.00 0.00
	// 0.25 0.10
	// 0.50 0.30
	// 0.75 0.60
	// 1.00 1.00
}

func ExampleBusFactor() {
	commits := []float64{10, 1, 1, 1, 1}
	fmt.Println(analysis.BusFactor(commits, 0.5))
	fmt.Println(analysis.BusFactor([]float64{1, 1, 1, 1}, 0.5))
	// Output:
	// 1
	// 2
}

func ExampleGiniSorted() {
	// The engine keeps a scratch buffer, sorts into it, and calls the
	// allocation-free variants every tick.
	scratch := make([]float64, 0, 1024)
	wealth := []float64{4, 1, 3, 2}
	scratch = append(scratch[:0], wealth...)
	slices.Sort(scratch)
	fmt.Printf("%.2f %.2f %d\n", analysis.GiniSorted(scratch), analysis.TopShareSorted(scratch, 0.25), analysis.BusFactorSorted(scratch, 0.5))
	// Output:
	// 0.25 0.40 2
}

func ExampleKaplanMeier() {
	// Months until a contributor left; false: still active (censored).
	months := []float64{1, 2, 2, 3, 4, 5}
	left := []bool{true, true, false, true, false, true}
	km := analysis.KaplanMeier(months, left)
	for i := range km.Time {
		fmt.Printf("t=%g at risk %g left %g S=%.3f\n", km.Time[i], km.AtRisk[i], km.Events[i], km.Survival[i])
	}
	fmt.Println("median:", km.Median(), "S(2.5):", fmt.Sprintf("%.3f", km.At(2.5)))
	// Nobody has left yet: the median is not reached.
	fmt.Println(analysis.KaplanMeier([]float64{1, 2}, []bool{false, false}).Median())
	// Output:
	// t=1 at risk 6 left 1 S=0.833
	// t=2 at risk 5 left 1 S=0.667
	// t=3 at risk 3 left 1 S=0.444
	// t=5 at risk 1 left 1 S=0.000
	// median: 3 S(2.5): 0.667
	// +Inf
}

func ExampleFitDiscretePowerLaw() {
	// Deterministic data: value x occurs round(N x^-2.5 / ζ(2.5)) times, the
	// expected counts of a discrete power law with alpha = 2.5 from xmin = 1.
	var counts []int
	const n = 100000
	for x := 1; ; x++ {
		m := int(math.Round(n * math.Pow(float64(x), -2.5) / 1.341487257250917))
		if m == 0 {
			break
		}
		for range m {
			counts = append(counts, x)
		}
	}
	fit, err := analysis.FitDiscretePowerLaw(counts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha %.2f ± %.2f, xmin %d, tail %d of %d\n", fit.Alpha, fit.SigmaAlpha, fit.Xmin, fit.NTail, len(counts))

	_, err = analysis.FitDiscretePowerLaw([]int{3, 3, 3, 3, 3, 3, 3, 3, 3, 3})
	fmt.Println(err)
	// Output:
	// alpha 2.50 ± 0.01, xmin 1, tail 99968 of 99968
	// analysis: power-law fit needs at least 2 distinct positive values
}

func ExampleQuantile() {
	x := []float64{1, 2, 3, 4, 10}
	// The same as numpy.quantile(x, [0.1, 0.5, 0.9]) and R's quantile(x, ...).
	fmt.Printf("%.4g %.4g %.4g\n", analysis.Quantile(0.1, x), analysis.Quantile(0.5, x), analysis.Quantile(0.9, x))
	fmt.Println(analysis.Median([]float64{4, 1, 3, 2}))
	// Output:
	// 1.4 3 7.6
	// 2.5
}

func ExampleMeanCI() {
	// Final Gini of five replications.
	reps := []float64{1, 2, 3, 4, 5}
	m, lo, hi := analysis.MeanCI(reps, 0.95)
	fmt.Printf("%.3f [%.3f, %.3f]\n", m, lo, hi)
	m, lo, hi = analysis.MeanCI([]float64{2}, 0.95)
	fmt.Println(m, lo, hi)
	// Output:
	// 3.000 [1.037, 4.963]
	// 2 NaN NaN
}

func ExampleDiffCI() {
	a := []float64{1, 2, 3, 4, 5}
	b := []float64{3, 4, 5, 6, 7}
	d, lo, hi := analysis.DiffCI(a, b, 0.95)
	fmt.Printf("diff %.2f [%.3f, %.3f], d %.2f, delta %.2f\n", d, lo, hi, analysis.CohensD(a, b), analysis.CliffsDelta(a, b))
	// Output:
	// diff -2.00 [-4.306, 0.306], d -1.26, delta -0.64
}

func ExampleCollapse() {
	active := []float64{12, 9, 4, 3, 6, 2, 1, 1}
	start, ok := analysis.Collapse(active, 5, 3)
	fmt.Println(start, ok)
	// Output:
	// 5 true
}

func ExampleTrend() {
	ticks := []float64{0, 1, 2, 3}
	active := []float64{10, 9, 7, 6}
	fmt.Printf("%.2f per tick\n", analysis.Trend(ticks, active))
	// Output:
	// -1.40 per tick
}
