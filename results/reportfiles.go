package results

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// PlotsDir is the directory of a result set that holds the report's
// figures.
const PlotsDir = "plots"

// ReportFile is a file the report step wrote (summary.csv, comparison.csv,
// report.md, report.html, a figure): its path in the result set, with a
// slash ("plots/lorenz.png"), its size and its SHA-256.
type ReportFile struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// reportNames lists the files of dir that belong to its report, sorted:
// every regular file directly in dir that is not hidden and not one of the
// data layer's (the manifest, the data files and their *.partial names,
// the journal, the derived files m lists with row counts), and every
// regular file in dir/plots that is not hidden. Whatever file the report
// step comes to write is covered without a list to keep in step with it.
func reportNames(dir string, m *Manifest) ([]string, error) {
	skip := map[string]bool{ManifestFile: true, JournalFile: true}
	for _, n := range DataFiles {
		skip[n], skip[n+partialSuffix] = true, true
	}
	for _, f := range m.Derived {
		skip[f.Name] = true
	}
	var out []string
	for _, sub := range []string{".", PlotsDir} {
		ents, err := os.ReadDir(filepath.Join(dir, sub))
		if errors.Is(err, fs.ErrNotExist) && sub != "." {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			name := path.Join(sub, e.Name())
			if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") || skip[name] {
				continue
			}
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out, nil
}

// sumFile returns the size and SHA-256 of a regular file.
func sumFile(p string) (int64, string, error) {
	f, err := OpenRegular(p)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// ForgetReport removes the record of the report's files from dir's
// manifest: the report step calls it before it writes a file, so that a
// step stopped halfway leaves a report that Verify and ReportRecorded see
// as unfinished rather than one that fails its checksums. The caller holds
// the result set's lock (LockSet).
func ForgetReport(dir string) error {
	m, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	if m.Report == nil {
		return nil
	}
	m.Report = nil
	return m.Save(dir)
}

// RecordReport records in dir's manifest the size and SHA-256 of every
// file of the report (see reportNames), for Verify to check: the report
// step calls it once every file is written. The caller holds the result
// set's lock (LockSet).
func RecordReport(dir string) error {
	m, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	names, err := reportNames(dir, m)
	if err != nil {
		return fmt.Errorf("result set %s: listing the report's files: %w", dir, err)
	}
	m.Report = []ReportFile{}
	for _, name := range names {
		n, sum, err := sumFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return fmt.Errorf("result set %s: %s: %w", dir, name, unwrapPath(err))
		}
		m.Report = append(m.Report, ReportFile{Name: name, Bytes: n, SHA256: sum})
	}
	return m.Save(dir)
}

// ReportRecorded reports whether m records the files of a finished report
// step (RecordReport), report.md among them.
func ReportRecorded(m *Manifest) bool {
	return slices.ContainsFunc(m.Report, func(f ReportFile) bool { return f.Name == "report.md" })
}

// RemoveFigures removes the figures of an earlier report from dir/plots
// (every regular file there), and the directory once empty: a report drawn
// without figures then has no figures beside it that it does not describe.
// It returns how many files it removed. The caller holds the result set's
// lock (LockSet).
func RemoveFigures(dir string) (int, error) {
	pd := filepath.Join(dir, PlotsDir)
	st, err := os.Lstat(pd)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return 0, nil
	case err != nil:
		return 0, err
	case !st.IsDir():
		return 0, fmt.Errorf("result set %s: %s is not a directory; commonsim never writes through links: remove it", dir, PlotsDir)
	}
	ents, err := os.ReadDir(pd)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue // a directory of the user's: kept, and plots/ with it
		}
		if err := os.Remove(filepath.Join(pd, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, err
		}
		n++
	}
	if n == len(ents) {
		if err := os.Remove(pd); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, err
		}
	}
	return n, nil
}

// checkReport checks the report's files against the manifest's record:
// each is there with its size and SHA-256, no figure in plots/ is left
// from another report, and a report.md has a record at all.
func (v *verifier) checkReport(m *Manifest) {
	redraw := fmt.Sprintf("draw the report again with `commonsim plot %s`", v.dir)
	if m.Report == nil {
		if exists(filepath.Join(v.dir, "report.md")) {
			v.add("report.md: the manifest records no checksums of the report's files (report_files): the report step was stopped before it finished, or an older commonsim wrote it; %s", redraw)
		}
		return
	}
	listed := map[string]bool{}
	for _, f := range m.Report {
		name := f.Name
		clean := path.Clean(name)
		dir, base := path.Split(clean)
		if name == "" || clean != name || strings.ContainsRune(name, '\\') || base == ".." || (dir != "" && dir != PlotsDir+"/") {
			v.add("%s: report_files lists %q, which is not a file of the result set or of its %s/", ManifestFile, name, PlotsDir)
			continue
		}
		if listed[name] {
			v.add("%s: report_files lists %s twice", ManifestFile, name)
			continue
		}
		listed[name] = true
		n, sum, err := sumFile(filepath.Join(v.dir, filepath.FromSlash(name)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			v.add("%s: missing (the manifest lists it among the report's files); %s", name, redraw)
		case err != nil:
			v.add("%s: %v", name, unwrapPath(err))
		case n != f.Bytes || !strings.EqualFold(sum, f.SHA256):
			v.add("%s: SHA-256 %s (%d bytes) does not match the manifest's %s (%d bytes): the file was changed after the report was drawn; %s", name, sum, n, f.SHA256, f.Bytes, redraw)
		}
	}
	names, err := reportNames(v.dir, m)
	if err != nil {
		v.add("%v", err)
		return
	}
	for _, name := range names {
		if strings.HasPrefix(name, PlotsDir+"/") && !listed[name] {
			v.add("%s: a figure the report does not list (left from an earlier report?); %s", name, redraw)
		}
	}
}
