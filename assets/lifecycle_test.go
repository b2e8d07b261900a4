package assets

import (
	"strings"
	"testing"
)

var d = MustDate

func TestTaskRecurrenceMonthEndAndLeapDay(t *testing.T) {
	tests := []struct {
		name      string
		due       string
		every     int
		completes []string // completion dates, one per step
		want      []string // due date after each completion
	}{
		{"monthly from Jan 31 clamps and recovers", "2024-01-31", 1,
			[]string{"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"},
			[]string{"2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"}},
		{"monthly from Jan 31 in a common year", "2023-01-31", 1,
			[]string{"2023-01-30"}, []string{"2023-02-28"}},
		{"yearly from leap day", "2024-02-29", 12,
			[]string{"2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28"},
			[]string{"2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"}},
		{"quarterly from Nov 30 over year end", "2023-11-30", 3,
			[]string{"2023-11-30", "2024-02-29"}, []string{"2024-02-29", "2024-05-30"}},
		{"completed late skips missed occurrences", "2024-01-15", 1,
			[]string{"2024-04-20"}, []string{"2024-05-15"}},
		{"completed on the next due date moves past it", "2024-01-15", 1,
			[]string{"2024-02-15"}, []string{"2024-03-15"}},
		{"completed early keeps the cadence", "2024-06-30", 6,
			[]string{"2024-05-01"}, []string{"2024-12-30"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			task := Task{ID: 1, Kind: TaskMaintenance, Due: d(tc.due), EveryMonths: tc.every, AssetIDs: []int64{7}}
			task.Normalize()
			if err := task.Validate(); err != nil {
				t.Fatal(err)
			}
			for i, on := range tc.completes {
				done, next, err := task.Complete(d(on), "ok")
				if err != nil {
					t.Fatal(err)
				}
				if done.Status != TaskDone || done.Completed != d(on) || done.Note != "ok" {
					t.Fatalf("step %d: done = %+v", i, done)
				}
				if next == nil {
					t.Fatalf("step %d: no next occurrence", i)
				}
				if next.Due.String() != tc.want[i] {
					t.Fatalf("step %d: next due %s, want %s", i, next.Due, tc.want[i])
				}
				if next.Status != TaskPlanned || !next.Completed.IsZero() || next.Note != "" || next.PreviousID != task.ID || next.AssetIDs[0] != 7 {
					t.Fatalf("step %d: next = %+v", i, next)
				}
				next.ID = task.ID + 1
				task = *next
			}
		})
	}
}

func TestTaskCompleteOnceAndErrors(t *testing.T) {
	task := Task{ID: 3, Kind: TaskFirmware, Due: d("2025-03-01"), Status: TaskPlanned}
	done, next, err := task.Complete(d("2025-03-02"), "")
	if err != nil || next != nil || done.Status != TaskDone {
		t.Fatalf("once: %+v %v %v", done, next, err)
	}
	if _, _, err := done.Complete(d("2025-03-03"), ""); KindOf(err) != KindInvalid {
		t.Fatalf("completing a done task: %v", err)
	}
	if _, _, err := task.Complete(Date{}, ""); KindOf(err) != KindInvalid {
		t.Fatalf("no date: %v", err)
	}
}

func TestTaskDueState(t *testing.T) {
	asOf := d("2025-06-30")
	tests := []struct {
		due    string
		status TaskStatus
		want   DueState
		left   int
	}{
		{"2025-06-29", TaskPlanned, DueOverdue, -1},
		{"2025-06-30", TaskPlanned, DueSoon, 0}, // due today is not yet overdue
		{"2025-07-30", TaskInProgress, DueSoon, 30},
		{"2025-07-31", TaskPlanned, DueLater, 31},
		{"2025-01-01", TaskDone, DueClosed, -180},
		{"2025-01-01", TaskCancelled, DueClosed, -180},
	}
	for _, tc := range tests {
		task := Task{Kind: TaskUpgrade, Due: d(tc.due), Status: tc.status}
		got, left := TaskDueState(&task, asOf, 30)
		if got != tc.want || left != tc.left {
			t.Errorf("due %s %s: got %s %d, want %s %d", tc.due, tc.status, got, left, tc.want, tc.left)
		}
	}
}

