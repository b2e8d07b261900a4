//go:build linux

package discovery_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"
	"golang.org/x/net/ipv4"

	"steward/discovery"
	"steward/discovery/internal/netlab"
)

// responder is a tiny mDNS responder written for the tests. It answers
// only the questions asked, never adding the SRV target's addresses, the
// way some embedded devices do; answer decides what each question gets.
type responder struct {
	conn *ipv4.PacketConn
	wg   sync.WaitGroup
}

func startResponder(t *testing.T, h *netlab.Host, answer func(q dns.Question) []dns.RR) *responder {
	t.Helper()
	return startResponderMode(t, h, false, answer)
}

// startResponderMode with multicastOnly ignores one-shot queries (from a
// port other than 5353) and answers by multicast, shared records after
// 20-120 ms, as some embedded responders do.
func startResponderMode(t *testing.T, h *netlab.Host, multicastOnly bool, answer func(q dns.Question) []dns.RR) *responder {
	t.Helper()
	r := &responder{}
	err := h.Do(func() error {
		lc := net.ListenConfig{Control: func(network, address string, c syscall.RawConn) error {
			return c.Control(func(fd uintptr) {
				_ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
			})
		}}
		c, err := lc.ListenPacket(context.Background(), "udp4", "0.0.0.0:5353")
		if err != nil {
			return err
		}
		r.conn = ipv4.NewPacketConn(c)
		ifi, err := net.InterfaceByName(netlab.Iface)
		if err != nil {
			return err
		}
		if err := r.conn.SetMulticastInterface(ifi); err != nil {
			return err
		}
		_ = r.conn.SetMulticastTTL(255)
		return r.conn.JoinGroup(ifi, &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251)})
	})
	group := &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251), Port: 5353}
	if err != nil {
		t.Fatal(err)
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		buf := make([]byte, 9000)
		for {
			n, _, src, err := r.conn.ReadFrom(buf)
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				continue
			}
			var q dns.Msg
			if q.Unpack(buf[:n]) != nil || q.Response {
				continue
			}
			legacy := src.(*net.UDPAddr).Port != 5353
			if multicastOnly && legacy {
				continue
			}
			for _, qq := range q.Question {
				rrs := answer(qq)
				if len(rrs) == 0 {
					continue
				}
				if multicastOnly {
					m := new(dns.Msg)
					m.Response, m.Authoritative = true, true
					m.Answer = rrs
					b, err := m.Pack()
					if err != nil {
						continue
					}
					delay := time.Duration(0)
					if qq.Qtype == dns.TypePTR {
						delay = time.Duration(20+rand.IntN(100)) * time.Millisecond
					}
					time.AfterFunc(delay, func() { _, _ = r.conn.WriteTo(b, nil, group) })
					continue
				}
				// One packet per question keeps each reply small.
				m := new(dns.Msg)
				m.Response, m.Authoritative = true, true
				if legacy {
					m.Id = q.Id
					m.Question = []dns.Question{{Name: qq.Name, Qtype: qq.Qtype, Qclass: dns.ClassINET}}
				}
				for _, rr := range rrs {
					for len(m.Answer) > 0 && m.Len() > 1200 {
						b, _ := m.Pack()
						_, _ = r.conn.WriteTo(b, nil, src)
						m.Answer = nil
					}
					m.Answer = append(m.Answer, rr)
				}
				if b, err := m.Pack(); err == nil {
					_, _ = r.conn.WriteTo(b, nil, src)
				}
			}
		}
	}()
	t.Cleanup(r.stop)
	return r
}

func (r *responder) stop() {
	_ = r.conn.Close()
	r.wg.Wait()
}

func hdr(name string, typ uint16) dns.RR_Header {
	return dns.RR_Header{Name: name, Rrtype: typ, Class: dns.ClassINET, Ttl: 120}
}

// bareSensor answers like a minimal device: only what is asked, no
// additional records, every TTL as given.
func bareSensor(h *netlab.Host, inst string, ttl uint32) func(q dns.Question) []dns.RR {
	hd := func(name string, typ uint16) dns.RR_Header {
		return dns.RR_Header{Name: name, Rrtype: typ, Class: dns.ClassINET, Ttl: ttl}
	}
	return func(q dns.Question) []dns.RR {
		switch {
		case q.Qtype == dns.TypePTR && strings.EqualFold(q.Name, "_services._dns-sd._udp.local."):
			return []dns.RR{&dns.PTR{Hdr: hd(q.Name, dns.TypePTR), Ptr: "_http._tcp.local."}}
		case q.Qtype == dns.TypePTR && strings.EqualFold(q.Name, "_http._tcp.local."):
			return []dns.RR{&dns.PTR{Hdr: hd(q.Name, dns.TypePTR), Ptr: inst}}
		case q.Qtype == dns.TypeSRV && strings.EqualFold(q.Name, inst):
			return []dns.RR{&dns.SRV{Hdr: hd(inst, dns.TypeSRV), Port: 8080, Target: "bare-sensor.local."}}
		case q.Qtype == dns.TypeTXT && strings.EqualFold(q.Name, inst):
			return []dns.RR{&dns.TXT{Hdr: hd(inst, dns.TypeTXT), Txt: []string{"path=/", "md=ESP32"}}}
		case q.Qtype == dns.TypeA && strings.EqualFold(q.Name, "bare-sensor.local."):
			return []dns.RR{&dns.A{Hdr: hd(q.Name, dns.TypeA), A: h.IPv4.AsSlice()}}
		}
		return nil
	}
}

