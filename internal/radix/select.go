package radix

// SelectTop reorders ids so that the k ids ranking highest by before (a
// strict total order: before(a, b) means a ranks above b) come first, in no
// particular order, in expected O(n) (Hoare's selection with a median of
// three). The pivot choice is deterministic, so the result is too.
func SelectTop(ids []int32, k int, before func(a, b int32) bool) {
	lo, hi := 0, len(ids)-1
	for lo < hi && k > lo && k <= hi {
		// Median of three as pivot.
		mid := lo + (hi-lo)/2
		if before(ids[mid], ids[lo]) {
			ids[mid], ids[lo] = ids[lo], ids[mid]
		}
		if before(ids[hi], ids[lo]) {
			ids[hi], ids[lo] = ids[lo], ids[hi]
		}
		if before(ids[hi], ids[mid]) {
			ids[hi], ids[mid] = ids[mid], ids[hi]
		}
		pivot := ids[mid]
		i, j := lo, hi
		for i <= j {
			for before(ids[i], pivot) {
				i++
			}
			for before(pivot, ids[j]) {
				j--
			}
			if i <= j {
				ids[i], ids[j] = ids[j], ids[i]
				i++
				j--
			}
		}
		// ids[lo..j] rank at or above the pivot, ids[i..hi] at or below.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}
