package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"

	"commonsim/scenarios"
	"commonsim/sim"
)

// Matrix is a batch's run matrix, made on demand: it holds the scenarios and their sweep points, and builds the
// RunSpecs of a range of run ids (with each point's resolved parameters)
// only when they are to run. Memory is then O(points) for the small point
// list rather than a resolved scenario per point for the whole batch.
type Matrix struct {
	scs    []*scenarios.Scenario
	points [][]scenarios.Point
	start  []int // run id of each scenario's first run; start[len(scs)] = Len()
}

// NewMatrix expands the scenarios' sweeps. Run ids count from 0: for each
// scenario in order, each sweep point, each replicate. Scenario names must
// be unique within a batch, since a run's seed is derived from its
// scenario's name.
func NewMatrix(scs []*scenarios.Scenario) (*Matrix, error) {
	m := &Matrix{scs: scs, start: []int{0}}
	seen := map[string]bool{}
	for _, sc := range scs {
		if seen[sc.Name] {
			return nil, fmt.Errorf("scenario name %q appears twice in one batch; give each a distinct name", sc.Name)
		}
		seen[sc.Name] = true
		pts, err := sc.Sweep.Points(uint64(sc.Run.Seed))
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", sc.Name, err)
		}
		m.points = append(m.points, pts)
		m.start = append(m.start, m.start[len(m.start)-1]+len(pts)*sc.Run.Replications)
	}
	return m, nil
}

// Len is the number of runs.
func (m *Matrix) Len() int { return m.start[len(m.start)-1] }

// Points returns the sweep points of the i-th scenario.
func (m *Matrix) Points(i int) []scenarios.Point { return m.points[i] }

// locate returns the scenario, point and replicate of run id.
func (m *Matrix) locate(id int) (s, pt, rep int) {
	s = scenarioOf(m.start, id)
	local := id - m.start[s]
	reps := m.scs[s].Run.Replications
	return s, local / reps, local % reps
}

// scenarioOf returns the i with start[i] <= id < start[i+1].
func scenarioOf(start []int, id int) int {
	i, found := slices.BinarySearch(start, id)
	if !found {
		i--
	}
	return i
}

// Specs returns the runs with ids [lo, hi), in order, each point's
// parameters resolved once and shared by its replicates.
func (m *Matrix) Specs(lo, hi int) ([]sim.RunSpec, error) {
	if lo < 0 || hi > m.Len() || lo > hi {
		return nil, fmt.Errorf("run ids [%d, %d) are outside the matrix of %d runs", lo, hi, m.Len())
	}
	out := make([]sim.RunSpec, 0, hi-lo)
	lastS, lastPt := -1, -1
	var params *scenarios.Scenario
	for id := lo; id < hi; id++ {
		s, pt, rep := m.locate(id)
		sc, point := m.scs[s], m.points[s][pt]
		if s != lastS || pt != lastPt {
			var err error
			if params, err = sc.At(point); err != nil {
				return nil, err
			}
			lastS, lastPt = s, pt
		}
		out = append(out, sim.RunSpec{
			ID: id, Scenario: sc.Name, Point: point.Index, Replicate: rep,
			Seed:   sim.SeedOf(sc, point.Index, rep),
			Assign: point.Assign, Params: params,
		})
	}
	return out, nil
}

// Digest is the matrix digest of results.Manifest: a SHA-256 of each
// scenario's resolved parameters (as TOML) and of every run's id, scenario,
// point, replicate, seed and sweep values, in order.
func (m *Matrix) Digest() (string, error) {
	h := sha256.New()
	for _, sc := range m.scs {
		text, err := sc.Encode()
		if err != nil {
			return "", err
		}
		h.Write([]byte(text))
		h.Write([]byte{0})
	}
	var b []byte
	for s, sc := range m.scs {
		for _, pt := range m.points[s] {
			for rep := range sc.Run.Replications {
				id := m.start[s] + pt.Index*sc.Run.Replications + rep
				b = appendIdentity(b[:0], id, sc.Name, pt, rep, sim.SeedOf(sc, pt.Index, rep))
				h.Write(b)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func appendIdentity(b []byte, id int, scenario string, pt scenarios.Point, rep int, seed uint64) []byte {
	b = strconv.AppendInt(b, int64(id), 10)
	b = append(b, ' ')
	b = append(b, scenario...)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(pt.Index), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(rep), 10)
	b = append(b, ' ')
	b = strconv.AppendUint(b, seed, 10)
	for _, a := range pt.Assign {
		b = append(b, ' ')
		b = append(b, a.Key...)
		b = append(b, '=')
		b = append(b, a.Value...)
	}
	return append(b, '\n')
}

// scan resolves each point's parameters once, in order, and calls fn with
// them; it holds one point's parameters at a time.
func (m *Matrix) scan(fn func(params *scenarios.Scenario, scenario string, runs int)) error {
	for s, sc := range m.scs {
		for _, pt := range m.points[s] {
			params, err := sc.At(pt)
			if err != nil {
				return err
			}
			fn(params, sc.Name, sc.Run.Replications)
		}
	}
	return nil
}

// Varying returns the parameters whose values differ between runs, in
// registry order: the parameter columns of runs.csv, scenarios.Varying of
// every point's parameters (compared with the first point's one at a
// time, so that one point's parameters are held at a time).
func (m *Matrix) Varying() ([]scenarios.Param, error) {
	var first *scenarios.Scenario
	varies := map[string]bool{}
	err := m.scan(func(params *scenarios.Scenario, _ string, _ int) {
		if first == nil {
			first = params
			return
		}
		for _, p := range scenarios.Varying(first, params) {
			varies[p.Key] = true
		}
	})
	if err != nil {
		return nil, err
	}
	var out []scenarios.Param
	for _, p := range scenarios.Params() {
		if varies[p.Key] {
			out = append(out, p)
		}
	}
	return out, nil
}
