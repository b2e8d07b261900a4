package storetest

import (
	"context"
	"errors"
	"testing"

	"steward/assets"
)

// VersionStore is what the no-lost-updates cases need (issue 18): every
// record a person edits in a form, read, created and updated.
type VersionStore interface {
	Asset(ctx context.Context, id int64) (assets.Asset, error)
	CreateAsset(ctx context.Context, a *assets.Asset) error
	UpdateAsset(ctx context.Context, a *assets.Asset) error
	Person(ctx context.Context, id int64) (assets.Person, error)
	CreatePerson(ctx context.Context, p *assets.Person) error
	UpdatePerson(ctx context.Context, p *assets.Person) error
	Licence(ctx context.Context, id int64) (assets.Licence, error)
	CreateLicence(ctx context.Context, l *assets.Licence) error
	UpdateLicence(ctx context.Context, l *assets.Licence) error
	Contract(ctx context.Context, id int64) (assets.Contract, error)
	CreateContract(ctx context.Context, c *assets.Contract) error
	UpdateContract(ctx context.Context, c *assets.Contract) error
	Task(ctx context.Context, id int64) (assets.Task, error)
	CreateTask(ctx context.Context, t *assets.Task) error
	UpdateTask(ctx context.Context, t *assets.Task) error
	Course(ctx context.Context, id int64) (assets.Course, error)
	SaveCourse(ctx context.Context, c *assets.Course) error
	History(ctx context.Context, entity string, id int64) ([]assets.HistoryEntry, error)
	StartAudit(ctx context.Context, locations []string, auditor string) (assets.Audit, error)
	AddAuditScan(ctx context.Context, auditID int64, location, code string) (assets.AuditScan, error)
	FinishAudit(ctx context.Context, auditID int64) (assets.AuditResult, error)
	EnableKeyEncryption(ctx context.Context, passphrase string) error
}

