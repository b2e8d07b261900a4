package app

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/icons"
)

// settingsStore is what the Settings screen and its cards read and write.
type settingsStore interface {
	keysStore
	budgetStore
	AuditIntervals(ctx context.Context) (map[string]int, error)
	BackupToNew(ctx context.Context, base, ext string) (string, error)
	Categories(ctx context.Context) ([]assets.Category, error)
	Path() string
	RestoreFrom(ctx context.Context, src string) (kept string, err error)
	SaveCategory(ctx context.Context, c assets.Category) error
	SetAuditInterval(ctx context.Context, category string, months int) error
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// settingsScreen edits the register-wide preferences, the refresh policy of
// each category, and shows where the data lives and how to back it up.
type settingsScreen struct {
	ui    *UI
	store settingsStore

	orgName    *widget.Entry
	currency   *widget.SelectEntry
	dateFormat *widget.Select
	warnDays   *widget.Entry
	saveBtn    *widget.Button

	policies   *fyne.Container // one row per category
	rows       []policyRow
	savePolBtn *widget.Button

	dbPath *widget.Label
	status *widget.Label

	dailyInfo *widget.Label

	budget *budgetCard

	keysInfo                        *widget.Label
	keysSet, keysChange, keysRemove *widget.Button

	// chooseFolder asks where to put a backup, chooseBackup which backup
	// to restore; tests replace them.
	chooseFolder func(done func(dir string))
	chooseBackup func(done func(path string))
}

// policyRow is one category's refresh policy and audit interval as shown
// in the form.
type policyRow struct {
	cat         assets.Category
	auditMonths int // as stored; 0: no audit interval
	years       *widget.Entry
	cost        *widget.Entry
	audit       *widget.Entry
}

// currencies offered in the picker; any other ISO code can be typed.
var currencies = []string{"EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "CAD", "AUD", "NZD", "JPY", "INR", "ZAR"}

func newSettings(u *UI) *settingsScreen {
	u.prefs = assets.DefaultSettings()
	background(u, func(ctx context.Context) (assets.Settings, error) {
		return loadSettings(ctx, u)
	}, func(p assets.Settings, err error) {
		if err != nil {
			log.Printf("reading the settings: %v (using the defaults)", err)
			return
		}
		u.prefs = p
	})
	s := &settingsScreen{ui: u, store: u.svc.Store}
	s.chooseFolder = s.folderDialog
	s.chooseBackup = s.backupFileDialog
	return s
}

func (s *settingsScreen) title() string       { return "Settings" }
func (s *settingsScreen) icon() fyne.Resource { return theme.SettingsIcon() }

func (s *settingsScreen) view() fyne.CanvasObject {
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.status.Importance = widget.SuccessImportance
	s.status.Hide()

	s.orgName = widget.NewEntry()
	s.orgName.SetPlaceHolder("Shown on reports, e.g. Acme Ltd")
	s.currency = widget.NewSelectEntry(currencies)
	s.currency.SetPlaceHolder("EUR")
	s.dateFormat = widget.NewSelect(assets.DateFormats, nil)
	s.warnDays = widget.NewEntry()
	s.warnDays.SetPlaceHolder(strconv.Itoa(assets.DefaultWarnDays))
	s.saveBtn = widget.NewButtonWithIcon("Save settings", theme.DocumentSaveIcon(), s.saveSettings)
	s.saveBtn.Importance = widget.HighImportance
	general := widget.NewForm(
		widget.NewFormItem("Organisation name", s.orgName),
		widget.NewFormItem("Default currency", s.currency),
		widget.NewFormItem("Date format", s.dateFormat),
		widget.NewFormItem("Warn this many days ahead", s.warnDays),
	)
	general.Items[1].HintText = "for new assets and replacement costs"
	general.Items[3].HintText = "warranties, licences, end of life, tasks and training"

	s.policies = container.NewVBox()
	s.savePolBtn = widget.NewButtonWithIcon("Save policies", theme.DocumentSaveIcon(), s.savePolicies)

	s.dbPath = widget.NewLabel("")
	s.dbPath.Wrapping = fyne.TextWrapBreak
	s.dbPath.TextStyle = fyne.TextStyle{Monospace: true}
	openDir := widget.NewButtonWithIcon("Open folder", theme.FolderOpenIcon(), s.openFolder)
	backup := widget.NewButtonWithIcon("Back up now…", theme.DownloadIcon(), s.backupNow)
	restore := widget.NewButtonWithIcon("Restore from a backup…", theme.HistoryIcon(), s.restore)
	openBackups := widget.NewButtonWithIcon("Open backups folder", theme.FolderOpenIcon(), func() { s.open(s.dailyDir()) })
	s.dailyInfo = widget.NewLabel("")
	s.dailyInfo.Wrapping = fyne.TextWrapWord

	keys := s.keysCard()
	s.budget = &budgetCard{ui: s.ui, store: s.store}
	budget := s.budget.view(s.setStatus)
	connect := widget.NewButtonWithIcon("Connect to a shared register…", theme.ComputerIcon(), func() {
		s.ui.showConnectDialog(s.setStatus)
	})
	useFile := widget.NewButtonWithIcon("Use a register file", theme.FileIcon(), func() { s.setStatus(s.ui.useRegisterFile()) })
	dbNote := "Everything Steward knows is in this one file."
	if s.ui.shared() {
		dbNote = "This register is shared on a PostgreSQL server; you are connected as " + s.ui.whoText() + "."
		openDir.Hide()
		backup.Hide()
		restore.Hide()
		openBackups.Hide()
	}
	s.ui.only(actSettings, s.saveBtn, s.savePolBtn, s.keysSet, s.keysChange, s.keysRemove)
	s.refresh()
	return wheelVScroll(container.NewPadded(container.NewVBox(
		s.status,
		widget.NewCard("Organisation", "", container.NewVBox(general, container.NewHBox(s.saveBtn))),
		noteCard("Refresh policies", "How long each kind of asset is kept before it is replaced, what a replacement costs (for the budget forecast), and how often it is audited (empty: never due).",
			container.NewVBox(s.policies, container.NewHBox(s.savePolBtn))),
		budget,
		noteCard("Database", dbNote,
			container.NewVBox(s.dbPath, container.NewHBox(openDir, connect, useFile))),
		noteCard("Backups", "A backup is a complete, consistent copy of the register in one file, safe to take while Steward runs. Keep it on another disk.",
			container.NewVBox(s.dailyInfo, container.NewHBox(backup, openBackups, restore))),
		keys,
	)))
}

// sharedBackups is what Settings says of a shared register's backups.
const sharedBackups = "This register is shared on a PostgreSQL server: its backups are the server's job (ask its administrator), not this computer's. Steward keeps no daily copy of it here."

type settingsData struct {
	settings assets.Settings
	cats     []assets.Category
	audits   map[string]int // audit interval in months per category code
	keep     int            // how many daily copies are kept (assets.BackupKeep)
}

func (s *settingsScreen) refresh() {
	store := s.store
	path := store.Path()
	if s.ui.svc.Portable {
		path += "\n(portable: kept next to the program)"
	}
	s.dbPath.SetText(path)
	s.refreshKeys()
	background(s.ui, func(ctx context.Context) (settingsData, error) {
		var d settingsData
		var err error
		if d.settings, err = loadSettings(ctx, s.ui); err != nil {
			return d, err
		}
		keep, err := store.Setting(ctx, assets.SettingBackupKeep)
		if err != nil {
			return d, err
		}
		d.keep = assets.BackupKeep(keep)
		if d.audits, err = store.AuditIntervals(ctx); err != nil {
			return d, err
		}
		d.cats, err = store.Categories(ctx)
		return d, err
	}, func(d settingsData, err error) {
		if err != nil {
			s.ui.showError("Could not load the settings", err)
			return
		}
		s.ui.prefs = d.settings
		s.orgName.SetText(d.settings.OrgName)
		s.currency.SetText(d.settings.Currency)
		s.dateFormat.SetSelected(d.settings.DateFormat)
		s.warnDays.SetText(strconv.Itoa(d.settings.WarnDays))
		s.showPolicies(d.cats, d.audits, d.settings.Currency)
		if s.ui.shared() {
			s.dailyInfo.SetText(sharedBackups)
			return
		}
		s.dailyInfo.SetText("Steward also keeps a copy for each day it is opened (the newest " + strconv.Itoa(d.keep) + ") in " + s.dailyDir())
	})
}

// setStatus confirms what was just done, above the forms.
func (s *settingsScreen) setStatus(msg string) {
	s.status.SetText(msg)
	s.status.Show()
}

// loadSettings reads the register-wide settings, defaults filling the gaps.
func loadSettings(ctx context.Context, u *UI) (assets.Settings, error) {
	vals := map[string]string{}
	for _, k := range []string{assets.SettingOrgName, assets.SettingCurrency, assets.SettingDateFormat, assets.SettingWarnDays} {
		v, err := u.svc.Store.Setting(ctx, k)
		if err != nil {
			return assets.Settings{}, err
		}
		vals[k] = v
	}
	return assets.SettingsFrom(func(k string) string { return vals[k] }), nil
}

func (s *settingsScreen) showPolicies(cats []assets.Category, audits map[string]int, defCurrency string) {
	s.rows = s.rows[:0]
	header := container.NewGridWithColumns(4,
		widget.NewLabelWithStyle("Category", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle("Replace after (years)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle("Replacement cost", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle("Audit every (months)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
	)
	objs := []fyne.CanvasObject{header}
	for _, c := range cats {
		r := policyRow{cat: c, auditMonths: audits[c.Name], years: widget.NewEntry(), cost: widget.NewEntry(), audit: widget.NewEntry()}
		r.years.SetText(strconv.Itoa(c.RefreshYears))
		cur := c.ReplacementCost.Currency
		if cur == "" {
			cur = defCurrency
		}
		r.cost.SetPlaceHolder(cur + " 0.00")
		if c.ReplacementCost.Minor != 0 {
			r.cost.SetText(c.ReplacementCost.Amount())
		}
		r.audit.SetPlaceHolder("never")
		if r.auditMonths > 0 {
			r.audit.SetText(strconv.Itoa(r.auditMonths))
		}
		s.rows = append(s.rows, r)
		name := container.NewBorder(nil, nil, widget.NewIcon(icons.ForCategory(c.Name)), nil, widget.NewLabel(c.Label))
		objs = append(objs, container.NewGridWithColumns(4, name, r.years, r.cost, r.audit))
	}
	s.policies.Objects = objs
	s.policies.Refresh()
}

// fieldLabels names settings fields as the form shows them.
var fieldLabels = map[string]string{
	"org_name": "Organisation name", "currency": "Default currency",
	"date_format": "Date format", "warn_days": "Warning window",
}

// formError rewrites validation errors with the form's labels, one per line.
func formError(err error, labels map[string]string) error {
	var ve assets.ValidationErrors
	if !errors.As(err, &ve) {
		return err
	}
	var lines []string
	for _, e := range ve {
		var ae *assets.Error
		if errors.As(e, &ae) && labels[ae.Field] != "" {
			lines = append(lines, labels[ae.Field]+": "+ae.Msg)
		} else {
			lines = append(lines, e.Error())
		}
	}
	return errors.New(strings.Join(lines, "\n"))
}

func (s *settingsScreen) saveSettings() {
	days, err := strconv.Atoi(strings.TrimSpace(s.warnDays.Text))
	if err != nil {
		bad := assets.ValidationErrors{assets.Invalidf("warn_days", "%q is not a number of days", s.warnDays.Text)}
		s.ui.showError("Could not save the settings", formError(bad, fieldLabels))
		return
	}
	st := assets.Settings{OrgName: s.orgName.Text, Currency: s.currency.Text, DateFormat: s.dateFormat.Selected, WarnDays: days}
	if err := st.Validate(); err != nil {
		s.ui.showError("Could not save the settings", formError(err, fieldLabels))
		return
	}
	background(s.ui, func(ctx context.Context) (struct{}, error) {
		for k, v := range st.Values() {
			if err := s.store.SetSetting(ctx, k, v); err != nil {
				return struct{}{}, err
			}
		}
		return struct{}{}, nil
	}, func(_ struct{}, err error) {
		if err != nil {
			s.ui.showError("Could not save the settings", err)
			return
		}
		s.ui.prefs = st
		s.currency.SetText(st.Currency)
		s.setStatus("Settings saved.")
	})
}

// auditChange is a category whose audit interval was edited.
type auditChange struct {
	name, label string
	months      int
}

// savePolicies checks every row, then saves the categories that changed.
func (s *settingsScreen) savePolicies() {
	var changed []assets.Category
	var audits []auditChange
	var problems []string
	for _, r := range s.rows {
		c := r.cat
		years, err := strconv.Atoi(strings.TrimSpace(r.years.Text))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %q is not a whole number of years", c.Label, r.years.Text))
			continue
		}
		cur := c.ReplacementCost.Currency
		if cur == "" {
			cur = strings.ToUpper(strings.TrimSpace(s.currency.Text))
		}
		cost, err := assets.ParseMoney(r.cost.Text, cur)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", c.Label, err))
			continue
		}
		if strings.TrimSpace(r.cost.Text) == "" {
			cost = assets.Money{Currency: c.ReplacementCost.Currency}
		}
		months := 0
		if t := strings.TrimSpace(r.audit.Text); t != "" {
			if months, err = strconv.Atoi(t); err != nil {
				problems = append(problems, fmt.Sprintf("%s: %q is not a whole number of months", c.Label, r.audit.Text))
				continue
			}
		}
		c.RefreshYears, c.ReplacementCost = years, cost
		var bad assets.ValidationErrors
		if err := c.Validate(); err != nil && !errors.As(err, &bad) {
			bad = append(bad, err)
		}
		if err := assets.ValidateAuditInterval(months); err != nil {
			bad = append(bad, err)
		}
		if len(bad) > 0 {
			problems = append(problems, fmt.Sprintf("%s: %v", r.cat.Label, formError(bad, map[string]string{
				"refresh_years": "Replace after", "replacement_cost": "Replacement cost", "audit_interval_months": "Audit every"})))
			continue
		}
		if c != r.cat {
			changed = append(changed, c)
		}
		if months != r.auditMonths {
			audits = append(audits, auditChange{c.Name, c.Label, months})
		}
	}
	if len(problems) > 0 {
		s.ui.showError("Could not save the refresh policies", errors.New(strings.Join(problems, "\n")))
		return
	}
	background(s.ui, func(ctx context.Context) (int, error) {
		touched := map[string]bool{}
		for _, c := range changed {
			if err := s.store.SaveCategory(ctx, c); err != nil {
				return len(touched), fmt.Errorf("%s: %w", c.Label, err)
			}
			touched[c.Name] = true
		}
		for _, a := range audits {
			if err := s.store.SetAuditInterval(ctx, a.name, a.months); err != nil {
				return len(touched), fmt.Errorf("%s: %w", a.label, err)
			}
			touched[a.name] = true
		}
		return len(touched), nil
	}, func(n int, err error) {
		if err != nil {
			s.ui.showError("Could not save the refresh policies", err)
		} else {
			s.setStatus(fmt.Sprintf("Refresh policies saved (%d changed).", n))
		}
		s.refresh()
	})
}

func (s *settingsScreen) openFolder() { s.open(filepath.Dir(s.store.Path())) }

// dailyDir is where the daily rotating copies go (the store's DailyBackup).
func (s *settingsScreen) dailyDir() string {
	return filepath.Join(filepath.Dir(s.store.Path()), "backups")
}

// open shows a folder in the system's file manager.
func (s *settingsScreen) open(dir string) {
	if err := s.ui.app.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}); err != nil {
		s.ui.showError("Could not open the folder "+dir, err)
	}
}

