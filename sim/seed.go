package sim

import (
	"crypto/sha256"
	"encoding/binary"
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
