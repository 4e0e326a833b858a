package results

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The fuzz targets below run on their seed corpus (the f.Add calls and
// testdata/fuzz/<name>/) in every `go test`; CI fuzzes each for 30 seconds
// (.ci/run, "fuzzing (bounded)"). They hold the reader of every file of a
// result set that commonsim trusts nothing of: the journal, the manifest,
// and the data files as verify and resume read them.

// fuzzSets is a small batch written once per fuzzing process: a complete
// result set, an interrupted one and a killed one (files *.partial), with
// the fixture that made them.
type fuzzSets struct {
	f                         *fixture
	complete, interrupted, ko string
	ref                       map[string][]byte // the complete set's files
}

func newFuzzSets(f *testing.F) *fuzzSets {
	fx := newFixture(f)
	base := f.TempDir()
	s := &fuzzSets{f: fx, complete: filepath.Join(base, "complete"), interrupted: filepath.Join(base, "interrupted"), ko: filepath.Join(base, "killed")}
	w := fx.write(f, s.complete, len(fx.results))
	if err := w.Close(StatusComplete); err != nil {
		f.Fatal(err)
	}
	w = fx.write(f, s.interrupted, 3)
	if err := w.Close(StatusInterrupted); err != nil {
		f.Fatal(err)
	}
	w = fx.write(f, s.ko, 4)
	w.abort()
	s.ref = map[string][]byte{}
	for _, name := range append(DataFiles, ManifestFile) {
		b, err := os.ReadFile(filepath.Join(s.complete, name))
		if err != nil {
			f.Fatal(err)
		}
		s.ref[name] = b
	}
	return s
}

// copyTo copies the regular files of the set dir into a new directory.
func copyTo(t *testing.T, dir string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "rs")
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

// damage changes the file at path: op 0 cuts it at off, 1 flips bits of
// the byte at off, 2 inserts b at off, 3 deletes the byte at off. It
// reports whether the bytes changed.
func damage(t *testing.T, path string, op uint8, off uint32, b byte) bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || len(data) == 0 {
		return false
	}
	i := int(off % uint32(len(data)+1))
	var out []byte
	switch op % 4 {
	case 0:
		out = data[:i]
	case 1:
		if i == len(data) {
			i--
		}
		out = bytes.Clone(data)
		out[i] ^= b | 1
	case 2:
		out = append(append(bytes.Clone(data[:i]), b), data[i:]...)
	case 3:
		if i == len(data) {
			i--
		}
		out = append(bytes.Clone(data[:i]), data[i+1:]...)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return !bytes.Equal(out, data)
}

func oneLineErr(t *testing.T, what string, err error) {
	t.Helper()
	if strings.ContainsAny(err.Error(), "\r\n") {
		t.Fatalf("%s: the error spans several lines:\n%v", what, err)
	}
}

// FuzzJournalLine: whatever a journal line holds, parseJournalLine never
// panics, and a line it accepts encodes back to one that parses the same.
func FuzzJournalLine(f *testing.F) {
	e := &journalRun{ID: 7, End: []int64{10, 20, 30, 40}, Rows: []int{1, 2, 3, 4}, CRC: []uint32{0xdeadbeef, 0, 1, 0xffffffff}}
	line, _ := appendRunLine(nil, nil, e)
	f.Add(line[:len(line)-1])
	fail, _ := appendFailLine(nil, &FailedRun{ID: 3, Scenario: "commons", Seed: 9, Error: "panic: boom\ngoroutine 1"})
	f.Add(fail[:len(fail)-1])
	for _, s := range []string{"", "R", "R ~00000000", "F {} ~00000000", "R 1 2 3 ~zzzzzzzz", "commonsim-journal 1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		kind, run, fr, err := parseJournalLine(line, len(DataFiles))
		if err != nil {
			if !errors.Is(err, errBadLine) {
				t.Fatalf("error %v is not errBadLine", err)
			}
			return
		}
		switch kind {
		case 'R':
			enc, _ := appendRunLine(nil, nil, &run)
			k2, r2, _, err := parseJournalLine(enc[:len(enc)-1], len(DataFiles))
			if err != nil || k2 != 'R' || !reflect.DeepEqual(r2, run) {
				t.Fatalf("R line %q re-encoded as %q: %v", line, enc, err)
			}
		case 'F':
			enc, err := appendFailLine(nil, &fr)
			if err != nil {
				t.Fatal(err)
			}
			k2, _, f2, err := parseJournalLine(enc[:len(enc)-1], len(DataFiles))
			if err != nil || k2 != 'F' || !reflect.DeepEqual(f2, fr) {
				t.Fatalf("F line %q re-encoded as %q: %v", line, enc, err)
			}
		default:
			t.Fatalf("kind %q accepted", kind)
		}
	})
}

