package results

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"commonsim/internal/plainmatrix"
	"commonsim/scenarios"
	"commonsim/sim"
)

// fixture is a small batch run once: its specs and results.
type fixture struct {
	specs   []sim.RunSpec
	results []*sim.Result
	varying []scenarios.Param
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	var scs []*scenarios.Scenario
	for _, name := range []string{"commons", "extractive"} {
		sc, err := scenarios.LoadBuiltin(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := sc.SetAll([]string{"run.ticks=12", "population.initial=12", "arrival.enabled=false", "run.replications=3"}); err != nil {
			t.Fatal(err)
		}
		scs = append(scs, sc)
	}
	specs := specsOf(t, scs)
	f := &fixture{specs: specs, varying: plainmatrix.Varying(specs)}
	for _, s := range specs {
		f.results = append(f.results, sim.Run(s, 1))
	}
	return f
}

func (f *fixture) ids() Ranges {
	var r Ranges
	for _, s := range f.specs {
		r.Add(s.ID)
	}
	return r
}

// write creates a result set in dir and writes runs [0, upto).
func (f *fixture) write(t testing.TB, dir string, upto int) *Writer {
	t.Helper()
	w, err := CreateSet(dir, f.varying, f.ids(), &Manifest{EngineVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range f.results[:upto] {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// resume resumes dir and writes the runs it lacks.
func (f *fixture) resume(t testing.TB, dir string) *Manifest {
	t.Helper()
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	w, err := Resume(dir, f.varying, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range f.results[w.Completed():] {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(StatusComplete); err != nil {
		t.Fatal(err)
	}
	m, err = ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameResultSet(t *testing.T, what, ref, dir string, refM, m *Manifest) {
	t.Helper()
	for _, name := range DataFiles {
		a, _ := os.ReadFile(filepath.Join(ref, name))
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: %s differs from the uninterrupted run (%d vs %d bytes, %v)", what, name, len(a), len(b), err)
		}
	}
	if !reflect.DeepEqual(refM.Files, m.Files) {
		t.Errorf("%s: manifest files %+v, want %+v", what, m.Files, refM.Files)
	}
	if m.Status != StatusComplete || m.Completed != refM.Completed || !reflect.DeepEqual(m.CompletedIDs, refM.CompletedIDs) {
		t.Errorf("%s: status %s, completed %d %v", what, m.Status, m.Completed, m.CompletedIDs)
	}
	if _, err := os.Stat(filepath.Join(dir, JournalFile)); err == nil {
		t.Errorf("%s: a complete result set keeps its journal", what)
	}
}

// A process killed at any point, with any torn tail in the data files or the
// journal, resumes to files byte-identical to an uninterrupted batch.
func TestResumeAfterCrash(t *testing.T) {
	f := newFixture(t)
	base := t.TempDir()
	ref := filepath.Join(base, "ref")
	w := f.write(t, ref, len(f.results))
	if err := w.Close(StatusComplete); err != nil {
		t.Fatal(err)
	}
	refM, err := ReadManifest(ref)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(refM.CompletedIDs, Ranges{{0, len(f.specs) - 1}}) || refM.Completed != len(f.specs) {
		t.Fatalf("completed ids %v (%d)", refM.CompletedIDs, refM.Completed)
	}
	refTS, _ := os.ReadFile(filepath.Join(ref, TimeseriesFile))

	cases := []struct {
		name   string
		upto   int
		damage func(dir string)
		keep   int // runs the resumed writer must keep
	}{
		{"clean kill", 3, func(string) {}, 3},
		{"killed before any run", 0, func(string) {}, 0},
		{"half a run in the data", 2, func(dir string) {
			appendTo(t, dir, TimeseriesFile+partialSuffix, refTS[len(refTS)/2:len(refTS)/2+100])
			appendTo(t, dir, RunsFile+partialSuffix, []byte("2,commons,0,2,123"))
		}, 2},
		{"torn journal line", 4, func(dir string) {
			appendTo(t, dir, JournalFile, []byte("R 4 1 2 3"))
		}, 4},
		{"garbled journal line", 4, func(dir string) {
			appendTo(t, dir, JournalFile, []byte("R 4 1 2 3 4 5 6 7 8 0 0 0 0 ~00000000\n"))
		}, 4},
		{"journal ahead of the data (power loss)", 5, func(dir string) {
			p := filepath.Join(dir, LorenzFile+partialSuffix)
			st, _ := os.Stat(p)
			os.Truncate(p, st.Size()-10)
		}, 4},
		{"data damaged in the middle", 5, func(dir string) {
			p := filepath.Join(dir, SurvivalFile+partialSuffix)
			b, _ := os.ReadFile(p)
			b[len(b)*2/3] ^= 1
			os.WriteFile(p, b, 0o644)
		}, -1},
		{"journal lost", 3, func(dir string) { os.Remove(filepath.Join(dir, JournalFile)) }, 0},
		{"header half written", 0, func(dir string) {
			os.Truncate(filepath.Join(dir, RunsFile+partialSuffix), 10)
		}, 0},
	}
	for i, c := range cases {
		dir := filepath.Join(base, "case"+string(rune('a'+i)))
		w := f.write(t, dir, c.upto)
		w.abort() // the process dies: no Close
		c.damage(dir)
		m, err := ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		w2, err := Resume(dir, f.varying, m)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.keep >= 0 && w2.Completed() != c.keep {
			t.Errorf("%s: resume kept %d runs, want %d", c.name, w2.Completed(), c.keep)
		}
		if c.keep < 0 && w2.Completed() >= c.upto {
			t.Errorf("%s: resume kept %d runs despite the damage", c.name, w2.Completed())
		}
		w2.abort()
		sameResultSet(t, c.name, ref, dir, refM, f.resume(t, dir))
	}
}

func appendTo(t *testing.T, dir, name string, b []byte) {
	t.Helper()
	fh, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	fh.Write(b)
	fh.Close()
}

// An interrupted result set (closed, files in place) resumes too, and a
// failed run's record survives the resume.
func TestResumeInterrupted(t *testing.T) {
	f := newFixture(t)
	base := t.TempDir()
	ref := filepath.Join(base, "ref")
	w := f.write(t, ref, len(f.results))
	w.Close(StatusComplete)
	refM, _ := ReadManifest(ref)

	dir := filepath.Join(base, "int")
	w = f.write(t, dir, 4)
	if err := w.Close(StatusInterrupted); err != nil {
		t.Fatal(err)
	}
	m, _ := ReadManifest(dir)
	if m.Status != StatusInterrupted || !reflect.DeepEqual(m.CompletedIDs, Ranges{{0, 3}}) || m.Completed != 4 {
		t.Fatalf("interrupted manifest: %s %v %d", m.Status, m.CompletedIDs, m.Completed)
	}
	if _, err := os.Stat(filepath.Join(dir, JournalFile)); err != nil {
		t.Fatal("an interrupted result set must keep its journal")
	}
	sameResultSet(t, "interrupted", ref, dir, refM, f.resume(t, dir))
}

func TestResumeRefusesOtherMatrix(t *testing.T) {
	f := newFixture(t)
	dir := filepath.Join(t.TempDir(), "rs")
	w := f.write(t, dir, 2)
	w.abort()
	m, _ := ReadManifest(dir)
	other := append([]scenarios.Param{}, f.varying...)
	p, _ := scenarios.Lookup("tasks.task_size_mean")
	other = append(other, p)
	if _, err := Resume(dir, other, m); err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("resume with other columns: %v", err)
	}
	m, _ = ReadManifest(dir)
	m.RunIDs = Ranges{{1, 5}}
	if _, err := Resume(dir, f.varying, m); err == nil || !strings.Contains(err.Error(), "manifest changed") {
		t.Errorf("resume with a manifest that is not the one on disk: %v", err)
	}
	m.Save(dir)
	if _, err := Resume(dir, f.varying, m); err == nil || !strings.Contains(err.Error(), "journal") {
		t.Errorf("resume with other run ids: %v", err)
	}
}

func TestFailedRunSurvivesResume(t *testing.T) {
	f := newFixture(t)
	f.results[1] = &sim.Result{Spec: f.specs[1], Err: os.ErrInvalid}
	dir := filepath.Join(t.TempDir(), "rs")
	w := f.write(t, dir, 3)
	w.abort()
	m := f.resume(t, dir)
	if len(m.Failed) != 1 || m.Failed[0].ID != 1 || m.Failed[0].Error != os.ErrInvalid.Error() {
		t.Errorf("failed runs after resume: %+v", m.Failed)
	}
}

func TestRanges(t *testing.T) {
	var r Ranges
	for _, id := range []int{0, 1, 2, 5, 6, 9} {
		r.Add(id)
	}
	if !reflect.DeepEqual(r, Ranges{{0, 2}, {5, 6}, {9, 9}}) || r.Count() != 6 || r.String() != "0-2, 5-6, 9" || !r.Valid() {
		t.Fatalf("ranges %v %q", r, r.String())
	}
	for id, want := range map[int]bool{0: true, 2: true, 3: false, 6: true, 8: false, 9: true, 10: false, -1: false} {
		if r.Contains(id) != want {
			t.Errorf("Contains(%d) = %v", id, !want)
		}
	}
	next := r.iter()
	var got []int
	for id := next(); id >= 0; id = next() {
		got = append(got, id)
	}
	if !reflect.DeepEqual(got, []int{0, 1, 2, 5, 6, 9}) {
		t.Errorf("iter: %v", got)
	}
	if (Ranges{{3, 2}}).Valid() || (Ranges{{0, 3}, {3, 4}}).Valid() {
		t.Error("invalid ranges pass Valid")
	}
}

func TestJournalLine(t *testing.T) {
	e := &journalRun{ID: 7, End: []int64{10, 20, 30, 40}, Rows: []int{1, 2, 3, 4}, CRC: []uint32{0xdeadbeef, 0, 1, 0xffffffff}}
	line, _ := appendRunLine(nil, nil, e)
	kind, got, _, err := parseJournalLine(line[:len(line)-1], 4)
	if err != nil || kind != 'R' || !reflect.DeepEqual(got, *e) {
		t.Fatalf("round trip: %q -> %c %+v %v", line, kind, got, err)
	}
	for i := range len(line) - 1 {
		if _, _, _, err := parseJournalLine(line[:i], 4); err == nil {
			t.Errorf("a line cut at %d parses", i)
		}
	}
	bad := bytes.Replace(line, []byte("R 7"), []byte("R 8"), 1)
	if _, _, _, err := parseJournalLine(bad[:len(bad)-1], 4); err == nil {
		t.Error("a changed line passes its CRC")
	}
}

// Two writers never share a result set.
func TestResultSetLock(t *testing.T) {
	f := newFixture(t)
	dir := filepath.Join(t.TempDir(), "rs")
	w := f.write(t, dir, 2)
	m, _ := ReadManifest(dir)
	if _, err := Resume(dir, f.varying, m); err == nil || !strings.Contains(err.Error(), "another commonsim process") {
		t.Errorf("resume while a writer is open: %v", err)
	}
	w.abort()
	m, _ = ReadManifest(dir)
	w2, err := Resume(dir, f.varying, m)
	if err != nil {
		t.Fatalf("resume after the writer died: %v", err)
	}
	w2.abort()
}
