package sim

import (
	"commonsim/agents"
	"commonsim/scenarios"
)

// Mechanism 13, the time budget (docs/MODEL.md §3.3.13): time is the
// scarce resource, and income buys it. Peer producers "are dependent on the
// income provided by the market" (seed 004): each contributor has a weekly
// time budget, a living cost to cover and an outside wage; what the commons
// pays it (a sponsor's wage for commons hours, returned revenue, a basic
// income) is outside work it need not do, and it gives the commons its
// commitment's share (mechanism 14) of the time left. So a commons that
// returns revenue lets its people give more time and a platform that
// captures it does not; a basic income acts through the same channel.
// Burnout (mechanism 16) costs a share of the hours.

// budgetParams are mechanism 13's parameters: each segment's material
// circumstances, and whether income buys time (the material channel).
type budgetParams struct {
	segments    [agents.NumSegments]segmentBudget
	material    bool    // budget.enabled
	ownerHours  float64 // owner.hours: sponsored hours of the owner's employees
	burnoutLoss float64 // burnout.hours_loss, 0 when burnout is off
}

// segmentBudget is one segment's time budget T, living cost L, outside wage
// w, flexibility φ and the sponsored hours S of its paid members.
type segmentBudget struct {
	budget, livingCost, wage, flexibility, sponsored float64
}

func newBudgetParams(sc *scenarios.Scenario) budgetParams {
	b := budgetParams{material: sc.Budget.Enabled, ownerHours: sc.Owner.Hours}
	for k, s := range segmentsOf(sc) {
		b.segments[k] = segmentBudget{
			budget:      s.BudgetHours,
			livingCost:  s.LivingCost,
			wage:        s.OutsideWage,
			flexibility: s.Flexibility,
			sponsored:   s.SponsoredHours,
		}
	}
	if sc.Burnout.Enabled {
		b.burnoutLoss = sc.Burnout.HoursLoss
	}
	return b
}

// segmentsOf returns the scenario's segments in the order of agents.Segment.
func segmentsOf(sc *scenarios.Scenario) [agents.NumSegments]*scenarios.Segment {
	s := &sc.Segments
	return [agents.NumSegments]*scenarios.Segment{&s.Volunteer, &s.Student, &s.Employee}
}

// commonsHours is the time budget of one contributor of segment b.
// sponsored is its paid commons hours S (0 if unpaid), paid at the
// segment's wage; other is its commons income besides that wage (returned
// revenue and basic income); commitment is the share c of its free time
// it gives the commons. It returns the commons hours H and the outside
// hours O:
//
//	O⁰ = clamp((L − S w) / w, 0, T − S)          outside hours on the wage alone
//	O* = clamp((L − S w − other) / w, 0, T − S)  outside hours needed
//	O  = O⁰ − φ (O⁰ − O*)                        (O = O⁰ with the material channel off)
//	H  = S + c (T − S − O)
//
// Sponsored hours beyond the budget are cut to it. With no living cost O =
// 0, and with commitment 1 a contributor gives its whole budget; with
// flexibility 1 and commitment 1, income x buys exactly x / w hours while
// the need is not clamped (both tested).
func commonsHours(b *segmentBudget, sponsored, other, commitment float64, material bool) (hours, outside float64) {
	s := min(sponsored, b.budget)
	room := b.budget - s
	wage := s * b.wage
	base := clamp((b.livingCost-wage)/b.wage, 0, room)
	outside = base
	if material {
		need := clamp((b.livingCost-wage-other)/b.wage, 0, room)
		outside = base - b.flexibility*(base-need)
	}
	return s + commitment*(room-outside), outside
}

func clamp(x, lo, hi float64) float64 { return min(hi, max(lo, x)) }

// budgetHours works out active contributor i's commons hours this tick
// from its time budget and last tick's settlement, less what strain costs;
// it stores them in its Hours, and returns them (as stored), its outside
// hours and its sponsored hours. c is its commons, whose owner may pay it.
func (m *Model) budgetHours(i int, c *commonsState) (hours float32, outside, sponsored float64) {
	p := &m.pop
	b := &m.params.budget
	seg := &b.segments[p.Segment[i]]
	f := p.Flags[i]
	if f&agents.Paid != 0 && m.now.paying {
		sponsored = seg.sponsored
		if f&agents.Owned != 0 {
			// The owner pays only what it kept last tick (mechanism 18).
			sponsored = b.ownerHours * c.now.ownerPays
		}
	}
	h, outside := commonsHours(seg, sponsored, float64(p.ReturnedTick[i])+m.now.basicIncome, float64(p.Commitment[i]), b.material)
	h *= 1 - b.burnoutLoss*p.Strain[i].Float()
	// Hours are kept as float32 and used as kept, so that the update phase
	// works out the same review hours again (reviewHours).
	p.Hours[i] = float32(h)
	return p.Hours[i], outside, sponsored
}

// hoursBins is the number of bins of the FLOSS 2002 survey's weekly hours.
const hoursBins = 6

// hoursBin returns the FLOSS 2002 bin of weekly hours h, rounded to the
// hour as the survey's answers were: under 2, 2–5, 6–10, 11–20, 21–40, over
// 40.
func hoursBin(h float64) int {
	switch r := h + 0.5; {
	case r < 2:
		return 0
	case r < 6:
		return 1
	case r < 11:
		return 2
	case r < 21:
		return 3
	case r < 41:
		return 4
	}
	return 5
}
