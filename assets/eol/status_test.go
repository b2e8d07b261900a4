package eol

import (
	"strings"
	"testing"

	"steward/assets"
)

var d = assets.MustDate

func TestStatusBoundaries(t *testing.T) {
	c := bundledT(t)
	win := c.Release("windows", "10-22h2") // end of support 2025-10-14, ESU until 2028-10-10
	rhel4 := c.Release("rhel", "4")        // end of support on a leap day: 2012-02-29
	if win == nil || rhel4 == nil {
		t.Fatal("catalog lacks windows 10-22h2 or rhel 4")
	}
	if win.EOL.Date != d("2025-10-14") || rhel4.EOL.Date != d("2012-02-29") {
		t.Fatalf("catalog dates changed: windows 10 22H2 %s, rhel 4 %s", win.EOL, rhel4.EOL)
	}
	leap := &Release{Product: &Product{ID: "x", Short: "Example OS", Source: "test"}, Cycle: "1", EOL: End{Date: d("2028-02-29")}}
	for _, tc := range []struct {
		r      *Release
		asOf   string
		warn   int
		want   State
		reason string
	}{
		{win, "2025-07-15", 90, Supported, "Windows 10 22H2 is supported until 2025-10-14 (catalog: endoflife.date)"},
		{win, "2025-07-16", 90, EndingSoon, "Windows 10 22H2 reaches end of support on 2025-10-14, in 90 days (catalog: endoflife.date)"},
		{win, "2025-10-13", 90, EndingSoon, "Windows 10 22H2 reaches end of support on 2025-10-14, in 1 day (catalog: endoflife.date)"},
		{win, "2025-10-13", 0, Supported, "Windows 10 22H2 is supported until 2025-10-14 (catalog: endoflife.date)"},
		{win, "2025-10-14", 90, EndOfLife, "Windows 10 22H2 reached end of support on 2025-10-14; extended (often paid) security support runs until 2028-10-10 (catalog: endoflife.date)"},
		{win, "2025-10-15", 90, EndOfLife, "Windows 10 22H2 reached end of support on 2025-10-14; extended (often paid) security support runs until 2028-10-10 (catalog: endoflife.date)"},
		{win, "2028-10-10", 90, EndOfLife, "Windows 10 22H2 reached end of support on 2025-10-14 (catalog: endoflife.date)"},
		{rhel4, "2012-02-28", 30, EndingSoon, "Red Hat Enterprise Linux 4 reaches end of support on 2012-02-29, in 1 day"},
		{rhel4, "2012-02-29", 30, EndOfLife, "Red Hat Enterprise Linux 4 reached end of support on 2012-02-29; extended (often paid) security support runs until 2017-03-31"},
		{rhel4, "2012-03-01", 30, EndOfLife, "reached end of support on 2012-02-29"},
		{leap, "2027-12-01", 90, EndingSoon, "Example OS 1 reaches end of support on 2028-02-29, in 90 days (catalog: test)"},
		{leap, "2027-11-30", 90, Supported, "Example OS 1 is supported until 2028-02-29 (catalog: test)"},
		{leap, "2028-02-28", 90, EndingSoon, "in 1 day"},
		{leap, "2028-02-29", 90, EndOfLife, "Example OS 1 reached end of support on 2028-02-29 (catalog: test)"},
		{leap, "2028-03-01", 90, EndOfLife, "reached end of support on 2028-02-29"},
		{c.Release("macos", "15"), "2030-01-01", 90, Supported, "macOS 15 (Sequoia) is supported; no end of support is announced (catalog: endoflife.date)"},
		{c.Release("samsung-mobile", "galaxy-a52"), "2020-01-01", 90, EndOfLife, "Samsung Galaxy A52 has reached end of support (the day is not published)"},
		{nil, "2025-01-01", 90, Unknown, "no catalog release"},
		{win, "", 90, Unknown, "no date to judge"},
	} {
		var asOf assets.Date
		if tc.asOf != "" {
			asOf = d(tc.asOf)
		}
		v := Status(tc.r, asOf, tc.warn)
		name := "<nil>"
		if tc.r != nil {
			name = tc.r.Name()
		}
		if v.State != tc.want || !strings.Contains(v.Reason, tc.reason) {
			t.Errorf("Status(%s, %s, %d) = %v %q, want %v containing %q", name, tc.asOf, tc.warn, v.State, v.Reason, tc.want, tc.reason)
		}
		if tc.want == EndOfLife || tc.want == EndingSoon {
			if tc.r.EOL.Date != v.Date {
				t.Errorf("Status(%s, %s): date %s, want %s", name, tc.asOf, v.Date, tc.r.EOL.Date)
			}
		}
	}
}

