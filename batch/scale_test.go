package batch

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"commonsim/internal/plainmatrix"
	"commonsim/results"
	"commonsim/scenarios"
)

// tiny keeps runs to a millisecond or so.
var tiny = []string{"run.ticks=12", "population.initial=15", "arrival.enabled=false"}

func tinyCfg(out string, scenarios ...string) Config {
	return Config{Scenarios: scenarios, Sets: tiny, Replications: 2, Out: out, Workers: 2, Threads: 1}
}

// The lazy matrix is the plain expansion: same specs, columns and digest.
func TestMatrixMatchesExpansion(t *testing.T) {
	cfgs := []Config{
		tinyCfg("", "commons", "extractive"),
		func() Config {
			c := tinyCfg("", "commons", "managed-firm")
			c.Sweeps = []string{"roles.governance=flat,hierarchical", "economy.capture_rate=0:0.5:0.25"}
			return c
		}(),
		func() Config {
			c := tinyCfg("", "commons")
			// population.initial is swept here, not set (a --set on a swept
			// key is refused).
			c.Sets = []string{"run.ticks=12", "arrival.enabled=false"}
			c.Sweeps, c.Design, c.Samples = []string{"economy.capture_rate=0..0.9", "population.initial=5..30"}, "saltelli", 3
			return c
		}(),
	}
	for i, cfg := range cfgs {
		p, err := Prepare(cfg)
		if err != nil {
			t.Fatal(err)
		}
		want, err := plainmatrix.Specs(p.Scenarios)
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Matrix.Specs(0, p.Matrix.Len())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("config %d: the lazy matrix differs from the expansion", i)
		}
		if !reflect.DeepEqual(p.varying, plainmatrix.Varying(want)) {
			t.Errorf("config %d: varying %v, want %v", i, keys(p.varying), keys(plainmatrix.Varying(want)))
		}
		// Any slice of it is the same slice of the expansion.
		for _, r := range [][2]int{{0, 1}, {1, min(7, len(want))}, {len(want) - 2, len(want)}} {
			part, err := p.Matrix.Specs(r[0], r[1])
			if err != nil || !reflect.DeepEqual(part, want[r[0]:r[1]]) {
				t.Errorf("config %d: Specs(%d, %d) differs (%v)", i, r[0], r[1], err)
			}
		}
	}
}

func keys(ps []scenarios.Param) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Key)
	}
	return out
}

func TestShardRangeAndParse(t *testing.T) {
	for _, total := range []int{1, 7, 100} {
		for n := 1; n <= 9; n++ {
			next := 0
			for k := 1; k <= n; k++ {
				lo, hi := ShardRange(total, k, n)
				if lo != next || hi < lo || hi-lo > total/n+1 || hi-lo < total/n {
					t.Fatalf("total %d, shard %d/%d: [%d, %d) after %d", total, k, n, lo, hi, next)
				}
				next = hi
			}
			if next != total {
				t.Fatalf("total %d, %d shards cover %d", total, n, next)
			}
		}
	}
	for _, bad := range []string{"0/4", "5/4", "1/0", "x", "1-4", "-1/3"} {
		if _, _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	if k, n, err := ParseShard("4/4"); k != 4 || n != 4 || err != nil {
		t.Errorf("ParseShard(4/4) = %d, %d, %v", k, n, err)
	}
}

func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, f := range results.DataFiles {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		out[f] = b
	}
	return out
}

func sameFiles(t *testing.T, what string, a, b map[string][]byte) {
	t.Helper()
	for f := range a {
		if !bytes.Equal(a[f], b[f]) {
			t.Errorf("%s: %s differs", what, f)
		}
	}
}

