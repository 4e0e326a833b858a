package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"commonsim/scenarios"
)

// SchemaVersion is the version of the result-set layout documented in
// docs/OUTPUTS.md. Changing a file or a column means changing it.
const SchemaVersion = 4

// Statuses of a result set.
const (
	StatusRunning     = "running"     // being written, or the process was killed
	StatusComplete    = "complete"    // every run is there
	StatusInterrupted = "interrupted" // stopped cleanly before the end; --resume completes it
)

// Manifest describes a result set: what produced it, the full resolved
// scenarios (so any run can be repeated from the manifest alone), how far
// it got and the checksum of each file.
type Manifest struct {
	SchemaVersion int      `json:"schema_version"`
	Engine        string   `json:"engine"`
	EngineVersion string   `json:"engine_version"`
	GoVersion     string   `json:"go_version"`
	Command       []string `json:"command"`
	Started       string   `json:"started"`
	Finished      string   `json:"finished,omitempty"`
	Status        string   `json:"status"`
	Workers       int      `json:"workers"`
	Threads       int      `json:"threads"`
	// Shard is "K/N" when this result set holds the K-th of N slices of the
	// run matrix (`--shard K/N`), empty otherwise.
	Shard string `json:"shard,omitempty"`
	// Batch is what the batch was asked for on the command line.
	Batch *BatchArgs `json:"batch,omitempty"`
	// Resumed lists the times (RFC 3339) the batch was continued with
	// `commonsim run --resume`.
	Resumed []string `json:"resumed,omitempty"`
	// MergedFrom lists the shard result sets `commonsim merge` joined.
	MergedFrom []string `json:"merged_from,omitempty"`

	Scenarios []ScenarioEntry `json:"scenarios"`
	// MatrixRuns is the size of the whole run matrix (all shards) and
	// MatrixDigest a SHA-256 of every run's identity, seed and sweep values
	// in run-id order: equal digests mean equal run matrices.
	MatrixRuns   int    `json:"matrix_runs"`
	MatrixDigest string `json:"matrix_digest"`
	// RunIDs are the runs this result set is to hold (all of the matrix, or
	// a shard's slice), CompletedIDs those it holds.
	RunIDs       Ranges      `json:"run_ids"`
	CompletedIDs Ranges      `json:"completed_run_ids"`
	Total        int         `json:"total_runs"`
	Completed    int         `json:"completed_runs"`
	Failed       []FailedRun `json:"failed_runs"`

	Columns map[string][]string `json:"columns"`
	Files   []FileInfo          `json:"files,omitempty"`
	// Derived lists files computed from the data files (sensitivity.csv).
	Derived []FileInfo `json:"derived_files,omitempty"`
	// Report lists the files the report step wrote (summary.csv,
	// comparison.csv, report.md, the figures in plots/, whatever else it
	// writes) with their sizes and SHA-256 (RecordReport); Verify checks
	// them. It is absent while a report step runs or after one was stopped.
	Report []ReportFile `json:"report_files,omitempty"`
	// SensitivitySkipped lists the metrics left out of sensitivity.csv.
	SensitivitySkipped []SkippedMetric `json:"sensitivity_skipped,omitempty"`
}

// BatchArgs are the arguments that define a batch's run matrix, as given.
type BatchArgs struct {
	Scenarios    []string `json:"scenarios"`
	Set          []string `json:"set,omitempty"`
	Sweep        []string `json:"sweep,omitempty"`
	Design       string   `json:"design,omitempty"`
	Samples      int      `json:"samples,omitempty"`
	Replications int      `json:"replications,omitempty"`
	Shard        string   `json:"shard,omitempty"`
}

// SkippedMetric is a summary metric with no sensitivity indices, and why.
type SkippedMetric struct {
	Scenario string `json:"scenario"`
	Metric   string `json:"metric"`
	Reason   string `json:"reason"`
}

