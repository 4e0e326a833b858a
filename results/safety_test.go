package results

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// victim is a file outside any result set that a planted link points to:
// nothing commonsim does may change it.
func victim(t *testing.T) (path string, check func()) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "victim.txt")
	const text = "precious data\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, func() {
		t.Helper()
		if b, err := os.ReadFile(path); err != nil || string(b) != text {
			t.Fatalf("the file a link pointed to was changed: %q, %v", b, err)
		}
	}
}

// noPartials fails if dir holds a *.partial file.
func noPartials(t *testing.T, what, dir string) {
	t.Helper()
	for _, name := range DataFiles {
		if _, err := os.Lstat(filepath.Join(dir, name+partialSuffix)); err == nil {
			t.Errorf("%s: left %s", what, name+partialSuffix)
		}
	}
}

// A link planted where a file of a result set goes never redirects a
// write: journal.log, *.partial and manifest.json were opened with O_TRUNC
// through links (issue 14, defect 4). New result sets, resumed ones and
// merges refuse such a directory; hard links to a file that would be
// truncated are refused too.
func TestWritesNeverFollowLinks(t *testing.T) {
	f := newFixture(t)
	base := t.TempDir()
	target, unchanged := victim(t)

	for _, name := range []string{JournalFile, RunsFile + partialSuffix, SurvivalFile + partialSuffix, ManifestFile, LockFile, "plots", "report.md"} {
		dir := filepath.Join(base, "new-"+strings.TrimPrefix(name, "."))
		os.MkdirAll(dir, 0o755)
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
		_, err := CreateSet(dir, f.varying, f.ids(), &Manifest{EngineVersion: "test"})
		if err == nil || !strings.Contains(err.Error(), "symbolic link") && !(name == ManifestFile && strings.Contains(err.Error(), "already holds a result set")) {
			t.Errorf("a new result set over a link at %s: %v", name, err)
		}
		unchanged()
	}

	// An interrupted result set (files under their final names), and a
	// killed one (files *.partial).
	for _, c := range []struct {
		name   string
		status string
		link   string
	}{
		{"interrupted, runs.csv a link", StatusInterrupted, RunsFile},
		{"interrupted, journal a link", StatusInterrupted, JournalFile},
		{"killed, timeseries.csv.partial a link", StatusRunning, TimeseriesFile + partialSuffix},
		{"killed, journal a link", StatusRunning, JournalFile},
	} {
		dir := filepath.Join(base, strings.NewReplacer(" ", "-", ",", "").Replace(c.name))
		w := f.write(t, dir, 3)
		if c.status == StatusInterrupted {
			if err := w.Close(StatusInterrupted); err != nil {
				t.Fatal(err)
			}
		} else {
			w.abort()
		}
		before := snapshot(t, dir)
		p := filepath.Join(dir, c.link)
		os.Remove(p)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		m, err := ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Resume(dir, f.varying, m); err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("%s: resume: %v", c.name, err)
		}
		unchanged()
		after := snapshot(t, dir)
		delete(before, c.link)
		delete(after, c.link)
		if c.status == StatusInterrupted {
			noPartials(t, c.name, dir)
		}
		for name, b := range before {
			if !bytes.Equal(after[name], b) {
				t.Errorf("%s: a refused resume changed %s", c.name, name)
			}
		}
	}

	// A hard link to the journal of an interrupted set.
	dir := filepath.Join(base, "hardlink")
	w := f.write(t, dir, 3)
	if err := w.Close(StatusInterrupted); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "journal-copy")
	if err := os.Link(filepath.Join(dir, JournalFile), outside); err != nil {
		t.Fatal(err)
	}
	jbefore, _ := os.ReadFile(outside)
	m, _ := ReadManifest(dir)
	if _, err := Resume(dir, f.varying, m); err == nil || !strings.Contains(err.Error(), "hard links") {
		t.Errorf("resume with a hard-linked journal: %v", err)
	}
	if jafter, _ := os.ReadFile(outside); !bytes.Equal(jbefore, jafter) {
		t.Error("the hard-linked journal was changed")
	}
	noPartials(t, "hard-linked journal", dir)

	// The manifest is saved by rename, never through a link.
	mdir := filepath.Join(base, "manifest-link")
	os.MkdirAll(mdir, 0o755)
	os.Symlink(target, filepath.Join(mdir, ManifestFile))
	if err := (&Manifest{Engine: "commonsim", EngineVersion: "test"}).Save(mdir); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("Save over a link: %v", err)
	}
	unchanged()
}

// snapshot reads every regular file of dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Type().IsRegular() {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = b
		}
	}
	return out
}

