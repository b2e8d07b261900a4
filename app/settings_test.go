package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"steward/assets"
	"steward/assets/sqlite"
)

func openSettings(t *testing.T, u *UI) *settingsScreen {
	t.Helper()
	if !u.ShowScreen("Settings") {
		t.Fatal("no Settings screen in the navigation")
	}
	u.wait()
	for _, s := range u.screens {
		if st, ok := s.(*settingsScreen); ok {
			return st
		}
	}
	t.Fatal("settings screen not found")
	return nil
}

func TestSettingsShowDefaultsAndSave(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openSettings(t, u)
	ctx := context.Background()

	if s.currency.Text != "EUR" || s.dateFormat.Selected != "YYYY-MM-DD" || s.warnDays.Text != "90" {
		t.Fatalf("defaults shown: currency %q, date format %q, warn days %q", s.currency.Text, s.dateFormat.Selected, s.warnDays.Text)
	}
	if !strings.Contains(s.dbPath.Text, testStore(u).Path()) {
		t.Errorf("database location shows %q, want %q", s.dbPath.Text, testStore(u).Path())
	}

	test.Type(s.orgName, "Acme Ltd")
	s.currency.SetText("gbp")
	s.dateFormat.SetSelected("DD/MM/YYYY")
	s.warnDays.SetText("45")
	test.Tap(s.saveBtn)
	u.wait()

	want := map[string]string{"org_name": "Acme Ltd", "currency": "GBP", "date_format": "DD/MM/YYYY", "alerts.warn_days": "45"}
	for k, v := range want {
		got, err := testStore(u).Setting(ctx, k)
		if err != nil || got != v {
			t.Errorf("setting %s = %q (%v), want %q", k, got, err, v)
		}
	}
	if s.status.Text != "Settings saved." {
		t.Errorf("status = %q", s.status.Text)
	}
	// The alert rules pick the window up.
	if opt, err := testStore(u).AlertOptionsAt(ctx, assets.MustDate("2026-03-07")); err != nil || opt.Window() != 45 {
		t.Errorf("alerts use a %d-day window (%v), want 45", opt.Window(), err)
	}

	// A second window on the same database sees them.
	u2 := newUI(ctx, u.app, Services{Store: u.svc.Store}, make(chan func(), 64))
	u2.wait()
	s2 := openSettings(t, u2)
	if s2.orgName.Text != "Acme Ltd" || s2.currency.Text != "GBP" || s2.warnDays.Text != "45" {
		t.Errorf("reloaded: %q %q %q", s2.orgName.Text, s2.currency.Text, s2.warnDays.Text)
	}
}

func TestSettingsRefuseBadInputAndSaveNothing(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openSettings(t, u)
	s.currency.SetText("euros")
	s.warnDays.SetText("0")
	test.Tap(s.saveBtn)
	u.wait()
	msg := texts(topDialog(u))
	for _, want := range []string{"Default currency: use a three-letter currency code", "Warning window: give a warning window between 1 and 730 days"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error dialog says %q, want it to contain %q", msg, want)
		}
	}
	for _, k := range []string{"currency", assets.SettingWarnDays} {
		if v, _ := testStore(u).Setting(context.Background(), k); v != "" {
			t.Errorf("%s was saved as %q despite the error", k, v)
		}
	}

	s.warnDays.SetText("soon")
	test.Tap(s.saveBtn)
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, `"soon" is not a number of days`) {
		t.Errorf("error dialog says %q", msg)
	}
}

func TestRefreshPoliciesSave(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openSettings(t, u)
	ctx := context.Background()
	var laptop *policyRow
	for i := range s.rows {
		if s.rows[i].cat.Name == "laptop" {
			laptop = &s.rows[i]
		}
	}
	if laptop == nil || laptop.years.Text != "4" {
		t.Fatalf("laptop row missing or wrong: %+v", laptop)
	}
	laptop.years.SetText("5")
	laptop.cost.SetText("1,249.90")
	test.Tap(s.savePolBtn)
	u.wait()
	cats, err := testStore(u).Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cats {
		if c.Name == "laptop" {
			if c.RefreshYears != 5 || c.ReplacementCost != (assets.Money{Minor: 124990, Currency: "EUR"}) {
				t.Errorf("laptop saved as %+v", c)
			}
		}
	}
	if s.status.Text != "Refresh policies saved (1 changed)." {
		t.Errorf("status = %q", s.status.Text)
	}

	// A bad row stops the whole save and names the category.
	openSettings(t, u)
	for i := range s.rows {
		if s.rows[i].cat.Name == "server" {
			s.rows[i].years.SetText("sixty")
		}
		if s.rows[i].cat.Name == "printer" {
			s.rows[i].years.SetText("9")
		}
	}
	test.Tap(s.savePolBtn)
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, `Server: "sixty" is not a whole number of years`) {
		t.Errorf("error dialog says %q", msg)
	}
	cats, _ = testStore(u).Categories(ctx)
	for _, c := range cats {
		if c.Name == "printer" && c.RefreshYears != 6 {
			t.Errorf("printer saved (%d years) although another row was bad", c.RefreshYears)
		}
	}
}

