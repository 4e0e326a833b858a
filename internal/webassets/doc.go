// Package webassets holds the third-party files that commonsim's web pages
// load, embedded in the binary so that every page works offline: the
// browser lab of `commonsim serve` and the interactive report.html of every
// result set (package report inlines them into the page).
// It knows nothing of either page; it hands out bytes and their names.
//
// # What is here and where it came from
//
//	uPlot.iife.min.js   uPlot 1.6.32, dist/uPlot.iife.min.js (defines the global uPlot)
//	uPlot.min.css       uPlot 1.6.32, dist/uPlot.min.css
//	uPlot.LICENSE       uPlot's LICENSE file (MIT, Copyright (c) 2022 Leon Sorokin)
//
// The files are copied unchanged from the npm package uplot@1.6.32
// (tarball SHA-256 4b8a8191e425658e3ea8c8c1314b0fc679c861ee3a1af2b20c7b16ba50b5133d).
// uPlot (https://github.com/leeoniya/uPlot) was chosen because it is small
// (51 KB minified), fast with thousands of points, MIT-licensed, has no
// dependencies and needs no build step or network.
//
// # Updating uPlot
//
//	npm pack uplot@VERSION && tar xzf uplot-VERSION.tgz
//	cp package/dist/uPlot.iife.min.js package/dist/uPlot.min.css internal/webassets/
//	cp package/LICENSE internal/webassets/uPlot.LICENSE
//
// then update the version, the tarball's SHA-256 above and UPlotVersion,
// run `go test ./internal/webassets ./serve ./report` (the browser tests draw with
// it), and read uPlot's changelog for API changes in the pages' scripts.
package webassets
