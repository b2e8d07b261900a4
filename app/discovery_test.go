package app

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"steward/assets"
	"steward/discovery"
)

// fakeScan stands in for discovery.Scan (tests never send on a network):
// it reports the instances as live events, then returns them grouped.
func fakeScan(instances []discovery.Instance) func(context.Context, discovery.Options) (*discovery.Result, error) {
	return func(ctx context.Context, opts discovery.Options) (*discovery.Result, error) {
		for i, in := range instances {
			in.At = time.Duration(i+1) * time.Millisecond
			if opts.OnEvent != nil {
				opts.OnEvent(discovery.Event{Kind: discovery.Found, At: in.At, Instance: in})
			}
		}
		return &discovery.Result{Duration: 180 * time.Millisecond, Interfaces: []string{"eth0"}, Instances: instances,
			Devices: discovery.Group(instances, discovery.Env{})}, nil
	}
}

func officeInstances() []discovery.Instance {
	v4 := func(s string) []netip.Addr { return []netip.Addr{netip.MustParseAddr(s)} }
	return []discovery.Instance{
		{Name: "Drucker Büro 2. OG", Type: "_ipp._tcp", Host: "drucker.local", Port: 631, IPv4: v4("10.0.0.2"), Interface: "eth0",
			TXT: []string{"ty=HP Color LaserJet MFP M479fdw", "usb_MFG=HP", "usb_MDL=Color LaserJet MFP M479fdw", "UUID=564e4333-4230-3431-3131-3c2af7b1a2c4"}},
		{Name: "Anna’s MacBook Pro", Type: "_device-info._tcp", Host: "annas-macbook-pro.local", IPv4: v4("10.0.0.3"), Interface: "eth0", TXT: []string{"model=MacBookPro18,3"}},
		{Name: "Anna’s MacBook Pro", Type: "_ssh._tcp", Host: "annas-macbook-pro.local", Port: 22, IPv4: v4("10.0.0.3"), Interface: "eth0", TXT: []string{}},
		{Name: "Chromecast-1", Type: "_googlecast._tcp", Host: "cast.local", Port: 8009, IPv4: v4("10.0.0.5"), Interface: "eth0", TXT: []string{"md=Chromecast", "fn=Wohnzimmer TV"}},
	}
}

func TestDiscoveryScanAddLinkMissing(t *testing.T) {
	u, store := newTestUI(t, 0)
	ctx := context.Background()
	u.svc.Scan = fakeScan(officeInstances())
	if !u.ShowScreen("Discovery") {
		t.Fatal("no Discovery screen")
	}
	u.wait()
	s := u.screens[u.current].(*discoveryScreen)
	test.Tap(s.scanBtn)
	u.wait()
	if len(s.all) != 3 || !strings.Contains(s.status.Text, "3 devices, 4 services") || !strings.Contains(s.status.Text, "3 new") {
		t.Fatalf("after the scan: %d rows, status %q", len(s.all), s.status.Text)
	}
	if s.bulkBtn.Disabled() || s.bulkBtn.Text != "Add all 3 new as assets" {
		t.Errorf("bulk button %q", s.bulkBtn.Text)
	}
	// Select the printer: the detail shows its services and TXT.
	for i, r := range s.rows {
		if r.s.Class == "printer" {
			s.list.Select(i)
		}
	}
	if !strings.Contains(s.detail.Text, "_ipp._tcp port 631") || !strings.Contains(s.detail.Text, "usb_MFG=HP") || s.addBtn.Disabled() {
		t.Errorf("printer detail %q (add disabled %v)", s.detail.Text, s.addBtn.Disabled())
	}
	printer, _ := s.current()
	a := assetFromSighting(printer.s)
	if a.Category != "printer" || a.Manufacturer != "HP" || a.Serial != "564e4333-4230-3431-3131-3c2af7b1a2c4" || a.Name != "Drucker Büro 2. OG" {
		t.Errorf("pre-filled asset %+v", a)
	}
	s.addAssets([]discoveryRow{printer}, []assets.Asset{a})
	u.wait()

	// Link the Mac to an asset that already exists, by tag.
	mac := assets.Asset{Name: "Anna's laptop", Category: "laptop"}
	if err := store.CreateAsset(ctx, &mac); err != nil {
		t.Fatal(err)
	}
	for _, r := range s.all {
		if r.s.Class == "computer" {
			s.link(r, mac.Tag)
		}
	}
	u.wait()
	if got, _ := store.Asset(ctx, mac.ID); got.HostName != "annas-macbook-pro" {
		t.Errorf("linked asset host name %q", got.HostName)
	}
	s.filter.SetSelected("Known")
	if len(s.rows) != 2 {
		t.Errorf("%d known devices, want 2", len(s.rows))
	}
	// Bulk add takes the rest (the Chromecast).
	s.bulkAdd()
	u.wait()
	if n, _ := store.UnknownDevices(ctx); n != 0 {
		t.Errorf("%d unknown devices after bulk add", n)
	}
	// Rescan without the Chromecast: no duplicates, it is listed missing.
	u.svc.Scan = fakeScan(officeInstances()[:3])
	test.Tap(s.scanBtn)
	u.wait()
	s.filter.SetSelected("Missing")
	if len(s.rows) != 1 || s.rows[0].s.Class != "media" {
		t.Errorf("missing: %+v", s.rows)
	}
	s.filter.SetSelected("All")
	if len(s.rows) != 3 {
		t.Errorf("%d devices after a rescan, want 3 (no duplicates)", len(s.rows))
	}
	if !strings.Contains(s.status.Text, "1 missing") {
		t.Errorf("status %q", s.status.Text)
	}
}

// TestDiscoveryStop: Stop cancels the scan; what was found is kept.
func TestDiscoveryStop(t *testing.T) {
	u, store := newTestUI(t, 0)
	started := make(chan struct{})
	u.svc.Scan = func(ctx context.Context, opts discovery.Options) (*discovery.Result, error) {
		close(started)
		<-ctx.Done()
		ins := officeInstances()[:1]
		return &discovery.Result{Instances: ins, Devices: discovery.Group(ins, discovery.Env{})}, ctx.Err()
	}
	u.ShowScreen("Discovery")
	u.wait()
	s := u.screens[u.current].(*discoveryScreen)
	test.Tap(s.scanBtn)
	<-started
	if s.stopBtn.Disabled() || !s.scanBtn.Disabled() {
		t.Error("buttons not in scanning state")
	}
	test.Tap(s.stopBtn)
	u.wait()
	if !strings.Contains(s.status.Text, "Scan stopped: 1 devices") || s.scanning {
		t.Errorf("status %q scanning %v", s.status.Text, s.scanning)
	}
	if list, _, _ := store.Sightings(context.Background(), sightingQueryAll()); len(list) != 1 {
		t.Errorf("%d sightings stored after stop", len(list))
	}
}

func sightingQueryAll() assets.SightingQuery { return assets.SightingQuery{} }
