package discovery

import (
	"bufio"
	"bytes"
	"net"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// kernelDrops counts the datagrams the kernel dropped because a socket's
// receive buffer was full: loss the inbox never sees, from a process that
// was starved or a burst larger than the buffer. Linux reports it per
// socket in the last column of /proc/net/udp and udp6, read for the
// calling thread's network namespace.
type kernelDrops struct {
	inodes map[string]bool // socket inode numbers, as /proc writes them
}

func newKernelDrops(conns []net.PacketConn) *kernelDrops {
	k := &kernelDrops{inodes: map[string]bool{}}
	for _, c := range conns {
		u, ok := c.(*net.UDPConn)
		if !ok {
			continue
		}
		rc, err := u.SyscallConn()
		if err != nil {
			continue
		}
		_ = rc.Control(func(fd uintptr) {
			var st unix.Stat_t
			if unix.Fstat(int(fd), &st) == nil {
				k.inodes[strconv.FormatUint(st.Ino, 10)] = true
			}
		})
	}
	return k
}

// count returns the drops of our sockets so far (0 when unreadable).
func (k *kernelDrops) count() int64 {
	var n int64
	for _, p := range []string{"/proc/thread-self/net/udp", "/proc/thread-self/net/udp6"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		n += udpDrops(b, k.inodes)
	}
	return n
}

// udpDrops sums the drops column of the /proc/net/udp lines whose inode
// (the tenth field) is one of ours.
func udpDrops(b []byte, inodes map[string]bool) int64 {
	var n int64
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) < 13 || !inodes[string(f[9])] {
			continue
		}
		if d, err := strconv.ParseInt(string(f[len(f)-1]), 10, 64); err == nil {
			n += d
		}
	}
	return n
}
