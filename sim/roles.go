package sim

import (
	"math"

	"commonsim/agents"
)

// recomputeRoles is mechanism 11: the top maintainer_share of active
// contributors by reputation form the core (maintainers); in hierarchical
// governance the top manager_share are managers instead. Reviewers are the
// maintainers (meritocratic), the managers (hierarchical) or every peer
// with enough accepted work (flat; the core when no peer has enough yet).
//
// The core is found without ranking everyone, in chunks of contributors
// that run in parallel. A first pass (phaseRolesCount) resets the roles,
// counts the active contributors and the experienced peers, and counts
// reputations by their top binary digit (the float32 bits, which order
// like the values for reputations >= 0). Walking the digits down from the
// top finds the digit d at which the count reaches the core's size: every
// contributor above d is in the core, and the rest of the core is the best
// of those at d. A second pass (phaseRolesAssign) makes the first core
// members and copies the others at d out as candidates, and selectTop picks
// the best of those alone. The top k by (reputation, then seniority) is one
// set, so the roles are exactly those of ranking everyone, for any number
// of chunks or threads.
func (m *Model) recomputeRoles() {
	p := &m.pop
	ro := m.sc.Roles
	rs := &m.roleJobs
	rs.flat = ro.Governance == "flat"
	share, role := ro.MaintainerShare, agents.Maintainer
	if ro.Governance == "hierarchical" {
		share, role = ro.ManagerShare, agents.Manager
	}
	rs.role = role
	rs.experience = int32(m.sc.Review.PeerExperience)
	n := p.Len()
	chunks := max(1, (n+radixChunk-1)/radixChunk)
	if cap(rs.chunks) < chunks {
		rs.chunks = make([]roleChunk, chunks)
	}
	rs.chunks = rs.chunks[:chunks]
	m.forJobs(phaseRolesCount, chunks)

	var active, experienced int
	for c := range rs.chunks {
		active += rs.chunks[c].active
		experienced += rs.chunks[c].experienced
	}
	if active == 0 {
		return
	}
	core := min(active, int(math.Ceil(share*float64(active))))
	// The digit at which the core is reached, and how many are above it.
	above, d := 0, radixBuckets-1
	for ; d > 0; d-- {
		count := 0
		for c := range rs.chunks {
			count += int(rs.chunks[c].digits[d])
		}
		if above+count >= core {
			break
		}
		above += count
	}
	rs.digit = uint32(d)
	rs.coreReviews = !rs.flat || experienced == 0
	total := 0
	for c := range rs.chunks {
		rs.chunks[c].offset = total
		total += int(rs.chunks[c].digits[d])
	}
	// No headroom: the first call, when every reputation is 0, has every
	// active contributor as a candidate, and later calls far fewer.
	if cap(m.rankBuf) < total {
		m.rankBuf = make([]int32, total)
	}
	m.rankBuf = m.rankBuf[:total]
	rs.candidates = m.rankBuf
	m.forJobs(phaseRolesAssign, chunks)
	rs.candidates = nil

	// The rest of the core: the best of the candidates by reputation; ties
	// go to seniority (lower id).
	cand := m.rankBuf[:total]
	rest := core - above
	rep := p.Reputation
	selectTop(cand, rest, func(a, b int32) bool {
		return rep[a] > rep[b] || rep[a] == rep[b] && a < b
	})
	for _, i := range cand[:rest] {
		p.Role[i] = role
		if rs.coreReviews {
			p.Flags[i] |= agents.Reviewer
		}
	}
}

// roleSplit is the state of recomputeRoles' parallel passes.
type roleSplit struct {
	flat        bool
	role        agents.Role // the core's role
	experience  int32
	digit       uint32 // the digit at which the core is reached
	coreReviews bool   // the core reviews (not flat, or no experienced peer)
	candidates  []int32
	chunks      []roleChunk
}

// roleChunk is one chunk's counts.
type roleChunk struct {
	active, experienced int
	offset              int // where its candidates go
	digits              [radixBuckets]int32
}

// roleDigit is the top binary digit of a reputation (>= 0).
func roleDigit(r float32) uint32 { return math.Float32bits(r) >> busTopShift }

// roleChunkRange is chunk c's range of contributor ids, of n.
func roleChunkRange(c, n int) (lo, hi int) {
	return c * radixChunk, min(n, (c+1)*radixChunk)
}

// rolesCountChunk is the first pass over chunk c: no one reviews, every
// active contributor becomes peripheral and, in flat governance, a reviewer
// if experienced; reputations are counted by top digit.
func (m *Model) rolesCountChunk(c int) {
	p := &m.pop
	rs := &m.roleJobs
	ch := &rs.chunks[c]
	ch.active, ch.experienced = 0, 0
	clear(ch.digits[:])
	lo, hi := roleChunkRange(c, p.Len())
	for i := lo; i < hi; i++ {
		f := p.Flags[i] &^ agents.Reviewer
		if f&agents.Active != 0 {
			ch.active++
			p.Role[i] = agents.Peripheral
			ch.digits[roleDigit(p.Reputation[i])]++
			if rs.flat && p.Accepted[i] >= rs.experience {
				f |= agents.Reviewer
				ch.experienced++
			}
		}
		p.Flags[i] = f
	}
}

// rolesAssignChunk is the second pass over chunk c: the active
// contributors above the core's digit join the core; those at it are
// copied out as candidates.
func (m *Model) rolesAssignChunk(c int) {
	p := &m.pop
	rs := &m.roleJobs
	ch := &rs.chunks[c]
	k := ch.offset
	lo, hi := roleChunkRange(c, p.Len())
	for i := lo; i < hi; i++ {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		switch d := roleDigit(p.Reputation[i]); {
		case d > rs.digit:
			p.Role[i] = rs.role
			if rs.coreReviews {
				p.Flags[i] |= agents.Reviewer
			}
		case d == rs.digit:
			rs.candidates[k] = int32(i)
			k++
		}
	}
}
