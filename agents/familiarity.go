package agents

// Familiar is one slot of a contributor's familiarity list (mechanism 15,
// docs/MODEL.md §3.3.15): a module and the contributor's accepted
// deliveries to it, packed in 32 bits, the module in the high 20 bits and
// the count, saturating at MaxDeliveries, in the low 12. The zero value is
// an empty slot (a listed module has at least one delivery). Four bytes a
// slot keep a list of 8 within the memory budget of a contributor.
type Familiar uint32

const (
	familiarCountBits = 12
	// MaxDeliveries is the largest count a slot holds; further deliveries
	// leave it there.
	MaxDeliveries = 1<<familiarCountBits - 1
	// MaxFamiliarModules bounds the module index a slot can hold: a
	// scenario's modules.count must not exceed it.
	MaxFamiliarModules = 1 << (32 - familiarCountBits)
)

// Module is the slot's module; meaningless for an empty slot.
func (f Familiar) Module() int32 { return int32(f >> familiarCountBits) }

// Deliveries is the slot's count of accepted deliveries, 0 for an empty slot.
func (f Familiar) Deliveries() int32 { return int32(f & MaxDeliveries) }

func packFamiliar(module int32, count int32) Familiar {
	return Familiar(uint32(module)<<familiarCountBits | uint32(count))
}

// FamiliarSlots returns contributor i's familiarity list (its slots in the
// flat storage).
func (p *Population) FamiliarSlots(i int) []Familiar {
	base := i * p.MaxFamiliar
	return p.Familiar[base : base+p.MaxFamiliar]
}

// RecordDelivery records an accepted delivery by contributor i to module m:
// a listed module's count rises (saturating); an unlisted one takes the
// first empty slot, or else replaces the first of the slots with the fewest
// deliveries, with a count of 1. It writes only i's own slots.
func (p *Population) RecordDelivery(i int, m int32) { p.RecordDeliveries(i, m, 1) }

// RecordDeliveries records n > 0 accepted deliveries by contributor i to
// module m, as n calls of RecordDelivery would: the first lists m if it is
// not listed, and the count saturates at MaxDeliveries.
func (p *Population) RecordDeliveries(i int, m int32, n int32) {
	slots := p.FamiliarSlots(i)
	low, lowCount := 0, int32(MaxDeliveries+1)
	for k, f := range slots {
		c := f.Deliveries()
		if c > 0 && f.Module() == m {
			slots[k] = packFamiliar(m, min(MaxDeliveries, c+n))
			return
		}
		if c < lowCount {
			low, lowCount = k, c
		}
	}
	slots[low] = packFamiliar(m, min(MaxDeliveries, n))
}

// DeliveriesTo returns contributor i's listed deliveries to module m, 0 if
// m is not on its list.
func (p *Population) DeliveriesTo(i int, m int32) int32 {
	for _, f := range p.FamiliarSlots(i) {
		if f.Deliveries() > 0 && f.Module() == m {
			return f.Deliveries()
		}
	}
	return 0
}

// ShiftFamiliar moves contributor i's familiarity list by delta modules:
// every listed module m becomes m + delta, with its deliveries. A
// contributor moving to a fork of its commons (docs/MODEL.md §3.3.12)
// knows the fork's copies of the modules it knew.
func (p *Population) ShiftFamiliar(i int, delta int32) {
	slots := p.FamiliarSlots(i)
	for k, f := range slots {
		if n := f.Deliveries(); n > 0 {
			slots[k] = packFamiliar(f.Module()+delta, n)
		}
	}
}

// ClearFamiliar empties contributor i's familiarity list.
func (p *Population) ClearFamiliar(i int) { clear(p.FamiliarSlots(i)) }