func TestLicenceCompliance(t *testing.T) {
	asOf := d("2025-03-31")
	tests := []struct {
		name                string
		l                   Licence
		assigned, installed int
		shortfall, unused   int
		inUse               int
		term                TermState
		reason              string
	}{
		{"over-assigned is a shortfall", Licence{Type: LicencePerSeat, Seats: 10}, 12, 3, 2, 0, 12, TermPerpetual, "12 assigned but only 10 seats bought: 2 short"},
		{"installed beyond assigned counts", Licence{Type: LicencePerDevice, Seats: 5}, 2, 7, 2, 0, 7, TermPerpetual, "7 installed but only 5 seats bought"},
		{"unused seats", Licence{Type: LicencePerSeat, Seats: 10}, 4, 1, 0, 6, 4, TermPerpetual, ""},
		{"exactly full", Licence{Type: LicencePerSeat, Seats: 1}, 1, 1, 0, 0, 1, TermPerpetual, ""},
		{"site licence is never short", Licence{Type: LicenceSite}, 500, 900, 0, 0, 900, TermPerpetual, ""},
		{"expires today is expiring, not expired", Licence{Type: LicencePerSeat, Seats: 1, Expiry: d("2025-03-31")}, 0, 0, 0, 1, 0, TermExpiring, "in 0 days (today)"},
		{"expired yesterday", Licence{Type: LicencePerSeat, Seats: 1, Expiry: d("2025-03-30")}, 0, 0, 0, 1, 0, TermExpired, "expired on 2025-03-30 (1 day ago)"},
		{"window edge is expiring", Licence{Type: LicencePerSeat, Seats: 1, Expiry: d("2025-06-29")}, 0, 0, 0, 1, 0, TermExpiring, "in 90 days"},
		{"beyond the window is active", Licence{Type: LicencePerSeat, Seats: 1, Expiry: d("2025-06-30")}, 0, 0, 0, 1, 0, TermActive, ""},
		{"subscription ends at renewal", Licence{Type: LicenceSubscription, Seats: 3, Renewal: d("2025-04-30")}, 3, 0, 0, 0, 3, TermExpiring, "expires on 2025-04-30"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := ComputeCompliance(&tc.l, tc.assigned, tc.installed, asOf, 90)
			if c.Shortfall != tc.shortfall || c.Unused != tc.unused || c.InUse != tc.inUse || c.Term != tc.term {
				t.Fatalf("got %+v", c)
			}
			if !strings.Contains(strings.Join(c.Reasons, "; "), tc.reason) {
				t.Fatalf("reasons %q lack %q", c.Reasons, tc.reason)
			}
			if c.Compliant() != (tc.shortfall == 0 && tc.term != TermExpired) {
				t.Fatal("Compliant disagrees")
			}
		})
	}
}

func TestLicenceAlerts(t *testing.T) {
	l := Licence{ID: 4, Product: "Office", Vendor: "Microsoft", Type: LicencePerSeat, Seats: 2, Expiry: d("2025-01-01")}
	c := ComputeCompliance(&l, 3, 0, d("2025-02-01"), 90)
	got := LicenceAlerts(&l, c)
	if len(got) != 2 || got[0].Kind != AlertLicenceShortfall || got[0].Severity != SeverityCritical ||
		got[1].Kind != AlertLicenceExpiry || got[1].Severity != SeverityCritical || !strings.Contains(got[1].Reason, "still in use on 3") {
		t.Fatalf("%+v", got)
	}
	if got[0].Ref != (Ref{"licence", 4}) || got[0].Subject != "Office (Microsoft)" {
		t.Fatalf("%+v", got[0])
	}
	if a := LicenceAlerts(&l, ComputeCompliance(&l, 0, 0, d("2024-06-01"), 90)); len(a) != 0 {
		t.Fatalf("compliant and in term: %+v", a)
	}
}

