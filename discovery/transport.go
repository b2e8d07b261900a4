package discovery

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
)

var (
	mdnsGroup4 = net.IPv4(224, 0, 0, 251)
	mdnsGroup6 = net.ParseIP("ff02::fb")
)

const (
	mdnsPort  = 5353
	maxPacket = 9000 // RFC 6762 section 17
	// recvBuffer is the receive buffer asked of the kernel for each
	// socket (see addConn): a burst of flood packets waits there instead
	// of pushing honest replies out.
	recvBuffer = 4 << 20
)

// receiveLoss, when set (by tests only), drops the received packets it
// reports true for, as an overflowing receive path would.
var receiveLoss atomic.Pointer[func(from netip.AddrPort, data []byte) bool]

// iface is one interface we scan.
type iface struct {
	index    int
	name     string
	ifi      *net.Interface
	v4, v6   bool
	prefixes []netip.Prefix
	addr4    netip.Addr // first IPv4 address
	ll6      netip.Addr // first link-local IPv6 address
}

// inPacket is a received packet on its way to the scan loop.
type inPacket struct {
	data   []byte
	from   netip.AddrPort
	ifname string
	at     time.Time
}

// transport owns the sockets of one scan: an ephemeral-port socket per
// family for one-shot queries (answered at once by unicast) and a port
// 5353 socket per family that hears multicast answers, announcements and
// goodbyes. Close ends every goroutine it started.
type transport struct {
	ifaces  []iface
	byIndex map[int]*iface
	q4, l4  *ipv4.PacketConn
	q6, l6  *ipv6.PacketConn
	// u4 and u6 are port 5353 sockets bound to each interface's own
	// address. Multicast questions leave from them, and a unicast reply
	// (to a QU question) reaches them rather than a local avahi-daemon
	// listening on the wildcard address.
	u4      map[int]*ipv4.PacketConn
	u6      map[int]*ipv6.PacketConn
	closers []net.PacketConn
	drops   *kernelDrops // what the kernel dropped for want of buffer room
	inbox   *inbox
	wg      sync.WaitGroup
	warn    []string
}

// pickInterfaces returns the interfaces to scan: those named, or every up,
// multicast-capable, non-loopback one with an address.
func pickInterfaces(names []string, noV4, noV6 bool) ([]iface, error) {
	all, err := net.Interfaces()
	if err != nil {
		return nil, fmt.Errorf("listing network interfaces: %w", err)
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []iface
	for i := range all {
		ifi := &all[i]
		if len(names) > 0 && !want[ifi.Name] {
			continue
		}
		delete(want, ifi.Name)
		if ifi.Flags&net.FlagUp == 0 || ifi.Flags&net.FlagMulticast == 0 || ifi.Flags&net.FlagLoopback != 0 {
			if len(names) > 0 {
				return nil, fmt.Errorf("interface %s is not up and multicast-capable", ifi.Name)
			}
			continue
		}
		it := iface{index: ifi.Index, name: ifi.Name, ifi: ifi}
		addrs, _ := ifi.Addrs()
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			ip, ok := netip.AddrFromSlice(ipn.IP)
			if !ok {
				continue
			}
			ip = ip.Unmap()
			ones, _ := ipn.Mask.Size()
			it.prefixes = append(it.prefixes, netip.PrefixFrom(ip, ones))
			if ip.Is4() && !noV4 {
				it.v4 = true
				if !it.addr4.IsValid() {
					it.addr4 = ip
				}
			}
			if ip.Is6() && ip.IsLinkLocalUnicast() && !it.ll6.IsValid() {
				it.ll6 = ip.WithZone(ifi.Name)
			}
			if ip.Is6() && !noV6 {
				it.v6 = true
			}
		}
		if it.v4 || it.v6 {
			out = append(out, it)
		} else if len(names) > 0 {
			return nil, fmt.Errorf("interface %s has no usable address", ifi.Name)
		}
	}
	for n := range want {
		return nil, fmt.Errorf("no interface named %q", n)
	}
	if len(out) == 0 {
		return nil, errors.New("no up, multicast-capable network interface with an address")
	}
	return out, nil
}

