package results

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// LockFile is the hidden file of a result set that every commonsim process
// writing to the set (run, --resume, merge, the report, sensitivity) holds
// an exclusive lock on (flock(2), released when the process ends however
// it ends), so that two processes never write one result set. It is empty
// and never removed: removing a lock file while another process has it
// open would let two processes hold "the" lock.
const LockFile = ".lock"

var errLocked = errors.New("locked")

// SetLock is a held result-set lock.
type SetLock struct{ f *os.File }

// LockSet takes the lock of the result set directory dir (which must
// exist), creating its lock file. It fails at once, saying so, when another
// commonsim process holds the lock.
func LockSet(dir string) (*SetLock, error) {
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|oNoFollow|oNonBlock, 0o644)
	if err != nil {
		if isLinkErr(err) {
			return nil, fmt.Errorf("result set %s: %s is a symbolic link; commonsim never writes through links in a result set: remove it", dir, LockFile)
		}
		return nil, fmt.Errorf("result set %s: %w", dir, err)
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("result set %s: %s is not a regular file; remove it", dir, LockFile)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("result set %s is being written by another commonsim process; wait for it to finish (or stop it) and try again", dir)
		}
		return nil, fmt.Errorf("result set %s: cannot lock it: %w", dir, err)
	}
	return &SetLock{f: f}, nil
}

// Release gives the lock up. It may be called more than once.
func (l *SetLock) Release() {
	if l != nil && l.f != nil {
		l.f.Close()
		l.f = nil
	}
}
