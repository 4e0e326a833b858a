package agents

import "unsafe"

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
	Owned                      // employed by the commons' owner (mechanism 18); also Paid
)

// Population holds every contributor who ever joined, as struct-of-arrays:
// one slice per field, indexed by contributor id (the order of joining).
// Departed contributors stay (inactive) because cumulative inequality and
// survival analysis need them. float32 suffices for traits; cumulative
// amounts are float64 so that long runs do not lose small contributions.
//
// The state variables are those of docs/MODEL.md §1.2. To add one, declare
// its slice here and list it in columns (with its initial value in Add if
// that is not zero): Grow, Add and BytesPerContributor all go through
// columns, and a test checks that every slice is listed.
type Population struct {
	Segment []Segment
	Role    []Role
	Flags   []Flags
	// Commons is the commons it belongs to, one at a time (docs/MODEL.md
	// §3.3.19): 0 in a run of one commons.
	Commons []uint8

	Intrinsic  []float32 // current intrinsic motivation in [0,1]
	Intrinsic0 []float32 // intrinsic motivation on joining (crowding-out floor)
	Social     []float32
	Extrinsic  []float32
	Hours      []float32 // commons hours available this tick, from the time budget (mechanism 13)
	Skill      []float32 // in (0,1)
	Engagement []float32 // in [0,1]
	Utility    []float32 // last computed utility
	Reputation []float32 // peer-validated standing: accepted and review work, decaying

	Commitment  []float32 // share of its free time it gives the commons (mechanism 14)
	Commitment0 []Unit    // commitment on joining
	Strain      []Unit    // burnout strain in [0,1] (mechanism 16)
	Reviewed    []float32 // cumulative review hours (review is work)

	Submitted []int32
	Accepted  []int32
	Rejected  []int32
	Joined    []int32 // tick of joining
	Left      []int32 // tick of leaving, -1 while active

	Contributed []float64 // cumulative accepted value
	Benefit     []float64 // cumulative revenue returned to it by the commons
	Recent      []float32 // recent work: accepted value and review, exponentially weighted (bus factor, proportional pay); 0 once left

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

	// Familiarity (mechanism 15): a bounded list of MaxFamiliar modules
	// per contributor, stored flat like ties, each slot a Familiar value
	// (0: empty).
	MaxFamiliar int
	Familiar    []Familiar

	// The last economic settlement, read by the next tick's time budget
	// (mechanism 13) and by the update phase: overwritten every tick.
	IncomeTick   []float32 // wage, basic income and returned revenue
	ReturnedTick []float32 // returned revenue alone

	// Per-tick scratch, reset by EndTick.
	HoursWorked  []float32
	AcceptedTick []float32 // value accepted this tick
	RejectedTick []uint8
	AbandonTick  []uint8
}

// columns calls column for every per-contributor slice of p, with the
// number of entries one contributor takes in it (1, or MaxTies for the tie
// slots, MaxFamiliar for the familiarity slots). It is the one list of the
// contributors' state.
func (p *Population) columns(v *visitor) {
	column(v, &p.Segment, 1)
	column(v, &p.Role, 1)
	column(v, &p.Flags, 1)
	column(v, &p.Commons, 1)
	column(v, &p.Intrinsic, 1)
	column(v, &p.Intrinsic0, 1)
	column(v, &p.Social, 1)
	column(v, &p.Extrinsic, 1)
	column(v, &p.Hours, 1)
	column(v, &p.Skill, 1)
	column(v, &p.Engagement, 1)
	column(v, &p.Utility, 1)
	column(v, &p.Reputation, 1)
	column(v, &p.Commitment, 1)
	column(v, &p.Commitment0, 1)
	column(v, &p.Strain, 1)
	column(v, &p.Reviewed, 1)
	column(v, &p.Submitted, 1)
	column(v, &p.Accepted, 1)
	column(v, &p.Rejected, 1)
	column(v, &p.Joined, 1)
	column(v, &p.Left, 1)
	column(v, &p.Contributed, 1)
	column(v, &p.Benefit, 1)
	column(v, &p.Recent, 1)
	column(v, &p.Module, 1)
	column(v, &p.PrevModule, 1)
	column(v, &p.TiePartner, p.MaxTies)
	column(v, &p.TieUsed, p.MaxTies)
	column(v, &p.TieCount, 1)
	column(v, &p.Familiar, p.MaxFamiliar)
	column(v, &p.HoursWorked, 1)
	column(v, &p.AcceptedTick, 1)
	column(v, &p.IncomeTick, 1)
	column(v, &p.ReturnedTick, 1)
	column(v, &p.RejectedTick, 1)
	column(v, &p.AbandonTick, 1)
}

