package batch

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"commonsim/results"
	"commonsim/scenarios"
)

// ErrComplete is returned, wrapped, by Resume for a result set that needs
// no runs.
var ErrComplete = results.ErrComplete

// ParseShard reads "K/N" (1 <= K <= N).
func ParseShard(s string) (k, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	k, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	switch {
	case !ok || err1 != nil || err2 != nil:
		return 0, 0, fmt.Errorf("--shard %q: expected K/N, e.g. 3/8 for the third of eight shards", s)
	case n < 1:
		return 0, 0, fmt.Errorf("--shard %q: the number of shards N must be at least 1", s)
	case n > MaxRuns:
		return 0, 0, fmt.Errorf("--shard %q: the number of shards N must be at most the number of runs", s)
	case k < 1 || k > n:
		return 0, 0, fmt.Errorf("--shard %q: K must be from 1 to %d (shards count from 1)", s, n)
	}
	return k, n, nil
}

// ShardRange returns the run ids [lo, hi) of shard k of n of a matrix of
// total runs: contiguous blocks whose sizes differ by at most one, in order,
// so that the shards' files put end to end are the whole batch's files.
func ShardRange(total, k, n int) (lo, hi int) {
	return (k - 1) * total / n, k * total / n
}

// FromManifest rebuilds a result set's scenarios and run matrix from its
// manifest alone (the resolved TOML and sweep of each scenario, read by
// scenarios.ParseResolved: no other file is read, extends is not followed),
// checking that they give back the manifest's sweep points and matrix
// digest. Each sweep is checked against the limits of package scenarios
// before its points are made.
func FromManifest(dir string, m *results.Manifest) ([]*scenarios.Scenario, *Matrix, error) {
	if len(m.Scenarios) == 0 {
		return nil, nil, fmt.Errorf("result set %s: its manifest lists no scenario; it is damaged", dir)
	}
	var scs []*scenarios.Scenario
	for _, e := range m.Scenarios {
		sc, err := scenarios.ParseResolved(e.Name, []byte(e.Resolved))
		if err != nil {
			return nil, nil, fmt.Errorf("result set %s: the manifest's resolved parameters of scenario %s: %w", dir, e.Name, err)
		}
		if again, err := sc.Encode(); err != nil || again != e.Resolved {
			return nil, nil, fmt.Errorf("result set %s: scenario %s: the manifest's resolved parameters do not read back the same with this commonsim (edited, or written by another version)", dir, e.Name)
		}
		if e.Sweep != nil {
			sc.Sweep = *e.Sweep
		}
		if sc.Name != e.Name || sc.Run.Seed != e.Seed || sc.Run.Replications != e.Replicas {
			return nil, nil, fmt.Errorf("result set %s: scenario %s: name, seed or replications disagree within the manifest", dir, e.Name)
		}
		if _, err := sc.Sweep.Size(); err != nil {
			return nil, nil, fmt.Errorf("result set %s: scenario %s: %w", dir, e.Name, err)
		}
		scs = append(scs, sc)
	}
	if _, err := EstimateMemory(scs, LimitOptions{Workers: 1, Threads: 1}); err != nil {
		return nil, nil, fmt.Errorf("result set %s: %w", dir, err)
	}
	mx, err := NewMatrix(scs)
	if err != nil {
		return nil, nil, fmt.Errorf("result set %s: %w", dir, err)
	}
	for i, e := range m.Scenarios {
		if scs[i].Sweep.Empty() {
			continue
		}
		var assigns [][]scenarios.Assignment
		for _, pt := range mx.Points(i) {
			assigns = append(assigns, pt.Assign)
		}
		if !reflect.DeepEqual(assigns, e.Points) {
			return nil, nil, fmt.Errorf("result set %s: scenario %s: the sweep in the manifest gives other points than those it lists", dir, e.Name)
		}
	}
	digest, err := mx.Digest()
	if err != nil {
		return nil, nil, err
	}
	switch {
	case mx.Len() != m.MatrixRuns:
		return nil, nil, fmt.Errorf("result set %s: the run matrix rebuilt from the manifest has %d runs, but the manifest records %d (matrix_runs); the manifest was edited or is damaged", dir, mx.Len(), m.MatrixRuns)
	case digest != m.MatrixDigest:
		return nil, nil, fmt.Errorf("result set %s: the run matrix rebuilt from the manifest has the same %d runs, but not the seeds or sweep values its matrix_digest records; the manifest was edited, or written by another version of commonsim", dir, mx.Len())
	}
	return scs, mx, nil
}

