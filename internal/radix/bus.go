package radix

import "math"

// BusFactor is analysis.BusFactorSorted over the positive values of x (the
// smallest number of values whose sum reaches fraction of the total),
// found without sorting them: a most-significant-digit radix selection on
// the float32 bits (which order like the values for x >= 0). Each level
// sums the candidates by digit, walks the digits from the largest down
// until the running sum reaches fraction of the total, and keeps only the
// candidates of the digit where it does; after three levels the remaining
// candidates are equal. It reads x once and the shrinking candidates a few
// times, instead of sorting everything. buf needs room for len(x) values.
func BusFactor(x []float32, fraction float64, buf []float64) int {
	var h busHistogram
	h.add(x)
	return h.busFactor(fraction, func(top uint32) []float64 {
		return appendDigit(buf[:0], x, top)
	})
}

// busHistogram is the first level of BusFactor: the count and the sum of
// the positive values by top digit.
type busHistogram struct {
	count [buckets]int
	sum   [buckets]float64
}

// add adds the positive values of x to h.
func (h *busHistogram) add(x []float32) {
	clear(h.count[:])
	clear(h.sum[:])
	for _, v := range x {
		if v > 0 {
			b := math.Float32bits(v) >> topShift32
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
		if v > 0 && math.Float32bits(v)>>topShift32 == top {
			cand = append(cand, float64(v))
		}
	}
	return cand
}

// busFactor completes BusFactor from the first level's histogram h, whose
// total it reads from its sums. candidates returns the values of the digit
// where the running sum reaches the target; the two lower levels and the
// final count work on those alone.
func (h *busHistogram) busFactor(fraction float64, candidates func(top uint32) []float64) int {
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
	for level, shift := range [...]uint{topShift32, 10, 0} {
		if level > 0 {
			clear(count[:])
			clear(sum[:])
			for _, v := range cand {
				b := (math.Float32bits(float32(v)) >> shift) & (buckets - 1)
				count[b]++
				sum[b] += v
			}
		}
		top := buckets - 1
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
			if (math.Float32bits(float32(v))>>shift)&(buckets-1) == uint32(top) {
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

// BusCounter is BusFactor over long x in chunks of Chunk values that run
// in parallel: each chunk makes its first-level histogram, the histograms
// are merged in chunk order, and the chunks copy their candidates to
// their offsets in the buffer. The chunks do not depend on the number of
// goroutines, so neither does the result. The zero value is ready to
// use; a BusCounter must not be copied after its first use.
type BusCounter struct {
	x       []float32
	dst     []float64
	top     uint32
	hist    []busHistogram // chunk c's first level
	all     busHistogram   // the merged first level
	offsets []int

	countJob, copyJob func(int)
}

// BusFactor is the package's BusFactor, the same result, running the
// chunks' jobs through run.
func (bs *BusCounter) BusFactor(x []float32, fraction float64, buf []float64, run Runner) int {
	n := len(x)
	if n < 2*Chunk {
		return BusFactor(x, fraction, buf)
	}
	if bs.countJob == nil {
		bs.countJob, bs.copyJob = bs.count, bs.copy
	}
	chunks := (n + Chunk - 1) / Chunk
	if cap(bs.hist) < chunks {
		bs.hist = make([]busHistogram, chunks)
		bs.offsets = make([]int, chunks)
	}
	bs.hist, bs.offsets = bs.hist[:chunks], bs.offsets[:chunks]
	bs.x, bs.dst = x, buf
	defer func() { bs.x, bs.dst = nil, nil }()
	run.Run(chunks, bs.countJob)
	all := &bs.all
	clear(all.count[:])
	clear(all.sum[:])
	for c := range bs.hist {
		all.merge(&bs.hist[c])
	}
	return all.busFactor(fraction, func(top uint32) []float64 {
		total := 0
		for c := range bs.hist {
			bs.offsets[c] = total
			total += bs.hist[c].count[top]
		}
		bs.top = top
		run.Run(chunks, bs.copyJob)
		return buf[:total]
	})
}

// Bytes is the memory the per-chunk histograms hold.
func (bs *BusCounter) Bytes() int { return cap(bs.hist) * buckets * 16 }

func (bs *BusCounter) chunk(c int) []float32 {
	return bs.x[c*Chunk : min(len(bs.x), (c+1)*Chunk)]
}

func (bs *BusCounter) count(c int) { bs.hist[c].add(bs.chunk(c)) }

func (bs *BusCounter) copy(c int) {
	off := bs.offsets[c]
	appendDigit(bs.dst[off:off], bs.chunk(c), bs.top)
}
