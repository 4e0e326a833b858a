//go:build !unix

package scenarios

const syscallNonBlock = 0
