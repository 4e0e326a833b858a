package rng

import "testing"

// Reseed is a function of the stream's identity alone: the same identity
// gives the same draws whatever the stream drew before, and changing any
// part of it changes them.
func TestReseed(t *testing.T) {
	s := NewStream()
	first := func(seed, phase uint64, tick int32, index int) uint64 {
		s.Reseed(seed, phase, tick, index)
		return s.PCG.Uint64()
	}
	a := first(1, 2, 3, 4)
	s.PCG.Uint64()
	if first(1, 2, 3, 4) != a {
		t.Fatal("Reseed does not depend on the identity alone")
	}
	for i, o := range []uint64{first(2, 2, 3, 4), first(1, 3, 3, 4), first(1, 2, 4, 4), first(1, 2, 3, 5)} {
		if o == a {
			t.Errorf("case %d: the stream did not change with its identity", i)
		}
	}
}

// Streams made together draw what streams made apart draw, once reseeded,
// and do not share their state.
func TestNewStreams(t *testing.T) {
	streams := NewStreams(3)
	alone := NewStream()
	for i, s := range streams {
		s.Reseed(5, 6, 7, i)
		alone.Reseed(5, 6, 7, i)
		for range 100 {
			if a, b := s.Float64(), alone.Float64(); a != b {
				t.Fatalf("stream %d: %v, alone %v", i, a, b)
			}
		}
	}
	streams[0].Reseed(1, 1, 1, 1)
	streams[1].Reseed(1, 1, 1, 1)
	streams[0].PCG.Uint64()
	if streams[0].PCG.Uint64() == streams[1].PCG.Uint64() {
		t.Fatal("the streams share their state")
	}
}

// Uniform is a function of its identity, in [0,1), and roughly uniform.
func TestUniform(t *testing.T) {
	if Uniform(1, 2, 3) != Uniform(1, 2, 3) || Uniform(1, 2, 3) == Uniform(1, 2, 4) || Uniform(1, 2, 3) == Uniform(2, 2, 3) {
		t.Fatal("Uniform is not a function of (seed, phase, key) that tells them apart")
	}
	const n = 100000
	below := 0
	for k := range uint64(n) {
		u := Uniform(7, 9, k)
		if u < 0 || u >= 1 {
			t.Fatalf("Uniform = %g, outside [0,1)", u)
		}
		if u < 0.3 {
			below++
		}
	}
	if share := float64(below) / n; share < 0.29 || share > 0.31 {
		t.Errorf("share below 0.3: %g, want about 0.3", share)
	}
}
