package discovery

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/miekg/dns"
)

// FuzzHandlePacket feeds an arbitrary packet to a session, twice (so
// refreshes, goodbyes and cache flushes meet earlier records): nothing may
// panic, and the limits on what a sender can make us keep must hold.
func FuzzHandlePacket(f *testing.F) {
	pkts := loadPackets(f, "testdata/office.packets")
	for _, p := range pkts {
		f.Add(p.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := replay(nil, Options{})
		now := s.start.Add(time.Second)
		from := netip.MustParseAddrPort("10.77.0.66:5353")
		s.handle(data, from, "lan0", now)
		s.settle(now)
		s.take(now)
		// The same packet again, later: refreshes, goodbyes and flushes.
		s.handle(data, from, "lan0", now.Add(2*time.Second))
		s.settle(now.Add(2 * time.Second))
		// And from another host: its goodbyes must not count for ours.
		s.handle(data, netip.MustParseAddrPort("10.77.0.67:5353"), "lan0", now.Add(3*time.Second))
		s.settle(now.Add(3 * time.Second))
		if s.cache.count > maxRecords || s.cache.bytes > maxCacheBytes || len(s.insts) > maxInstances || len(s.types) > maxTypes {
			t.Fatalf("limits broken: %d records, %d bytes, %d instances, %d types", s.cache.count, s.cache.bytes, len(s.insts), len(s.types))
		}
		owned := 0
		for _, o := range s.cache.owners {
			owned += o.n
		}
		if owned != s.cache.count {
			t.Fatalf("senders own %d records, the cache holds %d", owned, s.cache.count)
		}
		ins := s.instances()
		for _, in := range ins {
			total := 0
			for _, e := range in.TXT {
				total += len(e)
				if !utf8.ValidString(e) {
					t.Fatalf("TXT entry %q is not UTF-8", e)
				}
			}
			if total > maxTXTTotal || len(in.TXT) > maxTXTStrings {
				t.Fatalf("TXT of %q kept %d entries, %d bytes", in.Name, len(in.TXT), total)
			}
			if !utf8.ValidString(in.Name) || !utf8.ValidString(in.Host) {
				t.Fatalf("name %q host %q not UTF-8", in.Name, in.Host)
			}
		}
		for _, d := range Group(ins, Env{}) {
			if d.ID == "" {
				t.Fatalf("device without ID: %+v", d)
			}
		}
	})
}

// FuzzDecodeTXT decodes arbitrary TXT rdata as it comes off the wire.
func FuzzDecodeTXT(f *testing.F) {
	f.Add([]byte("\x09txtvers=1\x0bty=HP M479\x00\x04flag"))
	f.Add([]byte("\x0cnote=B\xc3\xbcro 2"))
	f.Add([]byte("\x05\xff\xfe\x00\x01\x7f"))
	f.Fuzz(func(t *testing.T, rdata []byte) {
		if len(rdata) > 65535 {
			return
		}
		msg := []byte{1, 'x', 0, 0, 16, 0, 1, 0, 0, 0, 60, 0, 0}
		binary.BigEndian.PutUint16(msg[11:], uint16(len(rdata)))
		msg = append(msg, rdata...)
		rr, _, err := dns.UnpackRR(msg, 0)
		if err != nil {
			return
		}
		txt, ok := rr.(*dns.TXT)
		if !ok {
			return
		}
		out := DecodeTXT(txt.Txt)
		total := 0
		for _, e := range out {
			if e == "" || !utf8.ValidString(e) || len(e) > 3*maxTXTEntryLen {
				t.Fatalf("bad entry %q", e)
			}
			total += len(e)
		}
		if len(out) > maxTXTStrings {
			t.Fatalf("%d entries", len(out))
		}
		_, _ = TXTValue(out, "ty")
	})
}

// FuzzParseServiceName decodes arbitrary names in presentation form.
func FuzzParseServiceName(f *testing.F) {
	f.Add(`Drucker\ B\195\188ro\ 2\.\ OG._ipp._tcp.local.`)
	f.Add(`ws\ [02:5e:2e:de:00:06]._workstation._tcp.local.`)
	f.Add(`_printer._sub._http._tcp.local.`)
	f.Add(`a\999\\.\`)
	f.Fuzz(func(t *testing.T, name string) {
		sn, ok := ParseServiceName(name)
		if !utf8.ValidString(sn.Instance) || !utf8.ValidString(HostName(name)) {
			t.Fatalf("not UTF-8: %q", sn.Instance)
		}
		_, _, _ = ParseServiceType(name)
		if ok && cleanText(sn.Instance) == sn.Instance {
			in := Instance{Name: sn.Instance, Type: sn.Type, Domain: "local"}
			back, ok2 := ParseServiceName(in.FullName())
			if !ok2 || back.Instance != sn.Instance || back.Type != sn.Type {
				t.Fatalf("round trip %q -> %q -> %+v", sn.Instance, in.FullName(), back)
			}
		}
	})
}
