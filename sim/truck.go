package sim

import (
	"math"
	"slices"

	"commonsim/agents"
	"commonsim/analysis"
)

// truckFactor is the scratch of the truck factor (docs/MODEL.md §3.5), in
// the observer, reused every time it is computed so that a tick allocates
// nothing once its slices have grown.
type truckFactor struct {
	firstDL  []int32 // per module: its active first author's listed deliveries (0: none)
	otherDL  []int32 // per module: most listed deliveries of another active contributor
	minDL    []int32 // per module: least deliveries that make another contributor an author
	firstIs  []bool  // per module: its first author is an author
	cover    []int32 // per module: authors not yet removed
	authors  []authorCount
	capacity int // modules the per-module slices hold
}

// authorCount is an author and the number of modules it authors.
type authorCount struct {
	id, modules int32
}

func (t *truckFactor) bytes() int { return t.capacity*(4*4+1) + cap(t.authors)*8 }

func (t *truckFactor) reset(n int) {
	if cap(t.firstDL) < n {
		t.firstDL = make([]int32, n)
		t.otherDL = make([]int32, n)
		t.minDL = make([]int32, n)
		t.firstIs = make([]bool, n)
		t.cover = make([]int32, n)
		t.capacity = n
	}
	t.firstDL, t.otherDL, t.minDL = t.firstDL[:n], t.otherDL[:n], t.minDL[:n]
	t.firstIs, t.cover = t.firstIs[:n], t.cover[:n]
	clear(t.firstDL)
	clear(t.otherDL)
	clear(t.cover)
	t.authors = t.authors[:0]
}

// truckFactor computes the truck factor of Avelino et al. (2016) over the
// active contributors' familiarity lists: the plain definition is
// analysis.Authors followed by analysis.TruckFactor, which it equals
// (tested). It needs no logarithm per contributor: on a module, a
// contributor's degree of authorship rises with its deliveries, so the
// authors other than the first author are those with at least a number of
// deliveries found once per module, by bisection, from the module's
// highest degree of authorship.
func (m *Model) truckFactor() int {
	p := &m.pop
	t := &m.obs.truck
	nm := len(m.deliveries)
	t.reset(nm)
	// Pass 1: each module's first author's deliveries, and the most
	// deliveries of anyone else active.
	for i := range p.Len() {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		for _, f := range p.FamiliarSlots(i) {
			dl := f.Deliveries()
			if dl == 0 {
				continue
			}
			mod := f.Module()
			if m.firstAuthor[mod] == int32(i) {
				t.firstDL[mod] = dl
			} else {
				t.otherDL[mod] = max(t.otherDL[mod], dl)
			}
		}
	}
	// Per module: the highest degree of authorship, whether the first
	// author is an author, and the least deliveries for anyone else.
	counted := 0
	for mod := range nm {
		total := m.deliveries[mod]
		if total > 0 {
			counted++
		}
		doa := func(first bool, dl int32) float64 {
			return analysis.DegreeOfAuthorship(first, int(dl), int(total)-int(dl))
		}
		best := math.Inf(-1)
		if dl := t.firstDL[mod]; dl > 0 {
			best = doa(true, dl)
		}
		if dl := t.otherDL[mod]; dl > 0 {
			best = max(best, doa(false, dl))
		}
		t.firstIs[mod] = t.firstDL[mod] > 0 && doa(true, t.firstDL[mod])/best > analysis.AuthorShare
		is := func(dl int32) bool {
			d := doa(false, dl)
			return d/best > analysis.AuthorShare && d >= analysis.DOABase
		}
		t.minDL[mod] = math.MaxInt32
		if hi := t.otherDL[mod]; hi > 0 && is(hi) {
			lo := int32(1) // the least count that qualifies is in [lo, hi]
			for lo < hi {
				mid := lo + (hi-lo)/2
				if is(mid) {
					hi = mid
				} else {
					lo = mid + 1
				}
			}
			t.minDL[mod] = lo
		}
	}
	// Pass 2: the authors and how many modules each authors.
	for i := range p.Len() {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		n := int32(0)
		for _, f := range p.FamiliarSlots(i) {
			if m.authors(i, f) {
				n++
				t.cover[f.Module()]++
			}
		}
		if n > 0 {
			t.authors = append(t.authors, authorCount{int32(i), n})
		}
	}
	covered := 0
	for _, c := range t.cover {
		if c > 0 {
			covered++
		}
	}
	// Greedy removal of the author of the most modules (ties to the lower
	// id), while at least half of the modules that ever had accepted work
	// keep an author.
	slices.SortFunc(t.authors, func(a, b authorCount) int {
		if a.modules != b.modules {
			return int(b.modules - a.modules)
		}
		return int(a.id - b.id)
	})
	tf := 0
	for _, a := range t.authors {
		if float64(covered) < analysis.TruckCoverage*float64(counted) {
			break
		}
		for _, f := range p.FamiliarSlots(int(a.id)) {
			if m.authors(int(a.id), f) {
				mod := f.Module()
				t.cover[mod]--
				if t.cover[mod] == 0 {
					covered--
				}
			}
		}
		tf++
	}
	return tf
}

// authors reports whether active contributor i, by its familiarity slot f,
// authors f's module, given the per-module thresholds of truckFactor.
func (m *Model) authors(i int, f agents.Familiar) bool {
	dl := f.Deliveries()
	if dl == 0 {
		return false
	}
	mod := f.Module()
	if m.firstAuthor[mod] == int32(i) {
		return m.obs.truck.firstIs[mod]
	}
	return dl >= m.obs.truck.minDL[mod]
}

// truckFactorByDefinition is the truck factor by the plain definitions of
// package analysis, on the same data: the reference the fast version is
// tested against.
func (m *Model) truckFactorByDefinition() int {
	p := &m.pop
	var d []analysis.Delivery
	for i := range p.Len() {
		if p.Flags[i]&agents.Active == 0 {
			continue
		}
		for _, f := range p.FamiliarSlots(i) {
			if f.Deliveries() > 0 {
				d = append(d, analysis.Delivery{Author: i, Module: int(f.Module()), Count: int(f.Deliveries()), First: m.firstAuthor[f.Module()] == int32(i)})
			}
		}
	}
	totals := make([]int, len(m.deliveries))
	for k, n := range m.deliveries {
		totals[k] = int(n)
	}
	authors := analysis.Authors(d, totals)
	// Only the modules that ever had accepted work count.
	var counted [][]int
	for k, a := range authors {
		if m.deliveries[k] > 0 {
			counted = append(counted, a)
		}
	}
	return analysis.TruckFactor(counted)
}