// Shards merged, a batch made in small chunks, and a cancelled batch
// resumed all give the files of one uninterrupted batch (of a Morris
// design: report's TestSensitivityOfMergedShards checks that the merged
// set gets the same sensitivity.csv).
func TestShardsChunksAndResumeMatch(t *testing.T) {
	base := t.TempDir()
	cfg := func(out string) Config {
		c := tinyCfg(filepath.Join(base, out), "commons", "extractive")
		c.Sweeps, c.Design, c.Samples = []string{"roles.governance=flat,meritocratic,hierarchical", "economy.capture_rate=0..0.8"}, "morris", 2
		return c
	}
	ref := runBatch(t, cfg("ref"))
	want := readAll(t, ref)

	// Shards of 4, merged in a scrambled order.
	var shards []string
	for _, k := range []string{"3/4", "1/4", "4/4", "2/4"} {
		c := cfg("shard" + k[:1])
		c.Shard = k
		dir := runBatch(t, c)
		m, _ := results.ReadManifest(dir)
		if m.Shard != k || m.MatrixRuns != 24 {
			t.Errorf("shard manifest: shard %q, matrix %d", m.Shard, m.MatrixRuns)
		}
		shards = append(shards, dir)
	}
	merged := filepath.Join(base, "merged")
	m, err := Merge(merged, shards, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "merged shards", want, readAll(t, merged))
	refM, _ := results.ReadManifest(ref)
	if !reflect.DeepEqual(m.Files, refM.Files) || !reflect.DeepEqual(m.Derived, refM.Derived) || m.Status != results.StatusComplete || m.Completed != 24 {
		t.Errorf("merged manifest: %+v %+v %s %d", m.Files, m.Derived, m.Status, m.Completed)
	}
	// A missing shard and a duplicated one are named.
	if _, err := Merge(filepath.Join(base, "m2"), shards[:3], nil); err == nil || !strings.Contains(err.Error(), "runs 6-11 are in no shard") {
		t.Errorf("merge without shard 2: %v", err)
	}
	if _, err := Merge(filepath.Join(base, "m3"), append(shards, shards[0]), nil); err == nil || !strings.Contains(err.Error(), "runs 12-17 are in both") {
		t.Errorf("merge with shard 3 twice: %v", err)
	}

	// Small chunks.
	defer func(a, b int) { chunkRuns, chunkPerWorker = a, b }(chunkRuns, chunkPerWorker)
	chunkRuns, chunkPerWorker = 5, 1
	sameFiles(t, "chunks of 5", want, readAll(t, runBatch(t, cfg("chunked"))))

	// Cancelled after 7 runs, then resumed (from the manifest alone).
	ctx, cancel := context.WithCancel(context.Background())
	c := cfg("cancelled")
	c.Progress = func(done, total int) {
		if done == 7 {
			cancel()
		}
	}
	p, err := Prepare(c)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := p.Execute(ctx, "test")
	if err == nil {
		t.Fatal("cancelled batch returned no error")
	}
	cm, _ := results.ReadManifest(dir)
	if cm.Status != results.StatusInterrupted || cm.Completed < 7 || len(cm.CompletedIDs) != 1 || cm.CompletedIDs[0] != [2]int{0, cm.Completed - 1} {
		t.Fatalf("interrupted manifest: %s %d %v", cm.Status, cm.Completed, cm.CompletedIDs)
	}
	rp, err := Resume(dir, Config{Workers: 1, Threads: 2}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if rp.Done != cm.Completed || rp.Runs() != 24 {
		t.Errorf("resume plan: done %d of %d", rp.Done, rp.Runs())
	}
	if _, err := rp.Execute(context.Background(), "test"); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "resumed", want, readAll(t, dir))
	rm, _ := results.ReadManifest(dir)
	if !reflect.DeepEqual(rm.Files, refM.Files) || len(rm.Resumed) != 1 {
		t.Errorf("resumed manifest: %+v, resumed %v", rm.Files, rm.Resumed)
	}
	if _, err := Resume(dir, Config{}, "test"); !errors.Is(err, ErrComplete) {
		t.Errorf("resuming a complete set: %v", err)
	}
}

func TestResumeChecksTheManifest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c := tinyCfg(filepath.Join(t.TempDir(), "rs"), "commons")
	c.Replications, c.Workers = 20, 1
	c.Progress = func(done, total int) { cancel() }
	p, _ := Prepare(c)
	dir, _ := p.Execute(ctx, "test")
	if _, err := Resume(dir, Config{}, "other"); err == nil || !strings.Contains(err.Error(), "written by commonsim test") {
		t.Errorf("resume with another engine version: %v", err)
	}
	m, _ := results.ReadManifest(dir)
	m.Scenarios[0].Resolved = strings.Replace(m.Scenarios[0].Resolved, "ticks = 12", "ticks = 13", 1)
	m.Save(dir)
	if _, err := Resume(dir, Config{}, "test"); err == nil || !strings.Contains(err.Error(), "run matrix") && !strings.Contains(err.Error(), "header") {
		t.Errorf("resume of a tampered manifest: %v", err)
	}
}
