package app

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
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

// Hand-overs where the asset is: check-out and check-in of one asset or
// several, from the asset's page, the person's page or the assets marked
// in the list. Both dialogs pick with pickers (picker.go): people by name,
// e-mail or department, assets by tag, name or serial, typed or scanned.
// Each hand-over is one transaction for all its assets, and can print a
// receipt for both people to sign.

// handoverStore is what the hand-over dialogs need from the register.
type handoverStore interface {
	pickerStore
	Asset(ctx context.Context, id int64) (assets.Asset, error)
	Locations(ctx context.Context) ([]string, error)
	Handovers(ctx context.Context, assetID, personID int64) ([]assets.Handover, error)
	CheckOutAssets(ctx context.Context, list []assets.CheckOut) ([]assets.Handover, error)
	CheckInAssets(ctx context.Context, list []assets.CheckIn) ([]assets.Handover, error)
}

// handoverStore is the register the hand-over dialogs work on.
func (u *UI) handoverStore() handoverStore { return u.svc.Store }

// openPDF shows a receipt in the desktop's PDF viewer, to print from there
// (tests replace it).
var openPDF = func(u *UI, link *url.URL) error { return u.app.OpenURL(link) }

const (
	// staffPref remembers who signs receipts for the organisation.
	staffPref = "handover.staff"
	// receiptPref remembers whether the last hand-over printed a receipt.
	receiptPref = "handover.receipt"
)

// conditionLabels are the conditions as the dialogs offer them; the first
// is "not recorded".
func conditionLabels() []string {
	out := []string{notRecorded}
	for _, c := range assets.Conditions {
		out = append(out, c.Label())
	}
	return out
}

const notRecorded = "Not recorded"

func conditionOf(label string) assets.Condition {
	c, _ := assets.ParseCondition(label)
	return c
}

// chosenAssets is the list of assets a dialog will act on, each with a
// button to take it off again.
type chosenAssets struct {
	items   []assets.Asset
	open    map[int64]assets.Handover // their open hand-overs, when known
	asOf    assets.Date
	list    *widget.List
	heading *widget.Label
	noun    string // "to check out"
	changed func()
}

func newChosenAssets(asOf assets.Date, noun string, changed func()) *chosenAssets {
	c := &chosenAssets{open: map[int64]assets.Handover{}, asOf: asOf, noun: noun, changed: changed}
	c.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.list = widget.NewList(
		func() int { return len(c.items) },
		func() fyne.CanvasObject {
			what, more := widget.NewLabel("ST-000000  Template asset"), widget.NewLabel("SN")
			what.Truncation, more.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
			more.SizeName = theme.SizeNameCaptionText
			rm := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), nil)
			rm.Importance = widget.LowImportance
			return container.NewBorder(nil, nil, nil, rm, container.NewVBox(what, more))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(c.items) {
				return
			}
			a := c.items[id]
			box := o.(*fyne.Container)
			lines := box.Objects[0].(*fyne.Container)
			what, more := lines.Objects[0].(*widget.Label), lines.Objects[1].(*widget.Label)
			top, bottom := c.lines(a)
			what.SetText(top)
			more.Importance = widget.LowImportance
			if st, _ := c.open[a.ID].DueBackState(c.asOf); st == assets.DueBackOverdue {
				more.Importance = widget.DangerImportance
			}
			more.SetText(bottom)
			box.Objects[1].(*widget.Button).OnTapped = func() { c.remove(a.ID) }
		},
	)
	c.refresh()
	return c
}

// lines are one chosen asset: tag and name, then its serial, holder and
// due-back date.
func (c *chosenAssets) lines(a assets.Asset) (string, string) {
	var more []string
	if a.Serial != "" {
		more = append(more, "SN "+a.Serial)
	}
	more = append(more, a.Status.Label())
	if a.AssignedName != "" {
		more = append(more, a.AssignedName)
	}
	if h, ok := c.open[a.ID]; ok {
		if d := h.DueBackText(c.asOf); d != "" {
			more = append(more, d)
		}
	}
	return a.Tag + "  " + a.Name, strings.Join(more, " · ")
}

