//go:build race

package main

// raceEnabled is true under the race detector (go test -race), which slows
// the simulator about tenfold: the longest statistical tests skip.
const raceEnabled = true
