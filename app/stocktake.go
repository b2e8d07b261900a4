package app

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/report"
)

// stocktakeStore is what the Stocktake screen reads and writes.
type stocktakeStore interface {
	AddAuditScan(ctx context.Context, auditID int64, location, code string) (assets.AuditScan, error)
	ApplyAuditMoves(ctx context.Context, auditID int64) (int, error)
	Audit(ctx context.Context, id int64) (assets.Audit, error)
	AuditNetwork(ctx context.Context, res assets.AuditResult) ([]assets.NetworkCheck, error)
	AuditResult(ctx context.Context, auditID int64) (assets.AuditResult, error)
	AuditScans(ctx context.Context, auditID int64) ([]assets.AuditScan, error)
	Audits(ctx context.Context, open bool) ([]assets.Audit, error)
	ExpectedAssets(ctx context.Context, a assets.Audit) ([]assets.Asset, error)
	FinishAudit(ctx context.Context, auditID int64) (assets.AuditResult, error)
	Locations(ctx context.Context) ([]string, error)
	Setting(ctx context.Context, key string) (string, error)
	StartAudit(ctx context.Context, locations []string, auditor string) (assets.Audit, error)
}

// stocktakeScreen runs a physical audit: pick the locations, scan labels
// (a USB barcode scanner types the tag and Enter into the focused field),
// see each scan's meaning at once, then finish, apply the moves and save
// the report. Scans are stored as they come, so an interrupted audit is
// resumed from the list of open audits.
type stocktakeScreen struct {
	ui    *UI
	store stocktakeStore

	chosen   []string        // locations ticked to audit
	placeBox *fyne.Container // the locations' check boxes, as many to a row as fit
	startBtn *widget.Button
	resume   *widget.Select // open audits

	heading  *widget.Label
	scanIn   *widget.Select // where the labels are being scanned
	entry    *scanEntry
	last     *widget.Label // the latest scan's answer
	counts   *widget.Label
	scanList *widget.List
	missList *widget.List
	network  *widget.Label
	tabs     *container.AppTabs

	finishBtn *widget.Button
	applyBtn  *widget.Button
	saveBtn   *widget.Button
	format    *widget.Select

	audit    assets.Audit
	expected []assets.Asset
	scans    []assets.AuditScan // newest last
	result   assets.AuditResult // the live or finished result
	missing  []assets.Asset     // expected, not scanned yet
	checks   []assets.NetworkCheck
	queue    []string // codes typed while the previous scan is stored
	busy     bool
	openList []assets.Audit
}

func newStocktake(u *UI) *stocktakeScreen { return &stocktakeScreen{ui: u, store: u.svc.Store} }

func (s *stocktakeScreen) title() string       { return "Stocktake" }
func (s *stocktakeScreen) icon() fyne.Resource { return theme.ListIcon() }

// scanEntry is the field scanners type into: Enter records the scan.
type scanEntry struct {
	widget.Entry
}

func newScanEntry(submit func(string)) *scanEntry {
	e := &scanEntry{}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder("Scan a label or type a tag, then Enter")
	e.OnSubmitted = submit
	return e
}

