package analysis

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestDegreeOfAuthorship(t *testing.T) {
	for _, tc := range []struct {
		first       bool
		own, others int
		want        float64
	}{
		{false, 0, 0, 3.293},
		{true, 0, 0, 3.293 + 1.098},
		{true, 1, 0, 3.293 + 1.098 + 0.164},
		{false, 20, 1, 3.293 + 0.164*20 - 0.321*math.Log(2)},
		{true, 1, 20, 3.293 + 1.098 + 0.164 - 0.321*math.Log(21)},
		// Creating a file weighs as much as 1.098/0.164 = 6.7 changes.
		{false, 7, 0, 3.293 + 0.164*7},
	} {
		checkClose(t, fmt.Sprintf("DegreeOfAuthorship(%v, %d, %d)", tc.first, tc.own, tc.others),
			DegreeOfAuthorship(tc.first, tc.own, tc.others), tc.want, 1e-12)
	}
}

func TestAuthors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		d      []Delivery
		totals []int
		want   [][]int
	}{
		{
			"a module's only developer is its author",
			[]Delivery{{Author: 3, Module: 0, Count: 1, First: true}},
			[]int{1},
			[][]int{{3}},
		},
		{
			// First author: 3.293+1.098+0.164-0.321 ln 21 = 3.578; the
			// other: 3.293+3.28-0.321 ln 2 = 6.350; 3.578/6.350 = 0.563.
			"a heavy later editor displaces the creator",
			[]Delivery{{Author: 1, Module: 0, Count: 1, First: true}, {Author: 2, Module: 0, Count: 20}},
			[]int{21},
			[][]int{{2}},
		},
		{
			// 3.293+1.098+1.64-0.321 ln 11 = 5.261 and
			// 3.293+1.64-0.321 ln 11 = 4.163: 4.163/5.261 = 0.791 > 0.75.
			"two near-equal developers are co-authors",
			[]Delivery{{Author: 5, Module: 0, Count: 10, First: true}, {Author: 4, Module: 0, Count: 10}},
			[]int{20},
			[][]int{{4, 5}},
		},
		{
			// The creator left (not in d); the one left has DOA
			// 3.293+0.328-0.321 ln 29 = 2.540 < 3.293 and is not the creator.
			"a minor developer of a module is no author even when alone",
			[]Delivery{{Author: 9, Module: 0, Count: 2}},
			[]int{30},
			[][]int{nil},
		},
		{
			// The first author's DOA falls below 3.293 with enough changes
			// by others, but it stays an author while it leads.
			"a first author below the base DOA is still an author",
			// 3.293+1.098+0.164-0.321 ln 200 = 2.854 against 1.756.
			[]Delivery{{Author: 1, Module: 0, Count: 1, First: true}, {Author: 2, Module: 0, Count: 1}},
			[]int{200},
			[][]int{{1}},
		},
		{
			"modules are independent; an untouched module has no author",
			[]Delivery{
				{Author: 1, Module: 0, Count: 4, First: true},
				{Author: 1, Module: 2, Count: 4, First: true},
				{Author: 2, Module: 2, Count: 0}, // no deliveries: ignored
			},
			[]int{4, 0, 4},
			[][]int{{1}, nil, {1}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Authors(tc.d, tc.totals)
			if !slices.EqualFunc(got, tc.want, slices.Equal[[]int]) {
				t.Errorf("Authors = %v, want %v", got, tc.want)
			}
		})
	}
}

// disjoint returns n modules split among k owners as evenly as possible.
func disjoint(k, n int) [][]int {
	a := make([][]int, n)
	for m := range a {
		a[m] = []int{m % k}
	}
	return a
}

func TestTruckFactor(t *testing.T) {
	// One author of every module: removing it orphans everything.
	every := make([][]int, 40)
	for m := range every {
		every[m] = []int{7}
	}
	for _, tc := range []struct {
		name    string
		authors [][]int
		want    int
	}{
		{"no modules", nil, 0},
		{"one author on every module", every, 1},
		{"no author anywhere", [][]int{nil, nil, nil}, 0},
		{"fewer than half covered from the start", [][]int{{1}, nil, nil, nil}, 0},
		{"exactly half covered from the start still counts", [][]int{{1}, {1}, nil, nil}, 1},
		// Coverage must fall strictly below one half: 50% left is not yet
		// a project in trouble.
		{"two owners of half each", disjoint(2, 10), 2},
		{"a module with co-authors needs both removed", [][]int{{1, 2}, {1, 2}, {1, 2}, {1, 2}}, 2},
		// A authors 6 of 10: removing A leaves 40% covered.
		{"the top author first", [][]int{{1}, {1}, {1}, {1}, {1}, {1}, {2}, {2}, {2}, {3}}, 1},
		// Author 2 authors the most modules (4), though author 1 or 3
		// covers each of them too: greedy by module count removes 2 first
		// (5 of 5 still covered), then 1 (3 authored; 2 of 5 left: 40%).
		{"greedy counts all authored modules", [][]int{{1, 2}, {1, 2}, {1}, {2, 3}, {2, 3}}, 2},
		// Equal counts: the lower id goes first; the result is the same.
		{"ties", [][]int{{4}, {4}, {2}, {2}}, 2},
	} {
		if got := TruckFactor(tc.authors); got != tc.want {
			t.Errorf("%s: TruckFactor = %d, want %d", tc.name, got, tc.want)
		}
	}
	// k owners of equal, disjoint shares: floor(k/2) + 1.
	for k := 1; k <= 12; k++ {
		if got, want := TruckFactor(disjoint(k, 12*k)), k/2+1; got != want {
			t.Errorf("%d equal disjoint owners: TruckFactor = %d, want %d", k, got, want)
		}
	}
}

// The whole pipeline from deliveries to a truck factor, on a small project
// with a clear core: two developers created and keep most modules, others
// drop in.
func TestTruckFactorFromDeliveries(t *testing.T) {
	var d []Delivery
	totals := make([]int, 8)
	add := func(author, module, count int, first bool) {
		d = append(d, Delivery{Author: author, Module: module, Count: count, First: first})
		totals[module] += count
	}
	for m := range 8 {
		owner := m % 2 // developers 0 and 1 own four modules each
		add(owner, m, 30, true)
		add(10+m, m, 2, false) // a peripheral contributor per module
	}
	authors := Authors(d, totals)
	for m, a := range authors {
		if !slices.Equal(a, []int{m % 2}) {
			t.Fatalf("module %d: authors %v, want [%d]", m, a, m%2)
		}
	}
	if got := TruckFactor(authors); got != 2 {
		t.Errorf("TruckFactor = %d, want 2", got)
	}
}