func TestSoftwarePatterns(t *testing.T) {
	tests := []struct {
		p    SoftwarePattern
		s    InstalledSoftware
		want bool
	}{
		{SoftwarePattern{Name: "Microsoft Office*"}, InstalledSoftware{Name: "Microsoft Office Professional Plus 2019"}, true},
		{SoftwarePattern{Name: "microsoft office*"}, InstalledSoftware{Name: "Microsoft Office [x64] 2021"}, true},
		{SoftwarePattern{Name: "Adobe Acrobat*", Publisher: "Adobe*"}, InstalledSoftware{Name: "Adobe Acrobat DC", Publisher: "Adobe Inc."}, true},
		{SoftwarePattern{Name: "Adobe Acrobat*", Publisher: "Adobe*"}, InstalledSoftware{Name: "Adobe Acrobat DC", Publisher: "Evil Corp"}, false},
		{SoftwarePattern{Name: "7-Zip"}, InstalledSoftware{Name: "7-Zip 23.01"}, false},
		{SoftwarePattern{Name: "7-Zip*"}, InstalledSoftware{Name: "7-Zip 23.01 (x64)"}, true},
		{SoftwarePattern{Name: "AutoCAD 202?"}, InstalledSoftware{Name: "AutoCAD 2024"}, true},
		{SoftwarePattern{Name: "*/bin/tool"}, InstalledSoftware{Name: "/usr/bin/tool"}, true},
	}
	for _, tc := range tests {
		if got := tc.p.Matches(tc.s); got != tc.want {
			t.Errorf("%v matches %q: %v, want %v", tc.p, tc.s.Name, got, tc.want)
		}
	}
	n := CountInstalled([]SoftwarePattern{{Name: "Visio*"}, {Name: "Project*"}}, []InstalledSoftware{
		{AssetID: 1, Name: "Visio 2021"}, {AssetID: 1, Name: "Project 2021"}, {AssetID: 2, Name: "Project Pro"}, {AssetID: 3, Name: "Word"}})
	if n != 2 {
		t.Fatalf("CountInstalled = %d, want 2 distinct assets", n)
	}
}

func TestLicenceValidateAndMask(t *testing.T) {
	l := Licence{Product: " ", Type: "per-seat", Seats: 0, Cost: Money{Minor: 5}}
	l.Normalize()
	err := l.Validate()
	for _, f := range []string{"product", "seats", "currency"} {
		if err == nil || !strings.Contains(err.Error(), f+":") {
			t.Fatalf("want %s error, got %v", f, err)
		}
	}
	if typ, err := ParseLicenceType("Per Device"); err != nil || typ != LicencePerDevice {
		t.Fatal(typ, err)
	}
	if _, err := ParseLicenceType("floating"); err == nil {
		t.Fatal("floating accepted")
	}
	if got := MaskKey("ABCDE-12345-XYZ9"); got != "••••••••XYZ9" || strings.Contains(got, "ABCDE") {
		t.Fatal(got)
	}
	if MaskKey("abc") != "•••" || MaskKey("") != "" {
		t.Fatal("short keys")
	}
}

func TestCoverage(t *testing.T) {
	asOf := d("2024-02-29")
	w := func(start, end string) Contract {
		return Contract{Kind: ContractWarranty, Provider: "Dell", Start: d(start), End: d(end)}
	}
	tests := []struct {
		name   string
		cs     []Contract
		want   CoverageState
		end    string
		reason string
	}{
		{"none", nil, CoverageNone, "", "no warranty"},
		{"active beyond window", []Contract{w("2023-01-01", "2024-05-30")}, CoverageActive, "2024-05-30", "runs until"},
		{"window edge is ending", []Contract{w("2023-01-01", "2024-05-29")}, CoverageEnding, "2024-05-29", "in 90 days"},
		{"ends today is ending", []Contract{w("2023-01-01", "2024-02-29")}, CoverageEnding, "2024-02-29", "today"},
		{"ended yesterday", []Contract{w("2023-01-01", "2024-02-28")}, CoverageExpired, "2024-02-28", "(1 day ago)"},
		{"the later contract decides", []Contract{w("2021-01-01", "2024-03-01"), {Kind: ContractSupport, Provider: "Acme", Start: d("2024-01-01"), End: d("2027-01-01")}}, CoverageActive, "2027-01-01", "Acme"},
		{"future only", []Contract{w("2024-03-01", "2026-03-01")}, CoverageNone, "2026-03-01", "starts on 2024-03-01"},
		{"gap before a renewal", []Contract{w("2020-01-01", "2024-01-31"), w("2024-03-01", "2026-03-01")}, CoverageExpired, "2024-01-31", "next one starts on 2024-03-01"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cv := CoverageOf(tc.cs, asOf, 90)
			if cv.State != tc.want || cv.End.String() != tc.end || !strings.Contains(cv.Reason, tc.reason) {
				t.Fatalf("got %+v", cv)
			}
		})
	}
	c := w("2023-01-01", "2024-03-10")
	a, ok := CoverageAlert("ST-1 X", Ref{"asset", 1}, CoverageOf([]Contract{c}, asOf, 90), 90)
	if !ok || a.Severity != SeverityWarning || a.Kind != AlertWarranty {
		t.Fatalf("%+v", a)
	}
	if _, ok := CoverageAlert("ST-1 X", Ref{"asset", 1}, CoverageOf([]Contract{w("2010-01-01", "2020-01-01")}, asOf, 90), 90); ok {
		t.Fatal("a lapse four years old raised an alert")
	}
}