// openTransport creates every socket on the calling goroutine (so they
// belong to its network namespace) and starts one reader per socket.
func openTransport(ifaces []iface) (*transport, error) {
	t := &transport{ifaces: ifaces, byIndex: map[int]*iface{}, inbox: newInbox(),
		u4: map[int]*ipv4.PacketConn{}, u6: map[int]*ipv6.PacketConn{}}
	want4, want6 := false, false
	for i := range ifaces {
		t.byIndex[ifaces[i].index] = &ifaces[i]
		want4 = want4 || ifaces[i].v4
		want6 = want6 || ifaces[i].v6
	}
	lc := net.ListenConfig{}
	lr := net.ListenConfig{Control: reusePort}
	ctx := context.Background()
	fail := func(err error) (*transport, error) {
		t.close()
		return nil, err
	}
	if want4 {
		c, err := lc.ListenPacket(ctx, "udp4", "0.0.0.0:0")
		if err != nil {
			return fail(fmt.Errorf("opening an IPv4 query socket: %w", err))
		}
		t.addConn(c)
		t.q4 = ipv4.NewPacketConn(c)
		_ = t.q4.SetMulticastTTL(255)
		_ = t.q4.SetMulticastLoopback(true)
		_ = t.q4.SetControlMessage(ipv4.FlagInterface, true)
		if l, err := lr.ListenPacket(ctx, "udp4", fmt.Sprintf("0.0.0.0:%d", mdnsPort)); err != nil {
			t.warn = append(t.warn, fmt.Sprintf("IPv4 port 5353 unavailable (%v): announcements and goodbyes are not heard", err))
		} else {
			t.addConn(l)
			t.l4 = ipv4.NewPacketConn(l)
			_ = t.l4.SetMulticastTTL(255)
			_ = t.l4.SetMulticastLoopback(true)
			_ = t.l4.SetControlMessage(ipv4.FlagInterface, true)
			for _, it := range ifaces {
				if it.v4 {
					if err := t.l4.JoinGroup(it.ifi, &net.UDPAddr{IP: mdnsGroup4}); err != nil {
						t.warn = append(t.warn, fmt.Sprintf("joining the IPv4 mDNS group on %s: %v", it.name, err))
					}
				}
			}
		}
	}
	if want6 {
		c, err := lc.ListenPacket(ctx, "udp6", "[::]:0")
		if err != nil {
			return fail(fmt.Errorf("opening an IPv6 query socket: %w", err))
		}
		t.addConn(c)
		t.q6 = ipv6.NewPacketConn(c)
		_ = t.q6.SetMulticastHopLimit(255)
		_ = t.q6.SetMulticastLoopback(true)
		_ = t.q6.SetControlMessage(ipv6.FlagInterface, true)
		if l, err := lr.ListenPacket(ctx, "udp6", fmt.Sprintf("[::]:%d", mdnsPort)); err != nil {
			t.warn = append(t.warn, fmt.Sprintf("IPv6 port 5353 unavailable (%v): announcements and goodbyes are not heard", err))
		} else {
			t.addConn(l)
			t.l6 = ipv6.NewPacketConn(l)
			_ = t.l6.SetMulticastHopLimit(255)
			_ = t.l6.SetMulticastLoopback(true)
			_ = t.l6.SetControlMessage(ipv6.FlagInterface, true)
			for _, it := range ifaces {
				if it.v6 {
					if err := t.l6.JoinGroup(it.ifi, &net.UDPAddr{IP: mdnsGroup6}); err != nil {
						t.warn = append(t.warn, fmt.Sprintf("joining the IPv6 mDNS group on %s: %v", it.name, err))
					}
				}
			}
		}
	}
	for _, it := range ifaces {
		if it.v4 && t.l4 != nil && it.addr4.IsValid() {
			if c, err := lr.ListenPacket(ctx, "udp4", netip.AddrPortFrom(it.addr4, mdnsPort).String()); err == nil {
				t.addConn(c)
				p := ipv4.NewPacketConn(c)
				_ = p.SetMulticastInterface(it.ifi)
				_ = p.SetMulticastTTL(255)
				_ = p.SetMulticastLoopback(true)
				_ = p.SetControlMessage(ipv4.FlagInterface, true)
				t.u4[it.index] = p
				t.reader(func(b []byte) (int, int, net.Addr, error) {
					n, cm, src, err := p.ReadFrom(b)
					return n, cmIf4(cm), src, err
				})
			}
		}
		if it.v6 && t.l6 != nil && it.ll6.IsValid() {
			if c, err := lr.ListenPacket(ctx, "udp6", netip.AddrPortFrom(it.ll6, mdnsPort).String()); err == nil {
				t.addConn(c)
				p := ipv6.NewPacketConn(c)
				_ = p.SetMulticastInterface(it.ifi)
				_ = p.SetMulticastHopLimit(255)
				_ = p.SetMulticastLoopback(true)
				_ = p.SetControlMessage(ipv6.FlagInterface, true)
				t.u6[it.index] = p
				t.reader(func(b []byte) (int, int, net.Addr, error) {
					n, cm, src, err := p.ReadFrom(b)
					return n, cmIf6(cm), src, err
				})
			}
		}
	}
	t.drops = newKernelDrops(t.closers)
	if t.q4 != nil {
		t.reader(func(b []byte) (int, int, net.Addr, error) {
			n, cm, src, err := t.q4.ReadFrom(b)
			return n, cmIf4(cm), src, err
		})
	}
	if t.l4 != nil {
		t.reader(func(b []byte) (int, int, net.Addr, error) {
			n, cm, src, err := t.l4.ReadFrom(b)
			return n, cmIf4(cm), src, err
		})
	}
	if t.q6 != nil {
		t.reader(func(b []byte) (int, int, net.Addr, error) {
			n, cm, src, err := t.q6.ReadFrom(b)
			return n, cmIf6(cm), src, err
		})
	}
	if t.l6 != nil {
		t.reader(func(b []byte) (int, int, net.Addr, error) {
			n, cm, src, err := t.l6.ReadFrom(b)
			return n, cmIf6(cm), src, err
		})
	}
	return t, nil
}

