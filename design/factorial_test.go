package design

import (
	"reflect"
	"testing"
)

func TestFactorial(t *testing.T) {
	got := Factorial([]int{2, 3})
	want := [][]int{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Factorial({2,3}) = %v, want %v", got, want)
	}
	got = Factorial([]int{3, 1, 2})
	want = [][]int{{0, 0, 0}, {0, 0, 1}, {1, 0, 0}, {1, 0, 1}, {2, 0, 0}, {2, 0, 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Factorial({3,1,2}) = %v, want %v", got, want)
	}
	if got := Factorial(nil); len(got) != 1 || len(got[0]) != 0 {
		t.Errorf("Factorial(nil) = %v, want one empty row", got)
	}
	if n := len(Factorial([]int{4, 5, 6})); n != 120 {
		t.Errorf("Factorial({4,5,6}) has %d rows, want 120", n)
	}
	// Rows must not alias each other.
	rows := Factorial([]int{2, 2})
	rows[0] = append(rows[0], 9)
	if rows[1][0] != 0 || rows[1][1] != 1 {
		t.Errorf("rows alias: %v", rows)
	}
}

func TestFactorialPanics(t *testing.T) {
	for _, levels := range [][]int{{2, 0}, {-1}, {1 << 40, 1 << 40}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Factorial(%v) did not panic", levels)
				}
			}()
			Factorial(levels)
		}()
	}
}