// Resume prepares to continue the unfinished result set in dir: interrupted
// (Ctrl-C) or killed. The run matrix is rebuilt from the manifest alone
// (FromManifest), so no scenario file is read; the result set's files are
// cut back to the last run wholly written (see results.Resume, which reads
// the manifest again under the result set's lock), and Execute then runs
// the missing runs. Workers, Threads, Force and Progress are taken from cfg;
// everything that defines the runs comes from the manifest. A complete
// result set gives ErrComplete, after results.Tidy has removed what a
// process stopped while closing it may have left (a journal, temporary
// files); a report (and sensitivity.csv) that such a process did not write
// is report.Build's to write again.
func Resume(dir string, cfg Config, version string) (*Plan, error) {
	cfg.Workers, cfg.Threads = orOne(cfg.Workers), orOne(cfg.Threads)
	if err := checkResources(cfg); err != nil {
		return nil, err
	}
	m, err := results.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	if m.Status == results.StatusComplete {
		if _, err := results.Tidy(dir); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", dir, ErrComplete)
	}
	if len(m.MergedFrom) > 0 {
		return nil, fmt.Errorf("result set %s is a merge that was stopped before it finished; run `commonsim merge %s %s` again", dir, dir, strings.Join(m.MergedFrom, " "))
	}
	if m.EngineVersion != version {
		return nil, fmt.Errorf("result set %s was written by commonsim %s; resume it with that version (this is %s), so that the runs added match the runs there", dir, m.EngineVersion, version)
	}
	scs, mx, err := FromManifest(dir, m)
	if err != nil {
		return nil, err
	}
	p := &Plan{Scenarios: scs, Matrix: mx, manifest: m, dir: dir}
	switch {
	case len(m.RunIDs) == 0:
		p.Lo, p.Hi = 0, 0
	case len(m.RunIDs) == 1 && m.RunIDs[0][0] >= 0 && m.RunIDs[0][0] <= m.RunIDs[0][1] && m.RunIDs[0][1] < mx.Len():
		p.Lo, p.Hi = m.RunIDs[0][0], m.RunIDs[0][1]+1
	default:
		return nil, fmt.Errorf("result set %s: its run ids %s are not one slice of the %d-run matrix; the manifest is damaged", dir, m.RunIDs, mx.Len())
	}
	cfg.Out = dir
	cfg.Shard = m.Shard
	if m.Batch != nil {
		cfg.Scenarios, cfg.Sets, cfg.Sweeps = m.Batch.Scenarios, m.Batch.Set, m.Batch.Sweep
		cfg.Design, cfg.Samples, cfg.Replications = m.Batch.Design, m.Batch.Samples, m.Batch.Replications
	}
	p.Config = cfg
	if _, err := CheckLimits(scs, LimitOptions{Workers: cfg.Workers, Threads: cfg.Threads, Runs: max(1, p.Runs()), Report: m.Shard == "", Force: cfg.Force}); err != nil {
		return nil, err
	}
	if p.varying, err = mx.Varying(); err != nil {
		return nil, err
	}
	w, err := results.Resume(dir, p.varying, m)
	if err != nil {
		return nil, err
	}
	p.resume, p.Done = w, w.Completed()
	p.tracker = &tracker{}
	p.tracker.reset(p.Done, p.Runs())
	for _, e := range m.Scenarios {
		p.Sources = append(p.Sources, e.Source)
	}
	return p, nil
}
