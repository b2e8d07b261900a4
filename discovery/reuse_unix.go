//go:build !windows

package discovery

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// reusePort lets the 5353 listeners share the port with a running
// avahi-daemon or mDNSResponder; multicast reaches every such socket.
func reusePort(network, address string, c syscall.RawConn) error {
	var serr error
	err := c.Control(func(fd uintptr) {
		if serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); serr != nil {
			return
		}
		serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEPORT, 1)
	})
	if err != nil {
		return err
	}
	return serr
}
