package agents

import "testing"

// Deliveries fill the list, count up, saturate, and a new module replaces
// the least-delivered slot (the first of them).
func TestFamiliarityList(t *testing.T) {
	p := &Population{MaxFamiliar: 3}
	p.Add(Newcomer{}, 0.5, 0)
	p.RecordDelivery(0, 7)
	p.RecordDelivery(0, 7)
	p.RecordDelivery(0, 1<<19) // a large module index fits
	p.RecordDelivery(0, 3)
	for _, tc := range []struct{ module, want int32 }{{7, 2}, {1 << 19, 1}, {3, 1}, {9, 0}} {
		if got := p.DeliveriesTo(0, tc.module); got != tc.want {
			t.Errorf("deliveries to %d: %d, want %d", tc.module, got, tc.want)
		}
	}
	p.RecordDelivery(0, 5) // replaces 1<<19, the first with one delivery
	if p.DeliveriesTo(0, 1<<19) != 0 || p.DeliveriesTo(0, 5) != 1 || p.DeliveriesTo(0, 3) != 1 {
		t.Errorf("replacement: %v", p.FamiliarSlots(0))
	}
	for range MaxDeliveries + 10 {
		p.RecordDelivery(0, 7)
	}
	if got := p.DeliveriesTo(0, 7); got != MaxDeliveries {
		t.Errorf("saturation: %d, want %d", got, MaxDeliveries)
	}
}

// A Unit keeps a number in [0,1] to within half a step.
func TestUnit(t *testing.T) {
	for _, x := range []float64{0, 1, 0.5, 1.0 / 3, 0.9999} {
		if got := ToUnit(x).Float(); got < x-0.5/65535 || got > x+0.5/65535 {
			t.Errorf("ToUnit(%g).Float() = %g", x, got)
		}
	}
	if ToUnit(-1) != 0 || ToUnit(2) != 65535 {
		t.Error("ToUnit does not clamp to [0,1]")
	}
}

// RecordDeliveries(i, m, n) leaves the list as n calls of RecordDelivery
// do: listing, replacement and saturation.
func TestRecordDeliveriesIsRepeatedDelivery(t *testing.T) {
	steps := []struct{ module, n int32 }{{7, 3}, {2, 1}, {9, 5}, {4, 2}, {7, 1}, {5, 4}, {2, MaxDeliveries}, {2, 7}, {8, MaxDeliveries + 3}}
	one := &Population{MaxFamiliar: 3}
	many := &Population{MaxFamiliar: 3}
	one.Add(Newcomer{}, 0.5, 0)
	many.Add(Newcomer{}, 0.5, 0)
	for _, s := range steps {
		for range s.n {
			one.RecordDelivery(0, s.module)
		}
		many.RecordDeliveries(0, s.module, s.n)
		for k, f := range many.FamiliarSlots(0) {
			if g := one.FamiliarSlots(0)[k]; f != g {
				t.Fatalf("after %d deliveries to %d: slot %d is %x, want %x", s.n, s.module, k, f, g)
			}
		}
	}
}
