//go:build linux

package discovery_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"

	"steward/discovery"
	"steward/discovery/internal/netlab"
)

// attacker is a hostile host on the LAN. From several IPv4 addresses it
// floods the link with 5,000 instances that never resolve (their SRV
// targets have no addresses), answers every one-shot query with a burst
// of them sent to the querier's port, sends malformed packets of every
// kind to port 5353 and to the scanner's query ports over both families,
// and forges goodbyes (TTL 0, exact record data) for every record the
// honest hosts publish.
type attacker struct {
	h       *netlab.Host
	srcs    []net.PacketConn // one IPv4 socket per source address, port 5353
	l4, l6  net.PacketConn   // port 5353 listeners
	mu      sync.Mutex
	targets map[string]target // one-shot query sources seen (the scanner's ports)
	byes    [][]byte          // forged goodbye packets
	flood   [][]byte          // flood packets
	stop    chan struct{}
	wg      sync.WaitGroup
	sent    atomic.Int64
}

const (
	// attackRate caps the attacker's packets a second. Unthrottled it
	// sends as fast as the CPU lets it (7,200 a second on the CI machine,
	// 11,000 here), so the lab's strength followed the machine and its load.
	attackRate     = 8000
	floodInstances = 5000
	floodTypes     = 50
	attackerAddrs  = 8
)

// floodPackets builds the flood: the meta-query answers naming the junk
// types, then the instances, ten to a packet (PTR, SRV, TXT each).
func floodPackets() [][]byte {
	var out [][]byte
	pack := func(rrs []dns.RR) {
		m := new(dns.Msg)
		m.Response, m.Authoritative = true, true
		m.Answer = rrs
		b, err := m.Pack()
		if err != nil {
			panic(err)
		}
		out = append(out, b)
	}
	var meta []dns.RR
	for t := 0; t < floodTypes; t++ {
		meta = append(meta, &dns.PTR{Hdr: hdr("_services._dns-sd._udp.local.", dns.TypePTR), Ptr: fmt.Sprintf("_flood%d._tcp.local.", t)})
	}
	pack(meta)
	var rrs []dns.RR
	for i := 0; i < floodInstances; i++ {
		typ := fmt.Sprintf("_flood%d._tcp.local.", i%floodTypes)
		inst := fmt.Sprintf("junk%d.%s", i, typ)
		srv := hdr(inst, dns.TypeSRV)
		srv.Class |= 0x8000
		rrs = append(rrs,
			&dns.PTR{Hdr: hdr(typ, dns.TypePTR), Ptr: inst},
			&dns.SRV{Hdr: srv, Port: 80, Target: fmt.Sprintf("junkhost%d.local.", i)},
			&dns.TXT{Hdr: hdr(inst, dns.TypeTXT), Txt: []string{fmt.Sprintf("n=%d", i)}})
		if len(rrs) == 30 {
			pack(rrs)
			rrs = nil
		}
	}
	if len(rrs) > 0 {
		pack(rrs)
	}
	return out
}

