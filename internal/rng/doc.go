// Package rng holds the model's random streams: a PCG read directly by the
// hot loops (Stream: uniforms, bounded integers and the ziggurat's normal
// deviates, the same sequences as math/rand/v2's, tested), the derivation
// of every stream from a run's seed (Stream.Reseed), and Vose's alias table
// for weighted draws (Alias).
//
// A stream is identified by (run seed, phase, tick, index) and reseeded
// from that identity before use, never from the goroutine that runs it, so
// a run's draws, and its output, are the same for any number of threads.
package rng
