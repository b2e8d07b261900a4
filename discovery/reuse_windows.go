//go:build windows

package discovery

import "syscall"

// reusePort lets the 5353 listeners share the port with Windows' own mDNS
// responder (SO_REUSEADDR is all Windows has for this).
func reusePort(network, address string, c syscall.RawConn) error {
	var serr error
	err := c.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(syscall.Handle(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
	})
	if err != nil {
		return err
	}
	return serr
}
