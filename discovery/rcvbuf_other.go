//go:build !linux

package discovery

import "net"

// forceReadBuffer: only Linux can exceed the system's cap (SO_RCVBUFFORCE).
func forceReadBuffer(*net.UDPConn, int) bool { return false }