type fakeCatalog map[string]CatalogMatch

func (f fakeCatalog) MatchOS(os string, _ Date, _ int) (CatalogMatch, bool) {
	m, ok := f["os:"+os]
	return m, ok
}
func (f fakeCatalog) MatchDevice(man, model string, _ Date, _ int) (CatalogMatch, bool) {
	m, ok := f["dev:"+man+"/"+model]
	return m, ok
}

func TestEvaluateEOL(t *testing.T) {
	cat := fakeCatalog{
		"os:Windows 10 Pro 22H2":   {Release: "Windows 10 22H2", EOL: d("2025-10-14")},
		"os:Ubuntu 22.04.4 LTS":    {Release: "Ubuntu 22.04", EOL: d("2027-04-01")},
		"os:FreeBSD 15":            {Release: "FreeBSD 15", Why: "the release has no announced end date"},
		"dev:Apple/iPhone 11":      {Release: "iPhone 11", EOL: d("2025-09-15")},
		"dev:Microsoft/Surface Go": {Release: "Surface Go", EOL: d("2023-01-01")},
		"dev:Raspberry/Pi 5":       {Release: "Raspberry Pi 5", Why: "no end of support is announced"},
	}
	asOf := d("2025-10-14")
	tests := []struct {
		name    string
		in      EOLInput
		want    EOLState
		date    string
		sources []string
		reason  string
	}{
		{"policy reached on anniversary", EOLInput{Category: "laptop", RefreshYears: 4, PurchaseDate: d("2021-10-14")}, EOLReached, "2025-10-14", []string{EOLSourcePolicy}, "4-year laptop refresh: bought 2021-10-14, replace on 2025-10-14 (today)"},
		{"policy from leap day", EOLInput{Category: "laptop", RefreshYears: 4, PurchaseDate: d("2024-02-29")}, EOLSupported, "2028-02-29", []string{EOLSourcePolicy}, "2028-02-29"},
		{"policy ending within window", EOLInput{Category: "phone", RefreshYears: 3, PurchaseDate: d("2022-12-01")}, EOLEnding, "2025-12-01", []string{EOLSourcePolicy}, "in 48 days"},
		// The OS is judged apart (EvaluateOSSupport): an unsupported OS does not end the hardware's life.
		{"the OS does not count", EOLInput{Category: "desktop", RefreshYears: 5, PurchaseDate: d("2023-01-01"), OS: "Windows 10 Pro 22H2"}, EOLSupported, "2028-01-01", []string{EOLSourcePolicy}, "5-year desktop refresh: bought 2023-01-01, replace on 2028-01-01"},
		{"date on the asset", EOLInput{Category: "other", EOLDate: d("2025-11-01")}, EOLEnding, "2025-11-01", []string{EOLSourceDate}, "end-of-life date set on the asset: 2025-11-01, in 18 days"},
		{"device catalog", EOLInput{Category: "phone", Manufacturer: "Apple", Model: "iPhone 11", OS: "Ubuntu 22.04.4 LTS"}, EOLReached, "2025-09-15", []string{EOLSourceDevice}, "iPhone 11 reached end of support"},
		{"most urgent wins, earliest among equals", EOLInput{Category: "tablet", RefreshYears: 1, PurchaseDate: d("2020-01-01"), Manufacturer: "Microsoft", Model: "Surface Go"}, EOLReached, "2021-01-01", []string{EOLSourcePolicy, EOLSourceDevice}, "Surface Go"},
		{"unknown: no policy, no model", EOLInput{Category: "other", OS: "Plan 9"}, EOLUnknown, "", nil, "unknown: the other category has no refresh policy; no model recorded to look up"},
		{"unknown: no purchase date", EOLInput{Category: "laptop", RefreshYears: 4}, EOLUnknown, "", nil, "no purchase date"},
		{"unknown: catalog has no date", EOLInput{Category: "other", Manufacturer: "Raspberry", Model: "Pi 5", OS: "FreeBSD 15"}, EOLUnknown, "", nil, "the catalog knows Raspberry Pi 5 but no end of support is announced"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := EvaluateEOL(tc.in, cat, asOf, 90)
			if r.State != tc.want || r.Date.String() != tc.date {
				t.Fatalf("got %s %s, want %s %s: %+v", r.State, r.Date, tc.want, tc.date, r.Reasons)
			}
			var srcs []string
			all := ""
			for _, x := range r.Reasons {
				if x.Source != "" {
					srcs = append(srcs, x.Source)
				}
				all += x.Text + "\n"
			}
			if strings.Join(srcs, ",") != strings.Join(tc.sources, ",") {
				t.Fatalf("sources %v, want %v", srcs, tc.sources)
			}
			if !strings.Contains(all, tc.reason) {
				t.Fatalf("reasons %q lack %q", all, tc.reason)
			}
		})
	}
	r := EvaluateEOL(EOLInput{Category: "laptop", RefreshYears: 4, PurchaseDate: d("2020-01-01")}, nil, asOf, 90)
	a, ok := EOLAlert("ST-1 Laptop", Ref{"asset", 1}, r)
	if !ok || a.Severity != SeverityCritical || !strings.Contains(a.Reason, "refresh") && !strings.Contains(a.Reason, "policy") {
		t.Fatalf("%+v", a)
	}
}

