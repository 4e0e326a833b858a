package rng

// Reseed points the stream at the stream of (run seed, phase, tick,
// index): every phase of every tick, and in the parallel phases every
// shard of contributors (or module, or chunk), draws from a stream of its
// own that depends only on that identity, never on the goroutine that runs
// it or on what ran before. The two halves of the PCG's 128-bit state are
// spread from the identity with splitmix64 mixing.
func (s Stream) Reseed(seed, phase uint64, tick int32, index int) {
	a := mix(seed ^ mix(phase<<40^uint64(uint32(tick))))
	b := mix(a ^ mix(uint64(index)+phase))
	s.PCG.Seed(a, b)
}

// mix is the splitmix64 finaliser (Steele, Lea & Flood 2014, "Fast
// splittable pseudorandom number generators", OOPSLA).
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Uniform is a uniform number in [0,1) that is a function of (seed, phase,
// key) alone, with no stream: a draw tied to an identity (a contributor's
// id, say) rather than to when it is made. It is mix(seed ^ mix(phase<<40
// ^ key)) in 53 bits.
func Uniform(seed, phase, key uint64) float64 {
	return float64(mix(seed^mix(phase<<40^key))>>11) / (1 << 53)
}
