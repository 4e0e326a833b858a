package rng

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAliasMatchesDefinition checks Draw's branch-free integer coin against
// the plain definition, and the table against the weights it was built
// from: the probability of index i, Prob[i] plus 1 - Prob[j] for every
// column j that gives i, over n, is w_i / sum(w).
func TestAliasMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	var a Alias
	for _, n := range []int{1, 2, 3, 10, 257, 1000} {
		for _, kind := range []string{"uniform", "skewed", "zeros"} {
			w := make([]float64, n)
			for i := range w {
				switch kind {
				case "uniform":
					w[i] = 1
				case "skewed":
					w[i] = 1 + 40*rng.ExpFloat64()
				case "zeros":
					if i%3 == 0 {
						w[i] = rng.Float64()
					}
				}
			}
			if kind == "zeros" {
				w[0] = 1
			}
			a.Build(w)
			var sum float64
			for _, x := range w {
				sum += x
			}
			p := make([]float64, n)
			for j := range a.Prob {
				p[j] += a.Prob[j]
				p[a.Index[j]] += 1 - a.Prob[j]
			}
			for i := range p {
				if want := w[i] / sum; math.Abs(p[i]/float64(n)-want) > 1e-12 {
					t.Fatalf("n=%d %s: P(%d) = %g, want %g", n, kind, i, p[i]/float64(n), want)
				}
			}
			src, ref := rand.NewPCG(uint64(n), 1), rand.NewPCG(uint64(n), 1)
			for range 10_000 {
				if got, want := a.Draw(src), drawAlias(&a, ref.Uint64()); got != want {
					t.Fatalf("n=%d %s: Draw gives %d, the definition %d", n, kind, got, want)
				}
			}
		}
	}
}
