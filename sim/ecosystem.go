package sim

import (
	"commonsim/agents"
	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// Mechanism 19, the ecosystem (docs/MODEL.md §3.3.19): several commons in
// one run draw on one pool of potential users and newcomers, who choose
// among them by attractiveness, their weighted share of usable value,
// activity and live ties (FLOSSSim: Radtke, Janssen & Collofello 2009, on
// projects competing for developers; prior collaboration ties draw
// developers to projects: Hahn, Moon & Zhang 2008); and contributors
// migrate to a commons whose members are clearly more content than they
// are, or where their ties went, at a switching cost. With one commons
// the mechanism does nothing: every share is 1 and nobody can move.

// ecosystemParams are mechanism 19's parameters.
type ecosystemParams struct {
	scenarios.Ecosystem
	activityDecay float64 // decay of a commons' activity per tick: 1/26
}

func newEcosystemParams(sc *scenarios.Scenario) ecosystemParams {
	return ecosystemParams{Ecosystem: sc.Ecosystem, activityDecay: 1.0 / 26}
}

// ecosystemState is the mechanism's state in the model: the stream the
// newcomers' choices of commons are drawn from.
type ecosystemState struct {
	choice rng.Stream
}

// move is a contributor's decision to migrate, to commons to.
type move struct {
	who int32
	to  uint8
}

// openCommons is the number of commons not closed.
func (m *Model) openCommons() int {
	n := 0
	for k := range m.cs {
		if !m.cs[k].closed {
			n++
		}
	}
	return n
}

// attract sets every open commons' attractiveness s_c, its weighted share
// of usable value, activity and live ties,
//
//	s_c = [w_v Ũ_c/ΣŨ + w_a A_c/ΣA + w_t L_c/ΣL] / (w_v + w_a + w_t),
//
// a term whose sum is 0 left out with its weight (equal shares when all
// are), from last tick's state. It reports whether more than one commons
// is open; with one, its share is 1.
func (m *Model) attract() (several bool) {
	if m.openCommons() == 1 {
		for k := range m.cs {
			if !m.cs[k].closed {
				m.cs[k].share = 1
			}
		}
		return false
	}
	e := &m.params.ecosystem
	var usable, activity, ties float64
	for k := range m.cs {
		c := &m.cs[k]
		if c.closed {
			continue
		}
		usable += m.usableOf(c)
		activity += c.activity
		ties += c.last.ties
	}
	var weight float64
	for _, t := range [][2]float64{{e.ValueWeight, usable}, {e.ActivityWeight, activity}, {e.TiesWeight, ties}} {
		if t[1] > 0 {
			weight += t[0]
		}
	}
	open := float64(m.openCommons())
	for k := range m.cs {
		c := &m.cs[k]
		c.share = 0
		if c.closed {
			continue
		}
		if weight == 0 {
			c.share = 1 / open
			continue
		}
		s := 0.0
		if usable > 0 {
			s += e.ValueWeight * m.usableOf(c) / usable
		}
		if activity > 0 {
			s += e.ActivityWeight * c.activity / activity
		}
		if ties > 0 {
			s += e.TiesWeight * c.last.ties / ties
		}
		c.share = s / weight
	}
	return true
}

// chooseCommons draws the commons a newcomer joins: commons c with
// probability s_c.
func (m *Model) chooseCommons(st rng.Stream) *commonsState {
	u := st.Float64()
	last := 0
	for k := range m.cs {
		c := &m.cs[k]
		if c.closed {
			continue
		}
		last = k
		if u < c.share {
			return c
		}
		u -= c.share
	}
	return &m.cs[last] // rounding
}

// ageActivity is a commons' activity after a tick in which it accepted
// accepted submissions: A ← (1 − 1/26) A + accepted; and its last tick
// with accepted work.
func (m *Model) ageActivity(c *commonsState) {
	c.activity = (1-m.params.ecosystem.activityDecay)*c.activity + float64(c.counters.accepted)
	if c.counters.accepted > 0 {
		c.lastAccepted = m.tick
	}
}

// migrate is step 7: with more than one open commons and migration on,
// every active contributor (the owners' employees aside) reconsiders its
// commons with probability migration_rate (migrateShard, in shards, from
// last tick's state and this tick's utilities), and the moves are made in
// shard order. Moves take effect at the next tick; roles are recomputed
// at their usual time.
func (m *Model) migrate() {
	for k := range m.cs {
		m.ageActivity(&m.cs[k])
	}
	if !m.params.ecosystem.Migration || m.openCommons() < 2 {
		return
	}
	m.forShards(m.jobs.migrate)
	moved := false
	for i := range m.shards {
		for _, mv := range m.shards[i].moves {
			m.moveTo(int(mv.who), &m.cs[mv.to])
			moved = true
		}
	}
	if moved {
		for k := range m.cs {
			m.withdraw(&m.cs[k])
		}
	}
}

// migrateShard makes the migration decisions of shard k's contributors:
// one that reconsiders weighs, for every other open commons d,
//
//	gain_d = ū_d − u_i + tie_pull · n_i,d / max(1, n_i),
//
// ū_d the mean utility of d's active contributors at this tick's update,
// u_i its own, n_i its live ties and n_i,d those in d, and moves to the d
// of the largest gain if it exceeds switching_cost. It reads other
// contributors' commons, which no one changes until the shards are done.
func (m *Model) migrateShard(k int) {
	s := &m.shards[k]
	s.moves = s.moves[:0]
	st := s.st
	st.Reseed(m.seed, streamMigrate, m.tick, k)
	e := &m.params.ecosystem
	p := &m.pop
	fade := m.params.ties.fade
	now := uint16(m.tick)
	var inCommons [maxCommons]int32
	for i := s.lo; i < s.hi; i++ {
		f := p.Flags[i]
		if f&agents.Active == 0 || st.Float64() >= e.MigrationRate || f&agents.Owned != 0 {
			continue
		}
		own := int(p.Commons[i])
		// Its live ties, and where they are.
		ties := 0
		if e.TiePull > 0 && m.params.ties.enabled {
			clear(inCommons[:len(m.cs)])
			base := i * p.MaxTies
			for t, j := range p.TiePartner[base : base+p.MaxTies] {
				if j < 0 || now-p.TieUsed[base+t] > uint16(fade) || p.Flags[j]&agents.Active == 0 {
					continue
				}
				ties++
				inCommons[p.Commons[j]]++
			}
		}
		u := float64(p.Utility[i])
		best, bestGain := -1, e.SwitchingCost
		for d := range m.cs {
			c := &m.cs[d]
			if d == own || c.closed || c.last.active == 0 {
				continue
			}
			gain := c.last.meanUtility() - u
			if ties > 0 {
				gain += e.TiePull * float64(inCommons[d]) / float64(ties)
			}
			if gain > bestGain {
				best, bestGain = d, gain
			}
		}
		if best >= 0 {
			s.moves = append(s.moves, move{who: int32(i), to: uint8(best)})
		}
	}
}

// maxCommons is the most commons a run may hold (ecosystem.max_commons'
// upper bound): a contributor's commons is a byte.
const maxCommons = 64
