//go:build !linux

package discovery

import "net"

// kernelDrops: only Linux reports a socket's drops (see drops_linux.go).
type kernelDrops struct{}

func newKernelDrops([]net.PacketConn) *kernelDrops { return &kernelDrops{} }

func (*kernelDrops) count() int64 { return 0 }
