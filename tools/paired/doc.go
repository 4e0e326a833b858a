// Command paired prints the paired contrasts of docs/MODEL.md from result
// sets written by `commonsim run`: for each scenario against a reference
// scenario, and each metric, the mean difference of the runs paired by
// replicate (and sweep point) with its 95% Student t interval, for each
// result set given (one per base seed). With two or more result sets a
// contrast is marked fragile when its interval excludes 0 in some and not in
// others, or changes sign.
//
// Pairing by replicate is what common random numbers make meaningful
// (docs/MODEL.md §3.4): replicate r of every scenario of a batch has the same
// seed. The command checks that paired runs share their seed and refuses
// otherwise, unless -unpaired is given, in which case it prints Welch
// intervals of the difference of means instead.
//
// Usage:
//
//	go run ./tools/paired -ref commons -metrics final_active,final_value DIR [DIR...]
//
// It reads runs.csv through results.Rows, the reader of every result file.
package main
