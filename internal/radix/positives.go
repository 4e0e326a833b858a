package radix

// Positives copies the positive values of x into buf, in order, and
// returns them.
func Positives(buf, x []float64) []float64 {
	k := 0
	for _, v := range x {
		if v > 0 {
			buf[k] = v
			k++
		}
	}
	return buf[:k]
}

// PositivesCopier is Positives for long x in chunks of Chunk values that
// run in parallel: each chunk counts its positives, a prefix sum gives
// each chunk its offset, and the chunks copy. The result is Positives'.
// The zero value is ready to use; it must not be copied after first use.
type PositivesCopier struct {
	src, dst []float64
	offsets  []int

	countJob, copyJob func(int)
}

// Copy is Positives(buf, x), running the chunks' jobs through run.
func (ps *PositivesCopier) Copy(buf, x []float64, run Runner) []float64 {
	n := len(x)
	if n < 2*Chunk {
		return Positives(buf, x)
	}
	if ps.countJob == nil {
		ps.countJob, ps.copyJob = ps.count, ps.copy
	}
	chunks := (n + Chunk - 1) / Chunk
	if cap(ps.offsets) < chunks {
		ps.offsets = make([]int, chunks)
	}
	ps.offsets = ps.offsets[:chunks]
	ps.src, ps.dst = x, buf
	run.Run(chunks, ps.countJob)
	total := 0
	for c, k := range ps.offsets {
		ps.offsets[c] = total
		total += k
	}
	run.Run(chunks, ps.copyJob)
	ps.src, ps.dst = nil, nil
	return buf[:total]
}

func (ps *PositivesCopier) chunk(c int) []float64 {
	return ps.src[c*Chunk : min(len(ps.src), (c+1)*Chunk)]
}

func (ps *PositivesCopier) count(c int) {
	k := 0
	for _, v := range ps.chunk(c) {
		if v > 0 {
			k++
		}
	}
	ps.offsets[c] = k
}

func (ps *PositivesCopier) copy(c int) {
	k := ps.offsets[c]
	for _, v := range ps.chunk(c) {
		if v > 0 {
			ps.dst[k] = v
			k++
		}
	}
}
