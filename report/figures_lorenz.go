package report

import (
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"commonsim/analysis"

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
	return rs.topShareFigures(dir, fl, f, lz)
}

// topShareFigures draw the top of the Lorenz curves, where the inequality
// of peer production lies (the curves sit near zero up to 0.8): the share
// of the total held by the top q of recipients, for q from 1% to 100% on a
// log axis, from each drawn group's mean Lorenz curve (top share(q) =
// 1 - L(1-q)).
//
// The benefit view counts the platform as a recipient: besides the
// contributors, who received returned_share of the revenue (spread as
// lorenz.csv's benefit curve says), the owner kept captured_share. Over
// the contributors_ever contributors and the platform, the top m
// recipients' share is the larger of the top m contributors' and the
// platform's plus the top m-1 contributors' (the m largest holdings,
// whichever they are). Shares are of all revenue: revenue neither kept
// nor returned (no redistribution rule) is received by nobody, and the
// curve ends below 1. The group's mean captured and returned shares and
// number of contributors are used with its mean curve.
func (rs *resultSet) topShareFigures(dir string, fl *figureList, f frame, lz lorenzCurves) error {
	capCol, retCol, nCol := rs.summaryCol("captured_share"), rs.summaryCol("returned_share"), rs.summaryCol("contributors_ever")
	var qs []float64
	for k := 1; k <= 100; k++ {
		qs = append(qs, float64(k)/100)
	}
	for q, kind := range []struct{ name, x, y, what, sub, file string }{
		{"contribution", "top share of all who joined (log scale)", "share of all accepted work", "Who did the work: the top contributors' share", "from the mean Lorenz curve; dashed: perfect equality", "topshare_contribution"},
		{"benefit", "top share of recipients (log scale)", "share of all revenue", "Who received the revenue: the top recipients' share", "the platform counted as one recipient; dashed: perfect equality", "topshare_benefit"},
	} {
		var bs []plots.Band
		drawn := false
		for k, g := range f.drawn {
			b := plots.Band{Label: g.name, X: []float64{qs[0]}, Mean: []float64{math.NaN()}}
			a := lz[f.idx[k]]
			if a != nil {
				x, y := a.mean(q)
				top := func(share float64) float64 { return 1 - interp(x, y, 1-share) }
				if q == 1 {
					top = rs.withPlatform(g, top, capCol, retCol, nCol)
				}
				if top != nil {
					b.X, b.Mean = nil, nil
					for _, share := range qs {
						b.X = append(b.X, share)
						b.Mean = append(b.Mean, clamp(top(share)))
					}
					drawn = true
				}
			}
			bs = append(bs, b)
		}
		if !drawn {
			fl.note("%s was not drawn: no group has a curve.", kind.file)
			continue
		}
		p, err := plots.TimeSeries(plots.Axes{
			Title: kind.what + f.firstOf + "\n" + kind.sub,
			X:     kind.x,
			Y:     kind.y,
		}, bs)
		if err == nil {
			// Equality, y = q: a curve on the log axis, drawn through every q.
			var diag plotter.XYs
			for _, share := range qs {
				diag = append(diag, plotter.XY{X: share, Y: share})
			}
			eq := &plotter.Line{XYs: diag, LineStyle: draw.LineStyle{Color: color.Gray{Y: 0x66}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}}
			p.Add(eq)
			p.X.Scale = plot.LogScale{}
			p.X.Tick.Marker = logTicks{}
			p.X.Min, p.X.Max = qs[0], 1
			p.Y.Min, p.Y.Max = 0, 1
		}
		what := kind.what + ", for the top 1% to 100% (log scale)"
		if err := fl.save(dir, kind.file, what, p, err); err != nil {
			return err
		}
	}
	return nil
}

// withPlatform returns the top-share function of benefit over g's
// contributors and the platform, from the contributors' own (top), or nil
// when nobody received anything.
func (rs *resultSet) withPlatform(g *group, top func(float64) float64, capCol, retCol, nCol int) func(float64) float64 {
	mean := func(col int) float64 {
		if col < 0 {
			return math.NaN()
		}
		m, _ := analysis.MeanSD(g.values(col))
		return m
	}
	kappa, rho, n := mean(capCol), mean(retCol), mean(nCol)
	if !finite(kappa) {
		kappa = 0
	}
	if !finite(rho) {
		rho = 0
	}
	total := kappa + rho
	if total <= 0 || !(n >= 1) {
		return nil
	}
	// Shares of all revenue: what neither kept nor returned (with no
	// redistribution rule) is received by nobody, and the curve ends below 1.
	pk, cr := kappa, rho
	contributors := func(m float64) float64 { // the top m contributors' share of the total
		if m <= 0 || cr == 0 {
			return 0
		}
		v := top(math.Min(1, m/n))
		if !finite(v) {
			return 0
		}
		return cr * v
	}
	return func(share float64) float64 {
		m := share * (n + 1)
		return math.Max(contributors(m), pk+contributors(m-1))
	}
}

// summaryCol returns the column of the summary metric name, or -1.
func (rs *resultSet) summaryCol(name string) int {
	for i, m := range rs.summary {
		if m.Name == name {
			return i
		}
	}
	return -1
}

// interp returns y at x0 by linear interpolation of the points (x, y), x
// increasing; NaN outside them or between NaN values.
func interp(x, y []float64, x0 float64) float64 {
	for i := 1; i < len(x); i++ {
		if x0 <= x[i]+1e-12 {
			if x[i] == x[i-1] {
				return y[i]
			}
			t := (x0 - x[i-1]) / (x[i] - x[i-1])
			return y[i-1] + math.Max(0, t)*(y[i]-y[i-1])
		}
	}
	if len(x) > 0 && math.Abs(x0-x[len(x)-1]) < 1e-12 {
		return y[len(y)-1]
	}
	return math.NaN()
}

func clamp(v float64) float64 {
	if !finite(v) {
		return v
	}
	return math.Min(1, math.Max(0, v))
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
