//go:build unix

package results

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock on f, held until f is closed
// or the process dies, so that two commonsim processes never write one
// result set. It fails at once when another process holds it.
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	return err
}

// oNoFollow makes an open fail on a symbolic link; oNonBlock makes opening
// a FIFO return at once (it is then refused as not a regular file).
const (
	oNoFollow = syscall.O_NOFOLLOW
	oNonBlock = syscall.O_NONBLOCK
)

// isLinkErr reports whether err is an O_NOFOLLOW open meeting a link.
func isLinkErr(err error) bool { return errors.Is(err, syscall.ELOOP) }

// hardLinks is the number of hard links of a file.
func hardLinks(st fs.FileInfo) uint64 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Nlink)
	}
	return 1
}