func (c *chosenAssets) has(id int64) bool {
	for _, a := range c.items {
		if a.ID == id {
			return true
		}
	}
	return false
}

func (c *chosenAssets) add(a assets.Asset) {
	c.items = append(c.items, a)
	c.refresh()
}

func (c *chosenAssets) remove(id int64) {
	for i, a := range c.items {
		if a.ID == id {
			c.items = append(c.items[:i:i], c.items[i+1:]...)
			break
		}
	}
	c.refresh()
}

func (c *chosenAssets) refresh() {
	switch n := len(c.items); n {
	case 0:
		c.heading.SetText("No assets " + c.noun + " yet")
	case 1:
		c.heading.SetText("1 asset " + c.noun)
	default:
		c.heading.SetText(fmt.Sprintf("%d assets %s", n, c.noun))
	}
	c.list.Refresh()
	if c.changed != nil {
		c.changed()
	}
}

// loadOpen reads the open hand-overs of the chosen assets (their due-back
// dates) in the background.
func (c *chosenAssets) loadOpen(u *UI, st handoverStore, list []assets.Asset) {
	background(u, func(ctx context.Context) (map[int64]assets.Handover, error) {
		out := map[int64]assets.Handover{}
		for _, a := range list {
			hs, err := st.Handovers(ctx, a.ID, 0)
			if err != nil {
				return nil, err
			}
			for _, h := range hs {
				if h.Open() {
					out[a.ID] = h
					break
				}
			}
		}
		return out, nil
	}, func(m map[int64]assets.Handover, err error) {
		if err != nil {
			return // the due dates are a help, not needed to hand back
		}
		for id, h := range m {
			c.open[id] = h
		}
		c.list.Refresh()
	})
}

// receiptOptions is the "print a receipt" tick and who signs it for the
// organisation.
type receiptOptions struct {
	print *dialogCheck
	staff *dialogEntry
}

func newReceiptOptions(u *UI, label string) *receiptOptions {
	r := &receiptOptions{staff: formEntry(defaultStaff(u), "your name, to sign the receipt")}
	r.print = formCheck(label, func(on bool) { enable(r.staff, on) })
	r.print.SetChecked(u.localPrefs().Bool(receiptPref))
	enable(r.staff, r.print.Checked)
	return r
}

// remember keeps the tick and the name for the next hand-over.
func (r *receiptOptions) remember(u *UI) {
	u.localPrefs().SetBool(receiptPref, r.print.Checked)
	if n := strings.TrimSpace(r.staff.Text); n != "" {
		u.localPrefs().SetString(staffPref, n)
	}
}

// defaultStaff is who signed the last receipt, else this computer's user.
func defaultStaff(u *UI) string {
	if n := u.localPrefs().String(staffPref); n != "" {
		return n
	}
	if me, err := user.Current(); err == nil {
		if me.Name != "" {
			return me.Name
		}
		return me.Username
	}
	return ""
}

// handoverDialog is what the check-out and check-in dialogs share: the
// chosen assets with their picker, the problem line and the buttons.
type handoverDialog struct {
	ui      *UI
	st      handoverStore
	asOf    assets.Date
	chosen  *chosenAssets
	assets  *picker[assets.Asset]
	receipt *receiptOptions
	problem *widget.Label
	confirm *widget.Button
	dlg     *dialog.CustomDialog
	busy    bool
}

func (d *handoverDialog) fail(err error) {
	d.busy = false
	d.confirm.Enable()
	d.problem.SetText(assets.Message(err))
	d.problem.Show()
}

func (d *handoverDialog) complain(msg string) {
	d.problem.SetText(msg)
	d.problem.Show()
}

