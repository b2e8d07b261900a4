package app

import (
	"context"
	"strings"
	"testing"

	"steward/assets"
)

// A one-year-old firewall whose firmware is out of support: the dashboard
// shows an OS-support alert naming the upgrade, not an end-of-life one;
// the asset's Lifecycle tab shows the hardware and the firmware apart, and
// its badge names the firmware.
func TestOSSupportApartFromHardware(t *testing.T) {
	store := newStore(t)
	ctx := context.Background()
	fw := assets.Asset{Tag: "FW-1", Name: "FortiGate 60F", Category: "network", Manufacturer: "Fortinet", Model: "FortiGate 60F",
		OS: "FortiOS 7.0.12", PurchaseDate: assets.MustDate("2025-06-01")}
	if err := store.CreateAsset(ctx, &fw); err != nil {
		t.Fatal(err)
	}
	u, _ := openUI(t, store)
	d := u.screens[0].(*dashboard)
	if len(d.alerts.alerts) != 1 {
		t.Fatalf("alerts %+v", d.alerts.alerts)
	}
	a := d.alerts.alerts[0]
	want := "update or replace: FortiOS 7.0 unsupported since 2025-09-30 (244 days ago); next supported release: FortiOS 7.2"
	if a.Kind != assets.AlertOSSupport || a.Severity != assets.SeverityCritical || a.Reason != want || a.Subject != "FW-1 FortiGate 60F" {
		t.Fatalf("alert %+v", a)
	}
	screenshot(t, u, "dashboard-os-support")
	d.alerts.list.Select(d.alerts.rowOf(0))
	u.wait()
	as, ok := u.screens[u.current].(*assetsScreen)
	if !ok || as.selectedID != fw.ID {
		t.Fatalf("the alert opened %s", u.screens[u.current].title())
	}
	text := as.lifecycle.text.Text
	for _, w := range []string{
		"End of life: Supported (2032-06-01)", // 7-year network refresh
		"OS and firmware support: Unsupported (2025-09-30)",
		"FortiOS 7.0 reached end of support on 2025-09-30 (244 days ago); next supported release: FortiOS 7.2",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("lifecycle tab lacks %q:\n%s", w, text)
		}
	}
	screenshot(t, u, "asset-lifecycle-os-support")
	if b, _ := as.badge(&as.rows[0]); b != "OS ended · —" {
		t.Errorf("badge %q", b)
	}
}
