package parallel

import (
	"sync/atomic"
	"testing"
)

// Every job runs exactly once, whatever the number of goroutines and jobs,
// inline or not, and Run returns only when all are done.
func TestRunRunsEveryJobOnce(t *testing.T) {
	for _, threads := range []int{0, 1, 2, 5} {
		p := New(threads)
		for _, inline := range []bool{false, true} {
			p.SetInline(inline)
			for _, n := range []int{0, 1, 2, 3, 17, 1000} {
				counts := make([]atomic.Int32, n)
				job := func(i int) { counts[i].Add(1) }
				for range 3 {
					p.Run(n, job)
				}
				for i := range counts {
					if c := counts[i].Load(); c != 3 {
						t.Fatalf("threads %d, inline %v, n %d: job %d ran %d times in 3 phases", threads, inline, n, i, c)
					}
				}
			}
		}
		p.Close()
		p.Close() // a second Close is harmless
	}
}

func TestChunks(t *testing.T) {
	for _, c := range []struct{ n, size, want int }{{0, 4, 0}, {1, 4, 1}, {4, 4, 1}, {5, 4, 2}, {9, 4, 3}} {
		if got := Chunks(c.n, c.size); got != c.want {
			t.Errorf("Chunks(%d, %d) = %d, want %d", c.n, c.size, got, c.want)
		}
		covered := 0
		for k := range Chunks(c.n, c.size) {
			lo, hi := Range(k, c.size, c.n)
			if lo != covered || hi <= lo || hi-lo > c.size {
				t.Errorf("Range(%d, %d, %d) = [%d, %d)", k, c.size, c.n, lo, hi)
			}
			covered = hi
		}
		if covered != c.n {
			t.Errorf("the chunks of %d items cover %d", c.n, covered)
		}
	}
}

// A pool closed right after it is made, before its goroutines have started
// (a run of one tick, say), closes cleanly; under -race this checks that
// the goroutines do not read the pool's fields that Close writes.
func TestCloseRightAfterNew(t *testing.T) {
	for range 100 {
		New(4).Close()
	}
}
