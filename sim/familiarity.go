package sim

import (
	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// Mechanism 15, familiarity (docs/MODEL.md §3.3.15): people return to the
// modules they know, and ownership can emerge (code ownership: Mockus,
// Fielding & Herbsleb 2002; authorship: Avelino et al. 2016). Each
// contributor keeps a bounded list of the modules it delivered to, with its
// accepted deliveries to each (agents.Familiar; recorded by review,
// mechanism 5). A contributor's fit for a module rises with its past
// accepted work there, and in self-selection it adds a module it knows to
// the candidates. The lists are behaviour, bounded; the truck factor is
// measured on the modules' own record (truck.go). With the mechanism off
// the lists are kept but change no choice.

// familiarityParams are mechanism 15's parameters.
type familiarityParams struct {
	enabled   bool
	fit, half float64
}

func newFamiliarityParams(sc *scenarios.Scenario) familiarityParams {
	f := sc.Familiarity
	return familiarityParams{enabled: f.Enabled, fit: f.Fit, half: f.Half}
}

// bonus is the misfit n accepted deliveries to a module remove:
// fit · n / (n + half).
func (f *familiarityParams) bonus(n int32) float64 {
	x := float64(n)
	return f.fit * x / (x + f.half)
}

// effectiveMisfit is contributor i's misfit with module mod, lowered by its
// familiarity with it: max(0, |skill − d| − bonus(deliveries)).
func (m *Model) effectiveMisfit(i int, mod int32) float64 {
	mis := misfit(float64(m.pop.Skill[i]), m.difficulty[mod])
	if f := &m.params.familiarity; f.enabled {
		mis = max(0, mis-f.bonus(m.pop.DeliveriesTo(i, mod)))
	}
	return mis
}

// familiarCandidate draws a module from contributor i's familiarity list
// with probability proportional to its deliveries there (people return
// most to what they know best), and returns it with its deliveries; -1 if
// the list is empty.
func (m *Model) familiarCandidate(i int, st rng.Stream) (int32, int32) {
	slots := m.pop.FamiliarSlots(i)
	total := int32(0)
	for _, f := range slots {
		total += f.Deliveries()
	}
	if total == 0 {
		return -1, 0
	}
	r := int32(st.IntN(int(total)))
	for _, f := range slots {
		n := f.Deliveries()
		if r < n {
			return f.Module(), n
		}
		r -= n
	}
	return -1, 0 // not reached: r < total
}
