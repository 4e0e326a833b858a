package batch

import (
	"fmt"
	"slices"

	"commonsim/results"
)

// Merge joins the complete shard result sets dirs into the new result set
// out (see results.Merge); its report (and sensitivity.csv) is then
// report.Build's to write. A merge that was stopped is run again from the
// start.
// When out already holds the complete merge of the same shards (the
// process was stopped after the merge, in the report step), Merge tidies
// it (results.Tidy) and returns its manifest with ErrComplete.
func Merge(out string, dirs []string, command []string) (*results.Manifest, error) {
	if m, err := results.ReadManifest(out); err == nil && m.Status == results.StatusComplete && sameSet(m.MergedFrom, dirs) {
		if _, err := results.Tidy(out); err != nil {
			return nil, err
		}
		return m, fmt.Errorf("%s is the merge of these shards: %w", out, ErrComplete)
	}
	return results.Merge(out, dirs, command)
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return len(a) > 0 && slices.Equal(a, b)
}