func (s *stocktakeScreen) view() fyne.CanvasObject {
	s.placeBox = container.NewGridWrap(fyne.NewSize(200, 36))
	s.startBtn = widget.NewButtonWithIcon("Start audit", theme.MediaPlayIcon(), s.start)
	s.startBtn.Importance = widget.HighImportance
	s.resume = widget.NewSelect(nil, func(string) { s.resumeSelected() })
	s.resume.PlaceHolder = "Resume an open audit…"

	s.heading = widget.NewLabel("Tick the locations to audit and press Start audit.")
	s.heading.TextStyle = fyne.TextStyle{Bold: true}
	s.scanIn = widget.NewSelect(nil, func(string) { s.focusEntry() })
	s.entry = newScanEntry(s.submit)
	s.last = widget.NewLabel("")
	s.last.TextStyle = fyne.TextStyle{Bold: true}
	s.last.Wrapping = fyne.TextWrapWord
	s.counts = widget.NewLabel("")

	s.scanList = widget.NewList(
		func() int { return len(s.scans) },
		func() fyne.CanvasObject {
			result := widget.NewLabel("Found, registered elsewhere")
			// One width for every row's result, so the tags line up.
			return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(resultWidth, result.MinSize().Height), result),
				widget.NewLabel("Location"), widget.NewLabel("ST-000000 Asset name"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.scans) {
				return
			}
			sc := s.scans[len(s.scans)-1-id] // newest first
			b := o.(*fyne.Container)
			b.Objects[0].(*widget.Label).SetText(scanDetail(sc))
			result := b.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
			result.Importance = resultImportance[sc.Result]
			result.SetText(sc.Result.Label())
			b.Objects[2].(*widget.Label).SetText(sc.Location)
		},
	)
	s.missList = widget.NewList(
		func() int { return len(s.missing) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewLabel("ST-000000"), widget.NewLabel("Location"), widget.NewLabel("Asset name"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.missing) {
				return
			}
			a := s.missing[id]
			b := o.(*fyne.Container)
			b.Objects[0].(*widget.Label).SetText(a.Name)
			b.Objects[1].(*widget.Label).SetText(a.Tag)
			b.Objects[2].(*widget.Label).SetText(a.Location)
		},
	)
	s.network = widget.NewLabel("")
	s.network.Wrapping = fyne.TextWrapWord
	s.tabs = container.NewAppTabs(
		container.NewTabItem("Scans", s.scanList),
		container.NewTabItem("Not found yet", s.missList),
		container.NewTabItem("Network", wheelVScroll(s.network)),
	)
	// The comparison is brought up to date when looked at, not on every scan.
	s.tabs.OnSelected = func(t *container.TabItem) {
		if t == s.tabs.Items[2] && s.audit.Open() {
			s.checkNetwork()
		}
		s.focusEntry() // the scanner types on
	}

	s.finishBtn = widget.NewButtonWithIcon("Finish", theme.ConfirmIcon(), s.confirmFinish)
	s.applyBtn = widget.NewButtonWithIcon("Apply moves", theme.MoveUpIcon(), s.confirmApply)
	s.format = widget.NewSelect(auditFormats, nil)
	s.format.SetSelected(auditFormats[0])
	s.saveBtn = widget.NewButtonWithIcon("Save report…", theme.DocumentSaveIcon(), s.saveReport)

	// About two rows of locations show; more scroll.
	places := container.NewVScroll(s.placeBox)
	places.SetMinSize(fyne.NewSize(300, 76))
	pick := container.NewBorder(nil, nil, widget.NewLabel("Locations"), container.NewVBox(s.startBtn, s.resume), places)
	scanRow := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel("Scanning in"), s.scanIn), nil, s.entry)
	top := container.NewVBox(pick, widget.NewSeparator(), s.heading, scanRow, s.last, s.counts)
	bottom := container.NewHBox(s.finishBtn, s.applyBtn, widget.NewSeparator(), s.format, s.saveBtn)
	s.refresh()
	s.show()
	return container.NewBorder(top, bottom, nil, nil, s.tabs)
}

// resultWidth fits the longest result ("Found, registered elsewhere").
const resultWidth = 240

// resultImportance colours each result: found green, moved amber, unknown
// red, a repeat grey.
var resultImportance = map[assets.ScanResult]widget.Importance{
	assets.ScanFound: widget.SuccessImportance, assets.ScanMoved: widget.WarningImportance,
	assets.ScanUnknown: widget.DangerImportance, assets.ScanDuplicate: widget.LowImportance,
}

// scanDetail is a scan as the list shows it: the tag, the asset's name,
// and where the register has it when that is elsewhere.
func scanDetail(sc assets.AuditScan) string {
	t := strings.TrimSpace(sc.Tag + " " + sc.AssetName)
	if sc.Result == assets.ScanMoved {
		reg := sc.Registered
		if reg == "" {
			reg = "no location"
		}
		t += " (registered at " + reg + ")"
	}
	return t
}

// refresh reloads the locations and the open audits.
func (s *stocktakeScreen) refresh() {
	type lists struct {
		locations []string
		open      []assets.Audit
	}
	background(s.ui, func(ctx context.Context) (lists, error) {
		var l lists
		var err error
		if l.locations, err = s.store.Locations(ctx); err != nil {
			return l, err
		}
		l.open, err = s.store.Audits(ctx, true)
		return l, err
	}, func(l lists, err error) {
		if err != nil {
			s.ui.showError("Could not load the locations", err)
			return
		}
		s.chosen = slices.DeleteFunc(s.chosen, func(p string) bool { return !slices.Contains(l.locations, p) })
		s.placeBox.Objects = nil
		cell := fyne.NewSize(0, 0)
		for _, loc := range l.locations {
			c := widget.NewCheck(loc, func(on bool) {
				s.chosen = slices.DeleteFunc(s.chosen, func(p string) bool { return p == loc })
				if on {
					s.chosen = append(s.chosen, loc)
				}
				s.updateButtons()
			})
			c.Checked = slices.Contains(s.chosen, loc)
			cell = cell.Max(c.MinSize())
			s.placeBox.Add(c)
		}
		// Every cell as wide as the longest name: they line up in columns.
		s.placeBox.Layout = layout.NewGridWrapLayout(cell)
		s.placeBox.Refresh()
		s.openList = l.open
		var names []string
		for _, a := range l.open {
			names = append(names, auditName(a))
		}
		s.resume.Options = names
		s.resume.Refresh()
		s.updateButtons()
		s.ui.markReady()
		if s.audit.ID == 0 && len(l.open) > 0 {
			s.load(l.open[0]) // an interrupted stocktake goes on where it stopped
		}
	})
}

