package design

import (
	"fmt"
	"math"
)

// Factorial returns every combination of level indices, the LAST factor
// varying fastest (like nested for loops in factor order). levels[i] >= 1.
// Result rows have len(levels) entries; row values are in [0, levels[i]).
//
// For levels {2, 3} the rows are
//
//	[0 0] [0 1] [0 2] [1 0] [1 1] [1 2]
//
// With no factors (len(levels) == 0) the result is a single empty row: the
// one run in which nothing varies. Factorial panics if some levels[i] < 1 or
// if the number of combinations overflows an int.
func Factorial(levels []int) [][]int {
	total := 1
	for i, l := range levels {
		if l < 1 {
			panic(fmt.Sprintf("design: Factorial: levels[%d] = %d, need >= 1", i, l))
		}
		if total > math.MaxInt/l {
			panic(fmt.Sprintf("design: Factorial: number of combinations of %v overflows int", levels))
		}
		total *= l
	}
	k := len(levels)
	flat := make([]int, total*k)
	rows := make([][]int, total)
	idx := make([]int, k)
	for r := range total {
		row := flat[r*k : (r+1)*k : (r+1)*k]
		copy(row, idx)
		rows[r] = row
		// Odometer increment, last factor fastest.
		for j := k - 1; j >= 0; j-- {
			idx[j]++
			if idx[j] < levels[j] {
				break
			}
			idx[j] = 0
		}
	}
	return rows
}