// restore replaces the register with a backup, after checking the file and
// asking; the store keeps a copy of the current register first.
func (s *settingsScreen) restore() {
	s.chooseBackup(func(src string) {
		background(s.ui, func(ctx context.Context) (assets.BackupInfo, error) {
			return s.ui.svc.CheckBackup(ctx, src)
		}, func(info assets.BackupInfo, err error) {
			if err != nil {
				s.ui.showError("Cannot restore this file", err)
				return
			}
			msg := widget.NewLabel(fmt.Sprintf("Replace the register with %s?\n\nIt holds %s. Everything entered since it was taken is replaced; a copy of the current register is kept first.",
				filepath.Base(src), assets.CountOf(info.Assets, "asset", "assets")))
			msg.Wrapping = fyne.TextWrapWord
			c := s.ui.showCustomConfirm("Restore from a backup", "Restore", msg, func(ok bool) {
				if !ok {
					return
				}
				background(s.ui, func(ctx context.Context) (string, error) {
					return s.store.RestoreFrom(ctx, src)
				}, func(kept string, err error) {
					if err != nil {
						s.ui.showError("Could not restore the register", err)
						return
					}
					s.setStatus("Restored from " + filepath.Base(src) + ". The register as it was before is kept in " + kept)
					s.ui.refreshAll()
				})
			})
			c.Resize(fyne.NewSize(480, 0))
		})
	})
}

