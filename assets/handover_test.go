package assets

import (
	"strings"
	"testing"
)

func TestReturnOverdueAlert(t *testing.T) {
	out := MustDate("2026-02-01")
	base := Handover{AssetID: 7, AssetTag: "ST-000007", AssetName: "Camera", PersonName: "Ann Archer", CheckedOut: out, DueBack: MustDate("2026-02-20")}
	returned := base
	returned.CheckedIn = MustDate("2026-02-25")
	noDate := base
	noDate.DueBack = Date{}
	for _, tc := range []struct {
		name string
		h    Handover
		asOf string
		ok   bool
		sev  Severity
		want string
	}{
		{"before the date", base, "2026-02-19", false, 0, ""},
		{"on the date", base, "2026-02-20", false, 0, ""},
		{"a day late", base, "2026-02-21", true, SeverityWarning, "1 day overdue: Ann Archer should have brought it back on 2026-02-20 (out since 2026-02-01)"},
		{"thirty days late", base, "2026-03-22", true, SeverityWarning, "30 days overdue"},
		{"a month late is critical", base, "2026-03-23", true, SeverityCritical, "31 days overdue"},
		{"returned", returned, "2026-04-01", false, 0, ""},
		{"no return date", noDate, "2026-04-01", false, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, ok := ReturnOverdueAlert(tc.h, AlertOptions{AsOf: MustDate(tc.asOf)})
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tc.ok, a)
			}
			if !ok {
				return
			}
			if a.Kind != AlertReturnOverdue || a.Severity != tc.sev || a.Subject != "ST-000007 Camera" || a.Ref != (Ref{"asset", 7}) ||
				a.Date != tc.h.DueBack || !strings.Contains(a.Reason, tc.want) {
				t.Fatalf("alert %+v", a)
			}
		})
	}
}

func TestDueBackText(t *testing.T) {
	h := Handover{DueBack: MustDate("2026-03-10")}
	for asOf, want := range map[string]string{
		"2026-03-01": "due back 2026-03-10, in 9 days",
		"2026-03-09": "due back 2026-03-10, in 1 day",
		"2026-03-10": "due back today (2026-03-10)",
		"2026-03-16": "due back 2026-03-10, 6 days overdue",
	} {
		if got := h.DueBackText(MustDate(asOf)); got != want {
			t.Errorf("%s: %q, want %q", asOf, got, want)
		}
	}
	h.CheckedIn = MustDate("2026-03-11")
	if got := h.DueBackText(MustDate("2026-03-16")); got != "" {
		t.Errorf("returned: %q", got)
	}
}

func TestCheckInResult(t *testing.T) {
	a := Asset{Tag: "ST-1", Status: StatusDeployed, Location: "HQ", AssignedTo: 3}
	for _, tc := range []struct {
		c        CheckIn
		status   Status
		location string
	}{
		{CheckIn{}, StatusInStock, "HQ"},
		{CheckIn{Status: StatusInRepair, Location: " Workshop "}, StatusInRepair, "Workshop"},
		{CheckIn{Status: StatusRetired}, StatusRetired, "HQ"},
	} {
		st, loc := tc.c.Result(a)
		if st != tc.status || loc != tc.location {
			t.Errorf("%+v: %s %q, want %s %q", tc.c, st, loc, tc.status, tc.location)
		}
	}
	inRepair := a
	inRepair.Status = StatusInRepair
	if st, _ := (&CheckIn{}).Result(inRepair); st != StatusInRepair {
		t.Errorf("in repair by default becomes %s", st)
	}
	c := CheckIn{On: MustDate("2026-01-01"), Condition: "Damaged", Status: "in repair"}
	if err := c.Validate(a, Handover{}); err != nil || c.Condition != ConditionDamaged {
		t.Errorf("a condition's label: %v, %q", err, c.Condition)
	}
	c = CheckIn{On: MustDate("2026-01-01"), Condition: ConditionDamaged, Status: "in repair"}
	if err := c.Validate(a, Handover{}); err != nil || c.Status != StatusInRepair {
		t.Errorf("valid check-in: %v, status %q", err, c.Status)
	}
}

