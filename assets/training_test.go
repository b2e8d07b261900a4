package assets

import (
	"strings"
	"testing"
)

func TestExpiryFor(t *testing.T) {
	for _, tc := range []struct {
		months    int
		completed string
		want      string
	}{
		{12, "2025-03-15", "2026-03-15"},
		{12, "2024-02-29", "2025-02-28"}, // leap day clamps
		{1, "2025-01-31", "2025-02-28"},  // month end clamps
		{1, "2024-01-31", "2024-02-29"},
		{6, "2025-08-31", "2026-02-28"},
		{24, "2025-12-31", "2027-12-31"},
		{0, "2025-03-15", ""}, // once: never expires
		{12, "", ""},
	} {
		c := Course{RenewalMonths: tc.months}
		var done Date
		if tc.completed != "" {
			done = MustDate(tc.completed)
		}
		if got := c.ExpiryFor(done).String(); got != tc.want {
			t.Errorf("%d months from %s = %s, want %s", tc.months, tc.completed, got, tc.want)
		}
	}
}

func TestSetExpiryOverride(t *testing.T) {
	c := Course{RenewalMonths: 12}
	for _, tc := range []struct {
		name, override string
		wantExpiry     string
		wantOverride   bool
	}{
		{"computed", "", "2026-01-31", false},
		{"same as computed is no override", "2026-01-31", "2026-01-31", false},
		{"earlier by hand", "2025-07-31", "2025-07-31", true},
		{"later by hand", "2026-06-30", "2026-06-30", true},
	} {
		r := TrainingRecord{CompletedOn: MustDate("2025-01-31")}
		var o Date
		if tc.override != "" {
			o = MustDate(tc.override)
		}
		r.SetExpiry(c, o)
		if r.ExpiresOn.String() != tc.wantExpiry || r.Override != tc.wantOverride {
			t.Errorf("%s: got %s override=%v, want %s override=%v", tc.name, r.ExpiresOn, r.Override, tc.wantExpiry, tc.wantOverride)
		}
	}
	// A course done once can still be given an expiry by hand.
	r := TrainingRecord{CompletedOn: MustDate("2025-01-31")}
	r.SetExpiry(Course{}, MustDate("2027-01-01"))
	if !r.Override || r.ExpiresOn.String() != "2027-01-01" {
		t.Errorf("override on a once course: %+v", r)
	}
}

