package sim

import (
	"math"
	"slices"

	"commonsim/agents"
	"commonsim/analysis"
)

// The truck factor of Avelino et al. (2016) (docs/MODEL.md §3.5) rests on
// who delivered how much to each module. That record is the modules' own
// (authorship), kept from the accepted deliveries as review credits them,
// apart from the contributors' familiarity lists (mechanism 15): those
// are behaviour, bounded at familiarity.max modules a contributor, and a
// delivery to a module off the list evicts another module's count, so the
// lists cannot say that one contributor authors more than familiarity.max
// modules, and forget authorship that moved on. The modules' record does
// not grow with the contributors either: each module keeps its heaviest
// authors in a list of authorSlots, by the space-saving algorithm of
// Metwally, Agrawal & El Abbadi (2005).

// authorSlots is the length of a module's list of authors. A module's
// authors are those within three quarters of its heaviest author's degree
// of authorship, rarely more than a handful; the rest of the list holds
// those who may yet become one.
const authorSlots = 8

// authorship is the modules' record of their authors.
type authorship struct {
	deliveries  []int64      // per module: accepted deliveries, ever, by anyone
	firstAuthor []int32      // per module: the first contributor with accepted work on it, -1 if none
	slots       []authorSlot // per module, authorSlots of them: its heaviest active authors
	evictions   int64        // slots taken from a listed author so far: 0 means every count is exact
	exits       int          // departures (runTotals.exits) when the lists were last cleared of them
}

// authorSlot is one author on a module's list: count is its deliveries
// since it was listed plus floor, the count of the slot it replaced
// (space-saving's overestimate), so that its deliveries d satisfy
// count − floor <= d, and d <= count while no departure freed a slot. An
// author listed into a free slot has floor 0, and its exact count unless
// a full list dropped it before.
type authorSlot struct {
	author       int32 // -1: a free slot
	count, floor int32
}

func newAuthorship(modules int) authorship {
	a := authorship{
		deliveries:  make([]int64, modules),
		firstAuthor: make([]int32, modules),
		slots:       make([]authorSlot, modules*authorSlots),
	}
	for i := range a.firstAuthor {
		a.firstAuthor[i] = -1
	}
	for i := range a.slots {
		a.slots[i].author = -1
	}
	return a
}

func (a *authorship) bytes() int { return len(a.deliveries)*12 + len(a.slots)*12 }

func (a *authorship) list(mod int32) []authorSlot {
	return a.slots[int(mod)*authorSlots : int(mod+1)*authorSlots]
}

// record records n > 0 accepted deliveries by author to module mod. A
// listed author's count rises; an unlisted one takes a free slot with the
// count n, or else, by space-saving, the slot with the lowest count (the
// first of them), with that count plus n, the replaced count becoming its
// floor. So, in a stream without departures, an author with more than a
// 1/authorSlots share of a module's deliveries is always listed (Metwally
// et al. 2005, Theorem 1), and one who keeps delivering climbs past those
// who came once. Counts saturate at MaxInt32.
func (a *authorship) record(mod, author int32, n int64) {
	a.deliveries[mod] += n
	if a.firstAuthor[mod] < 0 {
		a.firstAuthor[mod] = author
	}
	list := a.list(mod)
	free, low := -1, 0
	for k := range list {
		s := &list[k]
		if s.author == author {
			s.count = addSaturating(s.count, n)
			return
		}
		if s.author < 0 {
			if free < 0 {
				free = k
			}
			continue
		}
		if s.count < list[low].count {
			low = k
		}
	}
	if free >= 0 {
		list[free] = authorSlot{author: author, count: addSaturating(0, n)}
		return
	}
	a.evictions++
	floor := list[low].count
	list[low] = authorSlot{author: author, count: addSaturating(floor, n), floor: floor}
}

func addSaturating(c int32, n int64) int32 { return int32(min(math.MaxInt32, int64(c)+n)) }

