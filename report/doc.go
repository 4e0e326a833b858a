// Package report turns a result set into statistics across replications
// (summary.csv), comparisons between scenarios (comparison.csv), figures
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
// order, and diff = mean_a - mean_b with Welch's 95% confidence interval
// (analysis.DiffCI), which does not assume equal variances. Two effect
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
// cannot be pooled into one exact Kaplan–Meier estimate. Line figures show
// at most the first 8 groups (the palette has eight colours); the report
// says when groups were left out. Sweeps add, for each swept numeric
// parameter, the summary metric against the parameter (runs at the same
// value pooled over the other parameters) and a heat map over the first two
// swept parameters.
//
// # Where things are
//
//   - read.go: the manifest and runs.csv read into groups (results.Rows,
//     the one reader of result files);
//   - metrics.go: which metrics the figures and tables show, and the words
//     of the text, resolved once against the registry;
//   - summary.go: summary.csv (streaming timeseries.csv) and
//     comparison.csv; sensitivity.go: sensitivity.csv;
//   - figures.go: the figure list, saving and what figures share; one file
//     per kind of figure: figures_timeseries.go, figures_lorenz.go,
//     figures_boxes.go, figures_survival.go, figures_sweep.go (a metric
//     against a swept parameter) and figures_heatmap.go;
//   - text.go: report.md; html.go: report.html, one self-contained page
//     (its data as JSON, the vendored uPlot, html/report.js and
//     html/report.css inline) that works from file:// with no network;
//   - report.go: Build, which writes them in order.
package report