// addConn keeps c to be closed with the transport and enlarges its
// receive buffer: past the system's cap where the process may (root on
// Linux), else as far as the cap allows.
func (t *transport) addConn(c net.PacketConn) {
	t.closers = append(t.closers, c)
	if u, ok := c.(*net.UDPConn); ok && !forceReadBuffer(u, recvBuffer) {
		_ = u.SetReadBuffer(recvBuffer)
	}
}

func cmIf4(cm *ipv4.ControlMessage) int {
	if cm == nil {
		return 0
	}
	return cm.IfIndex
}

func cmIf6(cm *ipv6.ControlMessage) int {
	if cm == nil {
		return 0
	}
	return cm.IfIndex
}

// reader moves packets from one socket to the inbox until the socket is
// closed. Only the socket's closing ends it: any other error (whatever a
// packet or the network did) is waited out, with a pause that grows while
// errors repeat so that a persistent one cannot spin. Packets from
// interfaces we do not scan are ignored; when the scan loop falls behind,
// packets are dropped rather than queued without bound.
func (t *transport) reader(read func([]byte) (int, int, net.Addr, error)) {
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		buf := make([]byte, maxPacket)
		pause := time.Duration(0)
		for {
			n, ifindex, src, err := read(buf)
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				pause = min(max(2*pause, 100*time.Microsecond), 20*time.Millisecond)
				time.Sleep(pause)
				continue
			}
			pause = 0
			ua, ok := src.(*net.UDPAddr)
			if !ok {
				continue
			}
			it := t.byIndex[ifindex]
			if it == nil && ifindex == 0 {
				// No interface from the kernel (Windows has no control
				// messages here): find it by the sender's address.
				it = t.ifaceFor(ua.AddrPort().Addr().Unmap())
			}
			if it == nil {
				continue
			}
			ap := ua.AddrPort()
			addr := ap.Addr().Unmap()
			if addr.IsLinkLocalUnicast() && addr.Is6() {
				addr = addr.WithZone(it.name)
			}
			from := netip.AddrPortFrom(addr, ap.Port())
			if lose := receiveLoss.Load(); lose != nil && (*lose)(from, buf[:n]) {
				t.inbox.dropped.Add(1)
				continue
			}
			t.inbox.put(inPacket{data: append([]byte(nil), buf[:n]...), from: from, ifname: it.name, at: time.Now()})
		}
	}()
}

