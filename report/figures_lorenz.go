package report

import (
	"math"
	"slices"

	"commonsim/plots"
	"commonsim/results"
)

// lorenzFigures draws the mean Lorenz curves of contribution and of
// benefit of the drawn groups.
func (rs *resultSet) lorenzFigures(dir string, fl *figureList, f frame) error {
	lz, err := rs.readLorenz(rs.bandDrawn)
	if err != nil {
		return err
	}
	for q, kind := range []struct{ name, x, y, what, empty string }{
		{"contribution", "share of everyone who ever joined, least contributing first", "share of all accepted work", "who did the work", "no accepted work"},
		{"benefit", "share of everyone who ever joined, least paid first", "share of all revenue returned", "who received the returned revenue", "no revenue returned"},
	} {
		cs := f.curves(func(gi int) (x, y []float64, ok bool) {
			if a := lz[gi]; a != nil {
				x, y = a.mean(q)
			}
			return x, y, x != nil
		})
		for i := range cs {
			if !slices.ContainsFunc(cs[i].Y, finite) {
				cs[i].Label += ": " + kind.empty
			}
		}
		title := "Lorenz curve of " + kind.name + ": " + kind.what
		p, err := plots.Lorenz(plots.Axes{
			Title: title + f.firstOf + "\nmean of the runs' curves; the further below the diagonal, the more unequal",
			X:     kind.x,
			Y:     kind.y,
		}, cs)
		if err := fl.save(dir, "lorenz_"+kind.name, title+" (mean curve over runs)", p, err); err != nil {
			return err
		}
	}
	return nil
}

// lorenzAcc is the pointwise mean of a group's Lorenz curves.
type lorenzAcc struct {
	index map[float64]int
	share []float64
	sum   [2][]float64 // contribution, benefit
	n     [2][]int
}

// curves are the mean Lorenz curves (index 0: contribution, 1: benefit)
// of the drawn groups, by group.
type lorenzCurves map[int]*lorenzAcc

// mean returns the curve q as x, y in order of increasing population share.
func (a *lorenzAcc) mean(q int) (x, y []float64) {
	order := make([]int, len(a.share))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return cmpFloat(a.share[i], a.share[j]) })
	for _, i := range order {
		x = append(x, a.share[i])
		if a.n[q][i] == 0 {
			y = append(y, math.NaN())
		} else {
			y = append(y, a.sum[q][i]/float64(a.n[q][i]))
		}
	}
	return x, y
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// readLorenz reads lorenz.csv for the groups want accepts.
func (rs *resultSet) readLorenz(want func(gi int) bool) (lorenzCurves, error) {
	out := lorenzCurves{}
	err := rs.eachRow(results.LorenzFile, []string{"population_share", "contribution_share", "benefit_share"}, func(s *results.Rows, c []int, gi int, ok bool) error {
		if !ok || !want(gi) {
			return nil
		}
		var err error
		var v [3]float64
		for i := range v {
			if v[i], err = s.Float(c[3+i]); err != nil {
				return err
			}
			if finite(v[i]) && (v[i] < -1e-9 || v[i] > 1+1e-9) {
				return s.Errorf(c[3+i], "column %s: %s is not a share in [0, 1]", s.Header()[c[3+i]], s.Field(c[3+i]))
			}
		}
		if !finite(v[0]) {
			return s.Errorf(c[3], "column population_share: %s is not a share in [0, 1]", s.Field(c[3]))
		}
		a := out[gi]
		if a == nil {
			a = &lorenzAcc{index: map[float64]int{}}
			out[gi] = a
		}
		k, seen := a.index[v[0]]
		if !seen {
			k = len(a.share)
			a.index[v[0]] = k
			a.share = append(a.share, v[0])
			for q := range 2 {
				a.sum[q] = append(a.sum[q], 0)
				a.n[q] = append(a.n[q], 0)
			}
		}
		for q := range 2 {
			if finite(v[1+q]) {
				a.sum[q][k] += v[1+q]
				a.n[q][k]++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
