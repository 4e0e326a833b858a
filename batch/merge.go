package batch

import (
	"fmt"
	"slices"

	"commonsim/results"
)

// Merge joins the complete shard result sets dirs into the new result set
// out (see results.Merge) and, for a Morris or Saltelli design, writes its
// sensitivity.csv. A merge that was stopped is run again from the start.
// When out already holds the complete merge of the same shards (the
// process was stopped after the merge, in the report step), Merge tidies
// it (results.Tidy) and returns its manifest with ErrComplete.
func Merge(out string, dirs []string, command []string) (*results.Manifest, error) {
	if m, err := results.ReadManifest(out); err == nil && m.Status == results.StatusComplete && sameSet(m.MergedFrom, dirs) {
		if err := finishComplete(out, m); err != nil {
			return nil, err
		}
		return m, fmt.Errorf("%s is the merge of these shards: %w", out, ErrComplete)
	}
	m, err := results.Merge(out, dirs, command)
	if err != nil {
		return nil, err
	}
	if _, err := WriteSensitivity(out); err != nil {
		return m, err
	}
	return results.ReadManifest(out)
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return len(a) > 0 && slices.Equal(a, b)
}

// finishComplete repairs a complete result set that a process stopped
// after it was complete left unfinished: results.Tidy, then
// sensitivity.csv when the set should have one and does not (the process
// was stopped before writing it).
func finishComplete(dir string, m *results.Manifest) error {
	if _, err := results.Tidy(dir); err != nil {
		return err
	}
	if m.Shard != "" || slices.ContainsFunc(m.Derived, func(f results.FileInfo) bool { return f.Name == SensitivityFile }) {
		return nil
	}
	_, err := WriteSensitivity(dir)
	return err
}
