package sqlite_test

import (
	"context"
	"testing"
	"time"

	"steward/assets"
)

func TestRecordScanMatchesAndNeverDuplicates(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	laptop := assets.Asset{Name: "Anna's MacBook", Category: "laptop", HostName: "annas-macbook-pro"}
	printer := assets.Asset{Name: "MFP 2. OG", Category: "printer", Serial: "564e4333-4230-3431-3131-3c2af7b1a2c4"}
	nas := assets.Asset{Name: "NAS", Category: "server", MAC: "00:11:32:AA:BB:CC"}
	for _, a := range []*assets.Asset{&laptop, &printer, &nas} {
		if err := s.CreateAsset(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	scan1 := []assets.Sighting{
		{DeviceID: "host:annas-macbook-pro.local", Name: "Anna’s MacBook Pro", HostName: "annas-macbook-pro.local", Class: "computer"},
		{DeviceID: "uuid:564e4333-4230-3431-3131-3c2af7b1a2c4", Name: "Drucker Büro 2. OG", UUID: "564E4333-4230-3431-3131-3C2AF7B1A2C4", Class: "printer", Addresses: []string{"10.0.0.2"}},
		{DeviceID: "mac:00:11:32:aa:bb:cc", Name: "nas01", MAC: "00:11:32:aa:bb:cc", HostName: "nas01.local", Class: "nas"},
		{DeviceID: "host:chromecast.local", Name: "Wohnzimmer TV", HostName: "chromecast.local", Class: "media"},
	}
	out, err := s.RecordScan(ctx, assets.ScanInfo{Started: t0, Finished: t0.Add(time.Second), Interfaces: []string{"eth0"}, Site: "HQ"}, scan1)
	if err != nil {
		t.Fatal(err)
	}
	if out.Known != 3 || out.Matched != 3 || len(out.New) != 1 || out.New[0].Name != "Wohnzimmer TV" || len(out.Missing) != 0 {
		t.Fatalf("first scan: %+v", out)
	}
	// Second scan: the Mac now shows its MAC (better ID), the Chromecast is
	// gone, a new unknown box appears.
	scan2 := []assets.Sighting{
		{DeviceID: "mac:3c:22:fb:00:00:01", Name: "Anna’s MacBook Pro", HostName: "annas-macbook-pro.local", MAC: "3c:22:fb:00:00:01", Class: "computer"},
		{DeviceID: "uuid:564e4333-4230-3431-3131-3c2af7b1a2c4", Name: "Drucker Büro 2. OG", UUID: "564e4333-4230-3431-3131-3c2af7b1a2c4", Class: "printer", Addresses: []string{"10.0.0.3"}},
		{DeviceID: "mac:00:11:32:aa:bb:cc", Name: "nas01", MAC: "00:11:32:aa:bb:cc", Class: "nas"},
		{DeviceID: "host:mystery.local", Name: "mystery", HostName: "mystery.local", Class: "unknown"},
	}
	out, err = s.RecordScan(ctx, assets.ScanInfo{Started: t0.Add(time.Hour), Finished: t0.Add(time.Hour + time.Second), Site: "HQ"}, scan2)
	if err != nil {
		t.Fatal(err)
	}
	if out.Known != 3 || out.Matched != 0 || len(out.New) != 1 || out.New[0].Name != "mystery" || len(out.Missing) != 1 || out.Missing[0].Name != "Wohnzimmer TV" {
		t.Fatalf("second scan: %+v", out)
	}
	all, states, err := s.Sightings(ctx, assets.SightingQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Fatalf("%d sightings after two scans, want 5 (no duplicates): %+v", len(all), all)
	}
	byName := map[string]int{}
	for i, sg := range all {
		byName[sg.Name] = i
	}
	mac := all[byName["Anna’s MacBook Pro"]]
	if mac.DeviceID != "mac:3c:22:fb:00:00:01" || mac.AssetID != laptop.ID || !mac.FirstSeen.Equal(t0.Add(time.Second)) {
		t.Errorf("Mac sighting %+v", mac)
	}
	if p := all[byName["Drucker Büro 2. OG"]]; len(p.Addresses) != 1 || p.Addresses[0] != "10.0.0.3" || p.AssetID != printer.ID {
		t.Errorf("printer sighting %+v", p)
	}
	if states[byName["Wohnzimmer TV"]] != assets.SightingMissing || states[byName["mystery"]] != assets.SightingNew || states[byName["nas01"]] != assets.SightingKnown {
		t.Errorf("states %v", states)
	}
	if n, err := s.UnknownDevices(ctx); err != nil || n != 1 {
		t.Errorf("UnknownDevices = %d, %v", n, err)
	}
	newOnly, _, err := s.Sightings(ctx, assets.SightingQuery{State: assets.SightingNew})
	if err != nil || len(newOnly) != 1 {
		t.Errorf("new filter: %v %v", newOnly, err)
	}

	// Link the mystery box to an asset: the asset learns its host name, and
	// the next scan matches it by itself.
	box := assets.Asset{Name: "Lab box", Category: "desktop"}
	if err := s.CreateAsset(ctx, &box); err != nil {
		t.Fatal(err)
	}
	if err := s.LinkSighting(ctx, all[byName["mystery"]].ID, box.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.Asset(ctx, box.ID)
	if err != nil || got.HostName != "mystery" {
		t.Errorf("linked asset host name %q, %v", got.HostName, err)
	}
	if n, _ := s.UnknownDevices(ctx); n != 0 {
		t.Errorf("%d unknown after linking", n)
	}
	if err := s.LinkSighting(ctx, 9999, box.ID); assets.KindOf(err) != assets.KindNotFound {
		t.Errorf("link to a missing sighting: %v", err)
	}
}
