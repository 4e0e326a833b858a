package sim

import (
	"commonsim/agents"
	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// Mechanism 10, social ties (docs/MODEL.md §3.3.10; Commoners Framework,
// Barbrook-Johnson & Tenorio-Fornés, P2P Value): after the work phase,
// every worker refreshes its ties with partners who worked on the same
// module this tick; then each worker, with probability form_prob, ties
// with a uniformly drawn other worker of its module (both sides record
// it). A contributor keeps at most ties.max ties: a new tie takes a free
// or faded slot, else replaces the stalest. A tie unused for fade_ticks is
// dead. Ties raise activation (mechanism 2), lower the exit hazard
// (mechanism 9) and draw a contributor to its ties' modules (mechanism 3).
// The tie lists themselves are agents.Population's.

// tiesParams are mechanism 10's parameters.
type tiesParams struct {
	enabled  bool
	formProb float64
	fade     int32 // ties.fade_ticks: a tie unused for longer is dead
}

func newTiesParams(sc *scenarios.Scenario) tiesParams {
	return tiesParams{enabled: sc.Ties.Enabled, formProb: sc.Ties.FormProb, fade: int32(sc.Ties.FadeTicks)}
}

// liveTies counts active contributor i's live ties (and prunes the dead
// ones) at the start of its tick; 0 when ties are off.
func (m *Model) liveTies(i int) int {
	if !m.params.ties.enabled {
		return 0
	}
	return m.pop.CountTies(i, m.tick, m.params.ties.fade)
}

// formTies runs after the work phase: workers refresh their ties with
// co-workers (in chunks of contributors, in id order, which reads each
// worker's tie slots as a stream), the workers are grouped by module, and
// groups of modules form new ties (formTiesOn). A worker works on one
// module a tick, so the modules' workers are disjoint and each module
// touches only its own workers' ties, drawing from its own stream (seed,
// tick, module): the groups can run in parallel.
func (m *Model) formTies() {
	if !m.params.ties.enabled {
		return
	}
	chunks := m.workers.Reset(m.pop.Len(), len(m.value), len(m.shards))
	m.forJobs(m.jobs.refreshTies, chunks)
	m.workers.Fill(m.pop.Module, m.pool)
	m.forJobs(m.jobs.formTies, len(m.tieStreams))
}

// refreshTiesChunk marks as used this tick the ties of chunk c's workers
// with partners who worked on the same module. It writes only the chunk's
// own tie slots. The pass also counts the workers of each module, for
// grouping them (one pass over the workers instead of two).
func (m *Model) refreshTiesChunk(c int) {
	p := &m.pop
	now := uint16(m.tick)
	module := p.Module
	lo, hi := m.workers.Range(c)
	for i := lo; i < hi; i++ {
		mod := module[i]
		if mod < 0 {
			continue
		}
		m.workers.Count(c, mod)
		base := i * p.MaxTies
		partners := p.TiePartner[base : base+p.MaxTies]
		used := p.TieUsed[base : base+len(partners)]
		for t, j := range partners {
			// An empty slot (-1) reads module[0] harmlessly and is not
			// refreshed; no branch on whether the partner is a co-worker,
			// which is as good as a coin toss.
			u := used[t]
			if j >= 0 && module[j&^(j>>31)] == mod {
				u = now
			}
			used[t] = u
		}
	}
}

// formTiesGroup forms the new ties of the workers of modules
// [g·tieGroup, (g+1)·tieGroup), each module from its own stream.
func (m *Model) formTiesGroup(g int) {
	st := m.tieStreams[g]
	add := agents.NewTieAdder(&m.pop, m.tick, m.params.ties.fade)
	start := m.workers.Start
	for mod := g * m.tieGroup; mod < min(len(m.value), (g+1)*m.tieGroup); mod++ {
		workers := m.workers.Order[start[mod]:start[mod+1]]
		if len(workers) < 2 {
			continue
		}
		st.Reseed(m.seed, streamTies, m.tick, mod)
		m.formTiesOn(workers, st, &add)
	}
}

// formTiesOn forms the ties among the workers of one module: each, with
// probability form_prob, ties with another of them drawn uniformly.
func (m *Model) formTiesOn(workers []int32, st rng.Stream, add *agents.TieAdder) {
	formProb := m.params.ties.formProb
	for k, i := range workers {
		if st.Float64() < formProb {
			r := st.IntN(len(workers) - 1)
			if r >= k {
				r++
			}
			add.Add(i, workers[r])
		}
	}
	add.Flush()
}
