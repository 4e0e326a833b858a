package analysis

import (
	"math"
	"testing"
)

func TestShareRatio(t *testing.T) {
	x := []float64{1, 1, 2}
	for _, c := range []struct {
		name string
		y    []float64
		in   []bool
		want float64
	}{
		{"proportional", []float64{2, 2, 4}, []bool{true, false, true}, 1},
		{"the group gets all", []float64{0, 5, 0}, []bool{false, true, false}, 1 / 0.25},
		{"the group gets none", []float64{0, 0, 3}, []bool{true, true, false}, 0},
		{"nothing to share", []float64{0, 0, 0}, []bool{true, false, false}, math.NaN()},
		{"empty group", []float64{1, 1, 1}, []bool{false, false, false}, math.NaN()},
	} {
		if got := ShareRatio(x, c.y, c.in); !same(got, c.want) {
			t.Errorf("%s: ShareRatio = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRetention(t *testing.T) {
	joined := []int32{0, 1, 2, 5, 9}
	left := []int32{-1, 3, 8, -1, -1}
	counted := []bool{false, true, true, true, true}
	// end 10, h 4: counted and joined by 6: ids 1, 2, 3. Still there 4
	// after joining: 1 left after 2 (no), 2 after 6 (yes), 3 present (yes).
	if got := Retention(joined, left, counted, 10, 4); got != 2.0/3 {
		t.Errorf("Retention = %v, want 2/3", got)
	}
	if got := Retention(joined, left, counted, 10, 20); !math.IsNaN(got) {
		t.Errorf("no one joined early enough: Retention = %v, want NaN", got)
	}
}

func TestCollapseOfCommons(t *testing.T) {
	for _, c := range []struct {
		name          string
		active, value []float64
		start         int
		collapsed     bool
	}{
		{"healthy", []float64{10, 10, 10, 10}, []float64{1, 2, 3, 4}, -1, false},
		{"active falls", []float64{10, 2, 2, 2}, []float64{1, 2, 3, 4}, 1, true},
		{"value falls from its peak", []float64{10, 10, 10, 10}, []float64{4, 1, 1, 1}, 1, true},
		{"both, the earlier wins", []float64{10, 10, 2, 2}, []float64{4, 1, 1, 1}, 1, true},
		{"too short", []float64{10, 2, 10, 2}, []float64{1, 2, 3, 4}, -1, false},
	} {
		start, ok := CollapseOfCommons(c.active, c.value, 5, 0.5, 2)
		if start != c.start || ok != c.collapsed {
			t.Errorf("%s: CollapseOfCommons = %d, %v, want %d, %v", c.name, start, ok, c.start, c.collapsed)
		}
	}
}

func TestAcceptanceRate(t *testing.T) {
	if got := AcceptanceRate([]int32{1, 2, 0}, []int32{1, 0, 4}); got != 3.0/8 {
		t.Errorf("AcceptanceRate = %v, want 3/8", got)
	}
	if got := AcceptanceRate([]int32{0}, []int32{0}); !math.IsNaN(got) {
		t.Errorf("nothing reviewed: AcceptanceRate = %v, want NaN", got)
	}
}

func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