// TestLANWatchRefreshes: in watch mode (no early end) records are asked
// for again at 80% of their TTL, so a device whose records live only 10 s
// stays resolved, with no removal, through a 12 s watch.
func TestLANWatchRefreshes(t *testing.T) {
	lan := netlab.New(t)
	h := lan.AddHost(netlab.HostSpec{Name: "bare", NoIPv6: true})
	startResponder(t, h, bareSensor(h, `Sensor._http._tcp.local.`, 10))
	var mu sync.Mutex
	var lapses []discovery.Event
	resolved := false
	res := scanIn(t, lan, discovery.Options{Quiet: -1, Timeout: 12 * time.Second, OnEvent: func(e discovery.Event) {
		mu.Lock()
		defer mu.Unlock()
		if resolved && (e.Kind == discovery.Removed || !e.Instance.Complete()) {
			lapses = append(lapses, e)
		}
		resolved = resolved || e.Instance.Complete()
	}})
	mu.Lock()
	defer mu.Unlock()
	if len(res.Instances) != 1 || !res.Instances[0].Complete() || len(lapses) > 0 {
		t.Errorf("after a 12 s watch: %+v; lapses %+v", res.Instances, lapses)
	}
}

// TestLANResponderWithoutAddresses: the SRV target's address comes only
// when asked for; the scan must ask and report it.
func TestLANResponderWithoutAddresses(t *testing.T) {
	lan := netlab.New(t)
	h := lan.AddHost(netlab.HostSpec{Name: "bare", NoIPv6: true})
	inst := `Sensor\ K\195\188che._http._tcp.local.` // as miekg/dns prints "Sensor Küche"
	startResponder(t, h, bareSensor(h, inst, 120))
	res := scanIn(t, lan, discovery.Options{})
	if len(res.Instances) != 1 {
		t.Fatalf("found %d instances, want 1: %+v", len(res.Instances), res.Instances)
	}
	in := res.Instances[0]
	if in.Name != "Sensor Küche" || in.Host != "bare-sensor.local" || in.Port != 8080 ||
		fmt.Sprint(in.TXT) != "[path=/ md=ESP32]" || len(in.IPv4) != 1 || in.IPv4[0] != h.IPv4 {
		t.Errorf("instance %+v", in)
	}
	if res.Stats.EndReason != "quiet" {
		t.Errorf("end %q", res.Stats.EndReason)
	}
}

// TestLANHostileResponder: a host that claims thousands of instances and
// never resolves them can neither stall the scan nor grow it without bound.
func TestLANHostileResponder(t *testing.T) {
	lan := netlab.New(t)
	h := lan.AddHost(netlab.HostSpec{Name: "hostile", NoIPv6: true})
	good := lan.AddHost(netlab.Office()[3]) // the Chromecast
	lan.Start(good)
	startResponder(t, h, func(q dns.Question) []dns.RR {
		switch {
		case q.Qtype == dns.TypePTR && strings.EqualFold(q.Name, "_services._dns-sd._udp.local."):
			var rrs []dns.RR
			for i := 0; i < 2000; i++ {
				rrs = append(rrs, &dns.PTR{Hdr: hdr(q.Name, dns.TypePTR), Ptr: fmt.Sprintf("_junk%d._tcp.local.", i)})
			}
			return rrs
		case q.Qtype == dns.TypePTR && strings.HasPrefix(q.Name, "_"):
			var rrs []dns.RR
			for i := 0; i < 300; i++ {
				rrs = append(rrs, &dns.PTR{Hdr: hdr(q.Name, dns.TypePTR), Ptr: fmt.Sprintf("junk %d.%s", i, q.Name)})
			}
			return rrs
		}
		return nil // never SRV, TXT or addresses
	})
	res := scanIn(t, lan, discovery.Options{})
	if res.Stats.EndReason != "quiet" {
		t.Errorf("scan ended by %q: the hostile host held it", res.Stats.EndReason)
	}
	found := false
	for _, in := range res.Instances {
		if in.Type == "_googlecast._tcp" && in.Complete() && in.IPv4[0] == good.IPv4 {
			found = true
		}
	}
	if !found {
		t.Error("the real Chromecast was not found next to the hostile host")
	}
	if len(res.Instances) > 4096 {
		t.Errorf("%d instances kept: the cap did not hold", len(res.Instances))
	}
	t.Logf("%d instances, %+v, %v", len(res.Instances), res.Stats, res.Duration)
}

// TestLANMulticastOnlyResponder: a responder that ignores one-shot queries
// and answers only by (delayed) multicast is still found and resolved.
func TestLANMulticastOnlyResponder(t *testing.T) {
	lan := netlab.New(t)
	h := lan.AddHost(netlab.HostSpec{Name: "bare", NoIPv6: true})
	startResponderMode(t, h, true, bareSensor(h, `Plug._http._tcp.local.`, 120))
	res := scanIn(t, lan, discovery.Options{})
	if len(res.Instances) != 1 || !res.Instances[0].Complete() || res.Instances[0].IPv4[0] != h.IPv4 {
		t.Fatalf("instances %+v (%+v)", res.Instances, res.Stats)
	}
	t.Logf("multicast-only responder resolved in %v (complete at %v)", res.Duration, res.Complete)
}
