package sim

import (
	"testing"

	"commonsim/agents"
)

// BenchmarkReferenceModel runs the commons scenario, all mechanisms on, with
// a fixed population of n contributors (no arrivals, no exits, so the size
// is what the name says) and reports the cost per agent-step: one active
// contributor through one tick, every phase and the per-tick metrics
// included.
func benchmarkModel(b *testing.B, n, threads int, extra ...string) {
	sets := append([]string{"population.initial=" + itoa(n), "run.ticks=100000", "arrival.enabled=false", "exit.enabled=false", "fork.enabled=false"}, extra...)
	sc := scenario(b, sets...)
	m := New(sc, 1, threads)
	defer m.Close()
	// Warm up: let queues, ties and buffers reach their steady size.
	for range 5 {
		m.Step()
	}
	var before, after allocCounter
	before.read()
	b.ResetTimer()
	steps := 0
	for b.Loop() {
		m.Step()
		steps += activeCount(&m.pop)
	}
	b.StopTimer()
	after.read()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(steps), "ns/agent-step")
	b.ReportMetric(float64(after.mallocs-before.mallocs)/float64(b.N), "allocs/tick")
	b.ReportMetric(float64(m.MemoryBytes())/float64(m.pop.Len()), "B/agent")
}

func activeCount(p *agents.Population) int {
	n := 0
	for _, f := range p.Flags {
		if f&agents.Active != 0 {
			n++
		}
	}
	return n
}

func BenchmarkReferenceModel(b *testing.B) {
	for _, n := range []int{1000, 100_000} {
		b.Run("n="+itoa(n)+"/threads=1", func(b *testing.B) { benchmarkModel(b, n, 1) })
	}
}
