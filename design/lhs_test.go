package design

import (
	"math/rand/v2"
	"testing"
)

func TestLatinHypercubeStrata(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 100, 1000} {
		const k = 4
		pts := LatinHypercube(n, k, rand.New(rand.NewPCG(uint64(n), 1)))
		if len(pts) != n {
			t.Fatalf("n = %d: %d points", n, len(pts))
		}
		for d := range k {
			count := make([]int, n)
			for _, p := range pts {
				if len(p) != k {
					t.Fatalf("point of length %d, want %d", len(p), k)
				}
				if p[d] < 0 || p[d] >= 1 {
					t.Fatalf("n = %d: coordinate %v outside [0,1)", n, p[d])
				}
				count[int(p[d]*float64(n))]++
			}
			for s, c := range count {
				if c != 1 {
					t.Errorf("n = %d, dimension %d: stratum %d holds %d points", n, d, s, c)
				}
			}
		}
	}
}

func TestLatinHypercubeSeeds(t *testing.T) {
	a := LatinHypercube(20, 3, rand.New(rand.NewPCG(1, 2)))
	b := LatinHypercube(20, 3, rand.New(rand.NewPCG(1, 2)))
	c := LatinHypercube(20, 3, rand.New(rand.NewPCG(2, 2)))
	if !equalMatrix(a, b) {
		t.Error("same seed gave different designs")
	}
	if equalMatrix(a, c) {
		t.Error("different seeds gave the same design")
	}
	if len(LatinHypercube(0, 3, rand.New(rand.NewPCG(1, 1)))) != 0 {
		t.Error("n = 0 should give an empty design")
	}
}

// TestLatinHypercubeTopStratum exercises the clamp: a generator whose
// Float64 is as close to 1 as possible must still stay inside each stratum.
func TestLatinHypercubeTopStratum(t *testing.T) {
	pts := LatinHypercube(3, 2, rand.New(maxSource{}))
	for _, p := range pts {
		for _, x := range p {
			if x >= 1 {
				t.Fatalf("coordinate %v >= 1", x)
			}
		}
	}
	for d := range 2 {
		seen := make([]bool, 3)
		for _, p := range pts {
			seen[int(p[d]*3)] = true
		}
		for s, ok := range seen {
			if !ok {
				t.Errorf("dimension %d: stratum %d empty", d, s)
			}
		}
	}
}

// maxSource returns all ones: Float64 gives 1-2^-53.
type maxSource struct{}

func (maxSource) Uint64() uint64 { return ^uint64(0) }
