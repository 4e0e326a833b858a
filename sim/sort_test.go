package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 10, 1000, 50000} {
		x := make([]float64, n)
		for i := range x {
			switch i % 4 {
			case 0:
				x[i] = rng.ExpFloat64() * 1e6
			case 1:
				x[i] = float64(rng.IntN(10))
			case 2:
				x[i] = rng.Float64() * 1e-9
			default:
				x[i] = 0
			}
		}
		want := slices.Clone(x)
		slices.Sort(want)
		radixSort(x, make([]float64, n))
		if !slices.Equal(x, want) {
			t.Fatalf("n=%d: radix sort differs from slices.Sort", n)
		}
	}
}

func TestSelectTop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 5, 100, 5000} {
		key := make([]float32, n)
		for i := range key {
			key[i] = float32(rng.IntN(20)) // many ties, broken by id
		}
		before := func(a, b int32) bool {
			return key[a] > key[b] || key[a] == key[b] && a < b
		}
		ids := make([]int32, n)
		for i := range ids {
			ids[i] = int32(i)
		}
		sorted := slices.Clone(ids)
		slices.SortFunc(sorted, func(a, b int32) int {
			if before(a, b) {
				return -1
			}
			if before(b, a) {
				return 1
			}
			return 0
		})
		for _, k := range []int{0, 1, n / 3, n - 1, n} {
			got := slices.Clone(ids)
			rng.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
			selectTop(got, k, before)
			top := slices.Clone(got[:k])
			slices.Sort(top)
			want := slices.Clone(sorted[:k])
			slices.Sort(want)
			if !slices.Equal(top, want) {
				t.Fatalf("n=%d k=%d: top set differs", n, k)
			}
		}
	}
}
