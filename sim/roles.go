package sim

import (
	"math"
	"slices"

	"commonsim/agents"
	"commonsim/internal/parallel"
	"commonsim/internal/radix"
	"commonsim/scenarios"
)

// Mechanism 11, merit and roles (docs/MODEL.md §3.3.11): every
// recompute_every ticks the active contributors are ranked by reputation
// (ties to the earlier joiner) and the top ⌈share · active⌉ form the core:
// maintainers, chosen by merit as in the meritocracies of free software
// (Benkler 2006; Bauwens, seed 002), or managers in hierarchical
// governance. Reviewers are the core, except in flat governance, where
// every peer with enough accepted work reviews (the core when no peer has
// enough yet).

// governance is roles.governance, resolved once per run.
type governance uint8

const (
	flat governance = iota
	meritocratic
	hierarchical
)

// parseGovernance resolves a validated roles.governance.
func parseGovernance(s string) governance {
	switch s {
	case "flat":
		return flat
	case "hierarchical":
		return hierarchical
	}
	return meritocratic
}

// rolesParams are mechanism 11's parameters.
type rolesParams struct {
	governance governance
	share      float64     // the core's share of active contributors
	role       agents.Role // the core's role: maintainer, or manager (hierarchical)
	experience int32       // flat: accepted tasks before a peer reviews (review.peer_experience)
	every      int         // ticks between recomputations
}

func newRolesParams(sc *scenarios.Scenario) rolesParams {
	r := rolesParams{
		governance: parseGovernance(sc.Roles.Governance),
		share:      sc.Roles.MaintainerShare,
		role:       agents.Maintainer,
		experience: int32(sc.Review.PeerExperience),
		every:      sc.Roles.RecomputeEvery,
	}
	if r.governance == hierarchical {
		r.share, r.role = sc.Roles.ManagerShare, agents.Manager
	}
	return r
}

// rolesByRanking is mechanism 11 as its definition, the reference that
// recomputeRoles is tested against: rank every active contributor by
// reputation (ties to the lower id), give the top ⌈share · active⌉ the
// core's role, and make reviewers of the experienced peers (flat) or of
// the core. It returns each contributor's role and whether it reviews.
func rolesByRanking(p *agents.Population, r *rolesParams) ([]agents.Role, []bool) {
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
	core := min(len(ids), int(math.Ceil(r.share*float64(len(ids)))))
	for _, i := range ids[:core] {
		roles[i] = r.role
	}
	experienced := 0
	if r.governance == flat {
		for _, i := range ids {
			if p.Accepted[i] >= r.experience {
				reviews[i] = true
				experienced++
			}
		}
	}
	if r.governance != flat || experienced == 0 {
		for _, i := range ids[:core] {
			reviews[i] = true
		}
	}
	return roles, reviews
}

// recomputeRoles gives the roles of rolesByRanking without ranking
// everyone: a first pass over chunks of contributors (in parallel) resets
// the roles, makes the experienced peers reviewers (flat) and counts the
// reputations by digit; radix.Top then finds the core from the counts,
// and a second pass makes the core. The top k by (reputation, then
// seniority) is one set, so the roles are exactly those of the ranking
// (tested, for the three governances and 1 and 2 threads).
func (m *Model) recomputeRoles() {
	p := &m.pop
	r := &m.params.roles
	chunks := parallel.Chunks(p.Len(), radix.Chunk)
	if cap(m.roleCounts) < chunks {
		m.roleCounts = make([]roleCount, chunks)
	}
	m.roleCounts = m.roleCounts[:chunks]
	m.top.Reset(chunks)
	m.forJobs(m.jobs.resetRoles, chunks)
	var active, experienced int
	for _, c := range m.roleCounts {
		active += c.active
		experienced += c.experienced
	}
	if active == 0 {
		return
	}
	m.coreReviews = r.governance != flat || experienced == 0
	m.top.Cut(min(active, int(math.Ceil(r.share*float64(active)))))
	m.forJobs(m.jobs.placeCore, chunks)
	for _, i := range m.top.Rest(p.Reputation) {
		m.joinCore(int(i))
	}
	m.hireCore() // mechanism 18: the owner employs part of the core
}

// roleCount is one chunk's count of active contributors and of
// experienced peers (flat).
type roleCount struct{ active, experienced int }

// resetRoles is recomputeRoles' first pass over chunk c: no one reviews,
// every active contributor becomes peripheral and, in flat governance, a
// reviewer if experienced; reputations are counted for the core.
func (m *Model) resetRoles(c int) {
	p := &m.pop
	r := &m.params.roles
	var n roleCount
	lo, hi := parallel.Range(c, radix.Chunk, p.Len())
	for i := lo; i < hi; i++ {
		f := p.Flags[i] &^ agents.Reviewer
		if f&agents.Active != 0 {
			n.active++
			p.Role[i] = agents.Peripheral
			m.top.Count(c, p.Reputation[i])
			if r.governance == flat && p.Accepted[i] >= r.experience {
				f |= agents.Reviewer
				n.experienced++
			}
		}
		p.Flags[i] = f
	}
	m.roleCounts[c] = n
}

// placeCore is recomputeRoles' second pass over chunk c: the active
// contributors sure to be in the core join it.
func (m *Model) placeCore(c int) {
	p := &m.pop
	lo, hi := parallel.Range(c, radix.Chunk, p.Len())
	for i := lo; i < hi; i++ {
		if p.Flags[i]&agents.Active != 0 && m.top.Place(c, int32(i), p.Reputation[i]) {
			m.joinCore(i)
		}
	}
}

// joinCore makes contributor i a member of the core.
func (m *Model) joinCore(i int) {
	p := &m.pop
	p.Role[i] = m.params.roles.role
	if m.coreReviews {
		p.Flags[i] |= agents.Reviewer
	}
}
