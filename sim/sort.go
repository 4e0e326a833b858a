package sim

import "math"

// radixSort sorts non-negative, finite float64s ascending in O(n) with an
// LSD radix sort on their IEEE-754 bits (for non-negative floats the bit
// patterns order like the values). tmp must have len(x) room. The per-tick
// inequality metrics sort up to millions of values, where this is several
// times faster than a comparison sort and allocates nothing.
//
// Only the top 33 bits (three passes) are radix sorted: that orders all
// values but those within a relative 2^-21 of each other, which end up
// adjacent, and one insertion pass orders them. Should the insertion pass
// find much to do (many nearly equal values), the low bits are radix
// sorted too. Either way the result is exactly sorted.
func radixSort(x, tmp []float64) {
	if len(x) < 2 {
		return
	}
	radixPasses(x, tmp, radixTopShift)
	if !insertionFinish(x) {
		radixPasses(x, tmp, 0)
	}
}

// radixTopShift is the lowest bit of the three top digits (bits 31 to 63).
const radixTopShift = 64 - 3*radixBits

// insertionFinish sorts x, which the top digits have ordered up to groups
// of nearly equal values, by insertion, and reports false (x then still a
// permutation of its values) if that takes more than 4 moves per value.
func insertionFinish(x []float64) bool {
	budget := 4 * len(x)
	for i := 1; i < len(x); i++ {
		v := x[i]
		j := i
		for j > 0 && x[j-1] > v {
			x[j] = x[j-1]
			j--
		}
		x[j] = v
		if budget -= i - j; budget < 0 {
			return false
		}
	}
	return true
}

