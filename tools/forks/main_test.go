package main

import (
	"math"
	"strings"
	"testing"
)

// row on forks built by hand: 4 runs, 2 of which fork (3 forks in all).
func TestRow(t *testing.T) {
	nan := math.NaN()
	forks := []fork{
		{run: "0", tick: 10, trigger: "capture", outcome: "both_continue", founders: 2, followers: 4, core: 4, moved26: 0.5, moved52: 0.75, parent104: 10, child104: 30},
		{run: "0", tick: 50, trigger: "burnout", outcome: "fork_discontinued", founders: 1, followers: 0, core: 2, moved26: 0.5, moved52: 0.5, parent104: 20, child104: 0},
		{run: "2", tick: 30, trigger: "capture", outcome: "both_continue", founders: 3, followers: 2, core: 3, moved26: 1, moved52: nan, parent104: nan, child104: nan},
	}
	got := row([]float64{2, 0, 1, 0}, forks)
	want := []string{"4", "50%", "0.75", "20.0", "burnout 1, capture 2", "2.00", "2.00", "3.00", "0.67", "0.62",
		"0.00 [-254, 254] (2)", "50%", "67%", "0%", "33%", "0%", "0%"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("row:\n got %v\nwant %v", got, want)
	}
	// Forks that founded nothing (found = false): counted, and dashes
	// where nothing can be said.
	got = row([]float64{3, 0}, nil)
	if strings.Join(got, "|") != "2|50%|1.50|–||–|–|–|–|–|–|–|–|–|–|–|–" {
		t.Errorf("no forks: %v", got)
	}
}
