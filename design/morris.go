package design

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// MorrisPlan is a Morris (1991) elementary-effects design: R trajectories of
// K+1 points each on a Levels-level grid {0, 1/(p-1), ..., 1} of [0,1]^K.
//
// [Morris] builds the trajectories as in Morris (1991), the original
// randomised one-at-a-time construction, without the spread optimisation of
// Campolongo et al. (2007) (see [MorrisOptimized] for that): for each
// trajectory and each factor a base level is drawn uniformly from the lower
// half of the grid, {0, ..., p/2-1}, and a direction (up or down) with
// probability 1/2; the trajectory starts at the base level (up) or base +
// Delta (down) in every factor, then the factors are moved one at a time, in
// a uniformly random order, by +Delta or -Delta. Every grid level is thus
// equally likely, every point stays on the grid, and each factor moves exactly
// once per trajectory. This is equivalent to Morris's
// B* = (J x* + (Delta/2)[(2B - J)D* + J])P*.
type MorrisPlan struct {
	K, R, Levels int
	// Delta = Levels/(2(Levels-1)), the jump in unit coordinates.
	Delta float64
	// Points holds R*(K+1) rows of K coordinates; trajectory t occupies rows
	// t*(K+1) .. t*(K+1)+K.
	Points [][]float64
	// Steps holds R*K entries: Steps[t*K+s] describes the move from
	// Points[t*(K+1)+s] to Points[t*(K+1)+s+1].
	Steps []MorrisStep
}

// MorrisStep describes one move within a Morris trajectory.
type MorrisStep struct {
	// Factor is the index of the only coordinate that changes.
	Factor int
	// Delta is the signed change of that coordinate: +plan.Delta or
	// -plan.Delta up to rounding (it is the exact difference of the two
	// stored coordinates, so elementary effects are exact difference
	// quotients).
	Delta float64
}

// MorrisIndex holds the Morris screening measures of one factor, in output
// units per unit-hypercube coordinate (multiply by the width of the factor's
// range to express them per parameter unit).
type MorrisIndex struct {
	// Mu is the mean of the elementary effects (Morris 1991).
	Mu float64
	// MuStar is the mean of their absolute values (Campolongo et al. 2007).
	MuStar float64
	// Sigma is their sample standard deviation (divisor R-1); NaN when R = 1.
	Sigma float64
}

// Morris returns an elementary-effects design of r trajectories in k factors
// on a grid of levels (even, >= 2) levels, with Delta = levels/(2(levels-1)).
// See [MorrisPlan] for the construction. The model must be run at every row of
// Points, r*(k+1) runs in all. Morris panics if r < 1, k < 1, levels is odd
// or < 2, or rng is nil.
func Morris(r, k, levels int, rng *rand.Rand) MorrisPlan {
	if r < 1 || k < 1 {
		panic(fmt.Sprintf("design: Morris: r = %d, k = %d, need both >= 1", r, k))
	}
	if levels < 2 || levels%2 != 0 {
		panic(fmt.Sprintf("design: Morris: levels = %d, need an even number >= 2", levels))
	}
	if rng == nil {
		panic("design: Morris: nil *rand.Rand")
	}
	p := MorrisPlan{
		K:      k,
		R:      r,
		Levels: levels,
		Delta:  float64(levels) / (2 * float64(levels-1)),
		Points: newMatrix(r*(k+1), k),
		Steps:  make([]MorrisStep, r*k),
	}
	half := levels / 2 // Delta in grid steps
	grid := func(level int) float64 { return float64(level) / float64(levels-1) }
	start := make([]int, k)
	end := make([]int, k)
	for t := range r {
		for i := range k {
			lo := rng.IntN(half)
			if rng.IntN(2) == 0 { // up
				start[i], end[i] = lo, lo+half
			} else { // down
				start[i], end[i] = lo+half, lo
			}
		}
		order := rng.Perm(k)
		row0 := t * (k + 1)
		for i := range k {
			p.Points[row0][i] = grid(start[i])
		}
		for s, f := range order {
			prev, next := p.Points[row0+s], p.Points[row0+s+1]
			copy(next, prev)
			next[f] = grid(end[f])
			p.Steps[t*k+s] = MorrisStep{Factor: f, Delta: next[f] - prev[f]}
		}
	}
	return p
}

// ElementaryEffects returns the elementary effects per factor: ee[i][t] is the
// effect of factor i in trajectory t, (y_after - y_before)/step. y[j] is the
// model output at Points[j].
func (p MorrisPlan) ElementaryEffects(y []float64) ([][]float64, error) {
	if want := p.R * (p.K + 1); len(y) != want {
		return nil, fmt.Errorf("design: Morris effects: got %d outputs, want R*(K+1) = %d*%d = %d", len(y), p.R, p.K+1, want)
	}
	if len(p.Steps) != p.R*p.K {
		return nil, fmt.Errorf("design: Morris effects: plan has %d steps, want R*K = %d", len(p.Steps), p.R*p.K)
	}
	if err := checkFinite(y, "Morris effects"); err != nil {
		return nil, err
	}
	ee := newMatrix(p.K, p.R)
	for t := range p.R {
		for s := range p.K {
			st := p.Steps[t*p.K+s]
			j := t*(p.K+1) + s
			ee[st.Factor][t] = (y[j+1] - y[j]) / st.Delta
		}
	}
	return ee, nil
}

