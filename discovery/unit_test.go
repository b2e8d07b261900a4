package discovery

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

func TestParseServiceName(t *testing.T) {
	for _, c := range []struct {
		in           string
		inst, typ, d string
		ok           bool
	}{
		{`Drucker\ B\195\188ro\ 2\.\ OG._ipp._tcp.local.`, "Drucker Büro 2. OG", "_ipp._tcp", "local", true},
		{`Drucker\032B\195\188ro\0322\.\032OG._ipp._tcp.local`, "Drucker Büro 2. OG", "_ipp._tcp", "local", true},
		{`ws-linux\ [02:5e:2e:de:00:06]._workstation._tcp.local.`, "ws-linux [02:5e:2e:de:00:06]", "_workstation._tcp", "local", true},
		{`a\\b._HTTP._TCP.Local.`, `a\b`, "_http._tcp", "local", true},
		{`Anna\226\128\153s\ MacBook\ Pro._device-info._tcp.local.`, "Anna’s MacBook Pro", "_device-info._tcp", "local", true},
		{`bad\255\254._ssh._tcp.local.`, "bad\uFFFD", "_ssh._tcp", "local", true},
		{`ctl\007x._ssh._udp.example.com.`, "ctl\uFFFDx", "_ssh._udp", "example.com", true},
		{`drucker.local.`, "drucker.local", "", "", false},
	} {
		sn, ok := ParseServiceName(c.in)
		if ok != c.ok || sn.Instance != c.inst || sn.Type != c.typ || sn.Domain != c.d {
			t.Errorf("ParseServiceName(%q) = %+v %v, want %q %q %q %v", c.in, sn, ok, c.inst, c.typ, c.d, c.ok)
		}
	}
}

