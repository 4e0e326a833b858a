package batch

import "commonsim/results"

// Merge joins the complete shard result sets dirs into the new result set
// out (see results.Merge) and, for a Morris or Saltelli design, writes its
// sensitivity.csv.
func Merge(out string, dirs []string, command []string) (*results.Manifest, error) {
	m, err := results.Merge(out, dirs, command)
	if err != nil {
		return nil, err
	}
	if _, err := WriteSensitivity(out); err != nil {
		return m, err
	}
	return results.ReadManifest(out)
}
