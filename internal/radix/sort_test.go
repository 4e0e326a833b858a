package radix

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"commonsim/analysis"
	"commonsim/internal/parallel"
)

// checkSort sorts x with sort and fails unless the result is slices.Sort's.
func checkSort(t *testing.T, label string, x []float64, sort func([]float64)) {
	t.Helper()
	want := slices.Clone(x)
	slices.Sort(want)
	sort(x)
	if !slices.Equal(x, want) {
		t.Fatalf("%s: differs from slices.Sort", label)
	}
}

// fillNearlyEqual fills x with values within 1e-9 of 1, which the top
// radix digits cannot tell apart: the insertion pass gives up and the low
// digits are sorted.
func fillNearlyEqual(rng *rand.Rand, x []float64) {
	for i := range x {
		x[i] = 1 + float64(rng.IntN(1e6))*1e-15
	}
}

func TestSort(t *testing.T) {
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
		sort := func(x []float64) { Sort(x, make([]float64, len(x))) }
		checkSort(t, fmt.Sprintf("Sort, n=%d", n), x, sort)
		fillNearlyEqual(rng, x)
		checkSort(t, fmt.Sprintf("Sort, n=%d, nearly equal values", n), x, sort)
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
			SelectTop(got, k, before)
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

func TestSorterMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var r, parallelSorter Sorter
	sequential, twoThreads := parallel.New(1), parallel.New(2)
	defer twoThreads.Close()
	for _, n := range []int{0, 1, 2*Chunk - 1, 2 * Chunk, 5*Chunk + 17} {
		x := make([]float64, n)
		for i := range x {
			switch i % 3 {
			case 0:
				x[i] = rng.ExpFloat64() * 1e3
			case 1:
				x[i] = float64(rng.IntN(50))
			default:
				x[i] = rng.Float64() * 1e-12
			}
		}
		// The sorted values come back in x or in the scratch; checkSort
		// wants them in x.
		sort := func(x []float64) { copy(x, r.Sort(x, make([]float64, len(x)), sequential)) }
		sortParallel := func(x []float64) { copy(x, parallelSorter.Sort(x, make([]float64, len(x)), twoThreads)) }
		clustered := make([]float64, n)
		for i := range clustered {
			// Groups of about three values that the top digits cannot
			// tell apart, some across the pieces' nominal boundaries: the
			// insertion pass has work to do and finishes.
			clustered[i] = float64(rng.IntN(max(1, n/3))) + rng.Float64()*1e-9
		}
		for _, c := range []struct {
			label string
			sort  func([]float64)
		}{{"sequential jobs", sort}, {"2 threads", sortParallel}} {
			checkSort(t, fmt.Sprintf("Sorter, %s, n=%d", c.label, n), slices.Clone(x), c.sort)
			checkSort(t, fmt.Sprintf("Sorter, %s, n=%d, clustered values", c.label, n), slices.Clone(clustered), c.sort)
			nearly := make([]float64, n)
			fillNearlyEqual(rng, nearly)
			checkSort(t, fmt.Sprintf("Sorter, %s, n=%d, nearly equal values", c.label, n), nearly, c.sort)
		}
	}
}

func TestBusFactorMatchesSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 5, 1000, 100000} {
		for _, kind := range []string{"exp", "pareto", "integers", "zeros"} {
			x := make([]float32, n)
			for i := range x {
				switch kind {
				case "exp":
					x[i] = float32(rng.ExpFloat64())
				case "pareto":
					x[i] = float32(math.Pow(rng.Float64(), -1/1.2))
				case "integers":
					x[i] = float32(rng.IntN(4))
				case "zeros":
					if i%10 == 0 {
						x[i] = float32(rng.Float64())
					}
				}
			}
			var pos []float64
			for _, v := range x {
				if v > 0 {
					pos = append(pos, float64(v))
				}
			}
			slices.Sort(pos)
			for _, f := range []float64{0.5, 0.9, 1} {
				want := analysis.BusFactorSorted(pos, f)
				if got := BusFactor(x, f, make([]float64, n)); got != want {
					t.Errorf("n=%d %s fraction %g: BusFactor = %d, sorted = %d", n, kind, f, got, want)
				}
			}
		}
	}
}

func TestChunkedPositivesMatchSequential(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	var ps PositivesCopier
	for _, n := range []int{10, 2*Chunk + 5, 5 * Chunk} {
		x := make([]float64, n)
		for i := range x {
			if rng.IntN(3) > 0 {
				x[i] = rng.Float64()
			}
		}
		want := Positives(make([]float64, n), x)
		if got := ps.Copy(make([]float64, n), x, parallel.New(1)); !slices.Equal(got, want) {
			t.Fatalf("n=%d: chunked positives differ from sequential", n)
		}
	}
}

// TestChunkedBusFactorMatchesSorted checks the chunked bus factor (first
// level in parallel chunks) against the sorted definition, and that its
// result does not depend on the number of threads.
func TestChunkedBusFactorMatchesSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{2*Chunk + 7, 5 * Chunk} {
		x := make([]float32, n)
		var pos []float64
		for i := range x {
			if rng.IntN(4) > 0 {
				x[i] = float32(math.Pow(rng.Float64(), -1/1.2))
				pos = append(pos, float64(x[i]))
			}
		}
		slices.Sort(pos)
		for _, threads := range []int{1, 2, 3} {
			pool := parallel.New(threads)
			var bs BusCounter
			for _, f := range []float64{0.1, 0.5, 1} {
				want := analysis.BusFactorSorted(pos, f)
				if got := bs.BusFactor(x, f, make([]float64, n), pool); got != want {
					t.Errorf("n=%d threads=%d fraction %g: chunked BusFactor = %d, sorted = %d", n, threads, f, got, want)
				}
			}
			pool.Close()
		}
	}
}
