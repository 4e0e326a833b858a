package radix

import "math"

// Runner runs jobs 0..n-1, possibly in parallel, and returns when all are
// done; *parallel.Pool is one.
type Runner interface {
	Run(n int, job func(int))
}

// Chunk is the number of values one job of the parallel sorts and
// selections handles.
const Chunk = 1 << 16

const (
	digitBits = 11
	// buckets is the number of values of one radix digit.
	buckets = 1 << digitBits
)

// topShift is the lowest bit of the three top digits (bits 31 to 63).
const topShift = 64 - 3*digitBits

func digit(v float64, shift uint) uint64 {
	return (math.Float64bits(v) >> shift) & (buckets - 1)
}

// Sort sorts non-negative, finite float64s ascending in O(n) with an LSD
// radix sort on their IEEE-754 bits (for non-negative floats the bit
// patterns order like the values). tmp must have len(x) room. The per-tick
// inequality metrics sort up to millions of values, where this is several
// times faster than a comparison sort and allocates nothing.
//
// Only the top 33 bits (three passes) are radix sorted: that orders all
// values but those within a relative 2^-21 of each other, which end up
// adjacent, and one insertion pass orders them. Should the insertion pass
// find much to do (many nearly equal values), the low bits are radix
// sorted too. Either way the result is exactly sorted (tested against
// slices.Sort).
func Sort(x, tmp []float64) {
	if len(x) < 2 {
		return
	}
	passes(x, tmp, topShift)
	if !insertionFinish(x) {
		passes(x, tmp, 0)
	}
}

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

// passes is an LSD radix sort of x on bits from..63.
func passes(x, tmp []float64, from uint) {
	var count [buckets]int
	src, dst := x, tmp[:len(x)]
	for shift := from; shift < 64; shift += digitBits {
		clear(count[:])
		for _, v := range src {
			count[digit(v, shift)]++
		}
		// Skip a pass in which every value falls in one bucket.
		if count[digit(src[0], shift)] == len(src) {
			continue
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, v := range src {
			b := digit(v, shift)
			dst[count[b]] = v
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &x[0] {
		copy(x, src)
	}
}

// Sorter is Sort (top digits, insertion pass, low digits only if needed)
// with each pass split into chunks of Chunk values: the chunks count their
// digits in parallel, a sequential prefix sum over (digit, chunk) gives
// every chunk its write positions, and the chunks scatter in parallel.
// Each pass stays stable, so the result is exactly Sort's, for any number
// of goroutines. It keeps its counts between calls, so sorting allocates
// nothing in steady state. The zero value is ready to use; a Sorter must
// not be copied after its first use (its jobs are bound to it).
type Sorter struct {
	src, dst []float64
	shift    uint
	counts   []int  // chunk c's count, then write position, of digit b at c*buckets+b
	bounds   []int  // the pieces of the insertion pass
	inBudget []bool // whether each piece was sorted within its budget of moves

	countJob, scatterJob, insertionJob func(int)
}

// Sort sorts the values of x (non-negative, finite) ascending, with tmp as
// scratch of at least len(x), running the chunks' jobs through run. The
// sorted values end up in x or in tmp, whichever the last pass wrote:
// Sort returns that slice rather than copy them back.
func (r *Sorter) Sort(x, tmp []float64, run Runner) []float64 {
	n := len(x)
	if n < 2*Chunk {
		Sort(x, tmp)
		return x
	}
	if r.countJob == nil {
		r.countJob, r.scatterJob, r.insertionJob = r.count, r.scatter, r.insertionPiece
	}
	chunks := (n + Chunk - 1) / Chunk
	if cap(r.counts) < chunks*buckets {
		// Sized for as many values as tmp holds, not only x's: a caller
		// that sorts a growing part of the same scratch (the positive
		// amounts among everyone who joined) then allocates once.
		room := max(chunks, (len(tmp)+Chunk-1)/Chunk)
		r.counts = make([]int, room*buckets)
		r.bounds = make([]int, room+1)
		r.inBudget = make([]bool, room)
	}
	tmp = tmp[:n]
	r.counts = r.counts[:chunks*buckets]
	out := r.passes(x, tmp, chunks, topShift, run)
	if !r.insertionPass(out, chunks, run) {
		other := tmp
		if &out[0] == &tmp[0] {
			other = x
		}
		out = r.passes(out, other, chunks, 0, run)
	}
	return out
}

// Bytes is the memory the Sorter's per-chunk counts hold.
func (r *Sorter) Bytes() int { return cap(r.counts) * 8 }

// insertionPass is insertionFinish in parallel: x is cut into pieces of about
// Chunk values at the starts of groups of equal top digits (which the
// passes have put in order), so each piece can be finished alone. It
// reports false if a piece took too many moves.
func (r *Sorter) insertionPass(x []float64, chunks int, run Runner) bool {
	n := len(x)
	top := func(v float64) uint64 { return math.Float64bits(v) >> topShift }
	r.bounds = r.bounds[:chunks+1]
	r.bounds[0], r.bounds[chunks] = 0, n
	for c := 1; c < chunks; c++ {
		s := max(c*Chunk, r.bounds[c-1])
		for s > 0 && s < n && top(x[s]) == top(x[s-1]) {
			s++
		}
		r.bounds[c] = s
	}
	r.inBudget = r.inBudget[:chunks]
	r.src = x
	run.Run(chunks, r.insertionJob)
	r.src = nil
	for _, ok := range r.inBudget {
		if !ok {
			return false
		}
	}
	return true
}

// insertionPiece sorts piece c of insertionPass.
func (r *Sorter) insertionPiece(c int) {
	r.inBudget[c] = insertionFinish(r.src[r.bounds[c]:r.bounds[c+1]])
}

// passes radix sorts x on bits from..63, chunk by chunk, and returns the
// slice that holds the result: x, or tmp after an odd number of passes.
func (r *Sorter) passes(x, tmp []float64, chunks int, from uint, run Runner) []float64 {
	n := len(x)
	r.src, r.dst = x, tmp[:n]
	for shift := from; shift < 64; shift += digitBits {
		r.shift = shift
		run.Run(chunks, r.countJob)
		// Skip a pass in which every value falls in one bucket.
		first := digit(r.src[0], shift)
		same := 0
		for c := range chunks {
			same += r.counts[c*buckets+int(first)]
		}
		if same == n {
			continue
		}
		pos := 0
		for b := range buckets {
			for c := range chunks {
				k := c*buckets + b
				count := r.counts[k]
				r.counts[k] = pos
				pos += count
			}
		}
		run.Run(chunks, r.scatterJob)
		r.src, r.dst = r.dst, r.src
	}
	out := r.src
	r.src, r.dst = nil, nil
	return out
}

// chunk is the part of the values chunk c handles.
func (r *Sorter) chunk(c int) []float64 {
	return r.src[c*Chunk : min(len(r.src), (c+1)*Chunk)]
}

// count counts chunk c's digits of the current pass.
func (r *Sorter) count(c int) {
	counts := r.counts[c*buckets : (c+1)*buckets]
	clear(counts)
	for _, v := range r.chunk(c) {
		counts[digit(v, r.shift)]++
	}
}

// scatter writes chunk c's values to their positions in the pass's output.
func (r *Sorter) scatter(c int) {
	next := r.counts[c*buckets : (c+1)*buckets]
	for _, v := range r.chunk(c) {
		b := digit(v, r.shift)
		r.dst[next[b]] = v
		next[b]++
	}
}
