package analysis

import (
	"slices"
	"testing"
)

const benchN = 1000000

func benchData() []float64 {
	rng := newRand(99)
	x := make([]float64, benchN)
	for i := range x {
		x[i] = rng.ExpFloat64()
	}
	slices.Sort(x)
	return x
}

var benchSink float64

func BenchmarkGiniSorted(b *testing.B) {
	s := benchData()
	b.ReportAllocs()
	for b.Loop() {
		benchSink += GiniSorted(s)
	}
}

func BenchmarkBusFactorSorted(b *testing.B) {
	s := benchData()
	b.ReportAllocs()
	for b.Loop() {
		benchSink += float64(BusFactorSorted(s, 0.5))
	}
}

func BenchmarkTopShareSorted(b *testing.B) {
	s := benchData()
	b.ReportAllocs()
	for b.Loop() {
		benchSink += TopShareSorted(s, 0.1)
	}
}

func BenchmarkPalmaSorted(b *testing.B) {
	s := benchData()
	b.ReportAllocs()
	for b.Loop() {
		benchSink += PalmaSorted(s)
	}
}

// BenchmarkGini includes the copy and sort of the plain variant.
func BenchmarkGini(b *testing.B) {
	s := benchData()
	rng := newRand(7)
	rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	b.ReportAllocs()
	for b.Loop() {
		benchSink += Gini(s)
	}
}

func BenchmarkFitDiscretePowerLaw(b *testing.B) {
	x := zipfSample(newRand(98), 2.5, benchN)
	b.ReportAllocs()
	for b.Loop() {
		fit, err := FitDiscretePowerLaw(x)
		if err != nil {
			b.Fatal(err)
		}
		benchSink += fit.Alpha
	}
}
