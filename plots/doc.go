// Package plots draws commonsim's figures (time series with confidence bands,
// Lorenz curves, box plots, survival curves, sweep lines and heat maps) with
// gonum/plot and encodes them as PNG and SVG.
//
// The package knows nothing about result files: callers pass plain structs
// (Band, Curve, Group, Grid) and get back a *plot.Plot, which WritePNG and
// WriteSVG encode (print resolution; fonts embedded).
//
// Every figure uses the same style so that scenarios can be compared across
// figures: the i-th series always gets SeriesColor(i) from the colour-blind
// safe Okabe–Ito palette, text is set in Liberation Sans (title 12 pt, axis
// labels 10 pt, tick labels and legend 9 pt at the Width×Height print size),
// grid lines are light grey, and the legend is drawn in rows between the
// title and the data area so that it never hides data.
//
// Input rules shared by all constructors: an empty input is an error; a
// slice whose length does not match its X slice is an error that names the
// series label; NaN and ±Inf values are skipped (a line is broken at a NaN,
// leaving a gap).
package plots
