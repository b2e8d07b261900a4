package storetest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"steward/assets"
)

// alertsAsOf is the day the alert cases look from.
var alertsAsOf = date("2026-03-15")

// alertsRegister is what buildAlertsRegister made: the records the cases
// look at again.
type alertsRegister struct {
	oldLaptop, macBook, iPhone, desktop, retired, ubuntuServer, plan9 assets.Asset
	ada, bob, cy, dee                                                 assets.Person
}

// buildAlertsRegister makes a small register that raises every kind of
// alert, through the stores' own methods: assets of several categories
// whose purchase dates, end-of-life dates, models and OS strings hit the
// refresh policies and the bundled catalog; warranties ending and ended;
// licences short of seats, expiring and expired; tasks overdue, due and
// far off; people missing, overdue and due on mandatory training; a
// leaver still holding an asset and a seat; an audit interval; a loan not
// back.
func buildAlertsRegister(t *testing.T, s AlertStore) alertsRegister {
	t.Helper()
	var r alertsRegister
	asset := func(tag, name, category string, status assets.Status, f func(*assets.Asset)) assets.Asset {
		a := assets.Asset{Tag: tag, Name: name, Category: category, Status: status}
		if f != nil {
			f(&a)
		}
		must(t, s.CreateAsset(ctx, &a))
		return a
	}
	r.oldLaptop = asset("AL-001", "Old ThinkPad", "laptop", assets.StatusDeployed, func(a *assets.Asset) {
		a.Manufacturer, a.Model, a.OS, a.PurchaseDate = "Lenovo", "ThinkPad T480", "Windows 10 Pro 22H2", date("2019-01-10")
	})
	r.macBook = asset("AL-002", "MacBook Air", "laptop", assets.StatusDeployed, func(a *assets.Asset) {
		a.Manufacturer, a.Model, a.OS, a.PurchaseDate = "Apple", "MacBook Air M2", "macOS 14.5", date("2025-06-01")
	})
	r.iPhone = asset("AL-003", "iPhone", "phone", assets.StatusDeployed, func(a *assets.Asset) {
		a.Manufacturer, a.Model, a.OS, a.PurchaseDate = "Apple", "iPhone 11", "iOS 17.6", date("2023-05-20")
	})
	r.desktop = asset("al-004", "Reception PC", "desktop", assets.StatusInStock, func(a *assets.Asset) {
		a.Manufacturer, a.Model, a.OS, a.PurchaseDate, a.EOLDate = "Dell", "OptiPlex 7070", "Windows 11 Pro 23H2", date("2021-04-01"), date("2026-04-30")
	})
	r.retired = asset("AL-005", "Old server", "server", assets.StatusRetired, func(a *assets.Asset) {
		a.OS, a.PurchaseDate, a.EOLDate = "Windows Server 2012 R2", date("2012-01-01"), date("2020-01-01")
	})
	r.ubuntuServer = asset("AL-006", "Ubuntu box", "server", assets.StatusDeployed, func(a *assets.Asset) {
		a.Manufacturer, a.Model, a.OS, a.PurchaseDate = "HPE", "ProLiant DL380 Gen10", "Ubuntu 20.04.6 LTS", date("2020-03-15")
	})
	r.plan9 = asset("AL-007", "Lab box", "other", assets.StatusDeployed, func(a *assets.Asset) {
		a.OS, a.EOLDate = "Plan 9 4th edition", date("2026-03-15")
	})
	asset("AL-008", "Spare monitor", "monitor", assets.StatusInStock, func(a *assets.Asset) { a.PurchaseDate = date("2024-01-01") })
	asset("AL-009", "Lost tablet", "tablet", assets.StatusLost, func(a *assets.Asset) { a.PurchaseDate = date("2015-01-01") })

	person := func(name, email, dept string) assets.Person {
		p := assets.Person{Name: name, Email: email, Department: dept}
		must(t, s.CreatePerson(ctx, &p))
		return p
	}
	r.ada = person("Ada Lovelace", "ada@example.com", "IT")
	r.bob = person("Bob Leaver", "bob@example.com", "Sales")
	r.cy = person("Cy Young", "cy@example.com", "Sales")
	r.dee = person("Dee", "dee@example.com", "IT")

	contract := func(kind assets.ContractKind, provider, ref string, start, end assets.Date, ids ...int64) {
		c := assets.Contract{Kind: kind, Provider: provider, Reference: ref, Start: start, End: end, AssetIDs: ids}
		must(t, s.CreateContract(ctx, &c))
	}
	contract(assets.ContractWarranty, "Apple", "AC+ 1", date("2025-06-01"), date("2026-05-01"), r.macBook.ID)
	contract(assets.ContractWarranty, "Dell", "ProSupport", date("2021-04-01"), date("2026-02-01"), r.desktop.ID)
	contract(assets.ContractSupport, "Lenovo", "Old", date("2019-01-10"), date("2022-01-10"), r.oldLaptop.ID)
	contract(assets.ContractSupport, "HPE", "Care Pack", date("2020-03-15"), date("2026-06-01"), r.ubuntuServer.ID, r.plan9.ID)
	contract(assets.ContractWarranty, "HPE", "Base", date("2020-03-15"), date("2023-03-15"), r.ubuntuServer.ID)

	licence := func(l assets.Licence, people ...assets.Person) assets.Licence {
		must(t, s.CreateLicence(ctx, &l))
		for _, p := range people {
			must(t, s.AssignSeat(ctx, &assets.SeatAssignment{LicenceID: l.ID, PersonID: p.ID, Assigned: date("2026-01-05")}))
		}
		return l
	}
	office := licence(assets.Licence{Product: "Office", Vendor: "Microsoft", Edition: "E3", Type: assets.LicencePerSeat, Seats: 2}, r.ada, r.bob, r.cy)
	licence(assets.Licence{Product: "Acrobat", Vendor: "Adobe", Type: assets.LicenceSubscription, Seats: 5, Expiry: date("2026-04-10")}, r.ada)
	licence(assets.Licence{Product: "Visio", Vendor: "Microsoft", Type: assets.LicencePerSeat, Seats: 1, Expiry: date("2026-01-01")}, r.cy)
	licence(assets.Licence{Product: "Project", Vendor: "Microsoft", Type: assets.LicencePerSeat, Seats: 1, Expiry: date("2025-12-31")})
	licence(assets.Licence{Product: "Zoom", Type: assets.LicenceSite, Expiry: date("2027-01-01")}, r.dee)
	seat := assets.SeatAssignment{LicenceID: office.ID, AssetID: r.oldLaptop.ID, Assigned: date("2026-01-06")}
	must(t, s.AssignSeat(ctx, &seat))

	task := func(kind assets.TaskKind, title string, due assets.Date, ids ...int64) {
		tk := assets.Task{Kind: kind, Title: title, Due: due, AssetIDs: ids}
		must(t, s.CreateTask(ctx, &tk))
	}
	task(assets.TaskReplacement, "", date("2026-03-01"), r.oldLaptop.ID)
	task(assets.TaskOSUpgrade, "Windows 11 upgrade", date("2026-04-01"), r.oldLaptop.ID, r.macBook.ID, r.iPhone.ID, r.desktop.ID)
	task(assets.TaskMaintenance, "Clean the server room", date("2026-03-20"))
	task(assets.TaskFirmware, "", date("2027-01-01"), r.ubuntuServer.ID)
	task(assets.TaskUpgrade, "RAM", date("2026-06-13"), r.iPhone.ID, r.desktop.ID)

	course := func(name string, months int, scopes ...assets.Scope) assets.Course {
		c := assets.Course{Name: name, RenewalMonths: months, Mandatory: scopes}
		must(t, s.SaveCourse(ctx, &c))
		return c
	}
	sec := course("Security awareness", 12, assets.Scope{Kind: assets.ScopeAll})
	gdpr := course("GDPR", 24, assets.Scope{Kind: assets.ScopeDepartment, Value: "Sales"})
	phones := course("Mobile device policy", 0, assets.Scope{Kind: assets.ScopeCategory, Value: "phone"})
	course("Optional Excel", 0)
	_, err := s.RecordTraining(ctx, []assets.TrainingRecord{
		{PersonID: r.ada.ID, CourseID: sec.ID, CompletedOn: date("2025-04-01")},
		{PersonID: r.cy.ID, CourseID: sec.ID, CompletedOn: date("2024-12-01")},
		{PersonID: r.cy.ID, CourseID: gdpr.ID, CompletedOn: date("2025-01-10")},
		{PersonID: r.dee.ID, CourseID: phones.ID, CompletedOn: date("2025-01-10")},
	})
	must(t, err)

	_, err = s.CheckOutAsset(ctx, assets.CheckOut{AssetID: r.iPhone.ID, PersonID: r.bob.ID, On: date("2026-01-10")})
	must(t, err)
	_, err = s.CheckOutAsset(ctx, assets.CheckOut{AssetID: r.macBook.ID, PersonID: r.ada.ID, On: date("2026-02-01"), DueBack: date("2026-03-01")})
	must(t, err)
	_, err = s.CheckOutAsset(ctx, assets.CheckOut{AssetID: r.desktop.ID, PersonID: r.dee.ID, On: date("2026-03-02"), DueBack: date("2026-04-01")})
	must(t, err)
	r.bob.Status, r.bob.LeaveDate = assets.PersonLeft, date("2026-02-28")
	must(t, s.UpdatePerson(ctx, &r.bob))

	must(t, s.SetAuditInterval(ctx, "laptop", 12))
	must(t, s.SetAuditInterval(ctx, "server", 24))
	return r
}