// The audit interval is edited beside the refresh policy and saved with
// it; a bad interval stops the whole save and names the category.
func TestRefreshPoliciesAuditInterval(t *testing.T) {
	u := newSettingsUI(t, Services{})
	ctx := context.Background()
	if err := testStore(u).SetAuditInterval(ctx, "server", 24); err != nil {
		t.Fatal(err)
	}
	s := openSettings(t, u)
	row := func(name string) *policyRow {
		for i := range s.rows {
			if s.rows[i].cat.Name == name {
				return &s.rows[i]
			}
		}
		t.Fatalf("no row for %s", name)
		return nil
	}
	if got := row("server").audit.Text; got != "24" {
		t.Fatalf("server's interval shows %q, want 24", got)
	}
	if got := row("laptop").audit.Text; got != "" {
		t.Fatalf("laptop's interval shows %q, want empty (never)", got)
	}
	test.Type(row("laptop").audit, "12")
	row("server").audit.SetText("")
	test.Tap(s.savePolBtn)
	u.wait()
	if got, _ := testStore(u).AuditIntervals(ctx); len(got) != 1 || got["laptop"] != 12 {
		t.Errorf("intervals after save: %v", got)
	}
	if s.status.Text != "Refresh policies saved (2 changed)." {
		t.Errorf("status = %q", s.status.Text)
	}

	// Shown again after the reload; a bad value saves nothing.
	openSettings(t, u)
	if got := row("laptop").audit.Text; got != "12" {
		t.Fatalf("after reload laptop shows %q", got)
	}
	row("printer").years.SetText("9")
	row("phone").audit.SetText("121")
	row("tablet").audit.SetText("often")
	test.Tap(s.savePolBtn)
	u.wait()
	msg := texts(topDialog(u))
	if !strings.Contains(msg, "Phone: Audit every: give an audit interval between 0 (none) and 120 months") ||
		!strings.Contains(msg, `Tablet: "often" is not a whole number of months`) {
		t.Errorf("error dialog says %q", msg)
	}
	if got, _ := testStore(u).AuditIntervals(ctx); len(got) != 1 || got["laptop"] != 12 {
		t.Errorf("a refused save changed the intervals: %v", got)
	}
	cats, _ := testStore(u).Categories(ctx)
	for _, c := range cats {
		if c.Name == "printer" && c.RefreshYears != 6 {
			t.Errorf("printer saved (%d years) although another row was bad", c.RefreshYears)
		}
	}
}

