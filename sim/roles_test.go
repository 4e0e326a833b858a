package sim

import (
	"math/rand/v2"
	"testing"

	"commonsim/agents"
	"commonsim/internal/radix"
)

// TestRolesMatchRanking checks the chunked selection of the core against
// ranking everyone, for each governance, on populations of several chunks
// with departed contributors, many equal reputations (zeros and small
// integers) and a spread of values, for 1 and 2 threads.
func TestRolesMatchRanking(t *testing.T) {
	for _, governance := range []string{"meritocratic", "flat", "hierarchical"} {
		for _, kind := range []string{"spread", "ties", "zeros", "few experienced"} {
			for _, threads := range []int{1, 2} {
				sc := scenario(t, "population.initial=10", "roles.governance="+governance)
				m := New(sc, 1, threads)
				rng := rand.New(rand.NewPCG(uint64(threads), uint64(len(kind))))
				n := 2*radix.Chunk + 1234
				p := &agents.Population{MaxTies: 1}
				p.Grow(n)
				for range n {
					p.Add(agents.Newcomer{}, 1, 0)
				}
				for i := range n {
					if rng.IntN(5) == 0 {
						p.Leave(i, 1)
					}
					switch kind {
					case "spread":
						p.Reputation[i] = float32(rng.ExpFloat64() * 10)
					case "ties":
						p.Reputation[i] = float32(rng.IntN(6))
					case "zeros":
						if rng.IntN(50) == 0 {
							p.Reputation[i] = float32(rng.Float64())
						}
					case "few experienced":
						p.Reputation[i] = float32(rng.Float64())
					}
					p.Accepted[i] = int32(rng.IntN(20))
					if kind == "few experienced" {
						p.Accepted[i] = 0
					}
					p.Role[i] = agents.Role(rng.IntN(3))
					if rng.IntN(2) == 0 {
						p.Flags[i] |= agents.Reviewer
					}
				}
				m.pop = *p
				wantRoles, wantReviews := rolesByRanking(&m.pop, &m.params.roles)
				m.recomputeRoles()
				for i := range n {
					reviews := m.pop.Flags[i]&agents.Reviewer != 0
					if m.pop.Role[i] != wantRoles[i] || reviews != wantReviews[i] {
						t.Fatalf("%s, %s, %d threads: contributor %d (reputation %g): role %d reviews %v, want %d %v",
							governance, kind, threads, i, m.pop.Reputation[i], m.pop.Role[i], reviews, wantRoles[i], wantReviews[i])
					}
				}
				m.Close()
			}
		}
	}
}