// Ambiguous matches: only what holds for every candidate.
func TestStatusAmbiguous(t *testing.T) {
	c := bundledT(t)
	for _, tc := range []struct {
		in, asOf string
		warn     int
		want     State
		date     string
		reason   string
	}{
		// Every Windows 10 Home/Pro release had ended by 2025-10-14 (22H2 was the last).
		{"Windows 10 Pro", "2025-10-14", 90, EndOfLife, "2025-10-14", "every release it could be had reached end of support by 2025-10-14 (the last, Windows 10 22H2)"},
		{"Windows 10 Pro", "2025-10-01", 30, EndingSoon, "2025-10-14", "every release it could be reaches end of support by 2025-10-14"},
		{"Windows 10 Pro", "2025-06-01", 30, Unknown, "", "end of support ranges from"},
		// 23H2: Home/Pro ended 2025-11-11, Enterprise/Education 2026-11-10.
		{"Windows 11 23H2", "2025-12-01", 30, Unknown, "", "ranges from 2025-11-11 to 2026-11-10"},
		{"Windows 11 23H2", "2026-11-10", 30, EndOfLife, "2026-11-10", "does not say the edition"},
		{"Android 8", "2022-01-01", 90, EndOfLife, "2021-01-10", "(the last, Android 8.1 'Oreo')"},
		// Some candidate has no announced end: never more than unknown.
		{"Windows 11 Pro", "2040-01-01", 90, EndOfLife, "2028-03-14", "every release it could be had reached"},
		{"Microsoft Surface Laptop", "2026-01-01", 90, Unknown, "", "record the exact version or model"},
	} {
		var m Match
		if strings.HasPrefix(tc.in, "Microsoft Surface") {
			m = c.MatchDevice("Microsoft", strings.TrimPrefix(tc.in, "Microsoft "))
		} else {
			m = c.Match(tc.in)
		}
		if m.Problem != Ambiguous {
			t.Fatalf("%q: problem %v, want ambiguous", tc.in, m.Problem)
		}
		v := m.Status(d(tc.asOf), tc.warn)
		if v.State != tc.want || v.Date.String() != tc.date || !strings.Contains(v.Reason, tc.reason) {
			t.Errorf("%q on %s: %v %s %q, want %v %s containing %q", tc.in, tc.asOf, v.State, v.Date, v.Reason, tc.want, tc.date, tc.reason)
		}
	}
}

func TestStatusUnmatched(t *testing.T) {
	c := bundledT(t)
	for _, in := range []string{"ChromeOS 120", "Ubuntu 21.11", "", "Windows"} {
		m := c.Match(in)
		v := m.Status(d("2026-01-01"), 90)
		if v.State != Unknown || v.Reason != m.Reason || v.Reason == "" {
			t.Errorf("%q: %v %q, want unknown with the match's reason %q", in, v.State, v.Reason, m.Reason)
		}
	}
}

func TestStateText(t *testing.T) {
	for s, want := range map[State]string{Unknown: "unknown", Supported: "supported", EndingSoon: "ending_soon", EndOfLife: "end_of_life"} {
		if s.String() != want {
			t.Errorf("%d: %q, want %q", s, s.String(), want)
		}
		if b, _ := s.MarshalText(); string(b) != want {
			t.Errorf("%d: MarshalText %q", s, b)
		}
	}
}

// The cached fast path answers exactly what Match + Status answer.
func TestStatusOSCached(t *testing.T) {
	c, err := parseCatalog(bundledJSON, "bundled")
	if err != nil {
		t.Fatal(err)
	}
	for _, asOf := range []string{"2025-10-13", "2025-10-14", "2027-01-01"} {
		for _, tc := range osCorpus {
			for range 2 {
				m, v := c.StatusOS(tc.in, d(asOf), 30)
				want := c.matchOS(tc.in).Status(d(asOf), 30)
				if m.Problem != tc.problem || v != want {
					t.Fatalf("StatusOS(%q, %s) = %v %+v, want %+v", tc.in, asOf, m.Problem, v, want)
				}
			}
		}
		for _, tc := range deviceCorpus {
			_, v := c.StatusDevice(tc.manufacturer, tc.model, d(asOf), 30)
			if want := c.matchDevice(tc.manufacturer, tc.model).Status(d(asOf), 30); v != want {
				t.Fatalf("StatusDevice(%q, %q, %s) = %+v, want %+v", tc.manufacturer, tc.model, asOf, v, want)
			}
		}
	}
}

func TestLookup(t *testing.T) {
	c := bundledT(t)
	for _, tc := range []struct {
		in, asOf, release, end string
		known                  bool
		why                    string
	}{
		{"Windows 10 Pro 22H2", "2025-01-01", "Windows 10 22H2", "2025-10-14", true, ""},
		{"Windows 10 Pro", "2025-10-20", "Windows", "2025-10-14", true, "does not say which version"},
		{"Windows 10 Pro", "2025-01-01", "Windows", "", true, "record the exact version"},
		{"macOS 15.1", "2025-01-01", "macOS 15 (Sequoia)", "", true, "no end of support is announced"},
		{"ChromeOS 120", "2025-01-01", "ChromeOS 120", "", false, "no operating system matching"},
	} {
		l := c.LookupOS(tc.in, d(tc.asOf), 90)
		if l.Known != tc.known || l.Release != tc.release || l.End.String() != tc.end || !strings.Contains(l.Why, tc.why) || l.Source != "endoflife.date" {
			t.Errorf("LookupOS(%q, %s) = %+v", tc.in, tc.asOf, l)
		}
		// A rule comparing End with asOf agrees with Status.
		if !l.End.IsZero() {
			_, v := c.StatusOS(tc.in, d(tc.asOf), 90)
			left := d(tc.asOf).DaysUntil(l.End)
			st := Supported
			if left <= 0 {
				st = EndOfLife
			} else if left <= 90 {
				st = EndingSoon
			}
			if st != v.State {
				t.Errorf("LookupOS(%q, %s): date rule gives %v, Status %v", tc.in, tc.asOf, st, v.State)
			}
		}
	}
	if l := c.LookupDevice("samsung", "Galaxy A52", d("2025-01-01"), 90); !l.Known || !l.End.IsZero() || !strings.Contains(l.Why, "does not give") {
		t.Errorf("LookupDevice(Galaxy A52) = %+v", l)
	}
}
