package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
)

// RunSeed derives a run's seed from the scenario's base seed and the run's
// identity (scenario name, sweep point, replicate) by hashing, so that a
// run's seed never depends on which worker picks it up or when.
func RunSeed(base int64, scenario string, point, replicate int) uint64 {
	h := sha256.New()
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], uint64(base))
	h.Write(buf[:])
	h.Write([]byte(scenario))
	h.Write([]byte{0})
	binary.LittleEndian.PutUint64(buf[:], uint64(point))
	h.Write(buf[:])
	binary.LittleEndian.PutUint64(buf[:], uint64(replicate))
	h.Write(buf[:])
	sum := h.Sum(nil)
	// Seeds are written to CSV as decimal integers; keep them below 2^63 so
	// every reader (R's doubles aside) parses them as signed 64-bit.
	return binary.LittleEndian.Uint64(sum[:8]) >> 1
}

// Phases that draw random numbers, each with its own stream.
const (
	streamInit uint64 = iota + 1
	streamArrival
	streamWork
	streamTies
	streamUpdate
	streamFork
)

// mix is the splitmix64 finaliser (Steele, Lea & Flood 2014), used to spread
// (seed, phase, tick, shard) over the PCG's 128-bit state.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// reseed points src at the stream of (run seed, phase, tick, shard). A
// shard's stream depends on its fixed range of contributors, never on the
// thread that runs it.
func reseed(src *rand.PCG, seed, phase uint64, tick int32, shard int) {
	a := mix(seed ^ mix(phase<<40^uint64(uint32(tick))))
	b := mix(a ^ mix(uint64(shard)+phase))
	src.Seed(a, b)
}
