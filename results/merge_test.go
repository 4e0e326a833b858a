package results

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// shards writes the fixture's runs as two shards, [0, 3) and [3, n), and
// returns their directories.
func (f *fixture) shards(t *testing.T, base string) []string {
	t.Helper()
	n := len(f.results)
	var dirs []string
	for k, r := range [][2]int{{0, 3}, {3, n}} {
		dir := filepath.Join(base, "shard-"+string(rune('1'+k)))
		var ids Ranges
		ids.AddRange(r[0], r[1]-1)
		w, err := CreateSet(dir, f.varying, ids, &Manifest{EngineVersion: "test", MatrixRuns: n, MatrixDigest: "d", Shard: string(rune('1'+k)) + "/2"})
		if err != nil {
			t.Fatal(err)
		}
		for _, res := range f.results[r[0]:r[1]] {
			if err := w.Write(res); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(StatusComplete); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, dir)
	}
	return dirs
}

// A merge stopped at any point is run again and gives the same files: a
// merge killed while copying used to leave *.partial files that made the
// next one fail with "file exists" (issue 14, defect 9).
func TestMergeRunAgainAfterAStop(t *testing.T) {
	f := newFixture(t)
	base := t.TempDir()
	shards := f.shards(t, base)
	ref := filepath.Join(base, "ref")
	if _, err := Merge(ref, shards, nil); err != nil {
		t.Fatal(err)
	}
	refFiles := snapshot(t, ref)

	// A merge that fails partway (a shard damaged), then runs again once
	// the shard is repaired.
	out := filepath.Join(base, "out")
	p := filepath.Join(shards[1], TimeseriesFile)
	good, _ := os.ReadFile(p)
	os.WriteFile(p, append(bytes.Clone(good), "9,x\n"...), 0o644)
	if _, err := Merge(out, shards, nil); err == nil || !strings.Contains(err.Error(), "does not match its checksum") {
		t.Fatalf("merge with a damaged shard: %v", err)
	}
	m, err := ReadManifest(out)
	if err != nil || m.Status != StatusRunning || len(m.MergedFrom) != 2 {
		t.Fatalf("a stopped merge's manifest: %+v, %v", m, err)
	}
	os.WriteFile(p, good, 0o644)
	if _, err := Merge(out, shards, nil); err != nil {
		t.Fatalf("merge run again: %v", err)
	}
	sameData(t, "merge run again", refFiles, snapshot(t, out))

	// The states a kill leaves: the manifest says running, and some files
	// are *.partial, some renamed, some half copied.
	for i, state := range []func(dir string){
		func(dir string) { // killed while copying
			os.WriteFile(filepath.Join(dir, RunsFile+partialSuffix), refFiles[RunsFile][:40], 0o644)
		},
		func(dir string) { // killed while renaming
			os.WriteFile(filepath.Join(dir, RunsFile), refFiles[RunsFile], 0o644)
			os.WriteFile(filepath.Join(dir, LorenzFile+partialSuffix), refFiles[LorenzFile], 0o644)
			os.WriteFile(filepath.Join(dir, SurvivalFile+partialSuffix), refFiles[SurvivalFile][:10], 0o644)
		},
	} {
		dir := filepath.Join(base, "killed"+string(rune('a'+i)))
		os.MkdirAll(dir, 0o755)
		var mm Manifest
		json.Unmarshal(refFiles[ManifestFile], &mm)
		mm.Status, mm.Files = StatusRunning, nil
		if err := mm.Save(dir); err != nil {
			t.Fatal(err)
		}
		state(dir)
		if _, err := Merge(dir, shards, nil); err != nil {
			t.Fatalf("merge over a killed merge (%d): %v", i, err)
		}
		sameData(t, "merge over a killed merge", refFiles, snapshot(t, dir))
		noPartials(t, "merge over a killed merge", dir)
	}
}

// sameData compares the data files of two snapshots.
func sameData(t *testing.T, what string, a, b map[string][]byte) {
	t.Helper()
	for _, name := range DataFiles {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s: %s differs", what, name)
		}
	}
}

// Merge takes the output's lock and writes only into a directory that
// holds no result set: a merge into a directory where a run was writing
// used to delete the run's *.partial files (issue 14, defect 9).
func TestMergeRespectsOtherResultSets(t *testing.T) {
	f := newFixture(t)
	base := t.TempDir()
	shards := f.shards(t, base)

	running := filepath.Join(base, "running")
	w := f.write(t, running, 2)
	before := snapshot(t, running)
	_, err := Merge(running, shards, nil)
	if err == nil || !strings.Contains(err.Error(), "being written by another commonsim process") {
		t.Errorf("merge into a set being written: %v", err)
	}
	w.abort()
	after := snapshot(t, running)
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("the merge changed %s of the running set", name)
		}
	}
	// Not running any more (the writer was killed): still a result set,
	// not a merge, so it is left alone.
	if _, err := Merge(running, shards, nil); err == nil || !strings.Contains(err.Error(), "already holds a result set") {
		t.Errorf("merge into a killed run's set: %v", err)
	}
	sameData(t, "killed run's set", before, snapshot(t, running))

	stray := filepath.Join(base, "stray")
	os.MkdirAll(stray, 0o755)
	os.WriteFile(filepath.Join(stray, SurvivalFile), []byte("mine"), 0o644)
	if _, err := Merge(stray, shards, nil); err == nil || !strings.Contains(err.Error(), "does not overwrite files it did not write") {
		t.Errorf("merge over a stray file: %v", err)
	}
}
