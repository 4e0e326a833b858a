// Command forks prints what the forks of result sets written by `commonsim
// run` did (docs/MODEL.md §6.4): for each scenario and each result set
// given (one per base seed), how often a run forks, what triggered the
// forks, who moved (founders, followers, the share of the parent's active
// core that moved within 26 and 52 ticks), which side was more active 104
// ticks (two years) after the fork, as the mean of child − parent active
// contributors paired by fork with its 95% Student t interval, and the
// shares of the outcomes of Robles & González-Barahona (2012).
//
// Usage:
//
//	go run ./tools/forks [-scenarios a,b] DIR [DIR...]
//
// It reads runs.csv (the runs and their status) and forks.csv through
// results.Rows, the reader of every result file.
package main
