package agents

import (
	"reflect"
	"testing"
)

// TestColumnsListEveryField holds the one-edit rule of Population: every
// per-contributor slice is in columns, so that Grow makes room in it, Add
// gives the newcomer its entries and BytesPerContributor counts it.
func TestColumnsListEveryField(t *testing.T) {
	const maxTies, maxFamiliar = 3, 2
	p := &Population{MaxTies: maxTies, MaxFamiliar: maxFamiliar}
	p.Grow(10)
	p.Add(Newcomer{Commitment: 0.25, Skill: 0.5, Paid: true}, 0.7, 4)
	p.Add(Newcomer{Founder: true}, 0.2, 0)
	v := reflect.ValueOf(p).Elem()
	bytes := 0
	for k := range v.NumField() {
		f, field := v.Field(k), v.Type().Field(k)
		if f.Kind() != reflect.Slice {
			continue
		}
		width := 1
		if field.Name == "TiePartner" || field.Name == "TieUsed" {
			width = maxTies
		}
		if field.Name == "Familiar" {
			width = maxFamiliar
		}
		if f.Len() != 2*width {
			t.Errorf("%s has %d entries for 2 contributors: list it in Population.columns", field.Name, f.Len())
		}
		if f.Cap() < 10*width {
			t.Errorf("%s has room for %d entries after Grow(10): list it in Population.columns", field.Name, f.Cap())
		}
		bytes += width * int(field.Type.Elem().Size())
	}
	if got := BytesPerContributor(maxTies, maxFamiliar); got != bytes {
		t.Errorf("BytesPerContributor(%d, %d) = %d, the fields add up to %d", maxTies, maxFamiliar, got, bytes)
	}
	// The initial values Add sets.
	if p.Flags[0] != Active|Paid || p.Flags[1] != Active|Founder || p.Engagement[0] != 0.7 || p.Utility[0] != 0.7 ||
		p.Joined[0] != 4 || p.Left[0] != -1 || p.Module[1] != -1 || p.PrevModule[1] != -1 ||
		p.Commitment[0] != 0.25 || p.Commitment0[0] != ToUnit(0.25) {
		t.Errorf("initial values: flags %v, engagement %v, utility %v, joined %v, left %v, module %v %v",
			p.Flags, p.Engagement, p.Utility, p.Joined, p.Left, p.Module, p.PrevModule)
	}
	for _, j := range p.TiePartner {
		if j != -1 {
			t.Fatalf("tie slots of newcomers: %v, want all empty (-1)", p.TiePartner)
		}
	}
}
