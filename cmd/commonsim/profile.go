package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"commonsim/results"
)

// startProfiles starts a CPU profile and arranges a heap profile, so users
// can profile their own scenarios; the returned function finishes both and
// reports a failure to write either. Both files are checked before the
// batch starts (checkProfile) and written through results.CreateAtomic.
func startProfiles(cpuFile, memFile string) (stop func() error, err error) {
	if cpuFile != "" && memFile != "" && filepath.Clean(cpuFile) == filepath.Clean(memFile) {
		return nil, fmt.Errorf("--cpuprofile and --memprofile name the same file %s; give two files", cpuFile)
	}
	for _, p := range []struct{ flag, path string }{{"--cpuprofile", cpuFile}, {"--memprofile", memFile}} {
		if err := checkProfile(p.flag, p.path); err != nil {
			return nil, err
		}
	}
	var cpu *results.AtomicFile
	if cpuFile != "" {
		if cpu, err = results.CreateAtomic(filepath.Dir(cpuFile), filepath.Base(cpuFile)); err != nil {
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Abort()
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
	}
	return func() error {
		var errs []error
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Commit(); err != nil {
				errs = append(errs, fmt.Errorf("--cpuprofile %s: %w", cpuFile, err))
			}
		}
		if memFile != "" {
			runtime.GC()
			write := func(w io.Writer) error { return pprof.WriteHeapProfile(w) }
			if err := results.WriteAtomicFrom(filepath.Dir(memFile), filepath.Base(memFile), write); err != nil {
				errs = append(errs, fmt.Errorf("--memprofile %s: %w", memFile, err))
			}
		}
		return errors.Join(errs...)
	}, nil
}

// checkProfile refuses a profile path that would overwrite something other
// than an earlier profile: a file that exists must be a regular file that
// is empty or a pprof profile (gzip data), never a result file, a link or a
// device. Its directory must exist.
func checkProfile(flag, path string) error {
	if path == "" {
		return nil
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return fmt.Errorf("%s %s: the directory %s does not exist", flag, path, filepath.Dir(path))
	}
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%s %s: %w", flag, path, err)
	case st.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s %s: is a symbolic link; commonsim never writes through links: give the path of a new file", flag, path)
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s %s: exists and is not a regular file; give the path of a new file", flag, path)
	case st.Size() == 0:
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s %s: %w", flag, path, err)
	}
	defer f.Close()
	head := make([]byte, 2)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, []byte{0x1f, 0x8b}) {
		return fmt.Errorf("%s %s: the file exists and is not a profile; commonsim will not overwrite it: give the path of a new file", flag, path)
	}
	return nil
}
