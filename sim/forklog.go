package sim

import "commonsim/agents"

// This file is the record of a run's forks (forks.csv) and the
// classification of their outcomes after Robles & González-Barahona
// (2012) (docs/MODEL.md §3.3.19, §3.5). It observes; it changes nothing.

// forkRecord is one fork as the run records it.
type forkRecord struct {
	tick                int32
	parent, child       int
	cause               forkCause
	founders            int        // the parent's dissatisfied core
	followers           int        // tied to a founder, who followed
	core                []int32    // the parent's active core at the fork
	movedAt             []int32    // for each of core, ticks after the fork it was first seen in the child (-1: not yet)
	moved26, moved52    float64    // share of that core that moved to the child within 26 and 52 ticks
	active52, active104 [2]float64 // active contributors of parent and child 52 and 104 ticks later
}

// unmeasured marks what is measured later as missing until it is.
func (r *forkRecord) unmeasured() {
	r.moved26, r.moved52 = nan, nan
	r.active52, r.active104 = [2]float64{nan, nan}, [2]float64{nan, nan}
}

// ForkOutcome is a fork's outcome at the end of a run, in the categories
// of Robles & González-Barahona (2012).
type ForkOutcome uint8

// The outcomes, in the order of ForkOutcomes.
const (
	BothContinue ForkOutcome = iota
	OriginalDiscontinued
	ForkDiscontinued
	BothDiscontinued
	MergedBack
	NumOutcomes
)

// ForkOutcomes name the outcomes in forks.csv and runs.csv.
var ForkOutcomes = [NumOutcomes]string{"both_continue", "original_discontinued", "fork_discontinued", "both_discontinued", "merged_back"}

func (o ForkOutcome) String() string { return ForkOutcomes[o] }

// Fork is one fork of a run, for forks.csv (docs/OUTPUTS.md): its tick,
// the parent and the child commons, its cause, the founding group, the
// share of the parent's active core that moved within 26 and 52 ticks,
// the outcome, and both sides' active contributors 52 and 104 ticks
// later (NaN when the run ended before).
type Fork struct {
	Tick                            int
	Parent, Child                   int
	Trigger                         string
	Founders, Followers, Core       int
	CoreMoved26, CoreMoved52        float64
	Outcome                         ForkOutcome
	ParentActive52, ChildActive52   float64
	ParentActive104, ChildActive104 float64
}

// measureForks follows every fork of the last 52 ticks (who of its
// parent's core has moved to the child) and completes the records of
// forks 26, 52 and 104 ticks old.
func (m *Model) measureForks() {
	var counts []int
	for k := range m.forks {
		r := &m.forks[k]
		age := m.tick - r.tick
		if age <= 52 {
			r.follow(&m.pop, age)
		}
		if age != 26 && age != 52 && age != 104 {
			continue
		}
		if counts == nil {
			counts = m.activeByCommons()
		}
		switch age {
		case 26:
			r.moved26 = r.movedWithin(26)
		case 52:
			r.moved52 = r.movedWithin(52)
			r.active52 = [2]float64{float64(counts[r.parent]), float64(counts[r.child])}
		case 104:
			r.active104 = [2]float64{float64(counts[r.parent]), float64(counts[r.child])}
		}
	}
}

// follow notes, at age ticks after fork r, which of its parent's core at
// the fork are in the child for the first time (an active member, or one
// who left while there).
func (r *forkRecord) follow(p *agents.Population, age int32) {
	if r.movedAt == nil {
		r.movedAt = make([]int32, len(r.core))
		for k := range r.movedAt {
			r.movedAt[k] = -1
		}
	}
	for k, i := range r.core {
		if r.movedAt[k] < 0 && int(p.Commons[i]) == r.child {
			r.movedAt[k] = age
		}
	}
}

// movedWithin is the share of fork r's parent's active core at the fork
// that moved to the child within age ticks of it (the founders among
// them at once); NaN with no core.
func (r *forkRecord) movedWithin(age int32) float64 {
	if len(r.core) == 0 {
		return nan
	}
	n := 0
	for _, a := range r.movedAt {
		if a >= 0 && a <= age {
			n++
		}
	}
	return float64(n) / float64(len(r.core))
}

// activeByCommons counts every commons' active contributors now.
func (m *Model) activeByCommons() []int {
	counts := make([]int, len(m.cs))
	p := &m.pop
	for i, f := range p.Flags {
		if f&agents.Active != 0 {
			counts[p.Commons[i]]++
		}
	}
	return counts
}

// outcome classifies fork r at the end of the run: merged back if its
// child closed into its parent, else by which of the two are
// discontinued (docs/MODEL.md §3.3.19).
func (m *Model) outcome(r *forkRecord) ForkOutcome {
	p, c := &m.cs[r.parent], &m.cs[r.child]
	if c.closed && c.parent == p.id {
		return MergedBack
	}
	after := m.params.ecosystem.DiscontinuedAfter
	pd, cd := p.closed || p.discontinued(m.tick, after), c.discontinued(m.tick, after)
	switch {
	case pd && cd:
		return BothDiscontinued
	case pd:
		return OriginalDiscontinued
	case cd:
		return ForkDiscontinued
	}
	return BothContinue
}

// forkResults are the run's forks, for Result.
func (m *Model) forkResults() []Fork {
	out := make([]Fork, len(m.forks))
	for k := range m.forks {
		r := &m.forks[k]
		out[k] = Fork{
			Tick: int(r.tick), Parent: r.parent, Child: r.child, Trigger: r.cause.String(),
			Founders: r.founders, Followers: r.followers, Core: len(r.core),
			CoreMoved26: r.moved26, CoreMoved52: r.moved52, Outcome: m.outcome(r),
			ParentActive52: r.active52[0], ChildActive52: r.active52[1],
			ParentActive104: r.active104[0], ChildActive104: r.active104[1],
		}
	}
	return out
}