func auditName(a assets.Audit) string {
	return fmt.Sprintf("Audit %d: %s (%s)", a.ID, strings.Join(a.Locations, ", "), a.Started.Local().Format("2006-01-02 15:04"))
}

func (s *stocktakeScreen) start() {
	locs := slices.Clone(s.chosen)
	if len(locs) == 0 {
		return
	}
	background(s.ui, func(ctx context.Context) (assets.Audit, error) {
		return s.store.StartAudit(ctx, locs, "")
	}, func(a assets.Audit, err error) {
		if err != nil {
			s.ui.showError("Could not start the audit", err)
			return
		}
		s.load(a)
	})
}

func (s *stocktakeScreen) resumeSelected() {
	i := s.resume.SelectedIndex()
	if i < 0 || i >= len(s.openList) {
		return
	}
	s.load(s.openList[i])
}

// load makes a the audit on screen: its expected list and its scans so far.
func (s *stocktakeScreen) load(a assets.Audit) {
	type loaded struct {
		expected []assets.Asset
		scans    []assets.AuditScan
		result   assets.AuditResult
		checks   []assets.NetworkCheck
	}
	background(s.ui, func(ctx context.Context) (loaded, error) {
		var l loaded
		var err error
		st := s.store
		if l.expected, err = st.ExpectedAssets(ctx, a); err != nil {
			return l, err
		}
		if l.scans, err = st.AuditScans(ctx, a.ID); err != nil {
			return l, err
		}
		if !a.Open() {
			if l.result, err = st.AuditResult(ctx, a.ID); err != nil {
				return l, err
			}
			l.checks, err = st.AuditNetwork(ctx, l.result)
		}
		return l, err
	}, func(l loaded, err error) {
		if err != nil {
			s.ui.showError("Could not open the audit", err)
			return
		}
		s.audit, s.expected, s.scans, s.checks = a, l.expected, l.scans, l.checks
		s.queue = nil
		if !a.Open() {
			s.result = l.result
		}
		s.last.Importance = widget.MediumImportance
		s.last.SetText("")
		if a.Open() && len(l.scans) > 0 {
			s.last.SetText(fmt.Sprintf("Resumed with the %s made so far.", assets.CountOf(len(l.scans), "scan", "scans")))
		}
		s.scanIn.Options = a.Locations
		s.scanIn.SetSelected(a.Locations[0])
		s.show()
		if a.Open() {
			s.checkNetwork()
		}
	})
}

// submit queues a scanned code; codes are stored one after the other, in
// the order scanned, however fast the scanner types.
func (s *stocktakeScreen) submit(code string) {
	s.entry.SetText("")
	s.focusEntry()
	if s.audit.ID == 0 || !s.audit.Open() || strings.TrimSpace(code) == "" {
		return
	}
	s.queue = append(s.queue, code)
	s.next()
}

func (s *stocktakeScreen) next() {
	if s.busy || len(s.queue) == 0 {
		return
	}
	code := s.queue[0]
	s.queue = s.queue[1:]
	s.busy = true
	id, loc := s.audit.ID, s.scanIn.Selected
	background(s.ui, func(ctx context.Context) (assets.AuditScan, error) {
		return s.store.AddAuditScan(ctx, id, loc, code)
	}, func(sc assets.AuditScan, err error) {
		s.busy = false
		if err != nil {
			s.last.Importance = widget.DangerImportance
			s.last.SetText("Not recorded: " + assets.Message(err))
		} else {
			s.scans = append(s.scans, sc)
			s.last.Importance = resultImportance[sc.Result]
			if sc.Result == assets.ScanDuplicate {
				s.last.Importance = widget.HighImportance // the list's grey is too faint for the answer
			}
			s.last.SetText(sc.Result.Label() + ": " + scanDetail(sc))
			s.show()
		}
		s.next()
	})
}

