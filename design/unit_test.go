package design

import "testing"

func TestUnitToIndex(t *testing.T) {
	cases := []struct {
		u    float64
		n    int
		want int
	}{
		{0, 3, 0}, {0.33, 3, 0}, {1.0 / 3, 3, 1}, {0.99, 3, 2}, {1, 3, 2}, {-0.1, 3, 0}, {1.5, 3, 2}, {0.5, 1, 0},
	}
	for _, c := range cases {
		if got := UnitToIndex(c.u, c.n); got != c.want {
			t.Errorf("UnitToIndex(%v, %d) = %d, want %d", c.u, c.n, got, c.want)
		}
	}
}

func TestUnitToRange(t *testing.T) {
	if got := UnitToRange(0.25, -2, 2); got != -1 {
		t.Errorf("UnitToRange(0.25, -2, 2) = %v, want -1", got)
	}
	if got := UnitToRange(1, 3, 5); got != 5 {
		t.Errorf("UnitToRange(1, 3, 5) = %v, want 5", got)
	}
}
