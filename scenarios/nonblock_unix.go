//go:build unix

package scenarios

import "syscall"

// syscallNonBlock makes opening a FIFO return at once (it is then refused
// as not a regular file) instead of waiting for a writer.
const syscallNonBlock = syscall.O_NONBLOCK
