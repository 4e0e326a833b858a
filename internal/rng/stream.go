package rng

import (
	"math/bits"
	"math/rand/v2"
)

// Stream is one random stream seen two ways: the PCG itself, which the
// hot loops read directly through Stream's methods (uniforms, normals,
// bounded integers; a call through rand.Rand goes through the rand.Source
// interface on every draw), and the rand.Rand over it for what they do not
// cover (gonum's distributions at start-up and arrival). Both advance the
// same state, and the methods give rand.Rand's sequences exactly.
//
// A Stream is a pair of pointers: copying it copies a view of one state,
// not the state.
type Stream struct {
	PCG  *rand.PCG
	Rand *rand.Rand
}

// NewStream returns a stream over a PCG of its own, alone on its cache
// lines (see newPaddedPCG), seeded at zero: Reseed points it at a stream.
// It allocates; make streams once, when a model is built.
func NewStream() Stream {
	src := newPaddedPCG()
	return Stream{PCG: src, Rand: rand.New(src)}
}

// NewStreams returns n streams for the hot loops alone, each over a PCG on
// cache lines of its own, in one allocation. Their Rand is nil: they give
// the uniforms, bounded integers and normals of Stream's methods, not
// rand.Rand's other distributions.
func NewStreams(n int) []Stream {
	pcgs := make([]paddedPCG, n)
	out := make([]Stream, n)
	for i := range out {
		out[i].PCG = &pcgs[i].pcg
	}
	return out
}

// paddedPCG is a PCG alone on its cache lines. The generators of shards run
// side by side on different cores and change state on every draw; packed
// together (a PCG is 16 bytes) they would share cache lines and every draw
// would bounce the line between the cores (false sharing).
type paddedPCG struct {
	_   [64]byte
	pcg rand.PCG
	_   [48]byte
}

func newPaddedPCG() *rand.PCG { return &new(paddedPCG).pcg }

// Float64 is rand.Rand.Float64 without the interface call: the low 53 bits
// of one draw over 2^53, exactly as math/rand/v2 computes it.
func (s Stream) Float64() float64 {
	return float64(s.PCG.Uint64()<<11>>11) / (1 << 53)
}

// IntN is rand.Rand.IntN without the interface call: a uniform integer in
// [0, n) by Lemire's multiply-shift with rejection, exactly as math/rand/v2
// computes it on 64-bit machines (same sequence, tested). n must be > 0.
func (s Stream) IntN(n int) int {
	u := uint64(n)
	if u&(u-1) == 0 {
		return int(s.PCG.Uint64() & (u - 1))
	}
	hi, lo := bits.Mul64(s.PCG.Uint64(), u)
	if lo < u {
		thresh := -u % u
		for lo < thresh {
			hi, lo = bits.Mul64(s.PCG.Uint64(), u)
		}
	}
	return int(hi)
}

// B2I is 1 for true and 0 for false. The compiler makes it a flag set, no
// branch: the hot loops use it to keep coin tosses, which no branch
// predictor can guess, out of branches.
func B2I(b bool) int {
	if b {
		return 1
	}
	return 0
}
