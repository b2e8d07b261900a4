package eol

import (
	"testing"

	"steward/assets"
)

// The upgrade path the bundled catalog gives: the earliest later release
// of the same channel still supported past the warning window.
func TestNextSupported(t *testing.T) {
	c := bundledT(t)
	asOf := assets.MustDate("2026-03-01")
	for _, tc := range []struct{ os, want string }{
		{"FortiOS 7.0.12", "FortiOS 7.2"},
		{"FortiOS 6.4", "FortiOS 7.2"}, // 7.0 has ended too
		// The edition comes from the words when the release is shared.
		{"Windows 10 Pro 22H2", "Windows 11 24H2 Home/Pro"},
		{"Windows 10 Enterprise 22H2", "Windows 11 23H2 Enterprise/Education"},
		{"Windows 11 Pro 23H2", "Windows 11 24H2 Home/Pro"},
		{"Windows 10 Enterprise LTSC 2019", "Windows 10 21H2 Enterprise/Education LTSC"}, // LTSC to LTSC
		{"Windows 10 Pro", "Windows 11 24H2 Home/Pro"},                                   // ambiguous: the newest candidate stands for all
		// An LTS release moves to an LTS release; any other to any.
		{"Ubuntu 20.04.6 LTS", "Ubuntu 22.04 'Jammy Jellyfish'"},
		{"Ubuntu 23.10", "Ubuntu 24.04 'Noble Numbat'"},
		{"Windows Server 2012 R2 Standard", "Windows Server 2016"},
		{"Debian GNU/Linux 11 (bullseye)", "Debian 12 (Bookworm)"},
		{"macOS 13.6.1", "macOS 14 (Sonoma)"},
		{"iOS 17.4", "iOS 18"},
		// Nothing later: no path.
		{"Ubuntu 26.04 LTS", ""},
		{"Plan 9", ""},
	} {
		m, _ := c.StatusOS(tc.os, asOf, 90)
		got := ""
		if r := c.NextSupported(m, asOf, 90); r != nil {
			got = r.Name()
		}
		if got != tc.want {
			t.Errorf("%q (%s): next %q, want %q", tc.os, m.Reason, got, tc.want)
		}
	}
	// A release that ends within the window is no upgrade path: with a
	// long enough window FortiOS 7.2 (support ends 2026-09-30) is passed over.
	m, _ := c.StatusOS("FortiOS 7.0.12", asOf, 300)
	if r := c.NextSupported(m, asOf, 300); r == nil || r.Name() != "FortiOS 7.4" {
		t.Errorf("with a 300-day window: %v", r)
	}
	// LookupOS names it for a release that needs it, with extended support.
	l := c.LookupOS("Windows 10 Pro 22H2", asOf, 90)
	if l.Next != "Windows 11 24H2 Home/Pro" || l.Extended.String() != "2028-10-10" {
		t.Errorf("lookup %+v", l)
	}
	if l := c.LookupOS("Ubuntu 24.04 LTS", asOf, 90); l.Next != "" || !l.Extended.IsZero() {
		t.Errorf("a supported release has no upgrade path in its lookup: %+v", l)
	}
}
