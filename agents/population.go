package agents

import "math/bits"

// Segment is the population segment a contributor was drawn from.
type Segment uint8

// The segments of scenarios.Segments, in that order.
const (
	Volunteer Segment = iota
	Student
	Employee
	NumSegments
)

func (s Segment) String() string {
	return [...]string{"volunteer", "student", "employee"}[s]
}

// Role is a contributor's position in the governance of the commons.
type Role uint8

// Roles: most contributors are peripheral; maintainers (the core) are chosen
// by reputation; managers exist only in hierarchical governance.
const (
	Peripheral Role = iota
	Maintainer
	Manager
)

// Flags are per-contributor booleans packed in one byte.
type Flags uint8

// Flag bits.
const (
	Active   Flags = 1 << iota // has joined and not left
	Paid                       // a sponsor pays it a wage
	Worked                     // worked this tick
	Assigned                   // this tick's module was assigned by a manager
	Reviewer                   // reviews this tick
	Founder                    // part of the population at tick 0
)

// Population holds every contributor who ever joined, as struct-of-arrays:
// one slice per field, indexed by contributor id (the order of joining).
// Departed contributors stay (inactive) because cumulative inequality and
// survival analysis need them. float32 suffices for traits; cumulative
// amounts are float64 so that long runs do not lose small contributions.
type Population struct {
	Segment []Segment
	Role    []Role
	Flags   []Flags

	Intrinsic  []float32 // current intrinsic motivation in [0,1]
	Intrinsic0 []float32 // intrinsic motivation on joining (crowding-out floor)
	Social     []float32
	Extrinsic  []float32
	Hours      []float32 // hours per tick it can give
	Skill      []float32 // in (0,1)
	Engagement []float32 // in [0,1]
	Utility    []float32 // last computed utility
	Reputation []float32 // peer-validated standing, decays

	Submitted []int32
	Accepted  []int32
	Rejected  []int32
	Joined    []int32 // tick of joining
	Left      []int32 // tick of leaving, -1 while active

	Contributed []float64 // cumulative accepted value
	Benefit     []float64 // cumulative revenue returned to it by the commons
	Recent      []float32 // exponentially weighted recent accepted value (bus factor, proportional pay)

	// Module worked on this tick and last tick. Contributors read only the
	// previous tick's modules of others (ties), so the work phase can run
	// in parallel shards.
	Module     []int32
	PrevModule []int32

	// Ties: a bounded list of MaxTies partners per contributor, stored flat
	// (contributor i's ties are TiePartner[i*MaxTies : (i+1)*MaxTies]), -1
	// for an empty slot, with the tick each was last used.
	MaxTies    int
	TiePartner []int32
	TieUsed    []uint16
	// TieCount is the number of live ties this tick: counted (and the
	// faded ones pruned) once, in the work phase, then raised by AddTie as
	// new ties form, so that the update phase and the observation read it
	// instead of counting again.
	TieCount []uint8

	// Per-tick scratch, reset in the update phase.
	HoursWorked  []float32
	AcceptedTick []float32 // value accepted this tick
	IncomeTick   []float32 // wage, basic income and returned revenue this tick
	ReturnedTick []float32 // returned revenue alone this tick
	RejectedTick []uint8
	AbandonTick  []uint8
}

// Len is the number of contributors who ever joined.
func (p *Population) Len() int { return len(p.Flags) }

// Grow makes room for n more contributors without reallocating on each
// join; appends only allocate when capacity runs out.
func (p *Population) Grow(n int) {
	p.Segment = growTo(p.Segment, n)
	p.Role = growTo(p.Role, n)
	p.Flags = growTo(p.Flags, n)
	p.Intrinsic = growTo(p.Intrinsic, n)
	p.Intrinsic0 = growTo(p.Intrinsic0, n)
	p.Social = growTo(p.Social, n)
	p.Extrinsic = growTo(p.Extrinsic, n)
	p.Hours = growTo(p.Hours, n)
	p.Skill = growTo(p.Skill, n)
	p.Engagement = growTo(p.Engagement, n)
	p.Utility = growTo(p.Utility, n)
	p.Reputation = growTo(p.Reputation, n)
	p.Submitted = growTo(p.Submitted, n)
	p.Accepted = growTo(p.Accepted, n)
	p.Rejected = growTo(p.Rejected, n)
	p.Joined = growTo(p.Joined, n)
	p.Left = growTo(p.Left, n)
	p.Contributed = growTo(p.Contributed, n)
	p.Benefit = growTo(p.Benefit, n)
	p.Recent = growTo(p.Recent, n)
	p.Module = growTo(p.Module, n)
	p.PrevModule = growTo(p.PrevModule, n)
	p.TiePartner = growTo(p.TiePartner, n*p.MaxTies)
	p.TieUsed = growTo(p.TieUsed, n*p.MaxTies)
	p.TieCount = growTo(p.TieCount, n)
	p.HoursWorked = growTo(p.HoursWorked, n)
	p.AcceptedTick = growTo(p.AcceptedTick, n)
	p.IncomeTick = growTo(p.IncomeTick, n)
	p.ReturnedTick = growTo(p.ReturnedTick, n)
	p.RejectedTick = growTo(p.RejectedTick, n)
	p.AbandonTick = growTo(p.AbandonTick, n)
}