// RunVersions: two people open the same record; the first saves; the
// second's save is refused with a conflict (KindConflict) that carries
// theirs and the fields that differ, and changes nothing; saved again with
// theirs' version ("save mine") it goes through; reloaded ("keep theirs")
// and edited it goes through. A caller that names no version (0: imports,
// commands) is not checked.
func RunVersions(t *testing.T, open Opener[VersionStore]) {
	run(t, open, []Case[VersionStore]{
		{"Asset", func(t *testing.T, s VersionStore) {
			a := assets.Asset{Name: "Laptop", Category: "laptop", Location: "Leeds"}
			must(t, s.CreateAsset(ctx, &a))
			if a.Version != 1 {
				t.Fatalf("created at version %d, want 1", a.Version)
			}
			first, _ := s.Asset(ctx, a.ID)
			second, _ := s.Asset(ctx, a.ID)
			if first.Version != 1 {
				t.Fatalf("read version %d, want 1", first.Version)
			}
			first.Location = "York"
			must(t, s.UpdateAsset(ctx, &first))
			if first.Version != 2 {
				t.Errorf("saved version %d, want 2", first.Version)
			}
			second.Notes = "second's note"
			checkConflict(t, s.UpdateAsset(ctx, &second), "asset", a.ID, 2, []string{"location", "notes"},
				func(theirs any) bool { return theirs.(assets.Asset).Location == "York" })
			if got, _ := s.Asset(ctx, a.ID); got.Notes != "" || got.Location != "York" || got.Version != 2 {
				t.Errorf("a refused save changed the asset: %+v", got)
			}
			// Save mine: on top of theirs, with their version.
			second.Version = 2
			must(t, s.UpdateAsset(ctx, &second))
			got, _ := s.Asset(ctx, a.ID)
			if got.Notes != "second's note" || got.Location != "Leeds" || got.Version != 3 || second.Version != 3 {
				t.Errorf("after save mine: %+v (version given back %d)", got, second.Version)
			}
			// The first copy is stale now; reloaded, it saves.
			first.Serial = "SN1"
			if err := s.UpdateAsset(ctx, &first); assets.KindOf(err) != assets.KindConflict {
				t.Errorf("stale first copy: %v", err)
			}
			first, _ = s.Asset(ctx, a.ID)
			first.Serial = "SN1"
			must(t, s.UpdateAsset(ctx, &first))
			// Unversioned saves (imports, commands) are not checked.
			blind := first
			blind.Version, blind.Model = 0, "X1"
			must(t, s.UpdateAsset(ctx, &blind))
			if got, _ := s.Asset(ctx, a.ID); got.Model != "X1" || got.Serial != "SN1" || got.Version != 5 {
				t.Errorf("after the unversioned save: %+v", got)
			}
			h, _ := s.History(ctx, "asset", a.ID)
			if len(h) != 1+1+2+1+1 {
				t.Errorf("history: %d rows, want 6 (no row for the refused saves)", len(h))
			}
		}},
		{"Person", func(t *testing.T, s VersionStore) {
			p := assets.Person{Name: "Ann", Email: "ann@example.com", Department: "Finance"}
			must(t, s.CreatePerson(ctx, &p))
			first, _ := s.Person(ctx, p.ID)
			second, _ := s.Person(ctx, p.ID)
			first.Department = "Sales"
			must(t, s.UpdatePerson(ctx, &first))
			second.Title = "Clerk"
			checkConflict(t, s.UpdatePerson(ctx, &second), "person", p.ID, 2, []string{"department", "title"},
				func(theirs any) bool { return theirs.(assets.Person).Department == "Sales" })
			// Keep theirs, then edit again.
			second, _ = s.Person(ctx, p.ID)
			second.Title = "Clerk"
			must(t, s.UpdatePerson(ctx, &second))
			if got, _ := s.Person(ctx, p.ID); got.Department != "Sales" || got.Title != "Clerk" || got.Version != 3 {
				t.Errorf("after keep theirs: %+v", got)
			}
		}},
		{"Licence", func(t *testing.T, s VersionStore) {
			l := assets.Licence{Product: "Office", Type: assets.LicencePerSeat, Seats: 10}
			must(t, s.CreateLicence(ctx, &l))
			first, _ := s.Licence(ctx, l.ID)
			second, _ := s.Licence(ctx, l.ID)
			first.Seats = 20
			must(t, s.UpdateLicence(ctx, &first))
			second.Vendor = "Contoso"
			checkConflict(t, s.UpdateLicence(ctx, &second), "licence", l.ID, 2, []string{"vendor", "seats"},
				func(theirs any) bool { return theirs.(*assets.Licence).Seats == 20 })
			second.Version = 2
			must(t, s.UpdateLicence(ctx, &second))
			if got, _ := s.Licence(ctx, l.ID); got.Vendor != "Contoso" || got.Seats != 10 || got.Version != 3 {
				t.Errorf("after save mine: %+v", got)
			}
		}},
		{"Contract", func(t *testing.T, s VersionStore) {
			c := assets.Contract{Kind: assets.ContractSupport, Provider: "Acme", End: date("2027-01-31")}
			must(t, s.CreateContract(ctx, &c))
			first, _ := s.Contract(ctx, c.ID)
			second, _ := s.Contract(ctx, c.ID)
			first.Level = "gold"
			must(t, s.UpdateContract(ctx, &first))
			second.Reference = "R-1"
			checkConflict(t, s.UpdateContract(ctx, &second), "contract", c.ID, 2, []string{"reference", "level"},
				func(theirs any) bool { return theirs.(*assets.Contract).Level == "gold" })
			if got, _ := s.Contract(ctx, c.ID); got.Reference != "" || got.Version != 2 {
				t.Errorf("a refused save changed the contract: %+v", got)
			}
		}},
		{"Task", func(t *testing.T, s VersionStore) {
			task := assets.Task{Kind: assets.TaskMaintenance, Title: "Service", Due: date("2026-06-01")}
			must(t, s.CreateTask(ctx, &task))
			first, _ := s.Task(ctx, task.ID)
			second, _ := s.Task(ctx, task.ID)
			first.Note = "first"
			must(t, s.UpdateTask(ctx, &first))
			second.Title = "Service (all)"
			checkConflict(t, s.UpdateTask(ctx, &second), "task", task.ID, 2, []string{"title", "note"},
				func(theirs any) bool { return theirs.(*assets.Task).Note == "first" })
			second.Version = 2
			must(t, s.UpdateTask(ctx, &second))
			if got, _ := s.Task(ctx, task.ID); got.Title != "Service (all)" || got.Version != 3 {
				t.Errorf("after save mine: %+v", got)
			}
		}},
		{"Course", func(t *testing.T, s VersionStore) {
			c := assets.Course{Name: "Security", RenewalMonths: 12}
			must(t, s.SaveCourse(ctx, &c))
			first, _ := s.Course(ctx, c.ID)
			second, _ := s.Course(ctx, c.ID)
			first.Provider = "In house"
			must(t, s.SaveCourse(ctx, &first))
			second.Description = "Phishing"
			checkConflict(t, s.SaveCourse(ctx, &second), "course", c.ID, 2, []string{"provider", "description"},
				func(theirs any) bool { return theirs.(assets.Course).Provider == "In house" })
		}},
		{"AuditStampIsNoConflict", func(t *testing.T, s VersionStore) {
			// An audit marking the asset found stamps last_audited, which no
			// form shows: a form opened before it still saves.
			a := assets.Asset{Tag: "VA-1", Name: "Dock", Category: "dock", Location: "Room 1"}
			must(t, s.CreateAsset(ctx, &a))
			read, _ := s.Asset(ctx, a.ID)
			aud, err := s.StartAudit(ctx, []string{"Room 1"}, "")
			must(t, err)
			sc, err := s.AddAuditScan(ctx, aud.ID, "Room 1", "VA-1")
			must(t, err)
			if sc.Result != assets.ScanFound {
				t.Fatalf("scan result %q, want found", sc.Result)
			}
			_, err = s.FinishAudit(ctx, aud.ID)
			must(t, err)
			if got, _ := s.Asset(ctx, a.ID); got.Version != 1 {
				t.Errorf("after the audit: version %d, want 1 (only bookkeeping changed)", got.Version)
			}
			read.Notes = "under the desk"
			must(t, s.UpdateAsset(ctx, &read))
			if got, _ := s.Asset(ctx, a.ID); got.Notes != "under the desk" || got.Version != 2 || read.Version != 2 {
				t.Errorf("after the save: %+v (version given back %d)", got, read.Version)
			}
		}},
		{"ResealedKeyIsNoConflict", func(t *testing.T, s VersionStore) {
			// Turning key encryption on re-seals every stored key (same key,
			// new cipher text): a licence form opened before it still saves.
			l := assets.Licence{Product: "Visio", Type: assets.LicencePerSeat, Seats: 5, Key: "AAAA-BBBB"}
			must(t, s.CreateLicence(ctx, &l))
			read, _ := s.Licence(ctx, l.ID)
			must(t, s.EnableKeyEncryption(ctx, "correct horse battery"))
			if got, _ := s.Licence(ctx, l.ID); got.Version != 1 || got.Key != "AAAA-BBBB" {
				t.Errorf("after re-sealing: version %d key %q, want 1 and the same key", got.Version, got.Key)
			}
			read.Seats = 6
			must(t, s.UpdateLicence(ctx, &read))
			if got, _ := s.Licence(ctx, l.ID); got.Seats != 6 || got.Key != "AAAA-BBBB" || got.Version != 2 {
				t.Errorf("after the save: %+v", got)
			}
		}},
		{"SameChangeIsNoConflict", func(t *testing.T, s VersionStore) {
			a := assets.Asset{Name: "Phone", Category: "phone"}
			must(t, s.CreateAsset(ctx, &a))
			first, _ := s.Asset(ctx, a.ID)
			second := first
			first.Location, second.Location = "Hull", "Hull"
			must(t, s.UpdateAsset(ctx, &first))
			// Nothing of second's differs from what is stored: nothing is lost.
			must(t, s.UpdateAsset(ctx, &second))
			if second.Version != 2 {
				t.Errorf("version given back %d, want 2", second.Version)
			}
		}},
	})
}

// checkConflict: err is a *assets.ConflictError of kind KindConflict for
// entity id, theirs at version, naming exactly fields (in the record's
// ChangesTo order), theirs passing isTheirs.
func checkConflict(t *testing.T, err error, entity string, id, version int64, fields []string, isTheirs func(any) bool) {
	t.Helper()
	if assets.KindOf(err) != assets.KindConflict {
		t.Fatalf("stale save: %v (kind %v), want a conflict", err, assets.KindOf(err))
	}
	var ce *assets.ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("stale save: %T %v, want *assets.ConflictError", err, err)
	}
	var names []string
	for _, f := range ce.Fields {
		names = append(names, f.Field)
	}
	if ce.Entity != entity || ce.ID != id || ce.Version != version || !equalStrings(names, fields) || !isTheirs(ce.Theirs) {
		t.Errorf("conflict %s #%d at version %d, fields %v, theirs %+v; want %s #%d at %d, fields %v",
			ce.Entity, ce.ID, ce.Version, names, ce.Theirs, entity, id, version, fields)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