func TestAtomicFile(t *testing.T) {
	dir := t.TempDir()
	if err := WriteAtomic(dir, "a.txt", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(dir, "a.txt", []byte("two")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.txt")); string(b) != "two" {
		t.Errorf("a.txt holds %q", b)
	}
	st, _ := os.Stat(filepath.Join(dir, "a.txt"))
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
	// Abort leaves nothing; an error from the writer leaves the old file.
	a, err := CreateAtomic(dir, "b.txt")
	if err != nil {
		t.Fatal(err)
	}
	a.Write([]byte("x"))
	a.Abort()
	boom := errors.New("boom")
	if err := WriteAtomicFrom(dir, "a.txt", func(w io.Writer) error { w.Write([]byte("three")); return boom }); !errors.Is(err, boom) {
		t.Errorf("writer error: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.txt")); string(b) != "two" {
		t.Errorf("a failed write changed a.txt to %q", b)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("files left: %v", ents)
	}
	// Targets that are not regular files are refused, not replaced.
	target, unchanged := victim(t)
	os.Symlink(target, filepath.Join(dir, "link"))
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"link": "symbolic link", "sub": "a directory", "fifo": "a FIFO"} {
		if err := WriteAtomic(dir, name, []byte("x")); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("WriteAtomic over %s: %v", name, err)
		}
	}
	unchanged()
	// RemoveTemps removes the leftovers of a killed writer only.
	os.WriteFile(filepath.Join(dir, ".summary.csv.tmp-123"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "keep.tmp-1"), nil, 0o644)
	if err := RemoveTemps(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".summary.csv.tmp-123")); err == nil {
		t.Error("a temporary file was kept")
	}
	if _, err := os.Stat(filepath.Join(dir, "keep.tmp-1")); err != nil {
		t.Error("a file that is not a temporary one was removed")
	}
}

// A directory holding files of a result set but no manifest is not
// overwritten: `-o` at a directory with a stray runs.csv used to truncate
// it (issue 14, defect 10). The journal a process killed at its start
// leaves is the one file replaced.
func TestStrayFilesRefused(t *testing.T) {
	f := newFixture(t)
	for _, name := range []string{RunsFile, TimeseriesFile + partialSuffix, "summary.csv", "report.md"} {
		dir := filepath.Join(t.TempDir(), "out")
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte("mine\n"), 0o644)
		_, err := CreateSet(dir, f.varying, f.ids(), &Manifest{EngineVersion: "test"})
		if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "does not overwrite") {
			t.Errorf("stray %s: %v", name, err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != "mine\n" {
			t.Errorf("stray %s was changed", name)
		}
	}
	dir := filepath.Join(t.TempDir(), "out")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, JournalFile), []byte("commonsim-journal 1\nR 0 garbage"), 0o644)
	w, err := CreateSet(dir, f.varying, f.ids(), &Manifest{EngineVersion: "test"})
	if err != nil {
		t.Fatalf("a leftover journal: %v", err)
	}
	w.abort()
	if b, _ := os.ReadFile(filepath.Join(dir, JournalFile)); string(b) != journalMagic {
		t.Errorf("journal %q", b)
	}
}

// Two resumes of one result set: the one that loses the race used to
// truncate the winner's complete, verified set and compute it again,
// because the manifest was not read again after taking the lock (issue 14,
// defect 7).
func TestResumeRereadsManifestUnderLock(t *testing.T) {
	f := newFixture(t)
	dir := filepath.Join(t.TempDir(), "rs")
	w := f.write(t, dir, 3)
	if err := w.Close(StatusInterrupted); err != nil {
		t.Fatal(err)
	}
	stale, err := ReadManifest(dir) // the loser read this before the winner finished
	if err != nil {
		t.Fatal(err)
	}
	f.resume(t, dir) // the winner
	if err := Verify(dir); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	_, err = Resume(dir, f.varying, stale)
	if !errors.Is(err, ErrComplete) {
		t.Fatalf("a stale resume of a completed set: %v", err)
	}
	after := snapshot(t, dir)
	if len(after) != len(before) {
		t.Errorf("files %v, before %v", keysOf(after), keysOf(before))
	}
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("the stale resume changed %s", name)
		}
	}
	if err := Verify(dir); err != nil {
		t.Errorf("after the stale resume: %v", err)
	}
}

func keysOf(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// A resume refused by a check (here a header that is not the matrix's)
// used to rename the interrupted set's files to *.partial and leave them
// there (issue 14, defect 9): every check is now made first.
func TestRefusedResumeLeavesFilesInPlace(t *testing.T) {
	f := newFixture(t)
	dir := filepath.Join(t.TempDir(), "rs")
	w := f.write(t, dir, 3)
	if err := w.Close(StatusInterrupted); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, LorenzFile)
	b, _ := os.ReadFile(p)
	b[3] = 'X' // in the header
	os.WriteFile(p, b, 0o644)
	before := snapshot(t, dir)
	m, _ := ReadManifest(dir)
	if _, err := Resume(dir, f.varying, m); err == nil || !strings.Contains(err.Error(), "header") {
		t.Fatalf("resume with a bad header: %v", err)
	}
	noPartials(t, "refused resume", dir)
	after := snapshot(t, dir)
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("the refused resume changed %s", name)
		}
	}
}

