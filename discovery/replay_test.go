package discovery

import (
	"bufio"
	"encoding/hex"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

type recorded struct {
	at     time.Duration
	iface  string
	from   netip.AddrPort
	data   []byte
	lineNo int
}

// loadPackets reads a packet recording (see record_test.go).
func loadPackets(tb testing.TB, path string) []recorded {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []recorded
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) != 4 {
			tb.Fatalf("%s:%d: want 4 fields (at_us interface from hex), got %d", path, n, len(fs))
		}
		us, err := strconv.ParseInt(fs[0], 10, 64)
		if err != nil {
			tb.Fatalf("%s:%d: column 1: %v", path, n, err)
		}
		from, err := netip.ParseAddrPort(fs[2])
		if err != nil {
			tb.Fatalf("%s:%d: column 3: %v", path, n, err)
		}
		data, err := hex.DecodeString(fs[3])
		if err != nil {
			tb.Fatalf("%s:%d: column 4: %v", path, n, err)
		}
		out = append(out, recorded{time.Duration(us) * time.Microsecond, fs[1], from, data, n})
	}
	return out
}

// replay feeds recorded packets to a session as the scan loop would.
func replay(pkts []recorded, opts Options) *session {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	s := newSession(opts, start, []string{"lan0"}, true)
	s.begin(start)
	s.take(start)
	s.echoed, s.echoAt = s.lastOneShot, start // our queries loop back at once
	for _, p := range pkts {
		now := start.Add(p.at)
		s.handle(p.data, p.from, p.iface, now)
		s.settle(now)
		s.take(now)
		s.echoed = s.lastOneShot
	}
	return s
}

// TestQuietWaitsForEcho: silence only counts once our own latest query has
// come back through the receive path (a starved process must not mistake
// its own backlog for a quiet network); a host without loopback is not
// held longer than echoWait.
func TestQuietWaitsForEcho(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	s := newSession(Options{}, t0, []string{"lan0"}, true)
	s.begin(t0)
	qs := s.take(t0)
	last := qs[len(qs)-1].id
	if last == 0 || s.lastOneShot != last {
		t.Fatalf("one-shot questions got no IDs: last %d", last)
	}
	s.settle(t0)
	if s.done(t0.Add(400 * time.Millisecond)) {
		t.Error("quiet before our own query came back")
	}
	echo := new(dns.Msg)
	echo.Id = last
	echo.Question = []dns.Question{{Name: metaQuery, Qtype: dns.TypePTR, Qclass: dns.ClassINET}}
	b, _ := echo.Pack()
	s.handle(b, netip.MustParseAddrPort("10.0.0.1:40000"), "lan0", t0.Add(300*time.Millisecond))
	reply := new(dns.Msg)
	reply.Response = true
	rb, _ := reply.Pack()
	s.handle(rb, netip.MustParseAddrPort("10.0.0.9:5353"), "lan0", t0.Add(300*time.Millisecond)) // some host answered
	if s.echoed != last {
		t.Fatalf("echo not seen")
	}
	if s.done(t0.Add(400 * time.Millisecond)) {
		t.Error("quiet window counted from before the echo")
	}
	if !s.done(t0.Add(300*time.Millisecond + DefaultQuiet)) {
		t.Error("not quiet a window after the echo")
	}
	// Without any echo, echoWait bounds the wait.
	s2 := newSession(Options{}, t0, []string{"lan0"}, true)
	s2.begin(t0)
	s2.take(t0)
	s2.settle(t0)
	if !s2.done(t0.Add(echoWait)) {
		t.Error("a missing echo held the scan past echoWait")
	}
}

