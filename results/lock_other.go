//go:build !unix

package results

import (
	"io/fs"
	"os"
)

// lockFile does nothing where flock is not available.
func lockFile(*os.File) error { return nil }

// Without O_NOFOLLOW, links are refused by CheckLinks only.
const (
	oNoFollow = 0
	oNonBlock = 0
)

func isLinkErr(error) bool { return false }

func hardLinks(fs.FileInfo) uint64 { return 1 }