func TestTaskAlert(t *testing.T) {
	task := Task{ID: 9, Kind: TaskOSUpgrade, Due: d("2025-01-10"), Status: TaskPlanned}
	a, ok := TaskAlert(&task, "ST-1", d("2025-01-12"), 30)
	if !ok || a.Kind != AlertTaskOverdue || !strings.Contains(a.Reason, "2 days overdue") || a.Ref != (Ref{"task", 9}) {
		t.Fatalf("%+v", a)
	}
	if a, ok := TaskAlert(&task, "ST-1", d("2025-01-10"), 30); !ok || a.Kind != AlertTaskDue {
		t.Fatalf("due today: %+v", a)
	}
	if _, ok := TaskAlert(&task, "ST-1", d("2024-11-01"), 30); ok {
		t.Fatal("far task raised an alert")
	}
}

func TestEOLEarliestAgreesWithEvaluate(t *testing.T) {
	cat := fakeCatalog{"os:Debian 11": {Release: "Debian 11", EOL: d("2026-08-31")}, "dev:Apple/iPad 6": {Release: "iPad 6", EOL: d("2024-09-01")}}
	ins := []EOLInput{
		{Category: "laptop", RefreshYears: 4, PurchaseDate: d("2023-01-01"), OS: "Debian 11"},
		{Category: "tablet", Manufacturer: "Apple", Model: "iPad 6", EOLDate: d("2030-01-01")},
		{Category: "other", OS: "Plan 9"},
	}
	for _, in := range ins {
		e, ok := EOLEarliest(in, cat, d("2026-01-01"), 90)
		r := EvaluateEOL(in, cat, d("2026-01-01"), 90)
		if ok != (r.State != EOLUnknown) || ok && e != r.Date {
			t.Errorf("%+v: earliest %s %v, evaluate %s %s", in, e, ok, r.State, r.Date)
		}
	}
}

func TestEvaluateEOLBriefKeepsDecidingReasons(t *testing.T) {
	cat := fakeCatalog{"os:Debian 11": {Release: "Debian 11", EOL: d("2024-08-14")}, "dev:Dell/R640": {Release: "PowerEdge R640", EOL: d("2024-08-14")}}
	in := EOLInput{Category: "server", RefreshYears: 6, PurchaseDate: d("2023-01-01"), OS: "Debian 11", Manufacturer: "Dell", Model: "R640", EOLDate: d("2024-09-01")}
	full := EvaluateEOL(in, cat, d("2026-01-01"), 90)
	brief := EvaluateEOLBrief(in, cat, d("2026-01-01"), 90)
	if len(full.Reasons) != 3 || len(brief.Reasons) != 2 || brief.State != full.State || brief.Date != full.Date || brief.Reason() != full.Reason() {
		t.Fatalf("full %+v\nbrief %+v", full, brief)
	}
}
