package results

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Writing files safely. Every file commonsim writes (the files of a result
// set, the report's files and figures, the sbatch script, profiles) goes
// through the functions of this file, so that no file or link found on
// disk can redirect a write:
//
//   - A whole file is written by AtomicFile: a new temporary file made by
//     os.CreateTemp in the target's directory, fsynced, then renamed over
//     the target. The temporary name is new (O_EXCL), and rename(2)
//     replaces whatever is at the target instead of writing through it, so
//     a planted symbolic or hard link is never followed. A reader sees the
//     old file or the new one, never half of one.
//   - A file appended to while a batch runs (journal.log, the *.partial
//     data files) is created with O_EXCL or opened with O_NOFOLLOW, and
//     must be a regular file with no other hard link (openOwned).
//   - A target that is a symbolic link, or not a regular file (a device, a
//     FIFO, a directory), is refused with an error that says so, rather
//     than replaced: the user may have meant it.
//
// Temporary files are named ".<name>.tmp-<random>"; RemoveTemps deletes the
// ones a killed process left behind.

// tmpMarker separates a temporary file's target name from its random tail.
const tmpMarker = ".tmp-"

// AtomicFile is a file being written under a temporary name in its target's
// directory; Commit renames it into place, Abort removes it.
type AtomicFile struct {
	f      *os.File
	w      *bufio.Writer
	target string
	done   bool
}

// CreateAtomic starts writing dir/name. It refuses a target that is a
// symbolic link or exists and is not a regular file.
func CreateAtomic(dir, name string) (*AtomicFile, error) {
	target := filepath.Join(dir, name)
	if err := checkTarget(target); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "."+name+tmpMarker+"*")
	if err != nil {
		return nil, err
	}
	return &AtomicFile{f: f, w: bufio.NewWriterSize(f, 1<<16), target: target}, nil
}

// checkTarget refuses to replace a symbolic link or something that is not
// a regular file.
func checkTarget(path string) error {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case st.Mode()&fs.ModeSymlink != 0:
		return linkError(path)
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s exists and is not a regular file (%s); commonsim writes only regular files: choose another name", path, kindOf(st.Mode()))
	}
	return nil
}

func linkError(path string) error {
	return fmt.Errorf("%s is a symbolic link; commonsim never writes through links: remove the link, or give the path of a real file", path)
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// Write buffers p for the temporary file.
func (a *AtomicFile) Write(p []byte) (int, error) { return a.w.Write(p) }

// Commit flushes and fsyncs the temporary file and renames it over the
// target (mode 0644). On error the temporary file is removed.
func (a *AtomicFile) Commit() error {
	if a.done {
		return errors.New("commit of a file already committed or aborted")
	}
	err := a.w.Flush()
	if err == nil {
		err = a.f.Chmod(0o644)
	}
	if err == nil {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(a.f.Name(), a.target)
	}
	a.done = true
	if err != nil {
		os.Remove(a.f.Name())
	}
	return err
}

// Abort removes the temporary file; after Commit it does nothing.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.f.Close()
	os.Remove(a.f.Name())
}

// WriteAtomic writes data to dir/name as AtomicFile does.
func WriteAtomic(dir, name string, data []byte) error {
	a, err := CreateAtomic(dir, name)
	if err != nil {
		return err
	}
	if _, err := a.Write(data); err != nil {
		a.Abort()
		return err
	}
	return a.Commit()
}

// WriteAtomicFrom writes what write produces to dir/name as AtomicFile
// does; an error from write leaves the target as it was.
func WriteAtomicFrom(dir, name string, write func(io.Writer) error) error {
	a, err := CreateAtomic(dir, name)
	if err != nil {
		return err
	}
	if err := write(a); err != nil {
		a.Abort()
		return err
	}
	return a.Commit()
}

// RemoveTemps removes the temporary files of AtomicFile that a killed
// process left in dir: hidden files named ".<name>.tmp-<random>". Call it
// only while holding the result set's lock (LockSet), so that no live
// writer's file is removed.
func RemoveTemps(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if n := e.Name(); e.Type().IsRegular() && isTemp(n) {
			if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

// isTemp reports whether name is one of AtomicFile's temporary names.
func isTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tmpMarker)
}

// createOwned creates path, which must not exist, for writing (O_EXCL: a
// link planted there makes it fail rather than be followed).
func createOwned(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(path, flag|os.O_CREATE|os.O_EXCL|oNoFollow, 0o644)
	if err != nil && isLinkErr(err) {
		return nil, linkError(path)
	}
	return f, err
}

// openOwned opens an existing file of a result set for reading and writing
// without following a symbolic link; it must be a regular file with no
// other hard link, so that truncating or appending to it changes nothing
// outside the result set.
func openOwned(path string) (*os.File, error) {
	f, err := openRegular(path, os.O_RDWR|oNoFollow)
	if err != nil {
		if isLinkErr(err) {
			return nil, linkError(path)
		}
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && hardLinks(st) > 1 {
		err = fmt.Errorf("%s has %d hard links; commonsim never writes through links: replace it with a copy (cp %s x && mv x %s)", path, hardLinks(st), path, path)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// OpenRegular opens path for reading. It must be a regular file (a link to
// one is followed: reading through a link changes nothing): a FIFO or a
// device is refused at once instead of blocking or reading forever.
func OpenRegular(path string) (*os.File, error) { return openRegular(path, os.O_RDONLY) }

// openRegular opens path with flag, without waiting on a FIFO, and refuses
// what is not a regular file.
func openRegular(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(path, flag|oNonBlock, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = &fs.PathError{Op: "open", Path: path, Err: fmt.Errorf("is %s, not a regular file", kindOf(st.Mode()))}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// readRegular reads the regular file at path, refusing one larger than
// limit bytes.
func readRegular(path string, limit int64) ([]byte, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d MiB, the most commonsim reads", path, limit>>20)
	}
	return data, nil
}

// CheckLinks refuses a result set directory that holds a symbolic link
// where a file or directory of commonsim's goes (SetFiles, their *.partial
// names, journal.log, the lock file): a write there would leave the result
// set.
func CheckLinks(dir string) error {
	for _, name := range ownedNames() {
		st, err := os.Lstat(filepath.Join(dir, name))
		if err == nil && st.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("result set %s: %s is a symbolic link; commonsim never writes through links in a result set: remove it, or move the file it points to into its place", dir, name)
		}
	}
	return nil
}

// SetFiles are the names of the files and directories a result set may
// hold besides the hidden lock and temporary files: the data files, the
// manifest, the journal and the files derived from them (sensitivity.csv,
// and the report's summary.csv, summary_timeseries.csv, comparison.csv,
// report.md, report.html and plots/).
var SetFiles = []string{
	RunsFile, TimeseriesFile, LorenzFile, SurvivalFile, CommonsFile, ForksFile, ManifestFile, JournalFile,
	"sensitivity.csv", "summary.csv", "summary_timeseries.csv", "comparison.csv", "report.md", "report.html", "plots",
}

func ownedNames() []string {
	names := append([]string{LockFile}, SetFiles...)
	for _, n := range DataFiles {
		names = append(names, n+partialSuffix)
	}
	return names
}

// strayFiles lists the files of SetFiles (but the journal) and the
// *.partial data files present in dir.
func strayFiles(dir string) []string {
	var out []string
	for _, name := range ownedNames() {
		if name == JournalFile || name == LockFile {
			continue
		}
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			out = append(out, name)
		}
	}
	return out
}