// show brings the lists, counts and buttons up to date with the audit.
func (s *stocktakeScreen) show() {
	if s.audit.ID == 0 {
		s.heading.SetText("Tick the locations to audit and press Start audit, or resume an open audit.")
		s.scans, s.missing = nil, nil
		s.counts.SetText("")
		s.entry.Disable()
		s.scanIn.Disable()
	} else {
		if s.audit.Open() {
			s.result = assets.ReconcileAudit(s.audit, s.expected, s.scans, func(int64) (assets.Asset, bool) { return assets.Asset{}, false })
		}
		scanned := map[int64]bool{}
		for _, sc := range s.scans {
			scanned[sc.AssetID] = true
		}
		s.missing = s.missing[:0]
		for _, a := range s.expected {
			if !scanned[a.ID] {
				s.missing = append(s.missing, a)
			}
		}
		state := "scanning"
		if !s.audit.Open() {
			state = "finished " + s.audit.Finished.Local().Format("2006-01-02 15:04")
			if !s.audit.Applied.IsZero() {
				state += ", moves applied"
			}
		}
		s.heading.SetText(fmt.Sprintf("Audit %d of %s, by %s, started %s: %s", s.audit.ID, strings.Join(s.audit.Locations, ", "),
			cmp.Or(s.audit.Auditor, "nobody named"), s.audit.Started.Local().Format("2006-01-02 15:04"), state))
		r := s.result
		found := r.Count(assets.OutcomeFound, "")
		notFound := fmt.Sprintf("%d not found yet", len(s.missing))
		if !s.audit.Open() {
			notFound = fmt.Sprintf("%d missing", r.Count(assets.OutcomeMissing, ""))
		}
		s.counts.SetText(fmt.Sprintf("%d found here (%d expected) · %d moved here · %d unknown · %d scanned twice · %s",
			found, len(s.expected), r.Count(assets.OutcomeMoved, ""), r.Count(assets.OutcomeUnknown, ""), r.Dupes, notFound))
		if s.audit.Open() {
			s.entry.Enable()
			s.scanIn.Enable()
		} else {
			s.entry.Disable()
			s.scanIn.Disable()
			s.tabs.Items[1].Text = "Missing"
			s.tabs.Refresh()
		}
	}
	s.scanList.Refresh()
	s.missList.Refresh()
	s.showNetwork()
	s.updateButtons()
	s.focusEntry()
}

// checkNetwork looks for a network scan of the audit's locations from the
// same visit and compares it with the audit as it stands (the store's
// result: it carries each asset's MAC, serial and host name).
func (s *stocktakeScreen) checkNetwork() {
	id := s.audit.ID
	if id == 0 {
		return
	}
	background(s.ui, func(ctx context.Context) ([]assets.NetworkCheck, error) {
		res, err := s.store.AuditResult(ctx, id)
		if err != nil {
			return nil, err
		}
		return s.store.AuditNetwork(ctx, res)
	}, func(c []assets.NetworkCheck, err error) {
		if err != nil {
			s.ui.showError("Could not compare with the network scan", err)
			return
		}
		if s.audit.ID == id {
			s.checks = c
			s.showNetwork()
		}
	})
}

// showNetwork writes the shelf-and-network comparison in words.
func (s *stocktakeScreen) showNetwork() {
	if s.audit.ID == 0 {
		s.network.SetText("")
		return
	}
	if len(s.checks) == 0 {
		s.network.SetText("No network scan of these locations from this visit. Scan the network on the Discovery screen with the location as its site to compare what the shelf and the network each saw.")
		return
	}
	var b strings.Builder
	for _, nc := range s.checks {
		fmt.Fprintf(&b, "%s: network scan %d at %s\n", nc.Location, nc.ScanID, nc.ScanAt.Local().Format("2006-01-02 15:04"))
		fmt.Fprintf(&b, "  On the shelf and on the network: %d\n", len(nc.Matched))
		for _, m := range nc.Matched {
			fmt.Fprintf(&b, "    %s — %s (by %s)\n", m.Line.Tag, m.Sighting.DeviceName(), m.By)
		}
		fmt.Fprintf(&b, "  On the network, not on the shelf: %d\n", len(nc.SeenNotFound))
		for _, m := range nc.SeenNotFound {
			if m.Line.Tag != "" {
				fmt.Fprintf(&b, "    %s — %s (registered, by %s)\n", m.Line.Tag, m.Sighting.DeviceName(), m.By)
			} else {
				fmt.Fprintf(&b, "    %s — not in the register\n", m.Sighting.DeviceName())
			}
		}
		fmt.Fprintf(&b, "  On the shelf, not on the network: %d\n", len(nc.FoundNotSeen))
		for _, l := range nc.FoundNotSeen {
			fmt.Fprintf(&b, "    %s %s (switched off or unplugged?)\n", l.Tag, l.Name)
		}
	}
	s.network.SetText(b.String())
}

