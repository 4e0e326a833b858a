//go:build race

package sim

// raceEnabled: the tests run under the race detector, which allocates on
// its own (allocation counts are not checked).
const raceEnabled = true
