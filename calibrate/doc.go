// Package calibrate fits a scenario's free parameters to a community's
// observed figures by history matching in waves, then rejection ABC on the
// last wave (McCulloch et al. 2022), with the uncertainty each step keeps.
//
// The package is plain functions over slices and knows nothing of the
// simulator or of result files: a caller supplies an [Evaluator] that runs
// the points of a wave and hands back, for each point, the mean and variance
// over its replicates of every [Target]'s metric. `commonsim calibrate`
// (cmd/commonsim) runs each wave as a normal batch; the tests here use toy
// functions whose answers are known.
//
// # Method
//
// A target is a metric with an observed value z and its standard deviation
// (or a range, for a stylised fact), an optional model-discrepancy standard
// deviation and a source. At a point x evaluated with r replicates whose
// finite values have mean m(x) and variance v(x), the implausibility of a
// target is (Vernon et al. 2010; Andrianakis et al. 2015)
//
//	I(x) = |z - m(x)| / sqrt(sd² + v(x)/r + discrepancy²)
//
// with v(x)(1 + 1/r) in place of v(x)/r for a target observed as one run
// (one community is one realisation of a stochastic process), and the
// distance to the nearest bound instead of |z - m| for a range (0 inside
// it). As v(x) is estimated from r runs, the ratio follows Student's t
// (Welch-Satterthwaite degrees of freedom); it is mapped to the normal
// scale, so that the cut-off and tolerance below mean the same whatever r
// (see Target.Implausibility). A point is kept (non-implausible) when its largest implausibility
// over the targets is at most the cut-off, 3 by default (Pukelsheim's
// three-sigma rule). Wave 1 samples the priors, uniform over the swept
// ranges; each later wave samples the bounding box of the points the wave
// before kept, widened by one stratum of its design on each side (the box of
// n uniform points falls short of the region by about one spacing, and
// would otherwise erode it wave after wave) and clipped to the box before.
// The waves stop after a set number, or when the box's volume shrank by less
// than a set share.
//
// A final wave, the ABC wave, then draws its own number of points in the
// region the last wave of history matching left, and rejection ABC with a
// uniform kernel accepts those whose largest implausibility is at most the
// tolerance (2 by default, never above the cut-off). The non-implausible
// region is the ABC prior, uniform as the original prior was, as in
// McCulloch et al. (2022). Accepted points are a sample of the posterior
// under the stated errors, up to the tolerance: a uniform kernel of width ε
// is the exact posterior for an error uniform within ε standard deviations
// (Wilkinson 2013), so a larger tolerance gives a wider, more conservative
// posterior.
//
// # References
//
//   - Andrianakis, I. et al. (2015). Bayesian history matching of complex
//     infectious disease models using emulation: a tutorial and a case study
//     on HIV in Uganda. PLoS Computational Biology 11(1): e1003968.
//   - McCulloch, J., Ge, J., Ward, J. A., Heppenstall, A., Polhill, J. G.,
//     Malleson, N. (2022). Calibrating agent-based models using uncertainty
//     quantification methods. JASSS 25(2) 1.
//   - Pukelsheim, F. (1994). The three sigma rule. The American Statistician
//     48(2).
//   - Vernon, I., Goldstein, M., Bower, R. G. (2010). Galaxy formation: a
//     Bayesian uncertainty analysis. Bayesian Analysis 5(4).
//   - Wilkinson, R. D. (2013). Approximate Bayesian computation (ABC) gives
//     exact results under the assumption of model error. Statistical
//     Applications in Genetics and Molecular Biology 12(2).
package calibrate
