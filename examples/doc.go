// Package examples holds worked examples that read commonsim's result sets
// from outside Go: a Jupyter notebook (notebooks/, pandas and matplotlib)
// and an R script (r/, base R). It has no Go code of its own; its test
// builds commonsim, makes a small result set and runs both examples on it
// when jupyter and Rscript are installed. calibrate/ holds the targets file
// of README's worked calibration (`commonsim calibrate`), which a test of
// cmd/commonsim runs in a reduced form.
package examples
