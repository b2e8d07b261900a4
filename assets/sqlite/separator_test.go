package sqlite_test

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite/fixture"
)

// TestAlertsSurviveSeparatorsInStoredFields: the fast readers pack rows
// with 0x1f between fields and 0x1e between rows. A register that already
// holds those characters (written before input refused them, or by hand
// with SQL) must still give every alert: the clean rows' alerts exactly as
// on the clean register, and the dirty rows' alerts with their text as
// stored. Each dirty row sits in the id ranges of clean ones, so the
// ranges fall back to the per-row read.
func TestAlertsSurviveSeparatorsInStoredFields(t *testing.T) {
	for _, sep := range []string{"\x1f", "\x1e"} {
		t.Run(strings.ReplaceAll(strings.ReplaceAll(sep, "\x1f", "unit"), "\x1e", "record"), func(t *testing.T) {
			s := openTest(t)
			ctx := context.Background()
			if err := fixture.Build(ctx, s, fixture.Size{Assets: 2000, Licences: 200, Tasks: 400, SoftwarePerAsset: 1}); err != nil {
				t.Fatal(err)
			}
			opt := assets.AlertOptions{AsOf: fixture.AsOf}
			clean, err := s.Alerts(ctx, opt)
			if err != nil {
				t.Fatal(err)
			}
			page := []int64{1, 2, 3, 4, 5, 2500}
			cleanFlags, err := s.FlagsFor(ctx, page, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(clean) < 100 {
				t.Fatalf("only %d alerts on the clean register", len(clean))
			}
			bad := func(s string) string { return "Bad" + sep + s }
			stamp := "2026-01-01T00:00:00Z"
			soon := fixture.AsOf.AddDays(10).String()
			past := fixture.AsOf.AddDays(-10).String()
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := s.DB().ExecContext(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			// Ids inside the clean ranges (the fixture's ids run 1..2000).
			exec("INSERT INTO categories(name,label,refresh_years) VALUES (?,?,4)", bad("cat"), bad("Cat"))
			exec("INSERT INTO people(id,name,email,department,status,leave_date,created,updated) VALUES (5001,?,?,?,'left',?,?,?)",
				bad("Leaver"), "leaver@example.org", bad("Dept"), past, stamp, stamp)
			exec(`INSERT INTO assets(id,tag,name,category,manufacturer,model,os,status,purchase_date,eol_date,assigned_to,created,updated)
				VALUES (2500,'BAD-1',?,?,?,?,?,'deployed','2019-01-01',?,5001,?,?)`,
				bad("Name"), bad("cat"), bad("Maker"), bad("Model"), bad("OS"), past, stamp, stamp)
			exec("INSERT INTO contracts(id,kind,provider,reference,level,start_date,end_date,created,updated) VALUES (9001,'support',?,?,?,'2025-01-01',?,?,?)",
				bad("Provider"), bad("Ref"), bad("Level"), soon, stamp, stamp)
			exec("INSERT INTO contract_assets(contract_id,asset_id) VALUES (9001,2500)")
			exec("INSERT INTO licences(id,product,vendor,edition,type,seats,expiry_date,created,updated) VALUES (9001,?,?,?,'per_seat',1,?,?,?)",
				bad("Product"), bad("Vendor"), bad("Edition"), soon, stamp, stamp)
			exec("INSERT INTO tasks(id,kind,title,due,status,created,updated) VALUES (9001,'upgrade',?,?,'planned',?,?)", bad("Task"), soon, stamp, stamp)
			exec("INSERT INTO task_assets(task_id,asset_id) VALUES (9001,2500)")

			got, err := s.Alerts(ctx, opt)
			if err != nil {
				t.Fatalf("alerts on a register holding %q: %v", sep, err)
			}
			// A page of assets with the dirty one: its flags as stored, the
			// others' as before.
			flags, err := s.FlagsFor(ctx, page, opt)
			if err != nil {
				t.Fatalf("flags on a page holding %q: %v", sep, err)
			}
			for _, id := range page[:5] {
				if !reflect.DeepEqual(flags[id], cleanFlags[id]) {
					t.Errorf("asset %d's flags changed beside the dirty one:\n%+v\n%+v", id, flags[id], cleanFlags[id])
				}
			}
			if f, ok := flags[2500]; !ok || f.EOL.State != assets.EOLReached || f.Coverage.Contract == nil || f.Coverage.Contract.Provider != bad("Provider") {
				t.Errorf("the dirty asset's flags: %+v", flags[2500])
			}
			dirty := map[assets.Ref]bool{{Entity: "asset", ID: 2500}: true, {Entity: "person", ID: 5001}: true,
				{Entity: "licence", ID: 9001}: true, {Entity: "task", ID: 9001}: true}
			var rest, mine []string
			for _, a := range got {
				line, _ := json.Marshal(a)
				if dirty[a.Ref] {
					mine = append(mine, string(line))
				} else {
					rest = append(rest, string(line))
				}
			}
			var want []string
			for _, a := range clean {
				line, _ := json.Marshal(a)
				want = append(want, string(line))
			}
			if !slices.Equal(rest, want) {
				t.Errorf("the clean rows' alerts changed: %d now, %d on the clean register", len(rest), len(want))
			}
			// Every dirty record raises its alert, naming it as stored.
			for _, w := range []struct{ kind, subject string }{
				{assets.AlertEOL, "BAD-1 " + bad("Name")},
				{assets.AlertWarranty, "BAD-1 " + bad("Name")},
				{assets.AlertLicenceExpiry, bad("Product") + " " + bad("Edition") + " (" + bad("Vendor") + ")"},
				{assets.AlertTaskDue, "BAD-1"},
				{"leaver_holding", bad("Leaver") + " <leaver@example.org>"},
			} {
				found := false
				for _, a := range got {
					if a.Kind == w.kind && dirty[a.Ref] && a.Subject == w.subject {
						found = true
					}
				}
				if !found {
					t.Errorf("no %s alert for %q among the dirty rows' alerts:\n%s", w.kind, w.subject, strings.Join(mine, "\n"))
				}
			}
			for _, a := range got {
				if a.Kind == assets.AlertWarranty && a.Ref.ID == 2500 && !strings.Contains(a.Reason, bad("Provider")) {
					t.Errorf("warranty reason lost the provider as stored: %q", a.Reason)
				}
			}
		})
	}
}

// TestHugeWarnDaysDropsNoAlert: a wider warning window never loses an
// alert that a narrower one gives; a window past any date (2^40 days)
// gives what the widest allowed one gives.
func TestHugeWarnDaysDropsNoAlert(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := fixture.Build(ctx, s, fixture.Size{Assets: 1000, Licences: 100, Tasks: 300, SoftwarePerAsset: 1}); err != nil {
		t.Fatal(err)
	}
	keys := func(warn int) map[string]bool {
		t.Helper()
		got, err := s.Alerts(ctx, assets.AlertOptions{AsOf: fixture.AsOf, WarnDays: warn})
		if err != nil {
			t.Fatalf("warn %d: %v", warn, err)
		}
		out := map[string]bool{}
		for _, a := range got {
			out[a.Kind+" "+a.Ref.Entity+" "+strconv.FormatInt(a.Ref.ID, 10)] = true
		}
		return out
	}
	widest := keys(assets.MaxWarnDays)
	for _, warn := range []int{1 << 20, 1 << 40, math.MaxInt} {
		huge := keys(warn)
		lost := 0
		for k := range widest {
			if !huge[k] {
				lost++
			}
		}
		if lost > 0 || len(huge) != len(widest) {
			t.Errorf("warn-days %d: %d alerts, %d of the %d at %d days lost", warn, len(huge), lost, len(widest), assets.MaxWarnDays)
		}
	}
}

// TestUpdatePersonRefusesManagerCycle: the form's path (UpdatePerson)
// refuses a manager that closes a circle, naming it, and the import's path
// (ImportPeople, for any caller) refuses one formed within one import.
func TestUpdatePersonRefusesManagerCycle(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ann := assets.Person{Name: "Ann", Email: "ann@x.org"}
	if err := s.CreatePerson(ctx, &ann); err != nil {
		t.Fatal(err)
	}
	bob := assets.Person{Name: "Bob", Email: "bob@x.org", ManagerID: ann.ID}
	if err := s.CreatePerson(ctx, &bob); err != nil {
		t.Fatal(err)
	}
	ann.ManagerID = bob.ID
	err := s.UpdatePerson(ctx, &ann)
	want := "manager: managers cannot go round in a circle: Ann <ann@x.org> would report to Bob <bob@x.org>, who reports to Ann <ann@x.org>"
	if err == nil || err.Error() != want || assets.KindOf(err) != assets.KindInvalid {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	_, err = s.ImportPeople(ctx, []assets.PersonImport{
		{Person: assets.Person{Name: "Cat", Email: "cat@x.org", Status: assets.PersonActive}, ManagerEmail: "dan@x.org"},
		{Person: assets.Person{Name: "Dan", Email: "dan@x.org", Status: assets.PersonActive}, ManagerEmail: "cat@x.org"},
	}, false)
	if err == nil || !strings.Contains(err.Error(), "Cat <cat@x.org> would report to Dan <dan@x.org>, who reports to Cat <cat@x.org>") {
		t.Fatalf("import: %v", err)
	}
	if _, err := s.PersonByEmail(ctx, "cat@x.org"); assets.KindOf(err) != assets.KindNotFound {
		t.Fatalf("a refused import left Cat: %v", err)
	}
}
