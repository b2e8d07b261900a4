package assets

import (
	"encoding/json"
	"testing"
)

// The alerts of the training and leaver rules, word for word, from plain
// values: what `steward alerts` prints for them.
func TestTrainingAlert(t *testing.T) {
	asOf := d("2026-03-01")
	all := Scope{Kind: ScopeAll}
	sales := Scope{Kind: ScopeDepartment, Value: "Sales"}
	laptop := Scope{Kind: ScopeCategory, Value: "laptop"}
	tests := []struct {
		name    string
		st      TrainingState
		because Scope
		expires string
		want    string // JSON of the alert; "" for none
	}{
		{"never done: dated today", TrainingMissing, all, "",
			`{"kind":"training_overdue","severity":"warning","subject":"Ann Lee \u003cann@example.com\u003e: Security awareness","reason":"never completed; mandatory for everyone","ref":{"entity":"person","id":7},"date":"2026-03-01"}`},
		{"expired: dated the expiry", TrainingOverdue, sales, "2026-02-28",
			`{"kind":"training_overdue","severity":"warning","subject":"Ann Lee \u003cann@example.com\u003e: Security awareness","reason":"expired on 2026-02-28; mandatory for the Sales department","ref":{"entity":"person","id":7},"date":"2026-02-28"}`},
		{"due soon", TrainingDueSoon, laptop, "2026-03-31",
			`{"kind":"training_due","severity":"info","subject":"Ann Lee \u003cann@example.com\u003e: Security awareness","reason":"expires on 2026-03-31 (in 30 days); renew it","ref":{"entity":"person","id":7},"date":"2026-03-31"}`},
		{"due today", TrainingDueSoon, all, "2026-03-01",
			`{"kind":"training_due","severity":"info","subject":"Ann Lee \u003cann@example.com\u003e: Security awareness","reason":"expires on 2026-03-01 (today); renew it","ref":{"entity":"person","id":7},"date":"2026-03-01"}`},
		{"valid", TrainingValid, all, "2027-01-01", ""},
		{"not required", TrainingNotRequired, Scope{}, "", ""},
		{"lapsed optional course", TrainingLapsed, Scope{}, "2025-01-01", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var exp Date
			if tt.expires != "" {
				exp = d(tt.expires)
			}
			a, ok := TrainingAlert(7, "Ann Lee", "ann@example.com", "Security awareness", tt.because, tt.st, exp, asOf)
			if tt.want == "" {
				if ok {
					t.Fatalf("raised %+v", a)
				}
				return
			}
			if !ok {
				t.Fatal("no alert")
			}
			got, _ := json.Marshal(a)
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	// Someone known by e-mail alone is named by it.
	a, _ := TrainingAlert(8, "", "bob@example.com", "First aid", all, TrainingMissing, Date{}, asOf)
	if a.Subject != "<bob@example.com>: First aid" {
		t.Errorf("subject %q", a.Subject)
	}
}

func TestLeaverAlert(t *testing.T) {
	asOf := d("2026-03-01")
	left := Person{ID: 3, Name: "Cy Dunn", Email: "cy@example.com", Status: PersonLeft, LeaveDate: d("2026-01-31")}
	leftNoDate := Person{ID: 4, Name: "Di Eve", Email: "di@example.com", Status: PersonLeft}
	leaving := Person{ID: 5, Name: "Ed Fox", Email: "ed@example.com", Status: PersonActive, LeaveDate: d("2026-02-28")}
	lastDay := Person{ID: 6, Name: "Flo Gee", Email: "flo@example.com", Status: PersonActive, LeaveDate: asOf}
	tests := []struct {
		name  string
		p     Person
		tags  []string
		seats int
		want  string
	}{
		{"assets and seats", left, []string{"ST-000001", "ST-000002"}, 1,
			`{"kind":"leaver_holding","severity":"critical","subject":"Cy Dunn \u003ccy@example.com\u003e","reason":"left on 2026-01-31 but still holds 2 assets and 1 licence seat (ST-000001, ST-000002): recover them and revoke access","ref":{"entity":"person","id":3},"date":"2026-01-31"}`},
		{"seats only, no leave date", leftNoDate, nil, 3,
			`{"kind":"leaver_holding","severity":"critical","subject":"Di Eve \u003cdi@example.com\u003e","reason":"has left but still holds 3 licence seats: recover them and revoke access","ref":{"entity":"person","id":4},"date":null}`},
		{"leave date passed, still active", leaving, []string{"ST-000009"}, 0,
			`{"kind":"leaver_holding","severity":"critical","subject":"Ed Fox \u003ced@example.com\u003e","reason":"left on 2026-02-28 but still holds 1 asset (ST-000009): recover them and revoke access","ref":{"entity":"person","id":5},"date":"2026-02-28"}`},
		{"holds nothing", left, nil, 0, ""},
		{"last day is still a working day", lastDay, []string{"ST-000010"}, 2, ""},
		{"not a leaver", Person{ID: 9, Name: "Gus", Email: "gus@example.com", Status: PersonOnLeave}, []string{"ST-000011"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := LeaverAlert(tt.p, asOf, tt.tags, tt.seats)
			if tt.want == "" {
				if ok {
					t.Fatalf("raised %+v", a)
				}
				return
			}
			if !ok {
				t.Fatal("no alert")
			}
			got, _ := json.Marshal(a)
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// Every kind a rule raises is listed in AlertKinds, once.
func TestAlertKindsListed(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range AlertKinds {
		if k == "" || seen[k] {
			t.Errorf("kind %q empty or listed twice", k)
		}
		seen[k] = true
	}
	asOf := d("2026-03-01")
	var raised []Alert
	add := func(a Alert, ok bool) {
		if !ok {
			t.Fatalf("rule raised nothing")
		}
		raised = append(raised, a)
	}
	add(EOLAlert("x", Ref{}, EOLResult{State: EOLReached}))
	add(OSSupportAlert("x", Ref{}, OSSupport{State: EOLReached}))
	add(CoverageAlert("x", Ref{}, Coverage{State: CoverageEnding}, 90))
	raised = append(raised, LicenceAlerts(&Licence{}, Compliance{Shortfall: 1, Term: TermExpired})...)
	add(TaskAlert(&Task{Kind: TaskUpgrade, Status: TaskPlanned, Due: d("2026-01-01")}, "x", asOf, 90))
	add(TaskAlert(&Task{Kind: TaskUpgrade, Status: TaskPlanned, Due: d("2026-03-02")}, "x", asOf, 90))
	add(TrainingAlert(1, "a", "", "c", Scope{Kind: ScopeAll}, TrainingMissing, Date{}, asOf))
	add(TrainingAlert(1, "a", "", "c", Scope{Kind: ScopeAll}, TrainingDueSoon, asOf, asOf))
	add(LeaverAlert(Person{Status: PersonLeft}, asOf, nil, 1))
	add(AuditDueAlert(AuditDue{IntervalMonths: 12, Since: d("2020-01-01")}, AlertOptions{AsOf: asOf}))
	add(ReturnOverdueAlert(Handover{AssetTag: "x", DueBack: d("2026-02-01"), CheckedOut: d("2026-01-01")}, AlertOptions{AsOf: asOf}))
	for _, a := range raised {
		if !seen[a.Kind] {
			t.Errorf("kind %q is not in AlertKinds", a.Kind)
		}
		delete(seen, a.Kind)
	}
	for k := range seen {
		t.Errorf("kind %q in AlertKinds but raised by no rule here", k)
	}
}

func TestTaskSubject(t *testing.T) {
	for _, tc := range []struct {
		tags []string
		want string
	}{
		{nil, "Firmware"},
		{[]string{"ST-1"}, "ST-1"},
		{[]string{"ST-1", "ST-2", "ST-3"}, "ST-1, ST-2, ST-3"},
		{[]string{"ST-1", "ST-2", "ST-3", "ST-4"}, "ST-1, ST-2 and 2 more"},
	} {
		task := Task{Kind: TaskFirmware, AssetTags: tc.tags}
		if got := TaskSubject(&task); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.tags, got, tc.want)
		}
	}
}