// A complete set whose process was killed between saving the manifest and
// removing the journal was rejected by verify for good, and --resume
// called it complete (issue 14, defect 10): Tidy checks the files and
// removes the journal.
func TestTidyLeftoverJournal(t *testing.T) {
	f := newFixture(t)
	dir := filepath.Join(t.TempDir(), "rs")
	w := f.write(t, dir, len(f.results))
	if err := w.Close(StatusComplete); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, JournalFile), []byte(journalMagic), 0o644)
	os.WriteFile(filepath.Join(dir, ".summary.csv.tmp-42"), []byte("half"), 0o644)
	err := Verify(dir)
	if err == nil || !strings.Contains(err.Error(), "journal.log: left over") || !strings.Contains(err.Error(), "commonsim run --resume") {
		t.Fatalf("verify of a set with a leftover journal: %v", err)
	}
	removed, err := Tidy(dir)
	if err != nil || !slices.Equal(removed, []string{JournalFile, ".summary.csv.tmp-42"}) {
		t.Fatalf("Tidy: %v, removed %v", err, removed)
	}
	if err := Verify(dir); err != nil {
		t.Errorf("after Tidy: %v", err)
	}
	// A journal next to damaged data is kept: Tidy does not hide damage.
	os.WriteFile(filepath.Join(dir, JournalFile), []byte(journalMagic), 0o644)
	appendTo(t, dir, RunsFile, []byte("9,x\n"))
	if _, err := Tidy(dir); err == nil {
		t.Error("Tidy of a damaged set succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, JournalFile)); err != nil {
		t.Error("Tidy removed the journal of a damaged set")
	}
}

// Reading never blocks on a FIFO, reads no line longer than MaxLine, and a
// manifest that is not commonsim's says so (a {} manifest was read as one
// "written by commonsim ", issue 14, defect 12).
func TestReadingUntrustedFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ManifestFile), []byte("{}"), 0o644)
	_, err := ReadManifest(dir)
	if err == nil || !strings.Contains(err.Error(), "is not a commonsim manifest") {
		t.Errorf("{} manifest: %v", err)
	}
	os.WriteFile(filepath.Join(dir, ManifestFile), []byte(`{"engine": "commonsim", "engine_version": "1", "schema_version": 1, "workers": "many"}`), 0o644)
	_, err = ReadManifest(dir)
	if err == nil || !strings.Contains(err.Error(), "field workers has a string where a number belongs") {
		t.Errorf("manifest with a string for a number: %v", err)
	}
	os.Remove(filepath.Join(dir, ManifestFile))
	if err := syscall.Mkfifo(filepath.Join(dir, ManifestFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadManifest(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("FIFO manifest: %v", err)
	}
	if err := Verify(dir); err == nil {
		t.Error("verify of a FIFO manifest passed")
	}

	// A data file with a line of 2 MiB, and one that is a FIFO.
	f := newFixture(t)
	set := filepath.Join(t.TempDir(), "rs")
	w := f.write(t, set, len(f.results))
	if err := w.Close(StatusComplete); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(set, LorenzFile), bytes.Repeat([]byte("x"), 2<<20), 0o644)
	os.Remove(filepath.Join(set, SurvivalFile))
	syscall.Mkfifo(filepath.Join(set, SurvivalFile), 0o644)
	err = Verify(set)
	if err == nil || !strings.Contains(err.Error(), "lorenz.csv") {
		t.Fatalf("verify: %v", err)
	}
	text := strings.Join(err.(*VerifyError).Problems, "\n")
	for _, want := range []string{"lorenz.csv: a line is longer than 1 MiB", "survival.csv: is a FIFO, not a regular file"} {
		if !strings.Contains(text, want) {
			t.Errorf("verify problems lack %q:\n%s", want, text)
		}
	}
}

func TestLimitLines(t *testing.T) {
	for _, c := range []struct {
		in   string
		ok   bool
		what string
	}{
		{"abc\ndef\n", true, "short lines"},
		{"abcd\n", true, "a line of the limit"},
		{"abcde\n", false, "a line over the limit"},
		{"ab\nabcde", false, "a last line over the limit, no newline"},
		{"abcd", true, "a last line of the limit"},
	} {
		var out bytes.Buffer
		_, err := out.ReadFrom(LimitLines(strings.NewReader(c.in), 4))
		if c.ok != (err == nil) || (!c.ok && !errors.Is(err, ErrLongLine)) {
			t.Errorf("%s: %v", c.what, err)
		}
		if c.ok && out.String() != c.in {
			t.Errorf("%s: read %q", c.what, out.String())
		}
	}
}