// radixPasses is an LSD radix sort of x on bits from..63.
func radixPasses(x, tmp []float64, from uint) {
	var count [radixBuckets]int
	src, dst := x, tmp[:len(x)]
	for shift := from; shift < 64; shift += radixBits {
		clear(count[:])
		for _, v := range src {
			count[radixDigit(v, shift)]++
		}
		// Skip a pass in which every value falls in one bucket.
		if count[radixDigit(src[0], shift)] == len(src) {
			continue
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, v := range src {
			b := radixDigit(v, shift)
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

// radixChunk is the number of values one job of a parallel radix sort
// counts and scatters.
const radixChunk = 1 << 16

// jobRunner runs jobs 0..n-1 of a phase, possibly in parallel (the Model,
// through its pool of goroutines).
type jobRunner interface {
	forJobs(ph phase, n int)
}

// radixSorter is radixSort (top digits, insertion pass, low digits only if
// needed) with each pass split into chunks of radixChunk
// values: the chunks count their digits in parallel (phaseRadixCount), a
// sequential prefix sum over (digit, chunk) gives every chunk its write
// positions, and the chunks scatter in parallel (phaseRadixScatter). Each
// pass stays stable, so the result is exactly radixSort's. It keeps its
// counts between calls, so sorting allocates nothing in steady state.
type radixSorter struct {
	src, dst []float64
	shift    uint
	counts   []int  // chunk c's count, then write position, of digit b at c*buckets+b
	bounds   []int  // the pieces of the insertion pass
	finished []bool // whether each piece finished within its budget
}

const (
	radixBits    = 11
	radixBuckets = 1 << radixBits
)

func radixDigit(v float64, shift uint) uint64 {
	return (math.Float64bits(v) >> shift) & (radixBuckets - 1)
}

// sort sorts the values of x (non-negative, finite) ascending, with tmp as
// scratch of at least len(x), running the chunks' jobs through run. The
// sorted values end up in x or in tmp, whichever the last pass wrote:
// sort returns that slice rather than copy them back.
func (r *radixSorter) sort(x, tmp []float64, run jobRunner) []float64 {
	n := len(x)
	if n < 2*radixChunk {
		radixSort(x, tmp)
		return x
	}
	tmp = tmp[:n]
	chunks := (n + radixChunk - 1) / radixChunk
	if cap(r.counts) < chunks*radixBuckets {
		r.counts = make([]int, chunks*radixBuckets)
		r.bounds = make([]int, chunks+1)
		r.finished = make([]bool, chunks)
	}
	r.counts = r.counts[:chunks*radixBuckets]
	out := r.passes(x, tmp, chunks, radixTopShift, run)
	if !r.finish(out, chunks, run) {
		other := tmp
		if &out[0] == &tmp[0] {
			other = x
		}
		out = r.passes(out, other, chunks, 0, run)
	}
	return out
}

// finish is insertionFinish in parallel: x is cut into pieces of about
// radixChunk values at the starts of groups of equal top digits (which the
// passes have put in order), so each piece can be finished alone
// (phaseRadixFinish). It reports false if a piece took too many moves.
func (r *radixSorter) finish(x []float64, chunks int, run jobRunner) bool {
	n := len(x)
	top := func(v float64) uint64 { return math.Float64bits(v) >> radixTopShift }
	r.bounds = r.bounds[:chunks+1]
	r.bounds[0], r.bounds[chunks] = 0, n
	for c := 1; c < chunks; c++ {
		s := max(c*radixChunk, r.bounds[c-1])
		for s > 0 && s < n && top(x[s]) == top(x[s-1]) {
			s++
		}
		r.bounds[c] = s
	}
	r.finished = r.finished[:chunks]
	r.src = x
	run.forJobs(phaseRadixFinish, chunks)
	r.src = nil
	for _, ok := range r.finished {
		if !ok {
			return false
		}
	}
	return true
}

// finishPiece finishes piece c of finish.
func (r *radixSorter) finishPiece(c int) {
	r.finished[c] = insertionFinish(r.src[r.bounds[c]:r.bounds[c+1]])
}

// passes radix sorts x on bits from..63, chunk by chunk, and returns the
// slice that holds the result: x, or tmp after an odd number of passes.
func (r *radixSorter) passes(x, tmp []float64, chunks int, from uint, run jobRunner) []float64 {
	n := len(x)
	r.src, r.dst = x, tmp[:n]
	for shift := from; shift < 64; shift += radixBits {
		r.shift = shift
		run.forJobs(phaseRadixCount, chunks)
		// Skip a pass in which every value falls in one bucket.
		first := radixDigit(r.src[0], shift)
		same := 0
		for c := range chunks {
			same += r.counts[c*radixBuckets+int(first)]
		}
		if same == n {
			continue
		}
		pos := 0
		for b := range radixBuckets {
			for c := range chunks {
				k := c*radixBuckets + b
				count := r.counts[k]
				r.counts[k] = pos
				pos += count
			}
		}
		run.forJobs(phaseRadixScatter, chunks)
		r.src, r.dst = r.dst, r.src
	}
	out := r.src
	r.src, r.dst = nil, nil
	return out
}

// chunkRange is the part of the values chunk c handles.
func (r *radixSorter) chunkRange(c int) []float64 {
	return r.src[c*radixChunk : min(len(r.src), (c+1)*radixChunk)]
}

// count counts chunk c's digits of the current pass.
func (r *radixSorter) count(c int) {
	counts := r.counts[c*radixBuckets : (c+1)*radixBuckets]
	clear(counts)
	for _, v := range r.chunkRange(c) {
		counts[radixDigit(v, r.shift)]++
	}
}

// scatter writes chunk c's values to their positions in the pass's output.
func (r *radixSorter) scatter(c int) {
	next := r.counts[c*radixBuckets : (c+1)*radixBuckets]
	for _, v := range r.chunkRange(c) {
		b := radixDigit(v, r.shift)
		r.dst[next[b]] = v
		next[b]++
	}
}

// busFactor is analysis.BusFactorSorted over the positive values of x,
// found without sorting them: a most-significant-digit radix selection on
// the float32 bits (which order like the values for x >= 0). Each level
// sums the candidates by digit, walks the digits from the largest down
// until the running sum reaches fraction of the total, and keeps only the
// candidates of the digit where it does; after three levels the remaining
// candidates are equal. It reads x once and the shrinking candidates a few
// times, instead of sorting everything. buf needs room for len(x) values.
func busFactor(x []float32, fraction float64, buf []float64) int {
	var h busHistogram
	h.add(x)
	return h.finish(fraction, func(top uint32) []float64 {
		return appendDigit(buf[:0], x, top)
	})
}

// busTopShift is the lowest bit of busFactor's first digit (bits 21 to 31
// of the float32 bits).
const busTopShift = 21

// busHistogram is the first level of busFactor: the count and the sum of
// the positive values by top digit.
type busHistogram struct {
	count [radixBuckets]int
	sum   [radixBuckets]float64
}

// add adds the positive values of x to h.
func (h *busHistogram) add(x []float32) {
	clear(h.count[:])
	clear(h.sum[:])
	for _, v := range x {
		if v > 0 {
			b := math.Float32bits(v) >> busTopShift
			h.count[b]++
			h.sum[b] += float64(v)
		}
	}
}

// merge adds the histogram of another part of the values to h.
func (h *busHistogram) merge(o *busHistogram) {
	for b := range h.count {
		h.count[b] += o.count[b]
		h.sum[b] += o.sum[b]
	}
}

// appendDigit appends the positive values of x whose top digit is top.
func appendDigit(cand []float64, x []float32, top uint32) []float64 {
	for _, v := range x {
		if v > 0 && math.Float32bits(v)>>busTopShift == top {
			cand = append(cand, float64(v))
		}
	}
	return cand
}

// finish completes busFactor from the first level's histogram h, whose
// total it reads from its sums. candidates returns the values of the digit
// where the running sum reaches the target; the two lower levels and the
// final count work on those alone.
func (h *busHistogram) finish(fraction float64, candidates func(top uint32) []float64) int {
	var total float64
	for _, s := range h.sum {
		total += s
	}
	if !(total > 0) || !(fraction > 0) {
		return 0
	}
	target := math.Min(fraction, 1) * total
	count, sum := &h.count, &h.sum
	acc, k := 0.0, 0
	var cand []float64
	for level, shift := range [...]uint{busTopShift, 10, 0} {
		if level > 0 {
			clear(count[:])
			clear(sum[:])
			for _, v := range cand {
				b := (math.Float32bits(float32(v)) >> shift) & (radixBuckets - 1)
				count[b]++
				sum[b] += v
			}
		}
		top := radixBuckets - 1
		for top > 0 && (count[top] == 0 || acc+sum[top] < target) {
			acc += sum[top]
			k += count[top]
			top--
		}
		// The running sum reaches the target among the candidates of digit
		// top: keep them.
		if level == 0 {
			cand = candidates(uint32(top))
			continue
		}
		next := cand[:0]
		for _, v := range cand {
			if (math.Float32bits(float32(v))>>shift)&(radixBuckets-1) == uint32(top) {
				next = append(next, v)
			}
		}
		cand = next
	}
	// All candidates left are equal.
	for _, v := range cand {
		acc += v
		k++
		if acc >= target {
			break
		}
	}
	return k
}

// busSplit is busFactor over long x in chunks of radixChunk that run in
// parallel: each chunk makes its first-level histogram (phaseBusCount),
// the histograms are merged in chunk order, and the chunks copy their
// candidates to their offsets in the buffer (phaseBusCopy). The chunks
// do not depend on the number of threads, so neither does the result.
type busSplit struct {
	x       []float32
	dst     []float64
	top     uint32
	hist    []busHistogram // chunk c's first level
	all     busHistogram   // the merged first level
	offsets []int
}

func (m *Model) busFactor(x []float32, fraction float64, buf []float64) int {
	n := len(x)
	if n < 2*radixChunk {
		return busFactor(x, fraction, buf)
	}
	bs := &m.busJobs
	chunks := (n + radixChunk - 1) / radixChunk
	if cap(bs.hist) < chunks {
		bs.hist = make([]busHistogram, chunks)
		bs.offsets = make([]int, chunks)
	}
	bs.hist, bs.offsets = bs.hist[:chunks], bs.offsets[:chunks]
	bs.x, bs.dst = x, buf
	defer func() { bs.x, bs.dst = nil, nil }()
	m.forJobs(phaseBusCount, chunks)
	all := &bs.all
	clear(all.count[:])
	clear(all.sum[:])
	for c := range bs.hist {
		all.merge(&bs.hist[c])
	}
	return all.finish(fraction, func(top uint32) []float64 {
		total := 0
		for c := range bs.hist {
			bs.offsets[c] = total
			total += bs.hist[c].count[top]
		}
		bs.top = top
		m.forJobs(phaseBusCopy, chunks)
		return buf[:total]
	})
}

func (bs *busSplit) chunk(c int) []float32 {
	return bs.x[c*radixChunk : min(len(bs.x), (c+1)*radixChunk)]
}

func (bs *busSplit) count(c int) { bs.hist[c].add(bs.chunk(c)) }

func (bs *busSplit) copy(c int) {
	off := bs.offsets[c]
	appendDigit(bs.dst[off:off], bs.chunk(c), bs.top)
}
