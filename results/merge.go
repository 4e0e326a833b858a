package results

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Merge joins the result sets of the shards of one batch (`commonsim run
// --shard K/N`) into a new result set out. Every shard must be complete and
// come from the same engine version, scenarios and run matrix, and every run
// of the matrix must be in exactly one shard; otherwise Merge fails naming
// the shards and run ids at fault and writes nothing. Each shard's files are
// checked against its manifest's checksums as they are copied. The merged
// CSV files are byte-identical to those of the same batch run on one
// machine: shards are contiguous slices of the run matrix, so the merged
// files are the shards' rows in run-id order under the common header.
func Merge(out string, dirs []string, command []string) (*Manifest, error) {
	if len(dirs) == 0 {
		return nil, errors.New("merge: no shard result sets given")
	}
	type shard struct {
		dir string
		m   *Manifest
	}
	var shards []shard
	var problems []string
	for _, d := range dirs {
		if same, _ := sameDir(d, out); same {
			return nil, fmt.Errorf("merge: the output %s is one of the shards", out)
		}
		m, err := ReadManifest(d)
		if err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		if m.Status != StatusComplete {
			problems = append(problems, fmt.Sprintf("shard %s is %s (%d of %d runs); finish it with `commonsim run --resume %s`", d, m.Status, m.Completed, m.Total, d))
			continue
		}
		shards = append(shards, shard{d, m})
	}
	if len(problems) > 0 {
		return nil, mergeError(problems)
	}
	ref := shards[0]
	for _, s := range shards[1:] {
		problems = append(problems, compareShards(ref.dir, ref.m, s.dir, s.m)...)
	}
	if len(problems) > 0 {
		return nil, mergeError(problems)
	}

	// Every run exactly once.
	for _, s := range shards {
		if len(s.m.CompletedIDs) > 1 || s.m.CompletedIDs.Count() != s.m.Completed {
			problems = append(problems, fmt.Sprintf("shard %s holds runs %s, not one contiguous slice of the run matrix", s.dir, s.m.CompletedIDs))
		}
	}
	if len(problems) > 0 {
		return nil, mergeError(problems)
	}
	shards = slices.DeleteFunc(shards, func(s shard) bool { return s.m.Completed == 0 })
	slices.SortStableFunc(shards, func(a, b shard) int { return a.m.CompletedIDs[0][0] - b.m.CompletedIDs[0][0] })
	total := ref.m.MatrixRuns
	var missing Ranges
	next, prevDir := 0, ""
	for _, s := range shards {
		lo, hi := s.m.CompletedIDs[0][0], s.m.CompletedIDs[0][1]
		if lo > next {
			missing.AddRange(next, lo-1)
		}
		if lo < next {
			problems = append(problems, fmt.Sprintf("runs %s are in both %s and %s", Ranges{{lo, min(hi, next-1)}}, prevDir, s.dir))
		}
		if hi >= total {
			problems = append(problems, fmt.Sprintf("shard %s holds runs %s beyond the matrix's %d runs", s.dir, s.m.CompletedIDs, total))
		}
		next, prevDir = max(next, hi+1), s.dir
	}
	if next < total {
		missing.AddRange(next, total-1)
	}
	if len(missing) > 0 {
		problems = append(problems, fmt.Sprintf("runs %s are in no shard given (%d of %d runs missing)", missing, missing.Count(), total))
	}
	if len(problems) > 0 {
		return nil, mergeError(problems)
	}

	// Write the merged files, under out's lock. The manifest comes first,
	// with status running and merged_from set, so that a merge killed at
	// any point is recognised and can simply be run again: it takes over
	// such a directory, and only such a one.
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	lock, err := LockSet(out)
	if err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	defer lock.Release()
	if err := CheckLinks(out); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	stray := strayFiles(out)
	if slices.Contains(stray, ManifestFile) {
		old, err := ReadManifest(out)
		if err != nil || old.Status != StatusRunning || len(old.MergedFrom) == 0 {
			return nil, fmt.Errorf("merge: %s already holds a result set; choose another output directory", out)
		}
		// An unfinished merge: start it again.
		for _, name := range DataFiles {
			for _, p := range []string{name, name + partialSuffix} {
				if err := os.Remove(filepath.Join(out, p)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return nil, fmt.Errorf("merge: %w", err)
				}
			}
		}
		if stray = strayFiles(out); len(stray) == 1 && stray[0] == ManifestFile {
			stray = nil
		}
	}
	if len(stray) > 0 {
		return nil, fmt.Errorf("merge: %s holds %s but no result set; commonsim does not overwrite files it did not write: choose another output directory, or move those files away", out, strings.Join(stray, ", "))
	}
	m := *ref.m
	m.Command = command
	m.Shard = ""
	if ref.m.Batch != nil {
		b := *ref.m.Batch
		b.Shard = ""
		m.Batch = &b
	}
	m.Resumed = nil
	m.Derived, m.SensitivitySkipped, m.Report = nil, nil, nil
	m.Failed = nil
	m.Workers, m.Threads = 0, 0
	m.Files = nil
	m.MergedFrom = nil
	for _, s := range shards {
		m.MergedFrom = append(m.MergedFrom, s.dir)
		m.Failed = append(m.Failed, s.m.Failed...)
		m.Workers += s.m.Workers
		m.Threads = max(m.Threads, s.m.Threads)
		if s.m.Started < m.Started {
			m.Started = s.m.Started
		}
	}
	m.RunIDs = Ranges{{0, total - 1}}
	m.CompletedIDs = Ranges{{0, total - 1}}
	m.Total, m.Completed = total, total
	m.Status, m.Finished = StatusRunning, ""
	if err := m.Save(out); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	for _, name := range DataFiles {
		info, err := mergeFile(out, name, shards[0].dir, func(yield func(dir string, m *Manifest) bool) {
			for _, s := range shards {
				if !yield(s.dir, s.m) {
					return
				}
			}
		})
		if err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		m.Files = append(m.Files, info)
	}
	if err := renameIntoPlace(out); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	m.Status = StatusComplete
	m.Finished = time.Now().UTC().Format(time.RFC3339)
	if err := m.Save(out); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	return &m, nil
}