func TestParseCondition(t *testing.T) {
	for in, want := range map[string]Condition{"": "", "good": ConditionGood, " Damaged ": ConditionDamaged, "FAULTY": ConditionFaulty} {
		if got, err := ParseCondition(in); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	if _, err := ParseCondition("broken"); err == nil {
		t.Error("broken is not a condition")
	}
	for _, c := range Conditions {
		if c.Label() == string(c) {
			t.Errorf("%s has no label", c)
		}
	}
}

func TestBulkChangeOutcome(t *testing.T) {
	noah := Person{ID: 9, Name: "Noah O'Brien"}
	free := Asset{ID: 1, Tag: "ST-1", Status: StatusInStock, Category: "laptop", Location: "HQ"}
	held := Asset{ID: 2, Tag: "ST-2", Status: StatusDeployed, Category: "laptop", Location: "HQ", AssignedTo: 4, AssignedName: "Ann"}
	mine := Asset{ID: 3, Tag: "ST-3", Status: StatusDeployed, Category: "laptop", AssignedTo: 9, AssignedName: "Noah O'Brien"}
	retired := Asset{ID: 4, Tag: "ST-4", Status: StatusRetired, Category: "laptop"}

	to := BulkChange{SetHolder: true, Holder: noah, On: MustDate("2026-03-01")}
	if o := to.Outcome(free); !o.CheckOut || o.CheckIn || o.After.Status != StatusDeployed || o.After.AssignedTo != 9 || len(o.Changes) != 2 {
		t.Errorf("free to Noah: %+v", o)
	}
	if o := to.Outcome(held); !o.CheckOut || !o.CheckIn || o.After.AssignedName != "Noah O'Brien" {
		t.Errorf("Ann's to Noah: %+v", o)
	}
	if o := to.Outcome(mine); o.CheckOut || len(o.Changes) != 0 {
		t.Errorf("Noah's to Noah: %+v", o)
	}
	if o := to.Outcome(retired); o.Refused == "" || o.CheckOut {
		t.Errorf("retired to Noah: %+v", o)
	}
	back := BulkChange{SetHolder: true, On: MustDate("2026-03-01")}
	if o := back.Outcome(held); !o.CheckIn || o.After.AssignedTo != 0 || o.After.Status != StatusInStock {
		t.Errorf("Ann's back: %+v", o)
	}
	if o := back.Outcome(free); len(o.Changes) != 0 {
		t.Errorf("free back: %+v", o)
	}
	retire := BulkChange{Status: StatusRetired, Location: "Store"}
	o := retire.Outcome(held)
	if o.CheckIn || o.After.AssignedTo != 4 || BulkHistoryText(o.Changes) != "status: Deployed -> Retired; location: HQ -> Store" {
		t.Errorf("retire Ann's: %+v %q", o, BulkHistoryText(o.Changes))
	}
	// An explicit status wins over the hand-over's usual one.
	repair := BulkChange{Status: StatusInRepair, SetHolder: true, Holder: noah, On: MustDate("2026-03-01")}
	if o := repair.Outcome(free); o.After.Status != StatusInRepair || !o.CheckOut {
		t.Errorf("to Noah in repair: %+v", o)
	}
	for _, bad := range []BulkChange{{}, {Status: "broken"}, {Category: "no/slash"}, {SetHolder: true}, {SetHolder: true, Holder: Person{ID: 2, Name: "Gone", Status: PersonLeft}, On: MustDate("2026-03-01")}} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	ok := BulkChange{Status: "retired", Category: " Laptop ", Location: " HQ "}
	if err := ok.Validate(); err != nil || ok.Status != StatusRetired || ok.Category != "laptop" || ok.Location != "HQ" {
		t.Errorf("valid change: %+v %v", ok, err)
	}
}
