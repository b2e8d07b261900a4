//go:build linux

package discovery_test

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"steward/discovery"
	"steward/discovery/internal/netlab"
)

// want is one instance the LAN advertises.
type want struct {
	name, typ, host string
	port            uint16
	txt             []string
	v4, v6          []netip.Addr
}

var addrRecord = regexp.MustCompile(`Registering new address record for (\S+) on`)

// expected lists what the hosts advertise, with the addresses each
// avahi-daemon says it registered (its log is the ground truth).
func expected(t testing.TB, hosts []*netlab.Host) []want {
	t.Helper()
	var ws []want
	for _, h := range hosts {
		var v4, v6 []netip.Addr
		for _, m := range addrRecord.FindAllStringSubmatch(h.Log(), -1) {
			a := netip.MustParseAddr(m[1])
			if a.Is4() && !slices.Contains(v4, a) {
				v4 = append(v4, a)
			} else if a.Is6() && !slices.Contains(v6, a) {
				v6 = append(v6, a)
			}
		}
		// The configured addresses must be among them.
		if h.IPv4.IsValid() && !slices.Contains(v4, h.IPv4) {
			t.Fatalf("%s: avahi did not register %s:\n%s", h.Name, h.IPv4, h.Log())
		}
		if h.IPv6.IsValid() && !slices.Contains(v6, h.IPv6) {
			t.Fatalf("%s: avahi did not register %s:\n%s", h.Name, h.IPv6, h.Log())
		}
		slices.SortFunc(v4, netip.Addr.Compare)
		slices.SortFunc(v6, netip.Addr.Compare)
		host := h.Name + ".local"
		for _, s := range h.Services {
			ws = append(ws, want{s.Name, s.Type, host, uint16(s.Port), s.TXT, v4, v6})
		}
		if h.Workstation {
			ws = append(ws, want{fmt.Sprintf("%s [%s]", h.Name, h.MAC), "_workstation._tcp", host, 9, nil, v4, v6})
		}
	}
	return ws
}

func stripZones(as []netip.Addr) []netip.Addr {
	out := make([]netip.Addr, len(as))
	for i, a := range as {
		out[i] = a.WithZone("")
	}
	slices.SortFunc(out, netip.Addr.Compare)
	return out
}

// check asserts that every wanted instance was found complete and exact.
func check(t testing.TB, res *discovery.Result, ws []want) {
	t.Helper()
	found := map[string]discovery.Instance{}
	for _, in := range res.Instances {
		found[in.Name+"|"+in.Type] = in
	}
	for _, w := range ws {
		in, ok := found[w.name+"|"+w.typ]
		if !ok {
			t.Errorf("missing %q (%s)", w.name, w.typ)
			continue
		}
		if in.Host != w.host || in.Port != w.port {
			t.Errorf("%q (%s): host %q port %d, want %q %d", w.name, w.typ, in.Host, in.Port, w.host, w.port)
		}
		wtxt := w.txt
		if wtxt == nil {
			wtxt = []string{}
		}
		if !slices.Equal(in.TXT, wtxt) || in.TXT == nil {
			t.Errorf("%q (%s): TXT %q, want %q", w.name, w.typ, in.TXT, wtxt)
		}
		if !slices.Equal(in.IPv4, w.v4) || !slices.Equal(stripZones(in.IPv6), w.v6) {
			t.Errorf("%q (%s): addresses %v %v, want %v %v", w.name, w.typ, in.IPv4, in.IPv6, w.v4, w.v6)
		}
	}
	if len(res.Instances) != len(ws) {
		t.Errorf("found %d instances, want %d", len(res.Instances), len(ws))
	}
}

