package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"

	"commonsim/scenarios"
)

// SeedOf is the seed of replicate rep of sweep point point of scenario sc:
// with common random numbers (run.common_random_numbers, the default) it
// depends on the base seed and the replicate alone, so that replicate r of
// every scenario and point of a batch shares its random numbers and
// comparisons between them are paired (docs/MODEL.md §3.4); otherwise on
// the run's whole identity (RunSeed).
func SeedOf(sc *scenarios.Scenario, point, rep int) uint64 {
	if sc.Run.CommonRandomNumbers {
		return CommonSeed(sc.Run.Seed, rep)
	}
	return RunSeed(sc.Run.Seed, sc.Name, point, rep)
}

// CommonSeed derives the seed of replicate rep under common random numbers
// from the base seed alone, by hashing with a domain tag of its own.
func CommonSeed(base int64, replicate int) uint64 {
	h := sha256.New()
	h.Write([]byte("common random numbers\x00"))
	writeUint64(h, uint64(base))
	writeUint64(h, uint64(replicate))
	return seedOfHash(h)
}

// RunSeed derives a run's seed from the scenario's base seed and the run's
// identity (scenario name, sweep point, replicate) by hashing, so that a
// run's seed never depends on which worker picks it up or when.
func RunSeed(base int64, scenario string, point, replicate int) uint64 {
	h := sha256.New()
	writeUint64(h, uint64(base))
	h.Write([]byte(scenario))
	h.Write([]byte{0})
	writeUint64(h, uint64(point))
	writeUint64(h, uint64(replicate))
	return seedOfHash(h)
}

// writeUint64 writes x to h in 8 little-endian bytes.
func writeUint64(h hash.Hash, x uint64) {
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], x)
	h.Write(buf[:])
}

// seedOfHash is the first 63 bits of h's sum. Seeds are written to CSV as
// decimal integers; below 2^63 every reader (R's doubles aside) parses them
// as signed 64-bit.
func seedOfHash(h hash.Hash) uint64 {
	return binary.LittleEndian.Uint64(h.Sum(nil)[:8]) >> 1
}

// The phases that draw random numbers, each from streams of its own,
// identified with the run's seed, the tick and an index (see doc.go). The
// values are part of every output: append a new phase at the end, never
// renumber.
const (
	streamInit    uint64 = iota + 1 // tick 0: modules' difficulties, founders (index 0)
	streamArrival                   // arrivals and newcomers' traits (index 0)
	streamWork                      // activation, task choice, tasks (index: shard)
	streamTies                      // tie formation (index: module)
	streamUpdate                    // exit (index: shard)
	streamFork                      // forks: whether, and who follows (index: the commons that forks)
	streamOwner                     // the owner's hiring draws (key: contributor id; rng.Uniform)
	streamChoice                    // the commons newcomers join (index 0; mechanism 19)
	streamMigrate                   // who reconsiders its commons (index: shard; mechanism 19)
)
