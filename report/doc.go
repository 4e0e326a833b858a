// Package report turns a result set into statistics across replications
// (summary.csv for the summary metrics, summary_timeseries.csv for the
// tick metrics of groups of two or more runs), comparisons between
// scenarios (comparison.csv), figures fitted to the batch's design
// (plots/), a short text report (report.md) and an interactive page
// (report.html).
//
// It reads only the files of the result set (manifest.json and the CSV
// files documented in docs/OUTPUTS.md), never a running model, so a result
// set can be reported again at any time (`commonsim plot DIR`). Units,
// meanings, figure titles and axis labels of the metrics come from the
// registries sim.TickMetrics and sim.SummaryMetrics.
//
// # Groups
//
// Runs are grouped by (scenario, sweep point): the replications of one
// parameter set. Groups are ordered as the runs are: scenarios in the
// manifest's order, then sweep points. Failed runs (runs.csv status
// "failed") are left out of every statistic.
//
// # Statistics across replications
//
// Every statistic is computed over the finite values of a group only: NaN
// (undefined, e.g. a share of zero revenue) and ±Inf (e.g. a median tenure
// that was never reached) are not counted in n and not used in the mean,
// standard deviation (n-1 denominator), Student-t 95% confidence interval
// of the mean (analysis.MeanCI) or the type 7 median (analysis.Median). The
// sd and the interval are NaN when n < 2.
//
// # Comparisons
//
// comparison.csv compares every summary metric of runs.csv between pairs of
// groups: every pair when there are at most 8 groups, otherwise every group
// against the first. In each pair group a comes before group b in run
// order, and b is compared with a, as report.md says it: diff = mean_b -
// mean_a with Welch's 95% confidence interval (analysis.DiffCI), which
// does not assume equal variances. Two effect
// sizes are reported because they answer different questions: Cohen's d
// (analysis.CohensD, the difference in units of the pooled standard
// deviation, no small-sample correction) and Cliff's delta
// (analysis.CliffsDelta, P(a > b) - P(a < b) over all pairs of runs, which
// needs no assumption about the shape of the distributions). significant is
// 1 when the confidence interval excludes 0, 0 when it includes 0 and NaN
// when it cannot be computed (fewer than two finite values in a group).
// With many metrics and pairs some "significant" differences are expected
// by chance alone: no correction for multiple comparisons is applied.
//
// # Figures
//
// Figures are written to <dir>/plots as PNG and SVG (plots.WritePNG and
// WriteSVG, through results.CreateAtomic), with unique file names. Time
// series show the mean over replications at each recorded tick with the
// 95% confidence interval of that mean as a band. Lorenz curves are the
// pointwise mean of the replications' curves. Survival curves are the mean
// over replications of each run's Kaplan–Meier step function S(t),
// evaluated at every whole tenure 0, 1, ..., max: survival.csv holds the
// number at risk only at each run's own event times, so the replications
// cannot be pooled into one exact Kaplan–Meier estimate; it is drawn on a
// log axis with the 95% interval of that mean. Line figures draw every
// group up to 8 (the palette has eight colours); beyond, 8 groups at
// evenly spaced ranks of the first key metric, without bands, and the
// report says which. Inputs (a metric the parameters fix, such as the
// capture rate) are not drawn; measures bounded by 0 and 1 get their whole
// axis. What else is drawn depends on the design (figures_design.go):
// factorial sweeps add each summary metric against each swept parameter,
// a line per level of the second, and heat maps; a Latin hypercube a
// scatter of each key output against each factor with a LOWESS smoother;
// Morris a μ* against σ plane and Saltelli bars of Sobol' indices per key
// output. Boxes are drawn only for groups with replications.
//
// # Where things are
//
//   - read.go: the manifest and runs.csv read into groups (results.Rows,
//     the one reader of result files);
//   - metrics.go: which metrics the figures and tables show, and the words
//     of the text, resolved once against the registry;
//   - summary.go: summary.csv, summary_timeseries.csv (streaming
//     timeseries.csv) and comparison.csv; sensitivity.go: sensitivity.csv;
//   - figures.go: the figure list, saving and what figures share; one file
//     per kind of figure: figures_timeseries.go, figures_lorenz.go,
//     figures_boxes.go, figures_survival.go, figures_sweep.go (a metric
//     against a swept parameter), figures_heatmap.go and figures_design.go
//     (LHS scatters, Morris planes, Sobol' bars);
//   - text.go: report.md, text_intro.go its opening (design, scenarios,
//     the difference in a sentence); html.go: report.html, one
//     self-contained page (its data as JSON, the vendored uPlot,
//     html/report.js and html/report.css inline) that works from file://
//     with no network;
//   - report.go: Build, which writes them in order.
package report