// clearDeparted frees the slots of contributors who left since it last
// ran: they can no longer be authors (§3.5), and their deliveries count on
// in the modules' totals. Review calls it before it credits a tick's
// deliveries, so that the lists do not fill with those who left.
func (m *Model) clearDeparted() {
	a := &m.authors
	if a.exits == m.totals.exits {
		return
	}
	a.exits = m.totals.exits
	for k := range a.slots {
		if s := &a.slots[k]; s.author >= 0 && m.pop.Flags[s.author]&agents.Active == 0 {
			*s = authorSlot{author: -1}
		}
	}
}

// truckFactor is the scratch of the truck factor, in the observer, sized
// once for the modules (a tick allocates nothing).
type truckFactor struct {
	doa     [authorSlots]float64
	pairs   []authored    // (author, module) of every authorship
	authors []authorCount // authors and the number of modules each authors
	cover   []int32       // per module: authors not yet removed
}

// authored is one author of one module.
type authored struct{ author, module int32 }

// authorCount is an author, the number of modules it authors and where
// its modules start in the sorted pairs.
type authorCount struct{ id, modules, start int32 }

func (t *truckFactor) bytes() int { return cap(t.pairs)*8 + cap(t.authors)*12 + cap(t.cover)*4 }

// truckFactor computes the truck factor of Avelino et al. (2016) over the
// modules that ever had accepted work, on the modules' lists of authors:
// a listed active contributor's deliveries DL are those it was seen to
// make, count − floor (exact unless the list replaced someone), AC the
// module's deliveries by everyone else. It equals analysis.Authors followed
// by analysis.TruckFactor on the same data (tested), and, where no list
// ever replaced an author, on every contributor's exact deliveries.
func (m *Model) truckFactor() int {
	a := &m.authors
	t := &m.obs.truck
	nm := len(a.deliveries)
	if cap(t.cover) < nm {
		t.cover = make([]int32, nm)
		t.pairs = make([]authored, 0, nm*authorSlots)
		t.authors = make([]authorCount, 0, nm*authorSlots)
	}
	t.cover = t.cover[:nm]
	clear(t.cover)
	t.pairs, t.authors = t.pairs[:0], t.authors[:0]
	p := &m.pop
	counted, covered := 0, 0
	for mod := range int32(nm) {
		total := a.deliveries[mod]
		if total == 0 {
			continue
		}
		counted++
		first := a.firstAuthor[mod]
		list := a.list(mod)
		best := math.Inf(-1)
		for k, s := range list {
			t.doa[k] = math.NaN()
			if s.author < 0 || p.Flags[s.author]&agents.Active == 0 {
				continue
			}
			dl := int64(s.count - s.floor)
			if dl <= 0 {
				continue
			}
			t.doa[k] = analysis.DegreeOfAuthorship(s.author == first, int(dl), int(total-dl))
			best = max(best, t.doa[k])
		}
		for k, s := range list {
			d := t.doa[k]
			if d == d && d/best > analysis.AuthorShare && (d >= analysis.DOABase || s.author == first) {
				t.pairs = append(t.pairs, authored{s.author, mod})
				t.cover[mod]++
			}
		}
		if t.cover[mod] > 0 {
			covered++
		}
	}
	// The authors and how many modules each authors.
	slices.SortFunc(t.pairs, func(x, y authored) int { return int(x.author - y.author) })
	for k, pr := range t.pairs {
		if n := len(t.authors); n > 0 && t.authors[n-1].id == pr.author {
			t.authors[n-1].modules++
			continue
		}
		t.authors = append(t.authors, authorCount{id: pr.author, modules: 1, start: int32(k)})
	}
	// Greedy removal of the author of the most modules (ties to the lower
	// id), while at least half of the modules that ever had accepted work
	// keep an author.
	slices.SortFunc(t.authors, func(x, y authorCount) int {
		if x.modules != y.modules {
			return int(y.modules - x.modules)
		}
		return int(x.id - y.id)
	})
	tf := 0
	for _, au := range t.authors {
		if float64(covered) < analysis.TruckCoverage*float64(counted) {
			break
		}
		for _, pr := range t.pairs[au.start : au.start+au.modules] {
			t.cover[pr.module]--
			if t.cover[pr.module] == 0 {
				covered--
			}
		}
		tf++
	}
	return tf
}