// sendAll sends the questions: one-shot ones one per packet (each reply
// has its own 512 bytes), multicast ones without known answers packed
// together per interface, so a long list does not become a flood.
func (t *transport) sendAll(qs []question) {
	type batchKey struct {
		ifname string
		qu     bool
	}
	batches := map[batchKey][]dns.Question{}
	var order []batchKey
	for _, q := range qs {
		if !q.multicast || len(q.known) > 0 {
			t.send(q)
			continue
		}
		k := batchKey{q.ifname, q.qu}
		if _, ok := batches[k]; !ok {
			order = append(order, k)
		}
		batches[k] = append(batches[k], question2dns(q))
	}
	for _, k := range order {
		list := batches[k]
		for len(list) > 0 {
			n := min(len(list), 16)
			t.sendMsg(list[:n], nil, k.ifname, true, 0)
			list = list[n:]
		}
	}
}

func question2dns(q question) dns.Question {
	class := uint16(dns.ClassINET)
	if q.qu {
		class |= cacheFlushBit // the QU bit sits where the cache-flush bit does
	}
	return dns.Question{Name: q.name, Qtype: q.qtype, Qclass: class}
}

// ifaceFor guesses the interface a packet from addr came in on: the one
// whose prefix holds it, else the only one scanned.
func (t *transport) ifaceFor(addr netip.Addr) *iface {
	for i := range t.ifaces {
		for _, p := range t.ifaces[i].prefixes {
			if p.Contains(addr.WithZone("")) {
				return &t.ifaces[i]
			}
		}
	}
	if addr.Zone() != "" {
		for i := range t.ifaces {
			if t.ifaces[i].name == addr.Zone() {
				return &t.ifaces[i]
			}
		}
	}
	if len(t.ifaces) == 1 {
		return &t.ifaces[0]
	}
	return nil
}

// send writes one question on every interface it names (or all), over
// both families. One-shot questions leave from the ephemeral port;
// multicast ones from port 5353 as RFC 6762 section 5.2 asks.
func (t *transport) send(q question) int {
	return t.sendMsg([]dns.Question{question2dns(q)}, q.known, q.ifname, q.multicast, q.id)
}

// sendMsg sends one query; multicast ones carry ID 0 (RFC 6762 section
// 18.1), one-shot ones the ID the session gave them.
func (t *transport) sendMsg(qs []dns.Question, known []dns.RR, ifname string, multicast bool, id uint16) int {
	q := question{ifname: ifname, multicast: multicast}
	m := new(dns.Msg)
	m.Id = id
	if q.multicast {
		m.Id = 0
	}
	m.Question = qs
	m.Answer = known
	b, err := m.Pack()
	if err != nil {
		return 0
	}
	sent := 0
	for i := range t.ifaces {
		it := &t.ifaces[i]
		if q.ifname != "" && q.ifname != it.name {
			continue
		}
		if it.v4 {
			c := t.q4
			if q.multicast && t.u4[it.index] != nil {
				c = t.u4[it.index]
			} else if q.multicast && t.l4 != nil {
				c = t.l4
			}
			if c != nil {
				// The control message picks the interface where the OS
				// supports it (Linux, BSD); Windows needs the socket option.
				_ = c.SetMulticastInterface(it.ifi)
				if _, err := c.WriteTo(b, &ipv4.ControlMessage{IfIndex: it.index}, &net.UDPAddr{IP: mdnsGroup4, Port: mdnsPort}); err == nil {
					sent++
				}
			}
		}
		if it.v6 {
			c := t.q6
			if q.multicast && t.u6[it.index] != nil {
				c = t.u6[it.index]
			} else if q.multicast && t.l6 != nil {
				c = t.l6
			}
			if c != nil {
				_ = c.SetMulticastInterface(it.ifi)
				if _, err := c.WriteTo(b, &ipv6.ControlMessage{IfIndex: it.index}, &net.UDPAddr{IP: mdnsGroup6, Port: mdnsPort, Zone: it.name}); err == nil {
					sent++
				}
			}
		}
	}
	return sent
}

// close closes every socket and waits for the readers to end.
func (t *transport) close() {
	for _, c := range t.closers {
		_ = c.Close()
	}
	t.wg.Wait()
}
