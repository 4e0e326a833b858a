package results

import (
	"fmt"
	"slices"
	"strings"
)

// Ranges is a compact, sorted list of run ids: inclusive [first, last]
// pairs, such as [[0, 41], [50, 99]]. A batch completes runs in run-id
// order, so a result set's completed runs are a handful of ranges whatever
// the number of runs.
type Ranges [][2]int

// Add appends id, which must be larger than every id already there.
func (r *Ranges) Add(id int) {
	if n := len(*r); n > 0 && (*r)[n-1][1] == id-1 {
		(*r)[n-1][1] = id
		return
	}
	*r = append(*r, [2]int{id, id})
}

// AddRange appends [lo, hi], which must lie above every id already there.
func (r *Ranges) AddRange(lo, hi int) {
	if hi < lo {
		return
	}
	if n := len(*r); n > 0 && (*r)[n-1][1] == lo-1 {
		(*r)[n-1][1] = hi
		return
	}
	*r = append(*r, [2]int{lo, hi})
}

// Count is the number of ids.
func (r Ranges) Count() int {
	n := 0
	for _, x := range r {
		n += x[1] - x[0] + 1
	}
	return n
}

// Contains reports whether id is in r.
func (r Ranges) Contains(id int) bool {
	i, _ := slices.BinarySearchFunc(r, id, func(x [2]int, id int) int {
		switch {
		case x[1] < id:
			return -1
		case x[0] > id:
			return 1
		}
		return 0
	})
	return i < len(r) && r[i][0] <= id && id <= r[i][1]
}

// Valid reports whether r is sorted, disjoint and has lo <= hi in each pair.
func (r Ranges) Valid() bool {
	for i, x := range r {
		if x[0] > x[1] || x[0] < 0 || i > 0 && x[0] <= r[i-1][1] {
			return false
		}
	}
	return true
}

// String writes r as "0-41, 50, 52-99".
func (r Ranges) String() string {
	var b strings.Builder
	for i, x := range r {
		if i > 0 {
			b.WriteString(", ")
		}
		if x[0] == x[1] {
			fmt.Fprintf(&b, "%d", x[0])
		} else {
			fmt.Fprintf(&b, "%d-%d", x[0], x[1])
		}
	}
	return b.String()
}

// RangesOfIDs compacts ids, which must be increasing.
func RangesOfIDs(ids []int) Ranges {
	var r Ranges
	for _, id := range ids {
		r.Add(id)
	}
	return r
}

// iter returns a function that yields r's ids in order, then -1.
func (r Ranges) iter() func() int {
	i, next := 0, 0
	if len(r) > 0 {
		next = r[0][0]
	}
	return func() int {
		for i < len(r) {
			if next <= r[i][1] {
				id := next
				next++
				return id
			}
			i++
			if i < len(r) {
				next = r[i][0]
			}
		}
		return -1
	}
}
