package main

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// progress prints a simple progress line to stderr.
type progress struct {
	mu    sync.Mutex
	total int
	start time.Time
	last  time.Time
}

func newProgress(total int) *progress {
	return &progress{total: total, start: time.Now()}
}

func (p *progress) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < 2*time.Second && done < total {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(os.Stderr, "runs %d/%d\n", done, total)
}

func (p *progress) done() {}
