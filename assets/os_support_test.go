package assets

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

var osCatalog = fakeCatalog{
	"os:FortiOS 7.0.12":      {Release: "FortiOS 7.0", EOL: d("2025-09-30"), Next: "FortiOS 7.2"},
	"os:Windows 10 Pro 22H2": {Release: "Windows 10 22H2", EOL: d("2025-10-14"), Extended: d("2028-10-10"), Next: "Windows 11 24H2 Home/Pro"},
	"os:Windows 11 Pro 24H2": {Release: "Windows 11 24H2 Home/Pro", EOL: d("2026-04-14"), Next: "Windows 11 25H2 Home/Pro"},
	"os:Debian 11":           {Release: "Debian 11 (Bullseye)", EOL: d("2024-08-14")},
	"os:Ubuntu 24.04 LTS":    {Release: "Ubuntu 24.04 'Noble Numbat'", EOL: d("2029-05-31")},
	"os:Fresh 1":             {Release: "Fresh 1", EOL: d("2026-03-01")},
	"os:FreeBSD 15":          {Release: "FreeBSD 15", Why: "no end of support is announced"},
}

// An asset's operating system or firmware, judged apart from its hardware:
// the state, the dates and the upgrade path, and the alert in words.
func TestOSSupport(t *testing.T) {
	asOf := d("2026-03-01")
	tests := []struct {
		os     string
		state  EOLState
		reason string
		alert  string // JSON; "" for none
	}{
		{"FortiOS 7.0.12", EOLReached,
			"FortiOS 7.0 reached end of support on 2025-09-30 (152 days ago); next supported release: FortiOS 7.2",
			`{"kind":"os_support","severity":"critical","subject":"ST-000042 FortiGate 60F","reason":"update or replace: FortiOS 7.0 unsupported since 2025-09-30 (152 days ago); next supported release: FortiOS 7.2","ref":{"entity":"asset","id":42},"date":"2025-09-30"}`},
		// Extended (paid) support still runs: a warning, not critical.
		{"Windows 10 Pro 22H2", EOLReached,
			"Windows 10 22H2 reached end of support on 2025-10-14 (138 days ago); extended (often paid) security support runs until 2028-10-10; next supported release: Windows 11 24H2 Home/Pro",
			`{"kind":"os_support","severity":"warning","subject":"ST-000042 FortiGate 60F","reason":"update or replace: Windows 10 22H2 unsupported since 2025-10-14 (138 days ago), extended (often paid) security support until 2028-10-10; next supported release: Windows 11 24H2 Home/Pro","ref":{"entity":"asset","id":42},"date":"2025-10-14"}`},
		{"Windows 11 Pro 24H2", EOLEnding,
			"Windows 11 24H2 Home/Pro reaches end of support on 2026-04-14, in 44 days; next supported release: Windows 11 25H2 Home/Pro",
			`{"kind":"os_support","severity":"warning","subject":"ST-000042 FortiGate 60F","reason":"update soon: Windows 11 24H2 Home/Pro support ends on 2026-04-14, in 44 days; next supported release: Windows 11 25H2 Home/Pro","ref":{"entity":"asset","id":42},"date":"2026-04-14"}`},
		// No upgrade path known: the reason says only what is known.
		{"Debian 11", EOLReached, "Debian 11 (Bullseye) reached end of support on 2024-08-14 (564 days ago)",
			`{"kind":"os_support","severity":"critical","subject":"ST-000042 FortiGate 60F","reason":"update or replace: Debian 11 (Bullseye) unsupported since 2024-08-14 (564 days ago)","ref":{"entity":"asset","id":42},"date":"2024-08-14"}`},
		{"Fresh 1", EOLReached, "Fresh 1 reached end of support on 2026-03-01 (today)",
			`{"kind":"os_support","severity":"critical","subject":"ST-000042 FortiGate 60F","reason":"update or replace: Fresh 1 unsupported since 2026-03-01 (today)","ref":{"entity":"asset","id":42},"date":"2026-03-01"}`},
		{"Ubuntu 24.04 LTS", EOLSupported, "Ubuntu 24.04 'Noble Numbat' reaches end of support on 2029-05-31", ""},
		{"FreeBSD 15", EOLUnknown, "the catalog knows FreeBSD 15 but no end of support is announced", ""},
		{"Plan 9", EOLUnknown, `the OS "Plan 9" is not in the catalog`, ""},
		{"", EOLUnknown, "no OS or firmware recorded to look up", ""},
	}
	for _, tc := range tests {
		t.Run(tc.os, func(t *testing.T) {
			s := EvaluateOSSupport(tc.os, osCatalog, asOf, 90)
			if s.State != tc.state || s.Reason != tc.reason {
				t.Fatalf("got %s %q\nwant %s %q", s.State, s.Reason, tc.state, tc.reason)
			}
			a, ok := OSSupportAlert("ST-000042 FortiGate 60F", Ref{Entity: "asset", ID: 42}, s)
			if tc.alert == "" {
				if ok {
					t.Fatalf("raised %+v", a)
				}
				return
			}
			got, _ := json.Marshal(a)
			if !ok || string(got) != tc.alert {
				t.Errorf("alert\n got %s\nwant %s", got, tc.alert)
			}
		})
	}
	if s := EvaluateOSSupport("Debian 11", nil, asOf, 90); s.State != EOLUnknown || s.Reason != "no end-of-life catalog loaded" {
		t.Errorf("no catalog: %+v", s)
	}
	// The upgrade path is only named for a release that needs one.
	if s := EvaluateOSSupport("Windows 11 Pro 24H2", osCatalog, d("2025-06-01"), 90); s.State != EOLSupported || s.Next != "" || s.Extended != (Date{}) {
		t.Errorf("supported release with an upgrade path: %+v", s)
	}
}

// The memoised alerter gives exactly the rule's alert for every OS string.
func TestOSSupportAlerterMatchesTheRule(t *testing.T) {
	asOf := d("2026-03-01")
	oses := []string{"", "FortiOS 7.0.12", "Windows 10 Pro 22H2", "Windows 11 Pro 24H2", "Debian 11", "Ubuntu 24.04 LTS", "Fresh 1", "FreeBSD 15", "Plan 9"}
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, c := range []EOLCatalog{osCatalog, nil} {
		al := NewOSSupportAlerter(c, asOf, 90)
		raised := 0
		for i := range 2000 {
			os := oses[rnd.IntN(len(oses))]
			ref := Ref{Entity: "asset", ID: int64(i)}
			want, wok := OSSupportAlert("ST-1 PC", ref, EvaluateOSSupport(os, c, asOf, 90))
			got, gok := al.Alert(os, "ST-1 PC", ref)
			if wok != gok || got != want {
				t.Fatalf("%q:\n got %v %+v\nwant %v %+v", os, gok, got, wok, want)
			}
			if gok {
				raised++
			}
		}
		if c != nil && raised < 500 {
			t.Fatalf("only %d alerts", raised)
		}
	}
}

func TestOSSupportLabel(t *testing.T) {
	for st, want := range map[EOLState]string{EOLReached: "Unsupported", EOLEnding: "Support ending soon", EOLSupported: "Supported", EOLUnknown: "Unknown"} {
		if got := (OSSupport{State: st}).Label(); got != want {
			t.Errorf("%s: %q, want %q", st, got, want)
		}
	}
}