// scanIn runs a scan inside the scanner's namespace.
func scanIn(t testing.TB, lan *netlab.LAN, opts discovery.Options) *discovery.Result {
	t.Helper()
	if opts.Interfaces == nil {
		opts.Interfaces = []string{netlab.Iface}
	}
	var res *discovery.Result
	err := lan.Scanner.Do(func() error {
		var err error
		res, err = discovery.Scan(context.Background(), opts)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// openFDs counts this process's open file descriptors.
func openFDs(t testing.TB) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

func startOffice(t testing.TB) (*netlab.LAN, []*netlab.Host) {
	lan := netlab.New(t)
	var hosts []*netlab.Host
	for _, spec := range netlab.Office() {
		hosts = append(hosts, lan.AddHost(spec))
	}
	lan.Start(hosts...)
	return lan, hosts
}

func TestLANOffice(t *testing.T) {
	lan, hosts := startOffice(t)
	ws := expected(t, hosts)
	if len(ws) < 18 {
		t.Fatalf("office LAN advertises %d instances", len(ws))
	}
	before := runtime.NumGoroutine()
	fdsBefore := openFDs(t)
	var mu sync.Mutex
	var events []discovery.Event
	res := scanIn(t, lan, discovery.Options{OnEvent: func(e discovery.Event) {
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	}})
	t.Logf("scan: %v wall, complete at %v, %+v", res.Duration, res.Complete, res.Stats)
	check(t, res, ws)
	if res.Stats.EndReason != "quiet" {
		t.Errorf("scan ended by %q, want quiet", res.Stats.EndReason)
	}
	// Live events: one Found per instance, events in time order.
	foundN := 0
	for i, e := range events {
		if e.Kind == discovery.Found {
			foundN++
		}
		if i > 0 && e.At < events[i-1].At {
			t.Errorf("event %d at %v before previous at %v", i, e.At, events[i-1].At)
		}
	}
	if foundN != len(ws) {
		t.Errorf("%d Found events, want %d", foundN, len(ws))
	}
	// No goroutine outlives the scan (allow the runtime a moment to reap).
	for i := 0; i < 100 && runtime.NumGoroutine() > before; i++ {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after the scan, %d before", n, before)
	}
	// No socket outlives it either.
	if n := openFDs(t); n > fdsBefore {
		t.Errorf("%d open file descriptors after the scan, %d before", n, fdsBefore)
	}

	devs := map[string]discovery.Device{}
	for _, d := range res.Devices {
		devs[d.HostName] = d
	}
	if len(res.Devices) != len(hosts) {
		t.Errorf("%d devices, want %d", len(res.Devices), len(hosts))
	}
	checkDev := func(host string, class discovery.Class, os, vendor, model string) discovery.Device {
		t.Helper()
		d, ok := devs[host]
		if !ok {
			t.Errorf("no device %s", host)
			return d
		}
		if d.Class != class || d.OS != os || d.Vendor != vendor || d.Model != model {
			t.Errorf("%s: class %s os %q vendor %q model %q, want %s %q %q %q", host, d.Class, d.OS, d.Vendor, d.Model, class, os, vendor, model)
		}
		if d.Interface != netlab.Iface {
			t.Errorf("%s: interface %q", host, d.Interface)
		}
		return d
	}
	p := checkDev("drucker.local", discovery.ClassPrinter, "", "HP", "Color LaserJet MFP M479fdw")
	if p.UUID != "564e4333-4230-3431-3131-3c2af7b1a2c4" || p.Name != "Drucker Büro 2. OG" || p.Subnet != "10.77.0.0/16" {
		t.Errorf("printer: uuid %q name %q subnet %q", p.UUID, p.Name, p.Subnet)
	}
	checkDev("annas-macbook-pro.local", discovery.ClassComputer, "mac", "Apple", "MacBookPro18,3")
	n := checkDev("nas01.local", discovery.ClassNAS, "", "Synology", "DS920+")
	if n.MAC != "00:11:32:aa:bb:cc" || n.ID != "mac:00:11:32:aa:bb:cc" || n.Serial != "2040PDN123456" {
		t.Errorf("nas: MAC %q ID %q serial %q", n.MAC, n.ID, n.Serial)
	}
	c := checkDev("chromecast-wohnzimmer.local", discovery.ClassMedia, "", "Google", "Chromecast Ultra")
	if c.Name != "Wohnzimmer TV" || c.UUID != "6b1f5c0e-8d2a-4f3b-9c7d-1e2f3a4b5c6d" || len(c.IPv6) != 0 || len(c.IPv4) != 1 {
		t.Errorf("chromecast: name %q uuid %q addrs %v %v", c.Name, c.UUID, c.IPv4, c.IPv6)
	}
	var ws6 *netlab.Host
	for _, h := range hosts {
		if h.Name == "ws-linux" {
			ws6 = h
		}
	}
	w := checkDev("ws-linux.local", discovery.ClassComputer, "linux", "", "")
	if w.MAC != ws6.MAC || len(w.IPv4) != 0 || len(w.IPv6) == 0 {
		t.Errorf("workstation: MAC %q (want %q) addrs %v %v", w.MAC, ws6.MAC, w.IPv4, w.IPv6)
	}
}

// TestLANFamilies scans with one address family at a time: each must
// still find every host that speaks it.
func TestLANFamilies(t *testing.T) {
	lan, hosts := startOffice(t)
	ws := expected(t, hosts)
	for _, fam := range []string{"v4", "v6"} {
		opts := discovery.Options{NoIPv4: fam == "v6", NoIPv6: fam == "v4"}
		res := scanIn(t, lan, opts)
		got := map[string]bool{}
		for _, in := range res.Instances {
			got[in.Name+"|"+in.Type] = true
			if !in.Complete() {
				t.Errorf("%s: %q (%s) incomplete: %+v", fam, in.Name, in.Type, in)
			}
		}
		for _, w := range ws {
			reachable := (fam == "v4" && !strings.HasPrefix(w.host, "ws-linux")) || (fam == "v6" && !strings.HasPrefix(w.host, "chromecast"))
			if reachable != got[w.name+"|"+w.typ] {
				t.Errorf("%s scan: %q (%s) found=%v, want %v", fam, w.name, w.typ, got[w.name+"|"+w.typ], reachable)
			}
		}
	}
}

// TestLANGoodbye: a withdrawn service and a host shutting down say goodbye
// (TTL 0); the scan reports them removed and leaves them out of the result.
func TestLANGoodbye(t *testing.T) {
	lan, hosts := startOffice(t)
	var printer, cast *netlab.Host
	for _, h := range hosts {
		switch h.Name {
		case "drucker":
			printer = h
		case "chromecast-wohnzimmer":
			cast = h
		}
	}
	var mu sync.Mutex
	removed := map[string]time.Duration{}
	found := make(chan struct{})
	var once sync.Once
	n := 0
	opts := discovery.Options{Quiet: -1, Timeout: 3 * time.Second, OnEvent: func(e discovery.Event) {
		mu.Lock()
		defer mu.Unlock()
		switch e.Kind {
		case discovery.Found:
			n++
			if n == 19 {
				once.Do(func() { close(found) })
			}
		case discovery.Removed:
			removed[e.Instance.Name+"|"+e.Instance.Type] = e.At
		}
	}}
	go func() {
		<-found
		if err := printer.RemoveService(2); err != nil { // _pdl-datastream
			t.Error(err)
		}
		cast.Stop()
	}()
	res := scanIn(t, lan, opts)
	mu.Lock()
	defer mu.Unlock()
	for _, k := range []string{"Drucker Büro 2. OG|_pdl-datastream._tcp", "Chromecast-Ultra-6b1f5c0e8d2a4f3b|_googlecast._tcp"} {
		if _, ok := removed[k]; !ok {
			t.Errorf("no Removed event for %s (removed: %v)", k, removed)
		}
	}
	if len(removed) != 2 {
		t.Errorf("removed %v, want exactly 2", removed)
	}
	for _, in := range res.Instances {
		if in.Type == "_pdl-datastream._tcp" || in.Type == "_googlecast._tcp" {
			t.Errorf("%q (%s) still in the result after goodbye", in.Name, in.Type)
		}
	}
	if len(res.Instances) != 17 {
		t.Errorf("%d instances at the end, want 17", len(res.Instances))
	}
}

// TestLANHostAppears: a host that starts while the scan runs is heard from
// its announcements and resolved completely.
func TestLANHostAppears(t *testing.T) {
	lan := netlab.New(t)
	first := lan.AddHost(netlab.Office()[0])
	lan.Start(first)
	late := lan.AddHost(netlab.HostSpec{Name: "late-nas", Services: []netlab.Service{
		{Name: "Spät NAS", Type: "_smb._tcp", Port: 445},
		{Name: "Spät NAS", Type: "_device-info._tcp", TXT: []string{"model=Xserve"}},
	}})
	var startedAt time.Duration
	var mu sync.Mutex
	var lateFound []discovery.Event
	started := false
	opts := discovery.Options{Quiet: -1, Timeout: 4 * time.Second, OnEvent: func(e discovery.Event) {
		mu.Lock()
		defer mu.Unlock()
		if !started && e.Kind == discovery.Found {
			started = true
			startedAt = e.At
			go func() {
				if err := late.StartAvahiNoWait(); err != nil {
					t.Error(err)
				}
			}()
		}
		if e.Instance.Host == "late-nas.local" {
			lateFound = append(lateFound, e)
		}
	}}
	res := scanIn(t, lan, opts)
	if err := late.WaitReady(); err != nil {
		t.Fatal(err)
	}
	ws := expected(t, []*netlab.Host{first, late})
	check(t, res, ws)
	mu.Lock()
	defer mu.Unlock()
	if len(lateFound) == 0 || lateFound[0].At <= startedAt {
		t.Errorf("late host events %v (scan saw its first instance at %v)", lateFound, startedAt)
	}
}

// TestLANTwoInterfaces: a scanner on two segments (two interfaces, two
// subnets) finds the hosts of both, says where each was heard, and scans
// only one segment when told.
func TestLANTwoInterfaces(t *testing.T) {
	lan := netlab.New(t)
	lan1 := lan.ScannerOn(1)
	a := lan.AddHost(netlab.Office()[0]) // printer on segment 0
	spec := netlab.Office()[2]           // NAS on segment 1
	spec.Segment = 1
	b := lan.AddHost(spec)
	lan.Start(a, b)
	res := scanIn(t, lan, discovery.Options{Interfaces: []string{netlab.Iface, lan1}})
	check(t, res, expected(t, []*netlab.Host{a, b}))
	where := map[string]discovery.Device{}
	for _, d := range res.Devices {
		where[d.HostName] = d
	}
	if d := where["drucker.local"]; d.Interface != netlab.Iface || d.Subnet != "10.77.0.0/16" {
		t.Errorf("printer heard on %q in %q", d.Interface, d.Subnet)
	}
	if d := where["nas01.local"]; d.Interface != lan1 || d.Subnet != "10.78.0.0/16" {
		t.Errorf("NAS heard on %q in %q", d.Interface, d.Subnet)
	}
	only := scanIn(t, lan, discovery.Options{Interfaces: []string{lan1}})
	for _, in := range only.Instances {
		if in.Host != "nas01.local" {
			t.Errorf("scan of %s found %q on %s", lan1, in.Name, in.Host)
		}
	}
	if len(only.Instances) != len(spec.Services) {
		t.Errorf("scan of %s found %d instances, want %d", lan1, len(only.Instances), len(spec.Services))
	}
}
