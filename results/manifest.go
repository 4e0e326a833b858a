package results

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"commonsim/scenarios"
)

// SchemaVersion is the version of the result-set layout documented in
// docs/OUTPUTS.md. Changing a file or a column means changing it.
const SchemaVersion = 1

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
	Shard         string   `json:"shard,omitempty"`

	Scenarios []ScenarioEntry `json:"scenarios"`
	Total     int             `json:"total_runs"`
	Completed int             `json:"completed_runs"`
	Failed    []FailedRun     `json:"failed_runs"`

	Columns map[string][]string `json:"columns"`
	Files   []FileInfo          `json:"files,omitempty"`
}

// ScenarioEntry is one scenario of the batch: its resolved parameters as
// TOML and its sweep points.
type ScenarioEntry struct {
	Name     string                   `json:"name"`
	Source   string                   `json:"source"`
	Resolved string                   `json:"resolved_toml"`
	Design   string                   `json:"design,omitempty"`
	Points   [][]scenarios.Assignment `json:"points,omitempty"`
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

// Save writes the manifest to dir atomically (a temporary file renamed into
// place), so a reader never sees half of it.
func (m *Manifest) Save(dir string) error {
	m.SchemaVersion = SchemaVersion
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	tmp := filepath.Join(dir, ManifestFile+".tmp")
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, ManifestFile)); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	return nil
}

// ReadManifest reads dir's manifest.
func ReadManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s is not a result set: it has no %s", dir, ManifestFile)
		}
		return nil, fmt.Errorf("result set %s: %w", dir, err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("result set %s: %s is not valid JSON: %w", dir, ManifestFile, err)
	}
	if m.SchemaVersion > SchemaVersion {
		return nil, fmt.Errorf("result set %s has schema version %d; this commonsim reads up to %d", dir, m.SchemaVersion, SchemaVersion)
	}
	return &m, nil
}