func TestParseServiceType(t *testing.T) {
	for in, want := range map[string]string{
		"_ipp._tcp.local.":                 "_ipp._tcp|local",
		"_printer._sub._http._tcp.local.":  "_http._tcp|local",
		"_IPP._TCP.LOCAL":                  "_ipp._tcp|local",
		"ipp._tcp.local.":                  "",
		"_ipp.local.":                      "",
		"_services._dns-sd._udp.local.":    "",
		`_x\._tcp._udp.local.`:             "",
		"_spotify-connect._tcp.example.":   "_spotify-connect._tcp|example",
		"":                                 "",
		"_a._tcp":                          "_a._tcp|local",
		"_sub._http._tcp.local.":           "",
		"x._sub._http._tcp.local.":         "_http._tcp|local",
		"_printer._sub._http._tcp.local":   "_http._tcp|local",
		"_hap._udp.local.":                 "_hap._udp|local",
		"_matterc._udp.local.":             "_matterc._udp|local",
		"_googlecast._tcp.local.":          "_googlecast._tcp|local",
		"_companion-link._tcp.local.":      "_companion-link._tcp|local",
		"_sleep-proxy._udp.local.":         "_sleep-proxy._udp|local",
		"_device-info._tcp.local.":         "_device-info._tcp|local",
		"_pdl-datastream._tcp.local.":      "_pdl-datastream._tcp|local",
		"_steward._tcp.local.":             "_steward._tcp|local",
		"_uscan._tcp.local.":               "_uscan._tcp|local",
		"_workstation._tcp.local.":         "_workstation._tcp|local",
		"_airplay._tcp.local.":             "_airplay._tcp|local",
		"_raop._tcp.local.":                "_raop._tcp|local",
		"_smb._tcp.local.":                 "_smb._tcp|local",
		"_afpovertcp._tcp.local.":          "_afpovertcp._tcp|local",
		"_adisk._tcp.local.":               "_adisk._tcp|local",
		"_http._tcp.local.":                "_http._tcp|local",
		"_ssh._tcp.local.":                 "_ssh._tcp|local",
		"_sftp-ssh._tcp.local.":            "_sftp-ssh._tcp|local",
		"_rfb._tcp.local.":                 "_rfb._tcp|local",
		"_nfs._tcp.local.":                 "_nfs._tcp|local",
		"_ipps._tcp.local.":                "_ipps._tcp|local",
		"_scanner._tcp.local.":             "_scanner._tcp|local",
		"_daap._tcp.local.":                "_daap._tcp|local",
		"_homekit._tcp.local.":             "_homekit._tcp|local",
		"_https._tcp.local.":               "_https._tcp|local",
		"_printer._tcp.local.":             "_printer._tcp|local",
		"_universal._sub._ipp._tcp.local.": "_ipp._tcp|local",
	} {
		typ, dom, ok := ParseServiceType(in)
		got := ""
		if ok {
			got = typ + "|" + dom
		}
		if got != want {
			t.Errorf("ParseServiceType(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFullNameRoundTrip(t *testing.T) {
	in := Instance{Name: `Drucker Büro 2. OG (a\b; "c")`, Type: "_ipp._tcp", Domain: "local"}
	sn, ok := ParseServiceName(in.FullName())
	if !ok || sn.Instance != in.Name || sn.Type != in.Type {
		t.Errorf("round trip of %q via %q gave %+v", in.Name, in.FullName(), sn)
	}
	// miekg/dns must read our presentation form back to the same wire name.
	if _, ok := dns.IsDomainName(in.FullName()); !ok {
		t.Errorf("%q is not a domain name to miekg/dns", in.FullName())
	}
}

func TestDecodeTXT(t *testing.T) {
	got := DecodeTXT([]string{`note=B\195\188ro\ 2`, "", `q=\"x\"`, "flag", `bin=\000\255`})
	want := []string{"note=Büro 2", `q="x"`, "flag", "bin=\uFFFD\uFFFD"}
	if !slices.Equal(got, want) {
		t.Errorf("DecodeTXT = %q, want %q", got, want)
	}
	if v, ok := TXTValue(got, "NOTE"); !ok || v != "Büro 2" {
		t.Errorf("TXTValue(NOTE) = %q %v", v, ok)
	}
	if _, ok := TXTValue(got, "flag"); !ok {
		t.Error("boolean key not found")
	}
	// Limits: count and total size.
	var many []string
	for i := 0; i < 1000; i++ {
		many = append(many, strings.Repeat("x", 200))
	}
	out := DecodeTXT(many)
	total := 0
	for _, e := range out {
		total += len(e)
	}
	if len(out) > maxTXTStrings || total > maxTXTTotal {
		t.Errorf("DecodeTXT kept %d entries, %d bytes", len(out), total)
	}
}

func TestMAC(t *testing.T) {
	for in, want := range map[string]string{
		"AA:BB:CC:DD:EE:FF": "aa:bb:cc:dd:ee:ff", "aa-bb-cc-dd-ee-ff": "aa:bb:cc:dd:ee:ff", "AABBCCDDEEFF": "aa:bb:cc:dd:ee:ff",
		"00:00:00:00:00:00": "", "zz:bb:cc:dd:ee:ff": "", "aa:bb": "", "": "",
	} {
		if got := normMAC(in); got != want {
			t.Errorf("normMAC(%q) = %q, want %q", in, got, want)
		}
	}
	if got := macFromEUI64(netip.MustParseAddr("fe80::5e:2eff:fede:6")); got != "02:5e:2e:de:00:06" {
		t.Errorf("macFromEUI64 = %q", got)
	}
	if got := macFromEUI64(netip.MustParseAddr("fd77::6")); got != "" {
		t.Errorf("macFromEUI64(non-EUI) = %q", got)
	}
}

func TestParseARP(t *testing.T) {
	m := parseARP(strings.NewReader(`IP address       HW type     Flags       HW address            Mask     Device
10.77.0.2        0x1         0x2         02:5e:1a:fd:00:02     *        lan0
10.77.0.9        0x1         0x0         00:00:00:00:00:00     *        lan0
garbage
`))
	if len(m) != 1 || m[netip.MustParseAddr("10.77.0.2")] != "02:5e:1a:fd:00:02" {
		t.Errorf("parseARP = %v", m)
	}
}

func svc(name, typ, host string, txt ...string) Instance {
	return Instance{Name: name, Type: typ, Host: host, TXT: txt, Interface: "en0"}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		services          []Instance
		class             Class
		os, vendor, model string
	}{
		{[]Instance{svc("Office", "_ipp._tcp", "p.local", "ty=Brother MFC-L8900CDW", "usb_MFG=Brother", "usb_MDL=MFC-L8900CDW")}, ClassPrinter, "", "Brother", "MFC-L8900CDW"},
		{[]Instance{svc("Office", "_ipp._tcp", "p.local", "product=(EPSON ET-2850 Series)")}, ClassPrinter, "", "EPSON", "ET-2850 Series"},
		{[]Instance{svc("Mac", "_device-info._tcp", "m.local", "model=Mac14,2"), svc("Mac", "_airplay._tcp", "m.local", "model=Mac14,2")}, ClassComputer, "mac", "Apple", "Mac14,2"},
		{[]Instance{svc("TV", "_airplay._tcp", "atv.local", "model=AppleTV11,1", "deviceid=AA:BB:CC:00:11:22")}, ClassMedia, "", "Apple", "AppleTV11,1"},
		{[]Instance{svc("iPhone", "_apple-mobdev2._tcp", "iphone.local")}, ClassPhone, "", "", ""},
		{[]Instance{svc("Hue", "_hue._tcp", "hue.local")}, ClassIoT, "", "", ""},
		{[]Instance{svc("Lamp", "_hap._tcp", "lamp.local", "md=LCA001")}, ClassIoT, "", "", "LCA001"},
		{[]Instance{svc("AXIS", "_axis-video._tcp", "cam.local", "macaddress=00408C123456")}, ClassIoT, "", "Axis", ""},
		{[]Instance{svc("Base", "_airport._tcp", "ap.local")}, ClassNetwork, "", "", ""},
		{[]Instance{svc("box", "_ssh._tcp", "box.local")}, ClassComputer, "linux", "", ""},
		{[]Instance{svc("x", "_smb._tcp", "DESKTOP-1234.local")}, ClassNAS, "", "", ""},
		{[]Instance{svc("pc", "_rdp._tcp", "DESKTOP-1234.local")}, ClassComputer, "windows", "", ""},
		{[]Instance{svc("agent", "_steward._tcp", "pc.local", "os=windows", "serial=ABC123", "vendor=Dell", "model=Latitude 5440"), svc("pc", "_ssh._tcp", "pc.local")}, ClassAgent, "windows", "Dell", "Latitude 5440"},
		{[]Instance{svc("web", "_http._tcp", "thing.local")}, ClassUnknown, "", "", ""},
		{[]Instance{svc("Cast", "_googlecast._tcp", "tv.local", "md=BRAVIA 4K GB", "fn=Meeting room")}, ClassMedia, "", "", "BRAVIA 4K GB"},
	} {
		devs := Group(c.services, Env{})
		if len(devs) != 1 {
			t.Fatalf("%v: %d devices", c.services, len(devs))
		}
		d := devs[0]
		if d.Class != c.class || d.OS != c.os || d.Vendor != c.vendor || d.Model != c.model {
			t.Errorf("%s: got %s %q %q %q, want %s %q %q %q", c.services[0].Type, d.Class, d.OS, d.Vendor, d.Model, c.class, c.os, c.vendor, c.model)
		}
	}
}

func TestGroupMergesAndIDs(t *testing.T) {
	a := svc("TV", "_airplay._tcp", "tv-a.local", "deviceid=AA:BB:CC:00:11:22")
	a.IPv4 = []netip.Addr{netip.MustParseAddr("192.168.1.20")}
	b := svc("AABBCC001122@TV", "_raop._tcp", "tv-b.local")
	c := svc("Printer", "_ipp._tcp", "")
	c.From = netip.MustParseAddr("192.168.1.30")
	d := svc("NoMAC", "_ssh._tcp", "host.local")
	d.IPv4 = []netip.Addr{netip.MustParseAddr("192.168.1.40")}
	devs := Group([]Instance{a, b, c, d}, Env{Neighbours: map[netip.Addr]string{netip.MustParseAddr("192.168.1.40"): "11:22:33:44:55:66"}})
	if len(devs) != 3 {
		t.Fatalf("%d devices: %+v", len(devs), devs)
	}
	ids := map[string]int{}
	for _, d := range devs {
		ids[d.ID] = len(d.Services)
	}
	if ids["mac:aa:bb:cc:00:11:22"] != 2 || ids["addr:192.168.1.30"] != 1 || ids["mac:11:22:33:44:55:66"] != 1 {
		t.Errorf("ids %v", ids)
	}
}

func rr(s string) dns.RR {
	r, err := dns.NewRR(s)
	if err != nil {
		panic(err)
	}
	return r
}

func TestCacheTTLGoodbyeFlush(t *testing.T) {
	c := newCache()
	t0 := time.Unix(1000, 0)
	from := netip.MustParseAddr("10.0.0.1")
	if added, _ := c.put(rr("h.local. 120 IN A 10.0.0.2"), t0, "lan0", from); !added {
		t.Fatal("not added")
	}
	if added, _ := c.put(rr("h.local. 120 IN A 10.0.0.2"), t0.Add(time.Second), "lan0", from); added {
		t.Error("refresh counted as new")
	}
	// Cache flush: a unique record replaces data heard more than 1 s before.
	flush := rr("h.local. 120 IN A 10.0.0.3")
	flush.Header().Class |= cacheFlushBit
	if _, removed := c.put(flush, t0.Add(3*time.Second), "lan0", from); !removed || len(c.get("h.local.", dns.TypeA)) != 1 {
		t.Errorf("cache flush: removed=%v left %d", removed, len(c.get("h.local.", dns.TypeA)))
	}
	// Goodbye.
	if _, removed := c.put(rr("h.local. 0 IN A 10.0.0.3"), t0.Add(4*time.Second), "lan0", from); !removed || c.count != 0 {
		t.Errorf("goodbye: removed=%v count %d", removed, c.count)
	}
	// TTL expiry.
	c.put(rr("x.local. 2 IN A 10.0.0.4"), t0, "lan0", from)
	if gone := c.expire(t0.Add(time.Second)); len(gone) != 0 {
		t.Error("expired early")
	}
	if gone := c.expire(t0.Add(2 * time.Second)); len(gone) != 1 || c.count != 0 || c.bytes != 0 {
		t.Errorf("expire: %v count %d bytes %d", gone, c.count, c.bytes)
	}
	// Per-name cap.
	for i := 0; i < 100; i++ {
		c.put(&dns.A{Hdr: dns.RR_Header{Name: "many.local.", Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60}, A: netip.AddrFrom4([4]byte{10, 1, 0, byte(i)}).AsSlice()}, t0, "lan0", from)
	}
	if n := len(c.get("many.local.", dns.TypeA)); n != maxAddrPerHost {
		t.Errorf("%d addresses kept for one name, want %d", n, maxAddrPerHost)
	}
}

// TestSessionGoodbye drives a session with synthetic packets: an instance
// appears, resolves, and says goodbye.
func TestSessionGoodbye(t *testing.T) {
	t0 := time.Unix(2000, 0)
	var evs []Event
	s := newSession(Options{OnEvent: func(e Event) { evs = append(evs, e) }}, t0, []string{"lan0"}, true)
	s.begin(t0)
	s.take(t0)
	from := netip.MustParseAddrPort("10.0.0.9:5353")
	pkt := func(rrs ...dns.RR) []byte {
		m := new(dns.Msg)
		m.Response = true
		m.Answer = rrs
		b, err := m.Pack()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	s.handle(pkt(rr(`_ssh._tcp.local. 4500 IN PTR box\ one._ssh._tcp.local.`)), from, "lan0", t0.Add(time.Millisecond))
	s.settle(t0.Add(time.Millisecond))
	qs := s.take(t0.Add(time.Millisecond))
	asked := map[uint16]bool{}
	for _, q := range qs {
		asked[q.qtype] = true
	}
	if !asked[dns.TypeSRV] || !asked[dns.TypeTXT] {
		t.Errorf("after a bare PTR the session asked %v, want SRV and TXT", qs)
	}
	s.handle(pkt(rr(`box\ one._ssh._tcp.local. 120 IN SRV 0 0 22 box.local.`), rr(`box\ one._ssh._tcp.local. 4500 IN TXT ""`)), from, "lan0", t0.Add(2*time.Millisecond))
	s.settle(t0.Add(2 * time.Millisecond))
	qs = s.take(t0.Add(2 * time.Millisecond))
	if len(qs) == 0 || (qs[0].qtype != dns.TypeA && qs[0].qtype != dns.TypeAAAA) {
		t.Errorf("after SRV the session asked %v, want the target's addresses", qs)
	}
	s.handle(pkt(rr("box.local. 120 IN A 10.0.0.9")), from, "lan0", t0.Add(3*time.Millisecond))
	s.settle(t0.Add(3 * time.Millisecond))
	if ins := s.instances(); len(ins) != 1 || !ins[0].Complete() || ins[0].Name != "box one" {
		t.Fatalf("instances %+v", ins)
	}
	s.handle(pkt(rr(`_ssh._tcp.local. 0 IN PTR box\ one._ssh._tcp.local.`)), from, "lan0", t0.Add(4*time.Millisecond))
	s.settle(t0.Add(4 * time.Millisecond))
	if ins := s.instances(); len(ins) != 0 {
		t.Errorf("instance survived its goodbye: %+v", ins)
	}
	kinds := []EventKind{}
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	if len(kinds) < 3 || kinds[0] != Found || kinds[len(kinds)-1] != Removed {
		t.Errorf("events %v", kinds)
	}
}

func TestBeginAsksExtraTypesAndMeta(t *testing.T) {
	t0 := time.Unix(3000, 0)
	s := newSession(Options{Types: []string{"_foo._tcp", " _bar._udp.local. ", "not a type"}}, t0, []string{"lan0"}, true)
	s.begin(t0)
	qs := s.take(t0)
	seen := map[string]int{}
	for _, q := range qs {
		if q.qtype == dns.TypePTR {
			seen[strings.ToLower(q.name)]++
		}
	}
	if seen["_foo._tcp.local."] != 1 || seen["_bar._udp.local."] != 1 || seen[metaQuery] != 2 || seen["_ipp._tcp.local."] != 1 {
		t.Errorf("first burst asked %v", seen)
	}
	for _, q := range qs {
		if !q.multicast && (!q.qu || q.id == 0) {
			t.Errorf("one-shot question %+v lacks the QU bit or an ID", q)
		}
	}
}