// show lays out left (who and what) beside right (the details) with the
// buttons under both, and shows the dialog.
func (d *handoverDialog) show(title string, left, right fyne.CanvasObject, submit func()) {
	d.problem = widget.NewLabel("")
	d.problem.Importance = widget.DangerImportance
	d.problem.Wrapping = fyne.TextWrapWord
	d.problem.Hide()
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { d.dlg.Hide() })
	buttons := container.NewHBox(layout.NewSpacer(), cancel, d.confirm)
	d.confirm.Importance = widget.HighImportance
	// The details take what they need; who and what take the rest.
	body := container.NewBorder(nil, nil, nil, container.New(fixedWidth{390}, wheelVScroll(right)), left)
	content := container.NewBorder(nil, container.NewVBox(d.problem, buttons), nil, nil, body)
	d.dlg = dialog.NewCustomWithoutButtons(title, content, d.ui.win)
	d.assets.entry.escape = d.dlg.Hide
	d.ui.showKeyed(d.dlg, content, submit)
	size := d.ui.win.Canvas().Size()
	d.dlg.Resize(fyne.NewSize(min(920, size.Width-24), min(600, size.Height-24)))
	d.ui.win.Canvas().Focus(d.assets.entry)
}

// assetsColumn is the asset picker (its matches rows high) over the chosen
// list, under top.
func (d *handoverDialog) assetsColumn(top fyne.CanvasObject, rows int) fyne.CanvasObject {
	chosen := container.NewBorder(d.chosen.heading, nil, nil, nil, d.chosen.list)
	pick := container.NewBorder(widget.NewLabelWithStyle("Add assets", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, d.assets.view(rows))
	head := container.NewVBox(pick)
	if top != nil {
		head = container.NewVBox(top, pick)
	}
	return container.NewBorder(head, nil, nil, nil, chosen)
}

// ---- check-out ----

// checkOutDialog hands one or more assets to one person.
type checkOutDialog struct {
	handoverDialog
	person    assets.Person
	people    *picker[assets.Person]
	on, due   *dialogEntry
	condition *dialogSelect
	note      *dialogEntry
	done      func()
}

// showCheckOut opens the check-out dialog: to the person given (their
// page), else to one chosen in it; with the assets given (the asset's page,
// the marked assets) and any more scanned or typed in. done runs after a
// check-out.
func (u *UI) showCheckOut(to *assets.Person, with []assets.Asset, done func()) *checkOutDialog {
	asOf := asOfDay(u)
	d := &checkOutDialog{handoverDialog: handoverDialog{ui: u, st: u.handoverStore(), asOf: asOf}, done: done}
	d.chosen = newChosenAssets(asOf, "to check out", d.updateButton)
	d.confirm = widget.NewButtonWithIcon("Check out", theme.LoginIcon(), d.submit)
	d.assets = newAssetPicker(u, d.st, d.offer)
	var who fyne.CanvasObject
	title := "Check out"
	if to != nil {
		d.person = *to
		title = "Check out to " + to.Name
		l := widget.NewLabel("To " + personPickLabel(*to, asOf))
		l.Truncation = fyne.TextTruncateEllipsis
		who = l
	} else {
		d.people = newPersonPicker(u, d.st, asOf, d.offerPerson)
		d.people.entry.escape = func() { d.dlg.Hide() }
		who = container.NewBorder(widget.NewLabelWithStyle("To", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, d.people.view(2))
	}
	var refused []string
	for _, a := range with {
		if why := d.offer(a); why != "" {
			refused = append(refused, why)
		}
	}
	d.on = formEntry(asOf.String(), "YYYY-MM-DD")
	d.due = formEntry("", "optional, YYYY-MM-DD")
	d.condition = formSelect(conditionLabels(), nil)
	d.condition.SetSelected(assets.ConditionGood.Label())
	d.note = formNote("", "accessories, why")
	d.receipt = newReceiptOptions(u, "Print a hand-over receipt to sign")
	right := widget.NewForm(
		widget.NewFormItem("Date", d.on), widget.NewFormItem("Due back", d.due),
		widget.NewFormItem("Condition", d.condition), widget.NewFormItem("Note", d.note),
		widget.NewFormItem("Receipt", d.receipt.print), widget.NewFormItem("Signed by", d.receipt.staff))
	rows := 3
	if d.people != nil {
		rows = 2 // under the person's picker: the dialog fits a 720-high window
	}
	d.show(title, d.assetsColumn(who, rows), right, d.submit)
	if len(refused) > 0 {
		d.complain(strings.Join(refused, "\n"))
	}
	d.updateButton()
	if d.people != nil {
		u.win.Canvas().Focus(d.people.entry)
	}
	return d
}

// offerPerson takes the receiver, unless they have left.
func (d *checkOutDialog) offerPerson(p assets.Person) string {
	if assets.IsLeaver(p, d.asOf) {
		return p.Name + " has left: choose someone who works here."
	}
	d.person = p
	d.updateButton()
	return ""
}

// offer adds an asset to the check-out, unless it cannot go.
func (d *checkOutDialog) offer(a assets.Asset) string {
	switch {
	case d.chosen.has(a.ID):
		return a.Tag + " is on the list already."
	case !a.Status.Active():
		return fmt.Sprintf("%s is %s: only assets in stock, deployed or in repair can be checked out.", a.Tag, strings.ToLower(a.Status.Label()))
	case a.AssignedTo != 0 && a.AssignedTo == d.person.ID:
		return a.Tag + " is already with " + a.AssignedName + "."
	case a.AssignedTo != 0:
		return a.Tag + " is held by " + a.AssignedName + ": check it in first."
	}
	if d.problem != nil {
		d.problem.Hide()
	}
	d.chosen.add(a)
	return ""
}

func (d *checkOutDialog) updateButton() {
	if d.confirm == nil {
		return
	}
	n := len(d.chosen.items)
	switch {
	case n == 1:
		d.confirm.SetText("Check out 1 asset")
	case n > 1:
		d.confirm.SetText(fmt.Sprintf("Check out %d assets", n))
	default:
		d.confirm.SetText("Check out")
	}
	if n == 0 || d.person.ID == 0 || d.busy {
		d.confirm.Disable()
	} else {
		d.confirm.Enable()
	}
}

// submit checks the answers and checks the assets out in one transaction;
// the dialog stays open with the problem when it fails.
func (d *checkOutDialog) submit() {
	if d.busy {
		return
	}
	if d.person.ID == 0 {
		d.complain("Choose who receives the assets: type part of their name, e-mail or department.")
		return
	}
	if len(d.chosen.items) == 0 {
		d.complain("Add at least one asset: scan its label or type its tag, name or serial.")
		return
	}
	on, err := assets.ParseDate(d.on.Text)
	if err != nil {
		d.complain("Date: " + assets.Message(err))
		return
	}
	due, err := assets.ParseDate(d.due.Text)
	if err != nil {
		d.complain("Due back: " + assets.Message(err))
		return
	}
	var list []assets.CheckOut
	for _, a := range d.chosen.items {
		list = append(list, assets.CheckOut{AssetID: a.ID, PersonID: d.person.ID, On: on, DueBack: due,
			Condition: conditionOf(d.condition.Selected), Note: d.note.Text})
	}
	d.busy = true
	d.confirm.Disable()
	chosen, person := append([]assets.Asset(nil), d.chosen.items...), d.person
	background(d.ui, func(ctx context.Context) ([]assets.Handover, error) {
		return d.st.CheckOutAssets(ctx, list)
	}, func(hs []assets.Handover, err error) {
		if err != nil {
			d.fail(err)
			return
		}
		d.dlg.Hide()
		d.receipt.remember(d.ui)
		d.ui.sayRecord(assets.Ref{Entity: "person", ID: person.ID}, "Checked out %s to %s on %s%s.", tagList(chosen), person.Name, on, dueSuffix(due))
		if d.receipt.print.Checked {
			d.ui.printReceipt(receiptFor(d.ui, false, on, d.receipt.staff.Text, chosen, hs))
		}
		if d.done != nil {
			d.done()
		}
	})
}

func dueSuffix(due assets.Date) string {
	if due.IsZero() {
		return ""
	}
	return ", due back " + due.String()
}

// tagList names assets for the status line: "ST-000001" or "3 assets
// (ST-000001, ST-000002, ST-000003)", at most five tags.
func tagList(list []assets.Asset) string {
	if len(list) == 1 {
		return list[0].Tag + " " + list[0].Name
	}
	var tags []string
	for i, a := range list {
		if i == 5 {
			tags = append(tags, "…")
			break
		}
		tags = append(tags, a.Tag)
	}
	return fmt.Sprintf("%d assets (%s)", len(list), strings.Join(tags, ", "))
}

// ---- check-in ----

// checkInDialog takes one or more assets back, from whoever holds them.
type checkInDialog struct {
	handoverDialog
	on        *dialogEntry
	status    *dialogSelect
	location  *dialogSelectEntry
	condition *dialogSelect
	note      *dialogEntry
	done      func()
}

// asUsual is the check-in's default status: deployed goes back to stock,
// anything else stays.
const asUsual = "As usual: in stock if deployed"

// showCheckIn opens the check-in dialog with the assets given (the asset's
// page, a person's "check in everything", the marked assets) and any more
// scanned or typed in. It asks for the date, the new status, location and
// condition. done runs after a check-in.
func (u *UI) showCheckIn(with []assets.Asset, title string, done func()) *checkInDialog {
	asOf := asOfDay(u)
	d := &checkInDialog{handoverDialog: handoverDialog{ui: u, st: u.handoverStore(), asOf: asOf}, done: done}
	d.chosen = newChosenAssets(asOf, "to check in", d.updateButton)
	d.confirm = widget.NewButtonWithIcon("Check in", theme.LogoutIcon(), d.submit)
	d.assets = newAssetPicker(u, d.st, d.offer)
	var refused []string
	for _, a := range with {
		if why := d.offer(a); why != "" {
			refused = append(refused, why)
		}
	}
	d.on = formEntry(asOf.String(), "YYYY-MM-DD")
	statuses := []string{asUsual}
	for _, st := range assets.Statuses {
		statuses = append(statuses, st.Label())
	}
	d.status = formSelect(statuses, nil)
	d.status.SetSelected(asUsual)
	d.location = formSelectEntry(nil)
	d.location.SetPlaceHolder("empty: where it was")
	d.condition = formSelect(conditionLabels(), func(label string) {
		// Damaged or faulty goes to repair unless a status was chosen.
		if conditionOf(label).NeedsRepair() && d.status.Selected == asUsual {
			d.status.SetSelected(assets.StatusInRepair.Label())
		}
	})
	d.condition.SetSelected(notRecorded)
	d.note = formNote("", "what came back with it, damage")
	d.receipt = newReceiptOptions(u, "Print a return receipt to sign")
	right := widget.NewForm(
		widget.NewFormItem("Date", d.on), widget.NewFormItem("New status", d.status),
		widget.NewFormItem("Location", d.location), widget.NewFormItem("Condition", d.condition),
		widget.NewFormItem("Note", d.note),
		widget.NewFormItem("Receipt", d.receipt.print), widget.NewFormItem("Signed by", d.receipt.staff))
	if title == "" {
		title = "Check in"
	}
	d.show(title, d.assetsColumn(nil, 3), right, d.submit)
	if len(refused) > 0 {
		d.complain(strings.Join(refused, "\n"))
	}
	d.updateButton()
	d.chosen.loadOpen(u, d.st, d.chosen.items)
	background(u, func(ctx context.Context) ([]string, error) {
		return d.st.Locations(ctx)
	}, func(locs []string, err error) {
		if err == nil {
			d.location.SetOptions(locs)
		}
	})
	return d
}

// offer adds an asset to the check-in, unless nobody holds it.
func (d *checkInDialog) offer(a assets.Asset) string {
	switch {
	case d.chosen.has(a.ID):
		return a.Tag + " is on the list already."
	case a.AssignedTo == 0:
		return a.Tag + " is not checked out to anyone."
	}
	if d.problem != nil {
		d.problem.Hide()
		d.chosen.loadOpen(d.ui, d.st, []assets.Asset{a})
	}
	d.chosen.add(a)
	return ""
}

func (d *checkInDialog) updateButton() {
	if d.confirm == nil {
		return
	}
	n := len(d.chosen.items)
	switch {
	case n == 1:
		d.confirm.SetText("Check in 1 asset")
	case n > 1:
		d.confirm.SetText(fmt.Sprintf("Check in %d assets", n))
	default:
		d.confirm.SetText("Check in")
	}
	if n == 0 || d.busy {
		d.confirm.Disable()
	} else {
		d.confirm.Enable()
	}
}

func (d *checkInDialog) submit() {
	if d.busy {
		return
	}
	if len(d.chosen.items) == 0 {
		d.complain("Add at least one asset: scan its label or type its tag, name or serial.")
		return
	}
	on, err := assets.ParseDate(d.on.Text)
	if err != nil {
		d.complain("Date: " + assets.Message(err))
		return
	}
	var status assets.Status
	for _, st := range assets.Statuses {
		if st.Label() == d.status.Selected {
			status = st
		}
	}
	var list []assets.CheckIn
	for _, a := range d.chosen.items {
		list = append(list, assets.CheckIn{AssetID: a.ID, On: on, Status: status, Location: d.location.Text,
			Condition: conditionOf(d.condition.Selected), Note: d.note.Text})
	}
	d.busy = true
	d.confirm.Disable()
	chosen := append([]assets.Asset(nil), d.chosen.items...)
	background(d.ui, func(ctx context.Context) ([]assets.Handover, error) {
		return d.st.CheckInAssets(ctx, list)
	}, func(hs []assets.Handover, err error) {
		if err != nil {
			d.fail(err)
			return
		}
		d.dlg.Hide()
		d.receipt.remember(d.ui)
		var from []string
		for _, h := range hs {
			if !containsString(from, h.PersonName) {
				from = append(from, h.PersonName)
			}
		}
		d.ui.sayRecord(assets.Ref{Entity: "asset", ID: chosen[0].ID}, "Checked in %s from %s on %s.", tagList(chosen), strings.Join(from, ", "), on)
		if len(chosen) > 1 {
			d.ui.saidLink.Hide() // several: no one record to open
		}
		if d.receipt.print.Checked {
			d.ui.printReceipt(receiptFor(d.ui, true, on, d.receipt.staff.Text, chosen, hs))
		}
		if d.done != nil {
			d.done()
		}
	})
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ---- receipts ----

// receiptFor is the receipt of a hand-over: the assets as chosen (serials,
// categories) with what the hand-overs recorded (holder, condition, due
// date, note).
func receiptFor(u *UI, back bool, on assets.Date, staff string, chosen []assets.Asset, hs []assets.Handover) report.ReceiptInput {
	in := report.ReceiptInput{Org: u.prefs.OrgName, Return: back, On: on, Staff: strings.TrimSpace(staff)}
	byID := map[int64]assets.Asset{}
	for _, a := range chosen {
		byID[a.ID] = a
	}
	for _, h := range hs {
		a := byID[h.AssetID]
		it := report.ReceiptItem{Tag: h.AssetTag, Name: h.AssetName, Category: categoryLabel(a.Category), Serial: a.Serial, Person: h.PersonName}
		if back {
			it.Condition, it.Note = h.InCondition, h.InNote
		} else {
			it.Condition, it.Note, it.DueBack = h.OutCondition, h.OutNote, h.DueBack
		}
		in.Items = append(in.Items, it)
	}
	return in
}

// printReceipt writes the receipt as a PDF and opens it in the PDF viewer
// to print, as the Reports screen prints.
func (u *UI) printReceipt(in report.ReceiptInput) {
	background(u, func(ctx context.Context) (string, error) {
		f, err := os.CreateTemp("", "steward-receipt-*.pdf")
		if err != nil {
			return "", err
		}
		if err := report.WritePDF(f, report.HandoverReceipt(in), receiptPaper(u)); err != nil {
			f.Close()
			os.Remove(f.Name())
			return "", err
		}
		return f.Name(), f.Close()
	}, func(path string, err error) {
		if err != nil {
			u.showError("Could not make the receipt", err)
			return
		}
		link := &url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
		if !strings.HasPrefix(link.Path, "/") {
			link.Path = "/" + link.Path // Windows: file:///C:/...
		}
		if err := openPDF(u, link); err != nil {
			u.showError("Could not open the PDF viewer; the receipt is at "+path, err)
			return
		}
		u.said.SetText(u.said.Text + " The receipt is open in your PDF viewer: print it from there.")
	})
}

// receiptPaper is the paper chosen on the Reports screen (A4 unless US
// Letter is chosen there).
func receiptPaper(u *UI) report.Paper {
	for _, sc := range u.screens {
		if r, ok := sc.(*reports); ok && r.paper != nil && r.paper.Selected == "US Letter" {
			return report.Letter
		}
	}
	return report.A4
}
