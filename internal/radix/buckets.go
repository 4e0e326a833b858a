package radix

// Buckets groups the indices of a slice of small keys by key: a counting
// sort, stable (indices in increasing order within a key), in parallel
// chunks. Chunks of indices count their keys in parallel; a sequential
// prefix sum over (key, chunk) turns the counts into each chunk's write
// positions; the chunks write their indices in parallel. The result does
// not depend on the number of chunks or goroutines. The zero value is
// ready to use; Buckets must not be copied after first use.
type Buckets struct {
	// Order holds the indices grouped by key; key k's are
	// Order[Start[k]:Start[k+1]].
	Order []int32
	Start []int32

	keys   []int32
	n      int // indices
	nkeys  int
	chunks int
	chunk  int     // indices per chunk
	counts []int32 // per chunk and key: count, then write position

	countJob, fillJob func(int)
}

// Group groups the indices i with keys[i] in [0, nkeys) by key; indices
// with a negative key are left out. It uses up to maxChunks chunks, fewer
// when the per-chunk counts (chunks x nkeys) would not be small next to
// len(keys).
func (b *Buckets) Group(keys []int32, nkeys, maxChunks int, run Runner) {
	b.Reset(len(keys), nkeys, maxChunks)
	b.keys = keys
	run.Run(b.chunks, b.countJob)
	b.Fill(keys, run)
}

// Reset starts a grouping of n indices by nkeys keys in chunks (as Group
// chooses them) and returns the number of chunks: the caller then counts
// the key of every index of each chunk with Count, in a pass of its own
// (which may do other work on the same indices), and calls Fill. Group is
// Reset, a counting pass and Fill.
func (b *Buckets) Reset(n, nkeys, maxChunks int) (chunks int) {
	if b.countJob == nil {
		b.countJob, b.fillJob = b.count, b.fill
	}
	b.chunks = max(1, min(maxChunks, (n+4*nkeys-1)/(4*nkeys)))
	b.n, b.nkeys = n, nkeys
	b.chunk = (n + b.chunks - 1) / b.chunks
	b.counts = grow(b.counts, b.chunks*nkeys)
	for c := range b.chunks {
		clear(b.chunkCounts(c))
	}
	return b.chunks
}

// Range is chunk c's indices [lo, hi).
func (b *Buckets) Range(c int) (lo, hi int) { return c * b.chunk, min(b.n, (c+1)*b.chunk) }

// Count counts index i's key, in [0, nkeys), in chunk c, i's chunk.
func (b *Buckets) Count(c int, key int32) { b.counts[c*b.nkeys+int(key)]++ }

// Fill groups the indices by keys (the keys counted) once every chunk is
// counted.
func (b *Buckets) Fill(keys []int32, run Runner) {
	chunks, nkeys := b.chunks, b.nkeys
	b.keys = keys
	b.Start = grow(b.Start, nkeys+1)
	pos := int32(0)
	for k := range nkeys {
		b.Start[k] = pos
		for c := range chunks {
			i := c*nkeys + k
			count := b.counts[i]
			b.counts[i] = pos
			pos += count
		}
	}
	b.Start[nkeys] = pos
	b.Order = grow(b.Order, int(pos))
	run.Run(chunks, b.fillJob)
	b.keys = nil
}

// Bytes is the memory Buckets holds.
func (b *Buckets) Bytes() int { return (cap(b.Order) + cap(b.Start) + cap(b.counts)) * 4 }

func (b *Buckets) chunkKeys(c int) (lo int, keys []int32) {
	lo = c * b.chunk
	return lo, b.keys[lo:min(len(b.keys), lo+b.chunk)]
}

func (b *Buckets) chunkCounts(c int) []int32 { return b.counts[c*b.nkeys : (c+1)*b.nkeys] }

// count is Group's counting pass over chunk c.
func (b *Buckets) count(c int) {
	counts := b.chunkCounts(c)
	_, keys := b.chunkKeys(c)
	for _, k := range keys {
		if k >= 0 {
			counts[k]++
		}
	}
}

// fill writes chunk c's indices to their keys' places.
func (b *Buckets) fill(c int) {
	next := b.counts[c*b.nkeys : (c+1)*b.nkeys]
	lo, keys := b.chunkKeys(c)
	for i, k := range keys {
		if k >= 0 {
			b.Order[next[k]] = int32(lo + i)
			next[k]++
		}
	}
}

// grow returns s resized to n, reallocating only when it must.
func grow(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, n+n/4)
	}
	return s[:n]
}
