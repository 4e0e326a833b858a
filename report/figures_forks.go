package report

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"commonsim/plots"
	"commonsim/results"
	"commonsim/sim"
)

// maxCommonsLines bounds the commons drawn in one group's figure.
const maxCommonsLines = 8

// commonsFigures draws, for each drawn group whose runs ever held more
// than one commons (mechanism 19), each commons' active contributors over
// time: the mean over the group's runs, a commons counting 0 in a run
// before it is founded (and in a run that never founds it). Commons are
// numbered as in commons.csv: 0 the scenario's own, then the rivals the
// run started with, then forks in the order they were founded.
func (rs *resultSet) commonsFigures(dir string, fl *figureList, f frame) error {
	if !rs.has(results.CommonsFile) {
		fl.note("No per-commons figures: the result set has no %s (written before schema version 4).", results.CommonsFile)
		return nil
	}
	// sums[gi][commons][tick]: active contributors summed over runs.
	sums := make([]map[int]map[float64]float64, len(f.drawn))
	err := rs.eachRow(results.CommonsFile, []string{"tick", "commons", "active"}, func(s *results.Rows, c []int, gi int, ok bool) error {
		if !ok || gi >= len(f.drawn) {
			return nil
		}
		t, err := s.Float(c[3])
		if err != nil {
			return err
		}
		k, err := s.Int(c[4])
		if err != nil {
			return err
		}
		if k < 0 || k >= maxCommonsLines {
			return nil
		}
		a, err := s.Float(c[5])
		if err != nil {
			return err
		}
		if sums[gi] == nil {
			sums[gi] = map[int]map[float64]float64{}
		}
		if sums[gi][k] == nil {
			sums[gi][k] = map[float64]float64{}
		}
		sums[gi][k][t] += a
		return nil
	})
	if err != nil {
		return err
	}
	for gi, g := range f.drawn {
		if len(sums[gi]) < 2 || g.ok == 0 {
			continue
		}
		// The group's recorded ticks: those of commons 0, there from the start.
		var ticks []float64
		for t := range sums[gi][0] {
			ticks = append(ticks, t)
		}
		slices.Sort(ticks)
		var bs []plots.Band
		for k := range maxCommonsLines {
			byTick, ok := sums[gi][k]
			if !ok {
				continue
			}
			b := plots.Band{Label: commonsLabel(k), X: ticks, Mean: make([]float64, len(ticks))}
			for i, t := range ticks {
				b.Mean[i] = byTick[t] / float64(g.ok)
			}
			bs = append(bs, b)
		}
		p, err := plots.TimeSeries(plots.Axes{
			Title: fmt.Sprintf("Each commons' active contributors: %s\nmean over %d runs (0 before a commons is founded)", g.name, g.ok),
			X:     "tick (week)",
			Y:     "active contributors (people)",
		}, bs)
		if err == nil && p.Y.Min > 0 {
			p.Y.Min = 0
		}
		if err := fl.save(dir, "commons_active_"+fileName(g.name), fmt.Sprintf("Each commons' active contributors over time, %s: mean over its runs (commons 0 is the scenario's own; forks are numbered in the order they were founded)", g.name), p, err); err != nil {
			return err
		}
	}
	if n := len(rs.groups) - len(f.drawn); n > 0 && len(f.drawn) > 0 {
		fl.note("Per-commons figures are drawn for the first %d groups only.", len(f.drawn))
	}
	return nil
}

// commonsLabel names commons k in a legend.
func commonsLabel(k int) string {
	if k == 0 {
		return "commons 0 (the scenario's own)"
	}
	return fmt.Sprintf("commons %d", k)
}

// forkOutcomesFigure draws the outcomes of every group's forks at the end
// of its runs, after Robles & González-Barahona (2012): the share of the
// group's forks (over all its runs) in each outcome, groups without a fork
// in grey. Nothing is drawn when no run forked.
func (rs *resultSet) forkOutcomesFigure(dir string, fl *figureList) error {
	if !rs.has(results.ForksFile) {
		fl.note("No fork figure: the result set has no %s (written before schema version 4).", results.ForksFile)
		return nil
	}
	counts := make([][sim.NumOutcomes]float64, len(rs.groups))
	forks := 0
	err := rs.eachRow(results.ForksFile, []string{"outcome"}, func(s *results.Rows, c []int, gi int, ok bool) error {
		if !ok {
			return nil
		}
		k := slices.Index(sim.ForkOutcomes[:], s.Field(c[3]))
		if k < 0 {
			return s.Errorf(c[3], "outcome %q is not one of %v", s.Field(c[3]), sim.ForkOutcomes)
		}
		counts[gi][k]++
		forks++
		return nil
	})
	if err != nil || forks == 0 {
		return err
	}
	g := plots.Grid{ZLabel: "share of the group's forks"}
	for k, o := range sim.ForkOutcomes {
		g.X = append(g.X, float64(k))
		g.XNames = append(g.XNames, strings.ReplaceAll(o, "_", "\n")) // two lines: the names are long
	}
	// Rows from the bottom up: the first group on top.
	for gi := len(rs.groups) - 1; gi >= 0; gi-- {
		n := 0.0
		for _, c := range counts[gi] {
			n += c
		}
		row := make([]float64, sim.NumOutcomes)
		for k, c := range counts[gi] {
			row[k] = math.NaN()
			if n > 0 {
				row[k] = c / n
			}
		}
		g.Y = append(g.Y, float64(len(g.Y)))
		g.YNames = append(g.YNames, fmt.Sprintf("%s (%.0f)", rs.groups[gi].name, n))
		g.Z = append(g.Z, row)
	}
	p, err := plots.HeatMap(plots.Axes{
		Title: "Fork outcomes at the end of the runs\nshare of each group's forks (how many in brackets)",
		X:     "outcome (Robles & González-Barahona 2012)",
		Y:     "group",
	}, g)
	return fl.save(dir, "fork_outcomes", "Fork outcomes at the end of the runs: the share of each group's forks in each outcome of Robles & González-Barahona (2012)", p, err)
}

// has reports whether the result set has the data file name.
func (rs *resultSet) has(name string) bool {
	_, err := os.Stat(filepath.Join(rs.dir, name))
	return !errors.Is(err, os.ErrNotExist)
}
