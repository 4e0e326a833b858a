package sim

import (
	"testing"

	"commonsim/agents"
	"commonsim/internal/rng"
)

// benchmarkModel runs the commons scenario, all mechanisms on, with a fixed
// population of n contributors (no arrivals, exits or forks, so the size is
// what the name says) and reports:
//   - ns/agent-step: wall time per active contributor per tick, every phase
//     and the per-tick metrics included;
//   - allocs/tick: heap allocations per tick in steady state;
//   - B/agent: memory held by the model per contributor (state, ties, review
//     queue and buffers, by slice capacity);
//   - metrics-%: the share of the tick spent computing the per-tick metrics.
func benchmarkModel(b *testing.B, n, threads int, extra ...string) {
	sets := append([]string{"population.initial=" + itoa(n), "run.ticks=100000", "arrival.enabled=false", "exit.enabled=false", "fork.enabled=false"}, extra...)
	sc := scenario(b, sets...)
	m := New(sc, 1, threads)
	defer m.Close()
	// Warm up until roles, queues, ties and buffers reach their steady state
	// (the founding burst fills the review queue for about ten ticks).
	for range 20 {
		m.Step()
	}
	m.obs.timeMetrics = true
	// With no arrivals, exits or forks the active contributors stay the
	// same; they are counted outside the timed loop (checked after it).
	active := activeCount(&m.pop)
	var before, after allocCounter
	before.read()
	b.ResetTimer()
	for b.Loop() {
		m.Step()
	}
	b.StopTimer()
	after.read()
	if got := activeCount(&m.pop); got != active {
		b.Fatalf("active contributors changed from %d to %d", active, got)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*active), "ns/agent-step")
	b.ReportMetric(float64(after.mallocs-before.mallocs)/float64(b.N), "allocs/tick")
	b.ReportMetric(float64(m.MemoryBytes())/float64(m.pop.Len()), "B/agent")
	b.ReportMetric(100*float64(m.obs.metricsNanos)/float64(b.Elapsed().Nanoseconds()), "metrics-%")
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
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		for _, threads := range []int{1, 2} {
			b.Run("n="+itoa(n)+"/threads="+itoa(threads), func(b *testing.B) { benchmarkModel(b, n, threads) })
		}
	}
}

// BenchmarkBareLoop is the yardstick of issue 7: a plain struct-of-arrays
// update of 10^6 agents with three random draws each (a coin, a uniform and
// a normal), no model around it. The reference model's ns/agent-step is
// read against it: how many bare agent-steps one step of the full model
// costs.
func BenchmarkBareLoop(b *testing.B) {
	const n = 1_000_000
	st := rng.NewStream()
	st.PCG.Seed(1, 2)
	energy := make([]float32, n)
	wealth := make([]float32, n)
	active := make([]bool, n)
	for i := range active {
		active[i], energy[i] = true, 1
	}
	b.ResetTimer()
	for b.Loop() {
		for i := range energy {
			if !active[i] || st.Float64() < 0.1 {
				continue
			}
			energy[i] = 0.9*energy[i] + float32(0.1*st.Float64())
			wealth[i] += float32(st.Rand.NormFloat64())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/agent-step")
}