func TestMandatoryScopes(t *testing.T) {
	laptop := map[string]bool{"laptop": true}
	for _, tc := range []struct {
		name   string
		scopes []Scope
		holder Holder
		want   bool
	}{
		{"everyone", []Scope{{Kind: ScopeAll}}, Holder{Department: "Sales"}, true},
		{"everyone, no department", []Scope{{Kind: ScopeAll}}, Holder{}, true},
		{"optional course", nil, Holder{Department: "Sales", Categories: laptop}, false},
		{"department match any case", []Scope{{ScopeDepartment, "finance"}}, Holder{Department: "Finance"}, true},
		{"other department", []Scope{{ScopeDepartment, "Finance"}}, Holder{Department: "Sales"}, false},
		{"no department never matches", []Scope{{ScopeDepartment, "Finance"}}, Holder{}, false},
		{"laptop holder", []Scope{{ScopeCategory, "laptop"}}, Holder{Department: "Sales", Categories: laptop}, true},
		{"not a laptop holder", []Scope{{ScopeCategory, "laptop"}}, Holder{Categories: map[string]bool{"phone": true}}, false},
		{"any scope matches", []Scope{{ScopeDepartment, "Finance"}, {ScopeCategory, "laptop"}}, Holder{Department: "Sales", Categories: laptop}, true},
		{"leavers are never required", []Scope{{Kind: ScopeAll}}, Holder{Leaver: true}, false},
	} {
		c := Course{Name: "X", Mandatory: tc.scopes}
		c.Normalize()
		if got, _ := c.MandatoryFor(tc.holder); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNormalizeScopes(t *testing.T) {
	got := NormalizeScopes([]Scope{{ScopeCategory, " Laptop "}, {ScopeDepartment, "Sales"}, {ScopeDepartment, "sales"}, {ScopeCategory, "laptop"}})
	if len(got) != 2 || got[0] != (Scope{ScopeDepartment, "Sales"}) || got[1] != (Scope{ScopeCategory, "laptop"}) {
		t.Errorf("got %v", got)
	}
	if got := NormalizeScopes([]Scope{{ScopeDepartment, "Sales"}, {Kind: ScopeAll}}); len(got) != 1 || got[0].Kind != ScopeAll {
		t.Errorf("all should absorb the rest: %v", got)
	}
}

func TestStateOf(t *testing.T) {
	asOf := MustDate("2026-03-01")
	d := MustDate
	var none Date
	for _, tc := range []struct {
		name              string
		required          bool
		completed, expiry Date
		want              TrainingState
	}{
		{"mandatory, never done", true, none, none, TrainingMissing},
		{"optional, never done", false, none, none, TrainingNotRequired},
		{"done once, never expires", true, d("2020-01-01"), none, TrainingValid},
		{"valid, far off", true, d("2026-01-01"), d("2027-01-01"), TrainingValid},
		{"expires today: still valid, due soon", true, d("2025-03-01"), d("2026-03-01"), TrainingDueSoon},
		{"expired yesterday", true, d("2025-02-28"), d("2026-02-28"), TrainingOverdue},
		{"due on the last day of the window", true, d("2025-05-30"), d("2026-05-30"), TrainingDueSoon},
		{"just outside the window", true, d("2025-05-31"), d("2026-05-31"), TrainingValid},
		{"optional and expired", false, d("2024-01-01"), d("2025-01-01"), TrainingLapsed},
		{"optional, due soon is not flagged", false, d("2025-03-10"), d("2026-03-10"), TrainingValid},
	} {
		if got := StateOf(tc.required, tc.completed, tc.expiry, asOf, 90); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if !TrainingOverdue.Flagged() || !TrainingMissing.Flagged() || TrainingDueSoon.Flagged() || TrainingLapsed.Flagged() {
		t.Error("Flagged is wrong")
	}
}

func TestLeavers(t *testing.T) {
	asOf := MustDate("2026-03-01")
	for _, tc := range []struct {
		name          string
		p             Person
		assets, seats int
		leaver        bool
		risk          string
	}{
		{"active", Person{Status: PersonActive}, 2, 1, false, ""},
		{"marked left, holds a laptop", Person{Status: PersonLeft, LeaveDate: MustDate("2026-01-31")}, 1, 0, true, "left on 2026-01-31 but still holds 1 asset"},
		{"marked left, no date", Person{Status: PersonLeft}, 0, 2, true, "has left but still holds 2 licence seats"},
		{"leave date passed, status not updated", Person{Status: PersonActive, LeaveDate: MustDate("2026-02-28")}, 2, 1, true, "left on 2026-02-28 but still holds 2 assets and 1 licence seat"},
		{"leaves today: not yet a leaver", Person{Status: PersonActive, LeaveDate: MustDate("2026-03-01")}, 1, 0, false, ""},
		{"leaves next month", Person{Status: PersonOnLeave, LeaveDate: MustDate("2026-04-01")}, 1, 0, false, ""},
		{"left, holds nothing", Person{Status: PersonLeft}, 0, 0, true, ""},
	} {
		if got := IsLeaver(tc.p, asOf); got != tc.leaver {
			t.Errorf("%s: leaver %v, want %v", tc.name, got, tc.leaver)
		}
		if got := LeaverRisk(tc.p, asOf, tc.assets, tc.seats); got != tc.risk {
			t.Errorf("%s: risk %q, want %q", tc.name, got, tc.risk)
		}
	}
}

func TestParseLMSDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-05-01":                "2024-05-01",
		" 2024-05-01T10:00:00Z ":    "2024-05-01",
		"2024-05-01T23:30:00-05:00": "2024-05-01", // the day written, not the UTC day
		"2024-05-01T10:00:00.123Z":  "2024-05-01",
		"2024-05-01 10:00:00":       "2024-05-01",
		"2024-05-01T10:00":          "2024-05-01",
		"2024/05/01":                "2024-05-01",
		"":                          "",
	} {
		got, err := ParseLMSDate(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseLMSDate(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"01/05/2024", "05/01/2024", "yesterday", "2024-13-01", "2024-02-30T10:00:00Z"} {
		if _, err := ParseLMSDate(bad); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("ParseLMSDate(%q) err = %v, want a refusal naming the format", bad, err)
		}
	}
}

func TestParseScore(t *testing.T) {
	for in, want := range map[string]string{"85": "85", "85%": "85", " 92.5 % ": "92.5", "92,5": "92.5", "": "", "0": "0", "100": "100"} {
		got, err := ParseScore(in)
		if err != nil || FormatScore(got) != want {
			t.Errorf("ParseScore(%q) = %v, %v; want %s", in, FormatScore(got), err, want)
		}
	}
	for _, bad := range []string{"pass", "A+", "1,234.5", "NaN"} {
		if _, err := ParseScore(bad); err == nil {
			t.Errorf("ParseScore(%q) accepted", bad)
		}
	}
}

func TestTrainingRecordValidate(t *testing.T) {
	asOf := MustDate("2026-03-01")
	score := func(v float64) *float64 { return &v }
	ok := TrainingRecord{PersonID: 1, CourseID: 1, CompletedOn: MustDate("2026-01-10"), Score: score(80)}
	if err := ok.Validate(asOf); err != nil {
		t.Fatalf("valid record refused: %v", err)
	}
	for name, mut := range map[string]func(r *TrainingRecord){
		"completed_on": func(r *TrainingRecord) { r.CompletedOn = MustDate("2026-03-02") },
		"expires_on":   func(r *TrainingRecord) { r.ExpiresOn = MustDate("2026-01-09") },
		"score":        func(r *TrainingRecord) { r.Score = score(101) },
		"email":        func(r *TrainingRecord) { r.PersonID = 0 },
		"course":       func(r *TrainingRecord) { r.CourseID = 0 },
	} {
		r := ok
		mut(&r)
		err := r.Validate(asOf)
		if err == nil || !strings.HasPrefix(err.Error(), name+":") {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

func TestCourseValidate(t *testing.T) {
	c := Course{Name: "Security awareness", RenewalMonths: 12, Mandatory: []Scope{{ScopeCategory, "Laptop"}}}
	c.Normalize()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := Course{RenewalMonths: -1, Mandatory: []Scope{{ScopeDepartment, ""}}}
	bad.Normalize()
	err := bad.Validate()
	for _, want := range []string{"name:", "renewal_months:", "mandatory:"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %s", err, want)
		}
	}
}

func TestComplianceCell(t *testing.T) {
	var c ComplianceCell
	for _, st := range []TrainingState{TrainingValid, TrainingDueSoon, TrainingOverdue, TrainingMissing, TrainingNotRequired, TrainingLapsed} {
		c.Add(st)
	}
	if c.Required != 4 || c.Compliant != 2 || c.DueSoon != 1 || c.Overdue != 1 || c.Missing != 1 || c.Percent() != 50 {
		t.Errorf("got %+v %.0f%%", c, c.Percent())
	}
	if (ComplianceCell{}).Percent() != 100 {
		t.Error("an empty cell is fully compliant")
	}
}
