package radix

import (
	"math"
	"slices"
)

// Top finds the k items ranking highest by a non-negative float32 key,
// ties to the lower index, without ranking them all. The items come in
// chunks of Chunk consecutive indices, which the caller walks twice, in
// parallel if it likes:
//
//  1. Count every eligible item of each chunk (reputations by their top
//     binary digit: the float32 bits, which order like the values for
//     keys >= 0).
//  2. Cut(k) walks the digits down from the top and finds the digit d at
//     which the count reaches k: every item above d is in the top k, and
//     the rest of it is the best of those at d.
//  3. Place every eligible item of each chunk: it reports the items above
//     d and keeps those at d as candidates.
//  4. Rest picks the best of the candidates alone (SelectTop).
//
// The top k by (key, then lower index) is one set, so the result is
// exactly that of ranking every item, for any order of chunks (tested).
// The zero value is ready to use.
type Top struct {
	chunks []topChunk
	digit  uint32 // the digit at which the top k is reached
	above  int    // items above it
	k      int
	cand   []int32
}

// topChunk is one chunk's counts by digit, then where its candidates go.
type topChunk struct {
	digits [buckets]int32
	next   int
}

// topShift32 is the lowest bit of a float32 key's top digit (bits 21 to
// 31).
const topShift32 = 21

func topDigit(key float32) uint32 { return math.Float32bits(key) >> topShift32 }

// Reset prepares for a walk over chunks chunks.
func (t *Top) Reset(chunks int) {
	if cap(t.chunks) < chunks {
		t.chunks = make([]topChunk, chunks)
	}
	t.chunks = t.chunks[:chunks]
	for c := range t.chunks {
		clear(t.chunks[c].digits[:])
	}
}

// Count counts an eligible item of chunk c with the given key (step 1).
func (t *Top) Count(c int, key float32) { t.chunks[c].digits[topDigit(key)]++ }

// Cut finds where the top k of the counted items is reached (step 2); k
// is at most the number counted.
func (t *Top) Cut(k int) {
	above, d := 0, buckets-1
	for ; d > 0; d-- {
		count := 0
		for c := range t.chunks {
			count += int(t.chunks[c].digits[d])
		}
		if above+count >= k {
			break
		}
		above += count
	}
	t.digit, t.above, t.k = uint32(d), above, k
	total := 0
	for c := range t.chunks {
		t.chunks[c].next = total
		total += int(t.chunks[c].digits[d])
	}
	// No headroom: the first call, when every key is 0 (say), has every
	// item as a candidate, and later calls far fewer.
	if cap(t.cand) < total {
		t.cand = make([]int32, total)
	}
	t.cand = t.cand[:total]
}

// Place reports whether item i of chunk c, eligible and with the given
// key, is in the top k for sure (step 3); an item at the cut's digit is
// kept as a candidate for Rest, and Place reports false for it.
func (t *Top) Place(c int, i int32, key float32) bool {
	switch d := topDigit(key); {
	case d > t.digit:
		return true
	case d == t.digit:
		ch := &t.chunks[c]
		t.cand[ch.next] = i
		ch.next++
	}
	return false
}

// Rest returns the candidates that complete the top k (step 4), by key
// (keys[i] is item i's), ties to the lower index.
func (t *Top) Rest(keys []float32) []int32 {
	rest := t.k - t.above
	SelectTop(t.cand, rest, func(a, b int32) bool {
		return keys[a] > keys[b] || keys[a] == keys[b] && a < b
	})
	return t.cand[:rest]
}

// Bytes is the memory Top holds.
func (t *Top) Bytes() int { return cap(t.chunks)*buckets*4 + cap(t.cand)*4 }

// topByRanking is Top written as its definition, the reference it is
// tested against: the k items of ids ranking highest by key, ties to the
// lower index, found by sorting them all.
func topByRanking(ids []int32, keys []float32, k int) []int32 {
	ids = slices.Clone(ids)
	slices.SortFunc(ids, func(a, b int32) int {
		switch {
		case keys[a] > keys[b] || keys[a] == keys[b] && a < b:
			return -1
		case a == b:
			return 0
		}
		return 1
	})
	return ids[:k]
}
