package agents

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTiedModuleMatchesScan checks the mask-based TiedModule against the
// plain scan on random tie lists, for every list length the scenarios
// allow and every starting slot, with empty slots and partners who did not
// work last tick mixed in.
func TestTiedModuleMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, maxTies := range []int{1, 2, 3, 8, 17, 31, 32} {
		p := &Population{MaxTies: maxTies}
		const n = 200
		p.PrevModule = make([]int32, n)
		for j := range p.PrevModule {
			p.PrevModule[j] = int32(rng.IntN(5)) - 2 // about 40% did not work
		}
		p.TiePartner = make([]int32, n*maxTies)
		for s := range p.TiePartner {
			p.TiePartner[s] = int32(rng.IntN(n+n/2)) - int32(n/2) // about a third empty
		}
		for i := range n {
			for k := range maxTies {
				if got, want := p.TiedModule(i, k), tiedModuleByScan(p, i, k); got != want {
					t.Fatalf("max %d, contributor %d, slot %d: got %d, want %d", maxTies, i, k, got, want)
				}
			}
		}
	}
}

// TestAddTieAndCountTies checks the tie list's bookkeeping on a small
// case worked out by hand: free slots fill first, an existing tie is
// refreshed in place, the stalest is replaced when the list is full, and
// faded ties are pruned and not counted.
func TestAddTieAndCountTies(t *testing.T) {
	p := &Population{MaxTies: 3}
	p.Grow(2)
	p.Add(Newcomer{}, 1, 0)
	p.Add(Newcomer{}, 1, 0)
	const fade = 5
	p.AddTie(0, 10, 1, fade)
	p.AddTie(0, 11, 2, fade)
	if p.TieCount[0] != 2 {
		t.Fatalf("two new ties: count %d", p.TieCount[0])
	}
	p.AddTie(0, 10, 3, fade) // refresh: no new tie
	if p.TieCount[0] != 2 || p.TieUsed[0] != 3 {
		t.Fatalf("refresh: count %d, used %d", p.TieCount[0], p.TieUsed[0])
	}
	p.AddTie(0, 12, 4, fade)
	p.AddTie(0, 13, 5, fade) // full: replaces 11, the stalest (used at 2)
	if got := p.TiePartner[0:3]; got[0] != 10 || got[1] != 13 || got[2] != 12 {
		t.Fatalf("replace the stalest: partners %v", got)
	}
	// At tick 9, 10 (used at 3) has faded; 13 (5) and 12 (4) have not.
	if n := p.CountTies(0, 9, fade); n != 2 || p.TiePartner[0] != -1 {
		t.Fatalf("count at tick 9: %d live, partners %v", n, p.TiePartner[0:3])
	}
	if n := p.CountTies(1, 9, fade); n != 0 {
		t.Fatalf("no ties: count %d", n)
	}
}

// TestTieAdderMatchesAddTie checks that adding pairs through a TieAdder,
// with its look-ahead, leaves the tie lists and counts that calling AddTie
// both ways for each pair in order leaves, for fewer and more pairs than
// are kept in flight.
func TestTieAdderMatchesAddTie(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, pairs := range []int{0, 1, tieLookahead - 1, tieLookahead, 3*tieLookahead + 5, 500} {
		var a, b Population
		for _, p := range []*Population{&a, &b} {
			p.MaxTies = 4
			for range 30 {
				p.Add(Newcomer{}, 1, 0)
			}
		}
		adder := NewTieAdder(&a, 7, 3)
		for range pairs {
			i, j := int32(rng.IntN(30)), int32(rng.IntN(30))
			adder.Add(i, j)
			b.AddTie(i, j, 7, 3)
			b.AddTie(j, i, 7, 3)
		}
		adder.Flush()
		if !slices.Equal(a.TiePartner, b.TiePartner) || !slices.Equal(a.TieUsed, b.TieUsed) || !slices.Equal(a.TieCount, b.TieCount) {
			t.Fatalf("%d pairs: the adder's tie lists differ from AddTie's", pairs)
		}
	}
}
