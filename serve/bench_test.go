package serve

import (
	"testing"
	"time"
)

// BenchmarkStream measures how many ticks per second the lab streams to a
// page for the default commons scenario with 5 replicates, played as fast
// as possible: the time from Go to the last tick received over the event
// stream, with each replicate's model stepped (engine.go) on 2 workers.
// Run it on 2 cores (docs/PERFORMANCE.md has the figures):
//
//	go test ./serve -run '^$' -bench Stream -benchtime 3x -count 5 -cpu 2
//
// The target (issue 19) is at least 20 ticks per second on 2 cores.
func BenchmarkStream(b *testing.B) {
	_, ts := newLab(b, Options{Workers: 2})
	in := settings{Scenario: "builtin:commons", Replicates: DefaultReplicates}
	var ticks int
	var elapsed time.Duration
	for b.Loop() {
		c := create(b, ts.URL, in)
		st := openEvents(b, ts.URL, c.ID)
		st.until(b, "hello")
		start := time.Now()
		sendControl(b, ts.URL, c.ID, command{Action: "go", Speed: 0})
		st.until(b, "done")
		elapsed += time.Since(start)
		ticks += c.Ticks
		st.Close()
	}
	b.ReportMetric(float64(ticks)/elapsed.Seconds(), "ticks/s")
	b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/run")
}