// mergeFile writes out/name.partial: the header and rows of name of each
// shard in turn, checked against the shard's checksum as it is copied.
func mergeFile(out, name, firstDir string, shards func(yield func(dir string, m *Manifest) bool)) (FileInfo, error) {
	partial := filepath.Join(out, name+partialSuffix)
	f, err := createOwned(partial, os.O_WRONLY)
	if err != nil {
		return FileInfo{}, err
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(partial)
		}
	}()
	sum := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, sum), 1<<16)
	rows := 0
	var header []byte
	first := true
	for dir, sm := range shards {
		fi := fileInfo(sm, name)
		if fi == nil {
			return FileInfo{}, fmt.Errorf("shard %s: its manifest lists no %s", dir, name)
		}
		h, err := copyShardFile(bw, filepath.Join(dir, name), first, fi.SHA256)
		if err != nil {
			return FileInfo{}, fmt.Errorf("shard %s: %w", dir, err)
		}
		if first {
			header = h
		} else if !bytes.Equal(h, header) {
			return FileInfo{}, fmt.Errorf("%s of shard %s has another header than that of shard %s", name, dir, firstDir)
		}
		first = false
		rows += fi.Rows
	}
	if err := errors.Join(bw.Flush(), f.Sync(), f.Close()); err != nil {
		return FileInfo{}, fmt.Errorf("%s: %w", name, err)
	}
	ok = true
	return FileInfo{Name: name, Rows: rows, SHA256: hex.EncodeToString(sum.Sum(nil))}, nil
}

func mergeError(problems []string) error {
	return fmt.Errorf("merge: the shards cannot be merged:\n  %s", strings.Join(problems, "\n  "))
}

// compareShards lists what makes shard b not a shard of the same batch as a.
func compareShards(adir string, a *Manifest, bdir string, b *Manifest) []string {
	var out []string
	diff := func(what string) {
		out = append(out, fmt.Sprintf("shards %s and %s differ: %s", adir, bdir, what))
	}
	if a.Engine != b.Engine || a.EngineVersion != b.EngineVersion {
		diff(fmt.Sprintf("engine %s %s vs %s %s", a.Engine, a.EngineVersion, b.Engine, b.EngineVersion))
	}
	if a.SchemaVersion != b.SchemaVersion {
		diff(fmt.Sprintf("schema version %d vs %d", a.SchemaVersion, b.SchemaVersion))
	}
	if len(a.Scenarios) != len(b.Scenarios) {
		diff(fmt.Sprintf("%d vs %d scenarios", len(a.Scenarios), len(b.Scenarios)))
	} else {
		for i := range a.Scenarios {
			x, y := a.Scenarios[i], b.Scenarios[i]
			switch {
			case x.Name != y.Name:
				diff(fmt.Sprintf("scenario %d is %s vs %s", i+1, x.Name, y.Name))
			case x.Resolved != y.Resolved:
				diff(fmt.Sprintf("scenario %s has other resolved parameters", x.Name))
			case x.Seed != y.Seed || x.Replicas != y.Replicas:
				diff(fmt.Sprintf("scenario %s: seed %d vs %d, replications %d vs %d", x.Name, x.Seed, y.Seed, x.Replicas, y.Replicas))
			case x.Design != y.Design || !reflect.DeepEqual(x.Points, y.Points) || !reflect.DeepEqual(x.Sweep, y.Sweep):
				diff(fmt.Sprintf("scenario %s has another sweep (design or points)", x.Name))
			}
		}
	}
	if a.MatrixRuns != b.MatrixRuns || a.MatrixDigest != b.MatrixDigest {
		diff(fmt.Sprintf("run matrix (%d runs, digest %.12s vs %d runs, digest %.12s)", a.MatrixRuns, a.MatrixDigest, b.MatrixRuns, b.MatrixDigest))
	}
	if !reflect.DeepEqual(a.Columns, b.Columns) {
		diff("columns")
	}
	return out
}

func fileInfo(m *Manifest, name string) *FileInfo {
	for i := range m.Files {
		if m.Files[i].Name == name {
			return &m.Files[i]
		}
	}
	return nil
}

// copyShardFile copies the file at path to w, without its header line
// unless withHeader, checks that the whole file hashes to wantSHA and
// returns its header line.
func copyShardFile(w io.Writer, path string, withHeader bool, wantSHA string) ([]byte, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sum := sha256.New()
	r := bufio.NewReaderSize(LimitLines(io.TeeReader(f, sum), MaxLine), 1<<16)
	header, err := r.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("%s: no header line", filepath.Base(path))
	}
	if withHeader {
		if _, err := w.Write(header); err != nil {
			return nil, err
		}
	}
	if _, err := r.WriteTo(w); err != nil {
		return nil, err
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != wantSHA {
		return nil, fmt.Errorf("%s does not match its checksum in the manifest (SHA-256 %.12s, manifest %.12s): it changed or is damaged", filepath.Base(path), got, wantSHA)
	}
	return header, nil
}

func sameDir(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}
