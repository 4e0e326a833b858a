package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"commonsim/agents"
)

// rolesByRanking is recomputeRoles written as its definition: rank every
// active contributor by reputation (ties to the lower id), give the top
// ceil(share * active) the core's role, and make reviewers of the
// experienced peers (flat) or of the core. It returns each contributor's
// role and whether it reviews.
func rolesByRanking(p *agents.Population, governance string, share float64, experience int32) ([]agents.Role, []bool) {
	role := agents.Maintainer
	if governance == "hierarchical" {
		role = agents.Manager
	}
	roles := slices.Clone(p.Role)
	reviews := make([]bool, p.Len())
	var ids []int32
	for i := range p.Flags {
		if p.Flags[i]&agents.Active != 0 {
			ids = append(ids, int32(i))
			roles[i] = agents.Peripheral
		}
	}
	if len(ids) == 0 {
		return roles, reviews
	}
	slices.SortFunc(ids, func(a, b int32) int {
		switch {
		case p.Reputation[a] > p.Reputation[b] || p.Reputation[a] == p.Reputation[b] && a < b:
			return -1
		case a == b:
			return 0
		}
		return 1
	})
	core := min(len(ids), int(math.Ceil(share*float64(len(ids)))))
	for _, i := range ids[:core] {
		roles[i] = role
	}
	experienced := 0
	if governance == "flat" {
		for _, i := range ids {
			if p.Accepted[i] >= experience {
				reviews[i] = true
				experienced++
			}
		}
	}
	if governance != "flat" || experienced == 0 {
		for _, i := range ids[:core] {
			reviews[i] = true
		}
	}
	return roles, reviews
}

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
				n := 2*radixChunk + 1234
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
				share := sc.Roles.MaintainerShare
				if governance == "hierarchical" {
					share = sc.Roles.ManagerShare
				}
				wantRoles, wantReviews := rolesByRanking(&m.pop, governance, share, int32(sc.Review.PeerExperience))
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
