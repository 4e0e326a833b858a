// Package radix holds the sorts and selections of the model's metrics and
// roles, which run on up to millions of values every tick: a radix sort of
// non-negative float64s (Sort, and Sorter in parallel chunks), a
// selection of the k best (SelectTop, and Top, which finds the top k by a
// float32 key from digit counts), the bus factor by radix selection
// (BusFactor, BusCounter), a parallel copy of the positive values
// (PositivesCopier) and a stable counting sort of indices by a small key
// (Buckets).
//
// Each is tested against its plain definition (slices.Sort, ranking
// everything, analysis.BusFactorSorted, a sequential loop), and the
// parallel versions give exactly the sequential results for any number of
// goroutines: a Runner (a *parallel.Pool) runs their chunks' jobs, and
// chunks are fixed by the input's length, never by the goroutines.
package radix