func (s *settingsScreen) backupFileDialog(done func(path string)) {
	d := s.ui.openFileDialog([]string{".db", ".bak"}, s.dailyDir(), done)
	d.Show()
}

// backupNow asks for a folder and writes a dated copy of the register there.
// It asks for a folder rather than a file because Fyne's save dialog empties
// the chosen file before handing it over: picking the live database by
// mistake would destroy it.
func (s *settingsScreen) backupNow() {
	s.chooseFolder(func(dir string) {
		// The person chose the folder, not the name: a second copy in the
		// same second gets a name of its own (-2).
		base := strings.TrimSuffix(filepath.Join(dir, BackupName(s.ui.svc.Now())), ".db")
		background(s.ui, func(ctx context.Context) (string, error) {
			return s.store.BackupToNew(ctx, base, ".db")
		}, func(dest string, err error) {
			if err != nil {
				s.ui.showError("Could not back up the register", err)
				return
			}
			s.setStatus("Backed up to " + dest)
		})
	})
}

// BackupName is the file name of a backup taken at t.
func BackupName(t time.Time) string {
	return "steward-backup-" + t.Format("2006-01-02-150405") + ".db"
}

func (s *settingsScreen) folderDialog(done func(dir string)) {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			s.ui.showError("Could not open the folder", err)
			return
		}
		if l == nil {
			return // cancelled
		}
		done(l.Path())
	}, s.ui.win)
	d.SetConfirmText("Back up here")
	d.Show()
}

// noteCard is a card with an explanation under its title that wraps with
// the window: a card's own subtitle stays on one line as wide as its text,
// and widened the window past a 1280-pixel screen.
func noteCard(title, note string, content fyne.CanvasObject) *widget.Card {
	l := widget.NewLabel(note)
	l.Wrapping = fyne.TextWrapWord
	return widget.NewCard(title, "", container.NewVBox(l, content))
}
