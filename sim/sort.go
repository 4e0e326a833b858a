package sim

import "math"

// radixSort sorts non-negative, finite float64s ascending in O(n) with an
// LSD radix sort on their IEEE-754 bits (for non-negative floats the bit
// patterns order like the values). tmp must have len(x) room. The per-tick
// inequality metrics sort up to millions of values, where this is several
// times faster than a comparison sort and allocates nothing.
func radixSort(x, tmp []float64) {
	if len(x) < 2 {
		return
	}
	const bits = 11
	const buckets = 1 << bits
	var count [buckets]int
	src, dst := x, tmp[:len(x)]
	for shift := uint(0); shift < 64; shift += bits {
		clear(count[:])
		for _, v := range src {
			count[(math.Float64bits(v)>>shift)&(buckets-1)]++
		}
		// Skip a pass in which every value falls in one bucket.
		if count[(math.Float64bits(src[0])>>shift)&(buckets-1)] == len(src) {
			continue
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, v := range src {
			b := (math.Float64bits(v) >> shift) & (buckets - 1)
			dst[count[b]] = v
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &x[0] {
		copy(x, src)
	}
}

// selectTop reorders ids so that the k ids ranking highest by before (a
// strict total order: before(a, b) means a ranks above b) come first, in no
// particular order, in expected O(n). The pivot choice is deterministic, so
// the result is too.
func selectTop(ids []int32, k int, before func(a, b int32) bool) {
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
