package postgres

import (
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// controlUserTimeout sets TCP_USER_TIMEOUT on a TCP socket before it
// connects.
func controlUserTimeout(network, _ string, c syscall.RawConn) error {
	if !strings.HasPrefix(network, "tcp") {
		return nil
	}
	var serr error
	err := c.Control(func(fd uintptr) {
		serr = unix.SetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_USER_TIMEOUT, int(tcpUserTimeout.Milliseconds()))
	})
	if err != nil {
		return err
	}
	return serr
}