func growTo[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	out := make([]T, len(s), len(s)+max(n, len(s)/2))
	copy(out, s)
	return out
}

// Newcomer is the traits of a contributor about to join.
type Newcomer struct {
	Segment                      Segment
	Intrinsic, Social, Extrinsic float32
	Hours, Skill                 float32
	Paid, Founder                bool
}

// Add appends a contributor who joins at tick with the given traits and
// engagement, and returns its id.
func (p *Population) Add(c Newcomer, engagement float32, tick int32) int32 {
	id := int32(len(p.Flags))
	flags := Active
	if c.Paid {
		flags |= Paid
	}
	if c.Founder {
		flags |= Founder
	}
	p.Segment = append(p.Segment, c.Segment)
	p.Role = append(p.Role, Peripheral)
	p.Flags = append(p.Flags, flags)
	p.Intrinsic = append(p.Intrinsic, c.Intrinsic)
	p.Intrinsic0 = append(p.Intrinsic0, c.Intrinsic)
	p.Social = append(p.Social, c.Social)
	p.Extrinsic = append(p.Extrinsic, c.Extrinsic)
	p.Hours = append(p.Hours, c.Hours)
	p.Skill = append(p.Skill, c.Skill)
	p.Engagement = append(p.Engagement, engagement)
	p.Utility = append(p.Utility, engagement)
	p.Reputation = append(p.Reputation, 0)
	p.Submitted = append(p.Submitted, 0)
	p.Accepted = append(p.Accepted, 0)
	p.Rejected = append(p.Rejected, 0)
	p.Joined = append(p.Joined, tick)
	p.Left = append(p.Left, -1)
	p.Contributed = append(p.Contributed, 0)
	p.Benefit = append(p.Benefit, 0)
	p.Recent = append(p.Recent, 0)
	p.Module = append(p.Module, -1)
	p.PrevModule = append(p.PrevModule, -1)
	for range p.MaxTies {
		p.TiePartner = append(p.TiePartner, -1)
		p.TieUsed = append(p.TieUsed, 0)
	}
	p.TieCount = append(p.TieCount, 0)
	p.HoursWorked = append(p.HoursWorked, 0)
	p.AcceptedTick = append(p.AcceptedTick, 0)
	p.IncomeTick = append(p.IncomeTick, 0)
	p.ReturnedTick = append(p.ReturnedTick, 0)
	p.RejectedTick = append(p.RejectedTick, 0)
	p.AbandonTick = append(p.AbandonTick, 0)
	return id
}

// IsActive reports whether contributor i is active.
func (p *Population) IsActive(i int) bool { return p.Flags[i]&Active != 0 }

// Leave marks contributor i as departed at tick.
func (p *Population) Leave(i int, tick int32) {
	p.Flags[i] &^= Active | Worked | Reviewer
	p.Role[i] = Peripheral
	p.Left[i] = tick
}

// CountTies counts contributor i's ties used within the last fade ticks,
// prunes the older ones and stores the count in TieCount[i]. It writes only
// i's own slots. The loop has no branch on the slots' contents: whether a
// tie is live is as good as a coin toss, and mispredicted branches made the
// count a tenth of the tick.
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

// tiedModule is the module that the first of contributor i's partners to
// have worked last tick worked on, looking from slot k onwards (cyclically),
// or -1 if none did. It reads every partner's module at once, as a mask of
// the slots that qualify, rather than one slot after another: the loads are
// then independent (at 10^6 contributors each is a cache miss, and in a
// chain they were a twentieth of the tick) and whether a slot qualifies is
// no branch.
func (p *Population) tiedModule(i, k int) int32 {
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

// TouchTies reads contributor i's tie slots and returns a value made from
// them, so that a caller about to add ties at random places in a large
// population can bring the slots into the cache ahead of time (Go has no
// prefetch instruction; a load whose value is kept does the same).
func (p *Population) TouchTies(i int32) uint32 {
	base := int(i) * p.MaxTies
	return uint32(p.TiePartner[base]) ^ uint32(p.TieUsed[base])
}

// BytesPerContributor is the memory one contributor takes in a Population,
// for the memory estimate made before a run allocates.
func BytesPerContributor(maxTies int) int {
	// 3 one-byte fields, 10 float32, 7 int32 incl. modules, 2 float64,
	// 4 float32 + 2 uint8 of scratch, a tie count, and an int32 and a
	// uint16 per tie slot.
	return 3 + 10*4 + 7*4 + 2*8 + 4*4 + 2 + 1 + maxTies*6
}