// FuzzManifest: whatever manifest.json holds, ReadManifest, Verify and
// Resume (of an interrupted set's files) never panic or hang, and fail
// with one line; a manifest ReadManifest accepts is saved and read back
// the same.
func FuzzManifest(f *testing.F) {
	sets := newFuzzSets(f)
	for _, dir := range []string{sets.complete, sets.interrupted, sets.ko} {
		b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	for _, s := range []string{"{}", "null", "[]", `{"engine":"commonsim","engine_version":"x","schema_version":1,"status":"interrupted","run_ids":[[0,9223372036854775807]]}`,
		`{"engine":"commonsim","engine_version":"x","schema_version":1,"status":"running","run_ids":[[5,1]],"completed_runs":-3}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := copyTo(t, sets.interrupted)
		if err := os.WriteFile(filepath.Join(dir, ManifestFile), data, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := ReadManifest(dir)
		if err != nil {
			oneLineErr(t, "ReadManifest", err)
			return
		}
		_ = Verify(dir)
		again := filepath.Join(t.TempDir(), "again")
		os.MkdirAll(again, 0o755)
		if err := m.Save(again); err != nil {
			t.Fatalf("an accepted manifest does not save: %v", err)
		}
		m2, err := ReadManifest(again)
		if err != nil {
			t.Fatalf("a saved manifest does not read back: %v", err)
		}
		if !reflect.DeepEqual(m, m2) {
			t.Fatalf("manifest read back differs:\n%+v\n%+v", m, m2)
		}
		w, err := Resume(dir, sets.f.varying, m)
		if err != nil {
			oneLineErr(t, "Resume", err)
			return
		}
		w.abort()
	})
}

// FuzzVerify: any change to a data file of a complete result set (cut,
// changed byte, byte added or removed) is reported by Verify, which never
// panics.
func FuzzVerify(f *testing.F) {
	sets := newFuzzSets(f)
	for i := range len(DataFiles) {
		f.Add(uint8(i), uint8(0), uint32(10), byte('x'))
		f.Add(uint8(i), uint8(1), uint32(200), byte(1))
		f.Add(uint8(i), uint8(2), uint32(5000), byte('\n'))
		f.Add(uint8(i), uint8(3), uint32(0xffffffff), byte(0))
	}
	f.Fuzz(func(t *testing.T, file, op uint8, off uint32, b byte) {
		dir := copyTo(t, sets.complete)
		if err := Verify(dir); err != nil {
			t.Fatalf("the intact copy does not verify: %v", err)
		}
		name := DataFiles[int(file)%len(DataFiles)]
		if !damage(t, filepath.Join(dir, name), op, off, b) {
			return
		}
		err := Verify(dir)
		if err == nil {
			t.Fatalf("%s changed (op %d at %d) and verify passed", name, op%4, off)
		}
		var ve *VerifyError
		if !errors.As(err, &ve) || ve.Incomplete || !strings.Contains(strings.Join(ve.Problems, "\n"), name) {
			t.Fatalf("verify of a damaged %s: %v", name, err)
		}
		for _, p := range ve.Problems {
			if strings.ContainsAny(p, "\r\n") {
				t.Fatalf("a problem spans several lines: %q", p)
			}
		}
	})
}

// FuzzResume: an interrupted or killed result set with any of its files
// (data or journal) cut or damaged anywhere either resumes to files
// byte-identical to an uninterrupted batch, or is refused with a one-line
// error; never a wrong result.
func FuzzResume(f *testing.F) {
	sets := newFuzzSets(f)
	for i := range len(DataFiles) + 1 {
		for _, killed := range []bool{false, true} {
			f.Add(killed, uint8(i), uint8(0), uint32(1000), byte('x'))
			f.Add(killed, uint8(i), uint8(1), uint32(300), byte(4))
		}
	}
	f.Add(true, uint8(len(DataFiles)), uint8(2), uint32(25), byte('\n'))
	f.Add(false, uint8(0), uint8(3), uint32(20), byte(0))
	f.Fuzz(func(t *testing.T, killed bool, file, op uint8, off uint32, b byte) {
		src, suffix := sets.interrupted, ""
		if killed {
			src, suffix = sets.ko, partialSuffix
		}
		dir := copyTo(t, src)
		names := append(slicesOf(DataFiles, suffix), JournalFile)
		damage(t, filepath.Join(dir, names[int(file)%len(names)]), op, off, b)
		m, err := ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		w, err := Resume(dir, sets.f.varying, m)
		if err != nil {
			oneLineErr(t, "Resume", err)
			return
		}
		for _, r := range sets.f.results[w.Completed():] {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(StatusComplete); err != nil {
			t.Fatal(err)
		}
		for _, name := range DataFiles {
			got, _ := os.ReadFile(filepath.Join(dir, name))
			if !bytes.Equal(got, sets.ref[name]) {
				t.Fatalf("after damage to %s (op %d at %d) and resume, %s differs from the uninterrupted batch", names[int(file)%len(names)], op%4, off, name)
			}
		}
		if err := Verify(dir); err != nil {
			t.Fatalf("the resumed set does not verify: %v", err)
		}
	})
}

func slicesOf(names []string, suffix string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + suffix
	}
	return out
}
