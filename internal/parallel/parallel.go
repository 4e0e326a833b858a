package parallel

import (
	"sync"
	"sync/atomic"
)

// Pool runs the jobs of a phase, numbered 0..n-1, on a fixed set of
// goroutines started once. A phase costs one message per goroutine and one
// atomic addition per job, not a channel send per job: a phase has up to
// hundreds of jobs, some of them a few microseconds' work.
//
// Jobs must write disjoint state, so that their order does not matter. A
// job is a func(i int), typically a method value bound once when the
// caller is built: a func literal made anew for every phase would allocate.
type Pool struct {
	batches chan batch
	next    atomic.Int64
	wg      sync.WaitGroup
	size    int
	inline  bool
}

// batch is one phase handed to the pool's goroutines: they take job
// numbers from next until none is left.
type batch struct {
	job  func(int)
	n    int64
	next *atomic.Int64
}

// New returns a pool of threads goroutines; with threads <= 1 it starts
// none and Run runs every job on the calling goroutine.
func New(threads int) *Pool {
	p := &Pool{size: max(1, threads)}
	if p.size == 1 {
		return p
	}
	batches := make(chan batch, p.size)
	p.batches = batches
	for range p.size {
		go func() {
			for b := range batches {
				for i := b.next.Add(1) - 1; i < b.n; i = b.next.Add(1) - 1 {
					b.job(int(i))
				}
				p.wg.Done()
			}
		}()
	}
	return p
}

// Threads is the number of goroutines the pool runs jobs on.
func (p *Pool) Threads() int { return p.size }

// SetInline makes Run run every job on the calling goroutine, in order,
// while on is true: for work too small to pay for handing it out (a model
// of one shard, say).
func (p *Pool) SetInline(on bool) { p.inline = on }

// Run runs job(0) .. job(n-1) and returns when all are done.
func (p *Pool) Run(n int, job func(int)) {
	if p.batches == nil || p.inline || n <= 1 {
		for i := range n {
			job(i)
		}
		return
	}
	p.next.Store(0)
	workers := min(n, p.size)
	p.wg.Add(workers)
	for range workers {
		p.batches <- batch{job, int64(n), &p.next}
	}
	p.wg.Wait()
}

// Close stops the pool's goroutines. A pool must be closed when its user
// is done with it; Run must not be called after.
func (p *Pool) Close() {
	if p.batches != nil {
		close(p.batches)
		p.batches = nil
	}
}

// Chunks is the number of chunks of size items that n items make.
func Chunks(n, size int) int { return (n + size - 1) / size }

// Range is chunk c's items [lo, hi) of n items cut in chunks of size.
func Range(c, size, n int) (lo, hi int) { return c * size, min(n, (c+1)*size) }