// Effects returns, per factor, the mean of the elementary effects (Mu), the
// mean of their absolute values (MuStar, Campolongo et al. 2007) and their
// sample standard deviation (Sigma, divisor R-1; NaN when R = 1). y[i] is the
// model output at Points[i].
func (p MorrisPlan) Effects(y []float64) ([]MorrisIndex, error) {
	ee, err := p.ElementaryEffects(y)
	if err != nil {
		return nil, err
	}
	out := make([]MorrisIndex, p.K)
	for i, e := range ee {
		var sum, sumAbs float64
		for _, v := range e {
			sum += v
			sumAbs += math.Abs(v)
		}
		n := float64(len(e))
		mu := sum / n
		sigma := math.NaN()
		if len(e) > 1 {
			var ss float64
			for _, v := range e {
				ss += (v - mu) * (v - mu)
			}
			sigma = math.Sqrt(ss / (n - 1))
		}
		out[i] = MorrisIndex{Mu: mu, MuStar: sumAbs / n, Sigma: sigma}
	}
	return out, nil
}

// checkFinite reports the first NaN or infinite output.
func checkFinite(y []float64, what string) error {
	for i, v := range y {
		if math.IsNaN(v) {
			return fmt.Errorf("design: %s: output %d is NaN", what, i)
		}
		if math.IsInf(v, 0) {
			return fmt.Errorf("design: %s: output %d is %v", what, i, v)
		}
	}
	return nil
}

// MorrisOptimized returns an elementary-effects design of r trajectories
// chosen, for better coverage of the input space, from candidates (>= r)
// trajectories generated as by [Morris], following the trajectory selection
// of Campolongo, Cariboni & Saltelli (2007): the spread of a set of
// trajectories is sum over pairs (m, l) of d_ml^2, where d_ml is the sum of
// the Euclidean distances between every point of trajectory m and every point
// of trajectory l. Campolongo et al. maximise it over all subsets of size r;
// that is combinatorial, so this selection is greedy (in the spirit of Ruano
// et al. 2012): it starts from the most distant pair and repeatedly adds the
// candidate that adds most spread. Candidates of 4r to 10r are typical; the
// cost is O(candidates^2 (k+1)^2 k). The result is a plain [MorrisPlan] with
// R = r. It panics on the arguments Morris panics on, or if candidates < r.
func MorrisOptimized(r, k, levels, candidates int, rng *rand.Rand) MorrisPlan {
	if candidates < r {
		panic(fmt.Sprintf("design: MorrisOptimized: %d candidates for %d trajectories", candidates, r))
	}
	all := Morris(candidates, k, levels, rng)
	if candidates == r {
		return all
	}
	traj := func(m int) [][]float64 { return all.Points[m*(k+1) : (m+1)*(k+1)] }
	d2 := newMatrix(candidates, candidates) // squared trajectory distances
	for m := range candidates {
		for l := m + 1; l < candidates; l++ {
			d := trajectoryDistance(traj(m), traj(l))
			d2[m][l], d2[l][m] = d*d, d*d
		}
	}
	chosen := make([]int, 0, r)
	used := make([]bool, candidates)
	if r >= 2 {
		bm, bl := 0, 1
		for m := range candidates {
			for l := m + 1; l < candidates; l++ {
				if d2[m][l] > d2[bm][bl] {
					bm, bl = m, l
				}
			}
		}
		chosen = append(chosen, bm, bl)
		used[bm], used[bl] = true, true
	}
	gain := make([]float64, candidates) // spread added by each candidate
	for _, c := range chosen {
		for m := range candidates {
			gain[m] += d2[m][c]
		}
	}
	for len(chosen) < r {
		best := -1
		for m := range candidates {
			if !used[m] && (best < 0 || gain[m] > gain[best]) {
				best = m
			}
		}
		chosen = append(chosen, best)
		used[best] = true
		for m := range candidates {
			gain[m] += d2[m][best]
		}
	}
	p := MorrisPlan{
		K: k, R: r, Levels: levels, Delta: all.Delta,
		Points: newMatrix(r*(k+1), k),
		Steps:  make([]MorrisStep, 0, r*k),
	}
	for t, m := range chosen {
		for s, row := range traj(m) {
			copy(p.Points[t*(k+1)+s], row)
		}
		p.Steps = append(p.Steps, all.Steps[m*k:(m+1)*k]...)
	}
	return p
}

// Spread returns the Campolongo et al. (2007) spread of the plan's
// trajectories, sqrt(sum over pairs (m, l) of d_ml^2), with d_ml the sum of
// the Euclidean distances between the points of trajectories m and l. Larger
// is better spread; see [MorrisOptimized].
func (p MorrisPlan) Spread() float64 {
	k := p.K
	var sum float64
	for m := range p.R {
		for l := m + 1; l < p.R; l++ {
			d := trajectoryDistance(p.Points[m*(k+1):(m+1)*(k+1)], p.Points[l*(k+1):(l+1)*(k+1)])
			sum += d * d
		}
	}
	return math.Sqrt(sum)
}

// trajectoryDistance returns the sum of the Euclidean distances between every
// point of trajectory a and every point of trajectory b.
func trajectoryDistance(a, b [][]float64) float64 {
	var d float64
	for _, x := range a {
		for _, y := range b {
			var s float64
			for z := range x {
				s += (x[z] - y[z]) * (x[z] - y[z])
			}
			d += math.Sqrt(s)
		}
	}
	return d
}