// visitor is what columns does to every column.
type visitor struct {
	op    columnOp
	n     int // opGrow: room for n more contributors
	bytes int // opBytes: the sum so far
}

type columnOp uint8

const (
	opGrow   columnOp = iota // make room for n more contributors
	opAppend                 // append one contributor's zero entries
	opBytes                  // add up the bytes of one contributor
)

func column[T any](v *visitor, s *[]T, width int) {
	var zero T
	switch v.op {
	case opGrow:
		*s = growTo(*s, v.n*width)
	case opAppend:
		for range width {
			*s = append(*s, zero)
		}
	case opBytes:
		v.bytes += width * int(unsafe.Sizeof(zero))
	}
}

// Len is the number of contributors who ever joined.
func (p *Population) Len() int { return len(p.Flags) }

// Grow makes room for n more contributors without reallocating on each
// join; appends only allocate when capacity runs out.
func (p *Population) Grow(n int) { p.columns(&visitor{op: opGrow, n: n}) }

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
	Commitment, Skill            float32
	Paid, Owned, Founder         bool
	Commons                      uint8 // the commons it joins
}

// Add appends a contributor who joins at tick with the given traits and
// engagement, and returns its id. Every state variable starts at zero
// but those set here.
func (p *Population) Add(c Newcomer, engagement float32, tick int32) int32 {
	id := int32(len(p.Flags))
	p.columns(&visitor{op: opAppend})
	flags := Active
	if c.Paid {
		flags |= Paid
	}
	if c.Founder {
		flags |= Founder
	}
	if c.Owned {
		flags |= Owned
	}
	p.Segment[id] = c.Segment
	p.Commons[id] = c.Commons
	p.Flags[id] = flags
	p.Intrinsic[id] = c.Intrinsic
	p.Intrinsic0[id] = c.Intrinsic
	p.Social[id] = c.Social
	p.Extrinsic[id] = c.Extrinsic
	p.Commitment[id] = c.Commitment
	p.Commitment0[id] = ToUnit(float64(c.Commitment))
	p.Skill[id] = c.Skill
	p.Engagement[id] = engagement
	p.Utility[id] = engagement
	p.Joined[id] = tick
	p.Left[id] = -1
	p.Module[id] = -1
	p.PrevModule[id] = -1
	base := int(id) * p.MaxTies
	for k := range p.MaxTies {
		p.TiePartner[base+k] = -1
	}
	return id
}

// IsActive reports whether contributor i is active.
func (p *Population) IsActive(i int) bool { return p.Flags[i]&Active != 0 }

// Leave marks contributor i as departed at tick. Its recent work is set to
// 0: the bus factor and the core's share count active contributors only.
func (p *Population) Leave(i int, tick int32) {
	p.Flags[i] &^= Active | Worked | Reviewer
	p.Role[i] = Peripheral
	p.Left[i] = tick
	p.Recent[i] = 0
}

// EndTick resets contributor i's per-tick scratch for the next tick. The
// last settlement (IncomeTick, ReturnedTick) is kept: the next tick's time
// budget reads it.
func (p *Population) EndTick(i int) {
	p.HoursWorked[i] = 0
	p.AcceptedTick[i] = 0
	p.RejectedTick[i], p.AbandonTick[i] = 0, 0
	p.Flags[i] &^= Worked | Assigned
}

// BytesPerContributor is the memory one contributor takes in a Population,
// for the memory estimate made before a run allocates.
func BytesPerContributor(maxTies, maxFamiliar int) int {
	v := visitor{op: opBytes}
	(&Population{MaxTies: maxTies, MaxFamiliar: maxFamiliar}).columns(&v)
	return v.bytes
}

// Unit is a number in [0,1] in 16 bits (steps of 1/65535), for state that
// needs no more precision: commitment on joining, burnout strain.
type Unit uint16

// ToUnit rounds x, clamped to [0,1], to a Unit.
func ToUnit(x float64) Unit { return Unit(min(1, max(0, x))*65535 + 0.5) }

// Float is u as a number in [0,1].
func (u Unit) Float() float64 { return float64(u) / 65535 }