func (s *stocktakeScreen) updateButtons() {
	enable := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	enable(s.startBtn, len(s.chosen) > 0)
	open := s.audit.ID != 0 && s.audit.Open()
	enable(s.finishBtn, open)
	enable(s.applyBtn, s.audit.ID != 0 && !s.audit.Open() && s.audit.Applied.IsZero() && len(s.result.Moves()) > 0)
	enable(s.saveBtn, s.audit.ID != 0)
}

func (s *stocktakeScreen) focusEntry() {
	if s.entry != nil && !s.entry.Disabled() && s.ui.current < len(s.ui.screens) && s.ui.screens[s.ui.current] == screen(s) {
		s.ui.win.Canvas().Focus(s.entry)
	}
}

func (s *stocktakeScreen) confirmFinish() {
	n := len(s.missing)
	msg := fmt.Sprintf("Finish audit %d? The %d %s not found yet will be reported missing; every asset found gets today as its last audit.",
		s.audit.ID, n, pluralWord(n, "asset", "assets"))
	dialog.ShowConfirm("Finish the audit", msg, func(ok bool) {
		if ok {
			s.finish()
		}
	}, s.ui.win)
}

func (s *stocktakeScreen) finish() {
	id := s.audit.ID
	background(s.ui, func(ctx context.Context) (assets.AuditResult, error) {
		return s.store.FinishAudit(ctx, id)
	}, func(r assets.AuditResult, err error) {
		if err != nil {
			s.ui.showError("Could not finish the audit", err)
			return
		}
		s.load(r.Audit)
		s.refresh()
	})
}

func (s *stocktakeScreen) confirmApply() {
	moves := s.result.Moves()
	var b strings.Builder
	for i, m := range moves {
		if i == 8 {
			fmt.Fprintf(&b, "… and %d more\n", len(moves)-i)
			break
		}
		from := m.Registered
		if from == "" {
			from = "no location"
		}
		fmt.Fprintf(&b, "%s %s: %s → %s\n", m.Tag, m.Name, from, m.Location)
	}
	dialog.ShowConfirm("Apply the moves", fmt.Sprintf("Write %d %s to the register (each with a history entry)?\n\n%s",
		len(moves), pluralWord(len(moves), "move", "moves"), b.String()), func(ok bool) {
		if ok {
			s.apply()
		}
	}, s.ui.win)
}

func (s *stocktakeScreen) apply() {
	id := s.audit.ID
	background(s.ui, func(ctx context.Context) (assets.Audit, error) {
		if _, err := s.store.ApplyAuditMoves(ctx, id); err != nil {
			return assets.Audit{}, err
		}
		return s.store.Audit(ctx, id)
	}, func(a assets.Audit, err error) {
		if err != nil {
			s.ui.showError("Could not apply the moves", err)
			return
		}
		s.load(a)
		s.refresh()
	})
}

// reportDoc is the audit report of what the screen shows.
func (s *stocktakeScreen) reportDoc(ctx context.Context) (*report.Document, error) {
	org, err := s.store.Setting(ctx, assets.SettingOrgName)
	if err != nil {
		return nil, err
	}
	return report.Audit(report.AuditInput{Org: org, AsOf: assets.Today(s.ui.svc.Now()), Result: s.result, Network: s.checks}), nil
}

// The report's formats: PDF on either paper, or a spreadsheet.
var auditFormats = []string{"PDF (A4)", "PDF (US Letter)", "CSV", "XLSX"}

func (s *stocktakeScreen) saveReport() {
	format, paper := s.format.Selected, report.A4
	if strings.HasPrefix(format, "PDF") {
		if strings.Contains(format, "Letter") {
			paper = report.Letter
		}
		format = "PDF"
	}
	name := fmt.Sprintf("audit-%d%s", s.audit.ID, formatExt[format])
	s.ui.askSave("Save the audit report", name, "Could not save the report", func(path string) {
		saveFile(s.ui, path, func(ctx context.Context, w io.Writer) error {
			doc, err := s.reportDoc(ctx)
			if err != nil {
				return err
			}
			return report.Write(ctx, w, doc, strings.ToLower(format), paper)
		}, func(err error) {
			if err != nil {
				s.ui.showError("Could not save the report", err)
				return
			}
			s.last.SetText("Saved " + filepath.Base(path) + ".")
		})
	})
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