// escapeLabel writes a label in the presentation form miekg/dns uses.
func escapeLabel(l string) string {
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case c == '.' || c == ' ' || c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' || c == '$':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x21 || c > 0x7e:
			fmt.Fprintf(&b, "\\%03d", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// goodbyePackets forges TTL-0 copies of every record the honest hosts
// publish: PTR, SRV, TXT, and every address.
func goodbyePackets(ws []want) [][]byte {
	var out [][]byte
	bye := func(name string, typ uint16) dns.RR_Header {
		return dns.RR_Header{Name: name, Rrtype: typ, Class: dns.ClassINET, Ttl: 0}
	}
	hosts := map[string]want{}
	for _, w := range ws {
		typ := w.typ + ".local."
		inst := escapeLabel(w.name) + "." + typ
		txt := w.txt
		if len(txt) == 0 {
			txt = []string{""}
		}
		m := new(dns.Msg)
		m.Response, m.Authoritative = true, true
		m.Answer = []dns.RR{
			&dns.PTR{Hdr: bye(typ, dns.TypePTR), Ptr: inst},
			&dns.SRV{Hdr: bye(inst, dns.TypeSRV), Port: w.port, Target: w.host + "."},
			&dns.TXT{Hdr: bye(inst, dns.TypeTXT), Txt: txt},
		}
		b, err := m.Pack()
		if err != nil {
			panic(err)
		}
		out = append(out, b)
		hosts[w.host] = w
	}
	for host, w := range hosts {
		m := new(dns.Msg)
		m.Response, m.Authoritative = true, true
		for _, a := range w.v4 {
			m.Answer = append(m.Answer, &dns.A{Hdr: bye(host+".", dns.TypeA), A: a.AsSlice()})
		}
		for _, a := range w.v6 {
			m.Answer = append(m.Answer, &dns.AAAA{Hdr: bye(host+".", dns.TypeAAAA), AAAA: a.AsSlice()})
		}
		b, err := m.Pack()
		if err != nil {
			panic(err)
		}
		out = append(out, b)
	}
	return out
}

// malformed returns packets no parser should survive badly: empty,
// random bytes, a header claiming 65535 records with none following, a
// compression pointer loop, a label running past the end, and an
// oversized datagram.
func malformed(r *rand.Rand) [][]byte {
	garbage := make([]byte, 1+r.IntN(1400))
	for i := range garbage {
		garbage[i] = byte(r.UintN(256))
	}
	claims := []byte{0, 0, 0x84, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	loop := []byte{0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 120, 0, 4, 1, 2, 3, 4}
	past := []byte{0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 63, 'a', 'b'}
	big := make([]byte, 9500)
	copy(big, claims)
	return [][]byte{{}, garbage, claims, loop, past, big, garbage[:min(len(garbage), 11)]}
}

// startAttacker gives h extra IPv4 addresses and starts the attack; it
// runs until the test ends.
func startAttacker(t *testing.T, h *netlab.Host, ws []want) *attacker {
	t.Helper()
	a := &attacker{h: h, targets: map[string]target{}, stop: make(chan struct{}), byes: goodbyePackets(ws), flood: floodPackets()}
	for i := 1; i <= attackerAddrs; i++ {
		if out, err := exec.Command("ip", "-n", h.NS, "addr", "add", fmt.Sprintf("10.77.200.%d/16", i), "dev", netlab.Iface).CombinedOutput(); err != nil {
			t.Fatalf("adding an attacker address: %v: %s", err, out)
		}
	}
	reuse := net.ListenConfig{Control: func(network, address string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) {
			_ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
		})
	}}
	err := h.Do(func() error {
		ctx := context.Background()
		ifi, err := net.InterfaceByName(netlab.Iface)
		if err != nil {
			return err
		}
		l4, err := reuse.ListenPacket(ctx, "udp4", "0.0.0.0:5353")
		if err != nil {
			return err
		}
		a.l4 = l4
		if err := joinGroup4(l4, ifi); err != nil {
			return err
		}
		l6, err := reuse.ListenPacket(ctx, "udp6", "[::]:5353")
		if err != nil {
			return err
		}
		a.l6 = l6
		if err := joinGroup6(l6, ifi); err != nil {
			return err
		}
		for i := 1; i <= attackerAddrs; i++ {
			c, err := reuse.ListenPacket(ctx, "udp4", fmt.Sprintf("10.77.200.%d:5353", i))
			if err != nil {
				return err
			}
			_ = ipv4.NewPacketConn(c).SetMulticastInterface(ifi)
			a.srcs = append(a.srcs, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a.wg.Add(3)
	go a.listen(a.l4)
	go a.listen(a.l6)
	go a.run()
	t.Cleanup(a.close)
	return a
}

// target is a scanner port and when a query last came from it.
type target struct {
	addr net.Addr
	seen time.Time
}

// targetLife: a port no query came from for this long belongs to a
// finished scan. Flooding it would only cost the machine ICMP errors and
// make each scan's attack stronger than the one before.
const targetLife = 3 * time.Second

// listen notes the scanner's one-shot ports and answers each one-shot
// query with a burst of the flood sent to that port.
func (a *attacker) listen(c net.PacketConn) {
	defer a.wg.Done()
	buf := make([]byte, 9000)
	for {
		n, src, err := c.ReadFrom(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		var m dns.Msg
		ua, ok := src.(*net.UDPAddr)
		if !ok || m.Unpack(buf[:n]) != nil || m.Response || ua.Port == 5353 {
			continue
		}
		a.mu.Lock()
		a.targets[ua.String()] = target{ua, time.Now()}
		a.mu.Unlock()
		if ua.IP.To4() == nil {
			continue // the flood is IPv4; IPv6 ports get malformed packets only
		}
		for i := 0; i < 20; i++ {
			a.send(a.srcs[i%len(a.srcs)], a.flood[rand.IntN(len(a.flood))], ua)
		}
	}
}

func (a *attacker) send(c net.PacketConn, b []byte, to net.Addr) {
	if _, err := c.WriteTo(b, to); err == nil {
		a.sent.Add(1)
	}
}

// run floods without pause: every round sends a slice of the flood by
// multicast from each address and to each known scanner port, the forged
// goodbyes, and a set of malformed packets over both families.
func (a *attacker) run() {
	defer a.wg.Done()
	g4 := &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251), Port: 5353}
	g6 := &net.UDPAddr{IP: net.ParseIP("ff02::fb"), Port: 5353, Zone: netlab.Iface}
	r := rand.New(rand.NewPCG(1, 2))
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	start := time.Now()
	next := 0
	for round := 0; ; round++ {
		select {
		case <-a.stop:
			return
		case <-tick.C:
		}
		if float64(a.sent.Load()) > attackRate*time.Since(start).Seconds() {
			continue // ahead of the rate: skip this round
		}
		a.mu.Lock()
		var targets []net.Addr
		for k, tg := range a.targets {
			if time.Since(tg.seen) > targetLife {
				delete(a.targets, k)
				continue
			}
			targets = append(targets, tg.addr)
		}
		a.mu.Unlock()
		for i := 0; i < 8; i++ {
			b := a.flood[next%len(a.flood)]
			next++
			src := a.srcs[next%len(a.srcs)]
			a.send(src, b, g4)
			for _, to := range targets {
				if to.(*net.UDPAddr).IP.To4() != nil {
					a.send(src, b, to)
				}
			}
		}
		if round%5 == 0 {
			for _, b := range a.byes {
				a.send(a.srcs[0], b, g4)
				a.send(a.l6, b, g6)
			}
		}
		for _, b := range malformed(r) {
			a.send(a.srcs[round%len(a.srcs)], b, g4)
			a.send(a.l6, b, g6)
			for _, to := range targets {
				if to.(*net.UDPAddr).IP.To4() != nil {
					a.send(a.srcs[0], b, to)
				} else {
					a.send(a.l6, b, to)
				}
			}
		}
	}
}

func (a *attacker) close() {
	close(a.stop)
	_ = a.l4.Close()
	_ = a.l6.Close()
	for _, c := range a.srcs {
		_ = c.Close()
	}
	a.wg.Wait()
}

// honestOnly keeps the instances that are not the attacker's.
func honestOnly(res *discovery.Result) *discovery.Result {
	cp := *res
	cp.Instances = nil
	for _, in := range res.Instances {
		if !strings.HasPrefix(in.Type, "_flood") {
			cp.Instances = append(cp.Instances, in)
		}
	}
	return &cp
}

// TestLANUnderAttack: ten consecutive scans while the attacker floods,
// sends malformed packets and forges goodbyes; each must find every
// honest instance with every address of both families.
func TestLANUnderAttack(t *testing.T) {
	lan := netlab.New(t)
	var hosts []*netlab.Host
	for _, spec := range netlab.Office() {
		hosts = append(hosts, lan.AddHost(spec))
	}
	mallory := lan.AddHost(netlab.HostSpec{Name: "mallory"})
	lan.Start(hosts...)
	ws := expected(t, hosts)
	a := startAttacker(t, mallory, ws)
	time.Sleep(300 * time.Millisecond) // the flood is in full swing before the first scan
	for i := 0; i < 10; i++ {
		res := scanIn(t, lan, discovery.Options{})
		t.Logf("scan %d: %v wall, complete at %v, %d instances, %+v", i, res.Duration, res.Complete, len(res.Instances), res.Stats)
		ok := t.Run(fmt.Sprintf("scan%d", i), func(t *testing.T) { check(t, honestOnly(res), ws) })
		if !ok {
			lost4 := 0
			for _, in := range honestOnly(res).Instances {
				if len(in.IPv4) == 0 && !strings.HasPrefix(in.Host, "ws-linux") {
					lost4++
				}
			}
			t.Logf("scan %d: %d honest instances without IPv4", i, lost4)
		}
	}
	t.Logf("attacker sent %d packets", a.sent.Load())
}

func joinGroup4(c net.PacketConn, ifi *net.Interface) error {
	p := ipv4.NewPacketConn(c)
	_ = p.SetMulticastInterface(ifi)
	_ = p.SetMulticastTTL(255)
	_ = p.SetMulticastLoopback(false)
	return p.JoinGroup(ifi, &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251)})
}

func joinGroup6(c net.PacketConn, ifi *net.Interface) error {
	p := ipv6.NewPacketConn(c)
	_ = p.SetMulticastInterface(ifi)
	_ = p.SetMulticastHopLimit(255)
	_ = p.SetMulticastLoopback(false)
	return p.JoinGroup(ifi, &net.UDPAddr{IP: net.ParseIP("ff02::fb")})
}

// TestLANLossyReceive: the receive path loses half of the honest hosts'
// replies (as a starved process whose socket buffers overflow does) and
// knows it. Each of ten scans must still find every instance with every
// address: what is lost is asked again, by one-shot and by multicast,
// until the answers come.
func TestLANLossyReceive(t *testing.T) {
	lan, hosts := startOffice(t)
	ws := expected(t, hosts)
	var mu sync.Mutex
	r := rand.New(rand.NewPCG(7, 7))
	restore := discovery.SetReceiveLoss(func(from netip.AddrPort, data []byte) bool {
		if len(data) < 3 || data[2]&0x80 == 0 {
			return false // queries (our own echoes among them) are not replies
		}
		mu.Lock()
		defer mu.Unlock()
		return r.IntN(2) == 0
	})
	defer restore()
	for i := 0; i < 10; i++ {
		res := scanIn(t, lan, discovery.Options{})
		t.Logf("scan %d: %v wall, complete at %v, %d instances, %+v", i, res.Duration, res.Complete, len(res.Instances), res.Stats)
		t.Run(fmt.Sprintf("scan%d", i), func(t *testing.T) { check(t, res, ws) })
	}
}