// alertLines writes alerts as JSON lines, in the order given.
func alertLines(t *testing.T, list []assets.Alert) []string {
	t.Helper()
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = jsonLine(t, a)
	}
	return out
}

func jsonLine(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	return string(b)
}

// updateGolden, when set (STEWARD_UPDATE_GOLDEN=1), makes the golden cases
// write what they got instead of comparing. Regenerate on SQLite only:
//
//	STEWARD_UPDATE_GOLDEN=1 go test -tags ... ./assets/sqlite/ -run 'TestConformance/Alerts'
var updateGolden = os.Getenv("STEWARD_UPDATE_GOLDEN") != ""

// wantGolden compares lines with testdata/<name>.golden beside this file.
func wantGolden(t *testing.T, name string, got []string) {
	t.Helper()
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no source path for the golden files")
	}
	path := filepath.Join(filepath.Dir(here), "testdata", name+".golden")
	text := strings.Join(got, "\n")
	if len(got) > 0 {
		text += "\n"
	}
	if updateGolden {
		must(t, os.WriteFile(path, []byte(text), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(want, []byte(text)) {
		wl := strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")
		for i := range max(len(wl), len(got)) {
			var g, w string
			if i < len(got) {
				g = got[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s: line %d differs (%d lines, want %d):\ngot  %s\nwant %s", name, i+1, len(got), len(wl), g, w)
			}
		}
		t.Fatalf("%s differs", name)
	}
}
