package discovery

import (
	"net"

	"golang.org/x/sys/unix"
)

// forceReadBuffer sets c's receive buffer to n bytes past net.core.rmem_max
// (SO_RCVBUFFORCE), which a process with CAP_NET_ADMIN may do; it reports
// whether it could. A distribution's default rmem_max (208 KiB) holds
// about a hundred packets: a flood fills that in milliseconds.
func forceReadBuffer(c *net.UDPConn, n int) bool {
	rc, err := c.SyscallConn()
	if err != nil {
		return false
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, n)
	}); err != nil {
		return false
	}
	return serr == nil
}
