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

// rolesParams are mechanism 11's parameters, per commons (its
// governance is one of its institutions).
type rolesParams struct {
	governance governance
	share      float64     // the core's share of active contributors
	role       agents.Role // the core's role: maintainer, or manager (hierarchical)
	experience int32       // flat: accepted tasks before a peer reviews (review.peer_experience)
	every      int         // ticks between recomputations
}

func newRolesParams(sc *scenarios.Scenario, governance string) rolesParams {
	r := rolesParams{
		governance: parseGovernance(governance),
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

// recomputeRoles gives, in every commons, the roles of rolesByRanking
// over its active contributors, without ranking everyone: a first pass
// over chunks of contributors (in parallel) resets the roles, makes the
// experienced peers reviewers (flat) and counts the reputations by digit,
// each commons apart; radix.Top then finds each commons' core from its
// counts, and a second pass makes the core. The top k by (reputation,
// then seniority) is one set, so the roles are exactly those of the
// ranking (tested, for the three governances and 1 and 2 threads).
func (m *Model) recomputeRoles() {
	p := &m.pop
	chunks := parallel.Chunks(p.Len(), radix.Chunk)
	nc := len(m.cs)
	if cap(m.roleCounts) < chunks*nc {
		m.roleCounts = make([]roleCount, chunks*nc)
	}
	m.roleCounts = m.roleCounts[:chunks*nc]
	for k := range m.cs {
		m.cs[k].top.Reset(chunks)
	}
	m.forJobs(m.jobs.resetRoles, chunks)
	any := false
	for k := range m.cs {
		c := &m.cs[k]
		var active, experienced int
		for ch := range chunks {
			n := m.roleCounts[ch*nc+k]
			active += n.active
			experienced += n.experienced
		}
		if active == 0 {
			c.top.Cut(0)
			continue
		}
		r := &c.inst.roles
		c.coreReviews = r.governance != flat || experienced == 0
		c.top.Cut(min(active, int(math.Ceil(r.share*float64(active)))))
		any = true
	}
	if !any {
		return
	}
	m.forJobs(m.jobs.placeCore, chunks)
	for k := range m.cs {
		c := &m.cs[k]
		for _, i := range c.top.Rest(p.Reputation) {
			m.joinCore(int(i), c)
		}
	}
	m.hireCore() // mechanism 18: the owner employs part of the core
}

// roleCount is one chunk's count of a commons' active contributors and of
// its experienced peers (flat).
type roleCount struct{ active, experienced int }

// resetRoles is recomputeRoles' first pass over chunk ch: no one reviews,
// every active contributor becomes peripheral and, in a commons of flat
// governance, a reviewer if experienced; reputations are counted for each
// commons' core.
func (m *Model) resetRoles(ch int) {
	p := &m.pop
	nc := len(m.cs)
	counts := m.roleCounts[ch*nc : (ch+1)*nc]
	clear(counts)
	lo, hi := parallel.Range(ch, radix.Chunk, p.Len())
	for i := lo; i < hi; i++ {
		f := p.Flags[i] &^ agents.Reviewer
		if f&agents.Active != 0 {
			cid := p.Commons[i]
			c := &m.cs[cid]
			n := &counts[cid]
			n.active++
			p.Role[i] = agents.Peripheral
			c.top.Count(ch, p.Reputation[i])
			if r := &c.inst.roles; r.governance == flat && p.Accepted[i] >= r.experience {
				f |= agents.Reviewer
				n.experienced++
			}
		}
		p.Flags[i] = f
	}
}

// placeCore is recomputeRoles' second pass over chunk ch: the active
// contributors sure to be in their commons' core join it.
func (m *Model) placeCore(ch int) {
	p := &m.pop
	lo, hi := parallel.Range(ch, radix.Chunk, p.Len())
	for i := lo; i < hi; i++ {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		c := &m.cs[p.Commons[i]]
		if c.top.Place(ch, int32(i), p.Reputation[i]) {
			m.joinCore(i, c)
		}
	}
}

// joinCore makes contributor i a member of commons c's core.
func (m *Model) joinCore(i int, c *commonsState) {
	p := &m.pop
	p.Role[i] = c.inst.roles.role
	if c.coreReviews {
		p.Flags[i] |= agents.Reviewer
	}
}
