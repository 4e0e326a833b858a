package agents

import (
	"math/bits"
	"runtime"
)

// The tie lists of mechanism 10 (docs/MODEL.md §3.3.10): each contributor
// keeps at most MaxTies partners, each with the tick the tie was last
// used; a tie unused for more than fade ticks is dead. The loops below
// have no branch on the slots' contents: whether a slot holds a live tie
// is as good as a coin toss to a branch predictor, and mispredicted
// branches made counting ties a tenth of the tick.

// CountTies counts contributor i's ties used within the last fade ticks,
// prunes the older ones and stores the count in TieCount[i]. It writes only
// i's own slots.
func (p *Population) CountTies(i int, tick, fade int32) int {
	base := i * p.MaxTies
	partners := p.TiePartner[base : base+p.MaxTies]
	used := p.TieUsed[base : base+len(partners)]
	now := uint16(tick)
	n := 0
	for k, j := range partners {
		// live is 1 for a live tie, 0 otherwise; j | (live-1) keeps j or
		// makes it -1.
		live := int32(uint32(^j)>>31) & int32(b2i(now-used[k] <= uint16(fade)))
		n += int(live)
		partners[k] = j | (live - 1)
	}
	p.TieCount[i] = uint8(n)
	return n
}

// TiedModule is the module that the first of contributor i's partners to
// have worked last tick worked on, looking from slot k onwards (cyclically),
// or -1 if none did. tiedModuleByScan is its definition.
//
// It reads every partner's module at once, as a mask of the slots that
// qualify, rather than one slot after another: the loads are then
// independent (at 10^6 contributors each is a cache miss, and in a chain
// they were a twentieth of the tick) and whether a slot qualifies is no
// branch.
func (p *Population) TiedModule(i, k int) int32 {
	base := i * p.MaxTies
	partners := p.TiePartner[base : base+p.MaxTies]
	var qualify uint64 // bit t: slot t holds a partner who worked last tick
	for t, j := range partners {
		// An empty slot (-1) reads PrevModule[0] and does not qualify.
		prev := p.PrevModule[j&^(j>>31)]
		qualify |= uint64(uint32(^(j|prev))>>31) << t
	}
	if qualify == 0 {
		return -1
	}
	// The slots from k on, then those before k: MaxTies <= 32, so the mask
	// repeated twice fits in 64 bits.
	from := k + bits.TrailingZeros64((qualify|qualify<<len(partners))>>k)
	if from >= len(partners) {
		from -= len(partners)
	}
	return p.PrevModule[partners[from]]
}

// tiedModuleByScan is TiedModule as its definition, the reference it is
// tested against: slot k, k+1, ... (cyclically), the first partner who
// worked last tick.
func tiedModuleByScan(p *Population, i, k int) int32 {
	base := i * p.MaxTies
	for range p.MaxTies {
		if j := p.TiePartner[base+k]; j >= 0 && p.PrevModule[j] >= 0 {
			return p.PrevModule[j]
		}
		k = (k + 1) % p.MaxTies
	}
	return -1
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AddTie records a tie from i to j used at tick: it refreshes an existing
// tie, or takes an empty or faded slot, or else replaces the stalest. A tie
// in an empty or faded slot is a new live tie, counted in TieCount[i].
func (p *Population) AddTie(i, j int32, tick, fade int32) {
	base := int(i) * p.MaxTies
	partners := p.TiePartner[base : base+p.MaxTies]
	used := p.TieUsed[base : base+len(partners)]
	now := uint16(tick)
	// One pass with no branch on the slots' contents: the slot holding j,
	// if any, and the first of the stalest, where free slots score highest.
	const free = 1 << 20
	hit, slot, oldest := -1, 0, int32(-1)
	for k, partner := range partners {
		age := int32(now - used[k])
		gone := int32(b2i(partner < 0) | b2i(age > fade))
		score := age + (free-age)&-gone // free for an empty or faded slot
		if score > oldest {
			slot, oldest = k, score
		}
		if partner == j {
			hit = k
		}
	}
	if hit >= 0 {
		used[hit] = now
		return
	}
	if oldest == free {
		p.TieCount[i]++
	}
	partners[slot] = j
	used[slot] = now
}

// TieAdder adds ties in pairs (both sides), tieLookahead pairs after they
// are given, in the order given: each pair's tie lists, at random places in
// a large population, are read when the pair is given, so that their cache
// misses overlap with the work on earlier pairs instead of stalling one
// after another (at 10^6 contributors they took an eighth of the tick).
// The ties are those of calling AddTie both ways at once. Go has no
// prefetch instruction; a load whose value is kept does the same.
type TieAdder struct {
	p          *Population
	tick, fade int32
	ahead      [tieLookahead][2]int32
	given      int
	touched    uint32
}

// tieLookahead is how many pairs a TieAdder keeps in flight.
const tieLookahead = 8

// NewTieAdder returns an adder of ties used at tick, with ties unused for
// fade ticks dead.
func NewTieAdder(p *Population, tick, fade int32) TieAdder {
	return TieAdder{p: p, tick: tick, fade: fade}
}

// Add ties i and j (both ways), now or a few pairs later; Flush adds the
// pairs still in flight.
func (a *TieAdder) Add(i, j int32) {
	p := a.p
	a.touched ^= p.touchTies(i) ^ p.touchTies(j)
	slot := &a.ahead[a.given%tieLookahead]
	if a.given >= tieLookahead {
		p.AddTie(slot[0], slot[1], a.tick, a.fade)
		p.AddTie(slot[1], slot[0], a.tick, a.fade)
	}
	*slot = [2]int32{i, j}
	a.given++
}

// Flush adds the pairs still in flight; the adder is then empty.
func (a *TieAdder) Flush() {
	for d := max(0, a.given-tieLookahead); d < a.given; d++ {
		pair := a.ahead[d%tieLookahead]
		a.p.AddTie(pair[0], pair[1], a.tick, a.fade)
		a.p.AddTie(pair[1], pair[0], a.tick, a.fade)
	}
	a.given = 0
	// The touches are loads whose values nothing needs; keep them.
	runtime.KeepAlive(a.touched)
}

// touchTies reads contributor i's tie slots and returns a value made from
// them, bringing the slots into the cache ahead of AddTie.
func (p *Population) touchTies(i int32) uint32 {
	base := int(i) * p.MaxTies
	return uint32(p.TiePartner[base]) ^ uint32(p.TieUsed[base])
}