func TestReplayOffice(t *testing.T) {
	pkts := loadPackets(t, "testdata/office.packets")
	var events []Event
	s := replay(pkts, Options{OnEvent: func(e Event) { events = append(events, e) }})
	ins := s.instances()
	if len(ins) != 19 {
		t.Fatalf("%d instances from the recording, want 19", len(ins))
	}
	for _, in := range ins {
		if !in.Complete() {
			t.Errorf("%q (%s) incomplete: %+v", in.Name, in.Type, in)
		}
	}
	found := 0
	for _, e := range events {
		if e.Kind == Found {
			found++
		}
		if e.Kind == Removed {
			t.Errorf("unexpected removal %+v", e)
		}
	}
	if found != 19 {
		t.Errorf("%d Found events", found)
	}
	devs := Group(ins, Env{Prefixes: map[string][]netip.Prefix{"lan0": {netip.MustParsePrefix("10.77.0.1/16"), netip.MustParsePrefix("fd77::1/64")}}})
	type row struct {
		host              string
		class             Class
		os, vendor, model string
		id                string
	}
	want := []row{
		{"annas-macbook-pro.local", ClassComputer, "mac", "Apple", "MacBookPro18,3", "host:annas-macbook-pro.local"},
		{"chromecast-wohnzimmer.local", ClassMedia, "", "Google", "Chromecast Ultra", "uuid:6b1f5c0e-8d2a-4f3b-9c7d-1e2f3a4b5c6d"},
		{"drucker.local", ClassPrinter, "", "HP", "Color LaserJet MFP M479fdw", "uuid:564e4333-4230-3431-3131-3c2af7b1a2c4"},
		{"nas01.local", ClassNAS, "", "Synology", "DS920+", "mac:00:11:32:aa:bb:cc"},
		{"ws-linux.local", ClassComputer, "linux", "", "", ""},
	}
	if len(devs) != len(want) {
		t.Fatalf("%d devices, want %d: %+v", len(devs), len(want), devs)
	}
	for i, w := range want {
		d := devs[i]
		if d.HostName != w.host || d.Class != w.class || d.OS != w.os || d.Vendor != w.vendor || d.Model != w.model || (w.id != "" && d.ID != w.id) {
			t.Errorf("device %d: %s %s %q %q %q %s, want %+v", i, d.HostName, d.Class, d.OS, d.Vendor, d.Model, d.ID, w)
		}
	}
	if ws := devs[4]; !strings.HasPrefix(ws.ID, "mac:02:5e:") || ws.MAC == "" || ws.Name != "ws-linux" {
		t.Errorf("workstation ID %q MAC %q name %q", ws.ID, ws.MAC, ws.Name)
	}
	if p := devs[2]; p.Name != "Drucker Büro 2. OG" || p.Subnet != "10.77.0.0/16" || len(p.Services) != 5 {
		t.Errorf("printer name %q subnet %q services %d", p.Name, p.Subnet, len(p.Services))
	}
	if c := devs[1]; c.Name != "Wohnzimmer TV" || len(c.IPv6) != 0 {
		t.Errorf("chromecast %+v", c)
	}
}

// TestReplayQuiet: once the recording has been replayed, nothing is
// outstanding and the session ends after the quiet window, not before.
func TestReplayQuiet(t *testing.T) {
	pkts := loadPackets(t, "testdata/office.packets")
	s := replay(pkts, Options{})
	last := s.start.Add(pkts[len(pkts)-1].at)
	s.settle(last)
	if s.outstanding != 0 {
		t.Fatalf("%d questions outstanding after the full recording", s.outstanding)
	}
	if s.done(last.Add(DefaultQuiet / 2)) {
		t.Error("done before the quiet window passed")
	}
	if !s.done(last.Add(s.quietWindow() + time.Millisecond)) {
		t.Error("not done after the quiet window")
	}
}

// TestReplayPartial: with only the first packets (types and PTRs), the
// session still waits and asks for what is missing.
func TestReplayPartial(t *testing.T) {
	pkts := loadPackets(t, "testdata/office.packets")
	s := replay(pkts[:3], Options{})
	now := s.start.Add(pkts[2].at)
	s.settle(now)
	if s.outstanding == 0 {
		t.Error("nothing outstanding after three packets")
	}
	if s.done(now.Add(DefaultQuiet * 2)) {
		t.Error("done while questions are outstanding")
	}
}

// BenchmarkReplayOffice: the CPU cost of taking a whole office scan's
// packets through the session and grouping them (no network, no root).
func BenchmarkReplayOffice(b *testing.B) {
	pkts := loadPackets(b, "testdata/office.packets")
	b.ReportAllocs()
	for b.Loop() {
		s := replay(pkts, Options{})
		Group(s.instances(), Env{})
	}
}
