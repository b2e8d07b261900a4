package discovery

import (
	"net"
	"testing"
)

// TestKernelDropsCountsOurSocketsOnly: datagrams the kernel drops because a
// socket's buffer is full are counted for that socket, not for another.
// Loopback only.
func TestKernelDropsCountsOurSocketsOnly(t *testing.T) {
	full, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	other, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_ = full.SetReadBuffer(1) // the kernel's minimum: a few datagrams
	ours := newKernelDrops([]net.PacketConn{full})
	theirs := newKernelDrops([]net.PacketConn{other})
	if n := ours.count(); n != 0 {
		t.Fatalf("%d drops before anything was sent", n)
	}
	payload := make([]byte, 1200)
	for i := 0; i < 200; i++ {
		if _, err := other.WriteTo(payload, full.LocalAddr()); err != nil {
			t.Fatal(err)
		}
	}
	if n := ours.count(); n < 100 {
		t.Errorf("%d drops counted for the full socket, want most of 200", n)
	}
	if n := theirs.count(); n != 0 {
		t.Errorf("%d drops counted for a socket that dropped nothing", n)
	}
}