// ScenarioEntry is one scenario of the batch: its resolved parameters as
// TOML, its sweep as it is (from which its points and the plan of a morris
// or saltelli design are made again: scenarios.Sweep.Plan with Seed) and
// its sweep points.
type ScenarioEntry struct {
	Name     string                   `json:"name"`
	Source   string                   `json:"source"`
	Resolved string                   `json:"resolved_toml"`
	Design   string                   `json:"design,omitempty"`
	Points   [][]scenarios.Assignment `json:"points,omitempty"`
	Sweep    *scenarios.Sweep         `json:"sweep,omitempty"`
	Seed     int64                    `json:"seed"`
	Replicas int                      `json:"replications"`
}

// FailedRun records a run that panicked, with what is needed to replay it.
type FailedRun struct {
	ID        int                    `json:"run_id"`
	Scenario  string                 `json:"scenario"`
	Point     int                    `json:"point"`
	Replicate int                    `json:"replicate"`
	Seed      uint64                 `json:"seed"`
	Assign    []scenarios.Assignment `json:"assign,omitempty"`
	Error     string                 `json:"error"`
}

// FileInfo is a data file's row count (header excluded) and SHA-256.
type FileInfo struct {
	Name   string `json:"name"`
	Rows   int    `json:"rows"`
	SHA256 string `json:"sha256"`
}

// MaxManifestBytes is the largest manifest.json commonsim reads (2 GiB):
// a larger one is not one it wrote (the sweep limits of package scenarios
// keep a manifest well below it) and would not fit in memory once decoded.
const MaxManifestBytes = 2 << 30

// Save writes the manifest to dir atomically (WriteAtomic: a temporary file
// renamed into place), so a reader never sees half of it.
func (m *Manifest) Save(dir string) error {
	m.SchemaVersion = SchemaVersion
	if m.Failed == nil {
		m.Failed = []FailedRun{} // [] rather than null for readers
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	if err := WriteAtomic(dir, ManifestFile, append(data, '\n')); err != nil {
		return fmt.Errorf("result set %s: manifest: %w", dir, err)
	}
	return nil
}

// ReadManifest reads dir's manifest. It must be a regular file of at most
// MaxManifestBytes holding a manifest written by commonsim (engine,
// engine_version and schema_version set); errors say what is wrong in one
// line.
func ReadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestFile)
	data, err := readRegular(path, MaxManifestBytes)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
				return nil, fmt.Errorf("%s is not a result set: it is a file, not a directory", dir)
			}
			return nil, fmt.Errorf("%s is not a result set: it has no %s", dir, ManifestFile)
		}
		return nil, fmt.Errorf("result set %s: %s: %w", dir, ManifestFile, unwrapPath(err))
	}
	m, err := parseManifest(data)
	if err != nil {
		return nil, fmt.Errorf("result set %s: %w", dir, err)
	}
	return m, nil
}

// unwrapPath drops the path of a *fs.PathError, which the message names
// already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseManifest decodes and checks a manifest's text.
func parseManifest(data []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return nil, fmt.Errorf("%s is damaged: field %s has a %s where a %s belongs", ManifestFile, te.Field, te.Value, jsonKind(te.Type.Kind().String()))
		}
		return nil, fmt.Errorf("%s is not valid JSON (%v): it is damaged; it cannot be repaired by commonsim", ManifestFile, err)
	}
	switch {
	case m.Engine != "commonsim" || m.EngineVersion == "" || m.SchemaVersion < 1:
		return nil, fmt.Errorf("%s is not a commonsim manifest (it lacks engine \"commonsim\", engine_version or schema_version): the directory is not a result set, or its manifest was damaged", ManifestFile)
	case m.SchemaVersion > SchemaVersion:
		return nil, fmt.Errorf("%s has schema version %d; this commonsim reads up to %d: use a newer commonsim", ManifestFile, m.SchemaVersion, SchemaVersion)
	}
	return &m, nil
}

// jsonKind names a Go kind as JSON calls it.
func jsonKind(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "list"
	case "map", "struct", "ptr":
		return "object"
	}
	return "number"
}