func TestBackupNowWritesACopy(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openSettings(t, u)
	ctx := context.Background()
	if err := testStore(u).SetSetting(ctx, "org_name", "Backed Up Ltd"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s.chooseFolder = func(done func(string)) { done(dir) }
	backup := button(s.ui.body, "Back up now…")
	if backup == nil {
		t.Fatal("no Back up now button")
	}
	test.Tap(backup)
	u.wait()
	dest := filepath.Join(dir, "steward-backup-2026-03-07-143005.db")
	if s.status.Text != "Backed up to "+dest {
		t.Fatalf("status = %q", s.status.Text)
	}
	if fi, err := os.Stat(dest); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", fi, err)
	}
	b, err := sqlite.Create(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if v, _ := b.Setting(ctx, "org_name"); v != "Backed Up Ltd" {
		t.Errorf("backup holds org_name %q", v)
	}

	// Same second again: the name is taken, so the copy gets its own (the
	// person chose only the folder; "choose another name" would be wrong).
	test.Tap(backup)
	u.wait()
	second := filepath.Join(dir, "steward-backup-2026-03-07-143005-2.db")
	if s.status.Text != "Backed up to "+second {
		t.Errorf("second backup: status %q, want it at %s", s.status.Text, second)
	}
	if _, err := sqlite.CheckBackup(ctx, second); err != nil {
		t.Errorf("second backup: %v", err)
	}
}

func TestRestoreFromBackup(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openSettings(t, u)
	ctx := context.Background()
	st := testStore(u)
	if !strings.Contains(s.dailyInfo.Text, "(the newest 7) in "+filepath.Join(filepath.Dir(st.Path()), "backups")) {
		t.Errorf("daily backups line: %q", s.dailyInfo.Text)
	}
	if err := st.SetSetting(ctx, "org_name", "Before Ltd"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "before.db")
	if err := st.BackupTo(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(ctx, "org_name", "After Ltd"); err != nil {
		t.Fatal(err)
	}

	// A file that is not a Steward database is refused before anything is asked.
	junk := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(junk, []byte("shopping list"), 0o600)
	s.chooseBackup = func(done func(string)) { done(junk) }
	test.Tap(button(u.body, "Restore from a backup…"))
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "not a Steward database") {
		t.Fatalf("junk file: dialog says %q", msg)
	}

	s.chooseBackup = func(done func(string)) { done(backup) }
	test.Tap(button(u.body, "Restore from a backup…"))
	u.wait()
	d := topDialog(u)
	if msg := texts(d); !strings.Contains(msg, "Replace the register with before.db?") || !strings.Contains(msg, "It holds 0 assets") {
		t.Fatalf("confirm dialog says %q", msg)
	}
	if v, _ := st.Setting(ctx, "org_name"); v != "After Ltd" {
		t.Fatalf("restored before confirming: org_name %q", v)
	}
	test.Tap(button(d, "Restore"))
	u.wait()
	if v, _ := st.Setting(ctx, "org_name"); v != "Before Ltd" {
		t.Fatalf("after restore: org_name %q, want Before Ltd", v)
	}
	if !strings.HasPrefix(s.status.Text, "Restored from before.db.") {
		t.Fatalf("status = %q", s.status.Text)
	}
	kept := strings.TrimPrefix(s.status.Text[strings.Index(s.status.Text, "kept in "):], "kept in ")
	k, err := sqlite.Create(ctx, kept)
	if err != nil {
		t.Fatalf("the replaced register was not kept at %q: %v", kept, err)
	}
	defer k.Close()
	if v, _ := k.Setting(ctx, "org_name"); v != "After Ltd" {
		t.Errorf("kept copy holds org_name %q, want After Ltd", v)
	}
}

func TestDefaultCurrencyPrefillsNewAssets(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openSettings(t, u)
	s.currency.SetText("CHF")
	test.Tap(s.saveBtn)
	u.wait()
	a := openAssets(t, u)
	a.openForm(assets.Asset{})
	u.wait()
	if got := a.form.currency.Text; got != "CHF" {
		t.Errorf("new asset form: currency %q, want the default CHF", got)
	}
	a.form.dlg.Hide()
	// An existing asset keeps its own currency.
	a.openForm(assets.Asset{ID: 7, Tag: "ST-000007", Cost: assets.Money{Minor: 100, Currency: "USD"}})
	u.wait()
	if got := a.form.currency.Text; got != "USD" {
		t.Errorf("existing asset form: currency %q, want USD", got)
	}

	// A fresh window on the same register starts with the saved default.
	u2 := newUI(context.Background(), u.app, Services{Store: u.svc.Store}, make(chan func(), 64))
	u2.wait()
	if u2.prefs.Currency != "CHF" {
		t.Errorf("new window: default currency %q, want CHF", u2.prefs.Currency)
	}
}

func TestBudgetSettingsSave(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openSettings(t, u)
	u.wait()
	ctx := context.Background()
	b := s.budget
	if b.fyStart.Selected != "January" || b.backlog.Selected != backlogLabels[0] || len(b.rows) == 0 {
		t.Fatalf("defaults: %q %q %d rows", b.fyStart.Selected, b.backlog.Selected, len(b.rows))
	}
	b.fyStart.SetSelected("July")
	b.backlog.SetSelected(backlogLabels[1])
	for _, r := range b.rows {
		if r.cat.Category.Name == "laptop" {
			r.price.SetText("3")
			r.method.SetSelected("Straight line")
			r.years.SetText("4")
			r.residual.SetText("10")
		}
	}
	test.Tap(button(s.ui.win.Canvas().Content(), "Save budget settings"))
	u.wait()
	set, _ := testStore(u).BudgetSettings(ctx)
	pol, _ := testStore(u).CategoryBudgets(ctx)
	want := assets.CategoryBudget{PriceChangeBP: 300, Depreciation: assets.Depreciation{Method: assets.DepreciationStraight, Years: 4, ResidualBP: 1000}}
	if set.FiscalYearStart != 7 || set.Backlog != assets.BacklogApart || pol["laptop"] != want || len(pol) != 1 {
		t.Errorf("saved %+v %+v", set, pol)
	}
	// Declining balance with no rate: nothing is saved, and the row is named.
	for _, r := range b.rows {
		if r.cat.Category.Name == "server" {
			r.method.SetSelected("Declining balance")
		}
		if r.cat.Category.Name == "phone" {
			r.spend.SetSelected("OpEx")
		}
	}
	test.Tap(button(s.ui.win.Canvas().Content(), "Save budget settings"))
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "Server: ") || !strings.Contains(msg, "yearly rate") {
		t.Errorf("error dialog says %q", msg)
	}
	if pol, _ := testStore(u).CategoryBudgets(ctx); len(pol) != 1 {
		t.Errorf("saved although a row was bad: %+v", pol)
	}
}
