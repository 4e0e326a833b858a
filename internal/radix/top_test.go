package radix

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"commonsim/internal/parallel"
)

// TestTopMatchesRanking checks Top's digit counts and selection against
// ranking every eligible item, on several chunks with ineligible items,
// many equal keys (zeros and small integers) and a spread of values, for k
// from 0 to all, walking the chunks sequentially and with 2 goroutines.
func TestTopMatchesRanking(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	n := 2*Chunk + 1234
	for _, kind := range []string{"spread", "ties", "zeros"} {
		keys := make([]float32, n)
		eligible := make([]bool, n)
		var ids []int32
		for i := range keys {
			switch kind {
			case "spread":
				keys[i] = float32(rng.ExpFloat64() * 10)
			case "ties":
				keys[i] = float32(rng.IntN(6))
			case "zeros":
				if rng.IntN(50) == 0 {
					keys[i] = float32(rng.Float64())
				}
			}
			if eligible[i] = rng.IntN(5) > 0; eligible[i] {
				ids = append(ids, int32(i))
			}
		}
		for _, threads := range []int{1, 2} {
			pool := parallel.New(threads)
			for _, k := range []int{0, 1, 17, len(ids) / 20, len(ids) - 1, len(ids)} {
				var top Top
				chunks := parallel.Chunks(n, Chunk)
				top.Reset(chunks)
				pool.Run(chunks, func(c int) {
					lo, hi := parallel.Range(c, Chunk, n)
					for i := lo; i < hi; i++ {
						if eligible[i] {
							top.Count(c, keys[i])
						}
					}
				})
				top.Cut(k)
				in := make([]bool, n)
				pool.Run(chunks, func(c int) {
					lo, hi := parallel.Range(c, Chunk, n)
					for i := lo; i < hi; i++ {
						if eligible[i] && top.Place(c, int32(i), keys[i]) {
							in[i] = true
						}
					}
				})
				var got []int32
				for i, ok := range in {
					if ok {
						got = append(got, int32(i))
					}
				}
				got = append(got, top.Rest(keys)...)
				slices.Sort(got)
				want := topByRanking(ids, keys, k)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Fatalf("%s, %d goroutines, k=%d: the top set differs from ranking everyone (%d vs %d items)", kind, threads, k, len(got), len(want))
				}
			}
			pool.Close()
		}
	}
}

// TestBucketsMatchSort checks the chunked counting sort against a stable
// sort of the indices by key, for several sizes, key counts and chunk
// limits, sequentially and with 2 goroutines.
func TestBucketsMatchSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, n := range []int{0, 1, 10, 1000, 50_000} {
		for _, nkeys := range []int{1, 3, 200} {
			keys := make([]int32, n)
			for i := range keys {
				keys[i] = int32(rng.IntN(nkeys+1)) - 1 // some -1: left out
			}
			var want []int32
			for i := range keys {
				if keys[i] >= 0 {
					want = append(want, int32(i))
				}
			}
			slices.SortStableFunc(want, func(a, b int32) int { return int(keys[a] - keys[b]) })
			for _, threads := range []int{1, 2} {
				pool := parallel.New(threads)
				for _, maxChunks := range []int{1, 4, 100} {
					var b, counted Buckets
					b.Group(keys, nkeys, maxChunks, pool)
					label := fmt.Sprintf("n=%d keys=%d threads=%d chunks<=%d", n, nkeys, threads, maxChunks)
					if !slices.Equal(b.Order, want) {
						t.Fatalf("%s: order differs from a stable sort by key", label)
					}
					// The same, counted by the caller's own pass.
					pool.Run(counted.Reset(n, nkeys, maxChunks), func(c int) {
						lo, hi := counted.Range(c)
						for i := lo; i < hi; i++ {
							if keys[i] >= 0 {
								counted.Count(c, keys[i])
							}
						}
					})
					counted.Fill(keys, pool)
					if !slices.Equal(counted.Order, want) || !slices.Equal(counted.Start, b.Start) {
						t.Fatalf("%s: counted by the caller, the order differs", label)
					}
					for k := range nkeys {
						for _, i := range b.Order[b.Start[k]:b.Start[k+1]] {
							if keys[i] != int32(k) {
								t.Fatalf("%s: index %d (key %d) in key %d's bucket", label, i, keys[i], k)
							}
						}
					}
				}
				pool.Close()
			}
		}
	}
}
