package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// Bulk changes: the marked assets, or every asset the list shows, get a new
// status, location, category or holder in one step. The dialog asks what
// to change, then shows what that does (how many change, from what, which
// are left out) before anything is written; confirmed, it is one
// transaction with one history row per asset.

// bulkStore is what the bulk change needs from the register.
type bulkStore interface {
	pickerStore
	Locations(ctx context.Context) ([]string, error)
	Categories(ctx context.Context) ([]assets.Category, error)
	PreviewBulkChange(ctx context.Context, sel assets.BulkSelection, c assets.BulkChange) (assets.BulkSummary, error)
	ApplyBulkChange(ctx context.Context, sel assets.BulkSelection, c assets.BulkChange) (assets.BulkSummary, error)
}

// bulkStore is the register the bulk change works on.
func (u *UI) bulkStore() bulkStore { return u.svc.Store }

const (
	leaveAsIs    = "Leave as is"
	holderNobody = "Nobody (check them in)"
	holderPerson = "A person (choose below)"
)

// bulkDialog asks what to change on which assets.
type bulkDialog struct {
	s        *assetsScreen
	st       bulkStore
	scope    *widget.RadioGroup
	marked   []int64
	query    assets.AssetQuery
	shown    int
	status   *dialogSelect
	location *dialogSelectEntry
	category *dialogSelect
	cats     []assets.Category
	holder   *dialogSelect
	people   *picker[assets.Person]
	person   assets.Person
	on       *dialogEntry
	problem  *widget.Label
	review   *widget.Button
	dlg      *dialog.CustomDialog
	confirm  *dialog.ConfirmDialog // the summary, while shown
}

func (d *bulkDialog) scopeMarked() string {
	return fmt.Sprintf("The %d marked %s", len(d.marked), pluralWord(len(d.marked), "asset", "assets"))
}

func (d *bulkDialog) scopeShown() string {
	if d.s.filtered() {
		return fmt.Sprintf("All %s %s the list shows (search and filters)", thousands(d.shown), pluralWord(d.shown, "asset", "assets"))
	}
	return fmt.Sprintf("All %s %s in the register", thousands(d.shown), pluralWord(d.shown, "asset", "assets"))
}

// showBulkChange opens the bulk change for the marked assets (or, with
// none marked, those the list shows).
func (s *assetsScreen) showBulkChange() *bulkDialog {
	u := s.ui
	d := &bulkDialog{s: s, st: u.bulkStore(), query: s.query, shown: s.matched}
	d.query.After, d.query.Limit = nil, 0
	if s.marks != nil {
		d.marked = append(d.marked, s.marks.order...)
	}
	var opts []string
	if len(d.marked) > 0 {
		opts = append(opts, d.scopeMarked())
	}
	opts = append(opts, d.scopeShown())
	d.scope = widget.NewRadioGroup(opts, nil)
	d.scope.Required = true
	d.scope.SetSelected(opts[0])

	statuses := []string{leaveAsIs}
	for _, st := range assets.Statuses {
		statuses = append(statuses, st.Label())
	}
	d.status = formSelect(statuses, nil)
	d.status.SetSelected(leaveAsIs)
	d.location = formSelectEntry(s.locations)
	d.location.SetPlaceHolder("empty: leave as is")
	d.cats = s.categories
	cats := []string{leaveAsIs}
	for _, c := range d.cats {
		cats = append(cats, c.Label)
	}
	d.category = formSelect(cats, nil)
	d.category.SetSelected(leaveAsIs)
	asOf := asOfDay(u)
	d.people = newPersonPicker(u, d.st, asOf, func(p assets.Person) string {
		if assets.IsLeaver(p, asOf) {
			return p.Name + " has left: choose someone who works here."
		}
		d.person = p
		return ""
	})
	who := d.people.view(3)
	d.on = formEntry(asOf.String(), "YYYY-MM-DD")
	d.on.OnSubmitted = func(string) { d.preview() }

	d.problem = widget.NewLabel("")
	d.problem.Importance = widget.DangerImportance
	d.problem.Wrapping = fyne.TextWrapWord
	d.problem.Hide()
	d.review = widget.NewButtonWithIcon("Review…", theme.ConfirmIcon(), d.preview)
	d.review.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { d.dlg.Hide() })
	base := []*widget.FormItem{
		widget.NewFormItem("Apply to", d.scope),
		widget.NewFormItem("Status", d.status),
		widget.NewFormItem("Location", d.location),
		widget.NewFormItem("Category", d.category),
	}
	form := widget.NewForm(base...)
	// The person and the date of the hand-overs are asked only when the
	// holder changes (a hidden row would still take its room in a form).
	d.holder = formSelect([]string{leaveAsIs, holderNobody, holderPerson}, func(v string) {
		form.Items = append([]*widget.FormItem(nil), base...)
		form.Refresh() // drops the rows below, so that their labels are made anew
		form.Items = append(form.Items, widget.NewFormItem("Holder", d.holder))
		switch v {
		case holderPerson:
			form.Items = append(form.Items, widget.NewFormItem("Person", who), widget.NewFormItem("Hand-over date", d.on))
		case holderNobody:
			form.Items = append(form.Items, widget.NewFormItem("Check-in date", d.on))
		}
		form.Refresh()
		if v == holderPerson {
			u.win.Canvas().Focus(d.people.entry)
		}
	})
	d.holder.SetSelected(leaveAsIs)
	content := container.NewBorder(nil, container.NewVBox(d.problem, container.NewHBox(layout.NewSpacer(), cancel, d.review)), nil, nil,
		wheelVScroll(form))
	d.dlg = dialog.NewCustomWithoutButtons("Change several assets", content, u.win)
	d.people.entry.escape = d.dlg.Hide
	d.on.escape = d.dlg.Hide
	u.showKeyed(d.dlg, content, d.preview)
	size := u.win.Canvas().Size()
	d.dlg.Resize(fyne.NewSize(min(640, size.Width-24), min(600, size.Height-24)))
	return d
}

func (d *bulkDialog) complain(msg string) {
	d.problem.SetText(msg)
	d.problem.Show()
}

// selection is the assets the change applies to.
func (d *bulkDialog) selection() assets.BulkSelection {
	if len(d.marked) > 0 && d.scope.Selected == d.scopeMarked() {
		return assets.BulkSelection{IDs: append([]int64(nil), d.marked...)}
	}
	q := d.query
	return assets.BulkSelection{Query: &q}
}

// change is the change the fields ask for.
func (d *bulkDialog) change() (assets.BulkChange, error) {
	var c assets.BulkChange
	for _, st := range assets.Statuses {
		if st.Label() == d.status.Selected {
			c.Status = st
		}
	}
	c.Location = d.location.Text
	for _, cat := range d.cats {
		if cat.Label == d.category.Selected {
			c.Category = cat.Name
		}
	}
	switch d.holder.Selected {
	case holderNobody:
		c.SetHolder = true
	case holderPerson:
		if d.person.ID == 0 {
			return c, assets.Invalidf("holder", "choose the person: type part of their name, e-mail or department")
		}
		c.SetHolder, c.Holder = true, d.person
	}
	on, err := assets.ParseDate(d.on.Text)
	if err != nil {
		return c, assets.Invalidf("date", "%v", err)
	}
	c.On = on
	return c, c.Validate()
}

// preview asks the register what the change would do and shows it to
// confirm.
func (d *bulkDialog) preview() {
	if d.confirm != nil {
		return
	}
	c, err := d.change()
	if err != nil {
		d.complain(assets.Message(err))
		return
	}
	d.problem.Hide()
	sel := d.selection()
	d.review.Disable()
	background(d.s.ui, func(ctx context.Context) (assets.BulkSummary, error) {
		return d.st.PreviewBulkChange(ctx, sel, c)
	}, func(sum assets.BulkSummary, err error) {
		d.review.Enable()
		if err != nil {
			d.complain(assets.Message(err))
			return
		}
		d.showSummary(sel, c, sum)
	})
}

// showSummary says what changes for how many, then applies on Apply.
func (d *bulkDialog) showSummary(sel assets.BulkSelection, c assets.BulkChange, sum assets.BulkSummary) {
	lines := sum.Lines()
	text := widget.NewLabel(strings.Join(lines, "\n"))
	text.Wrapping = fyne.TextWrapWord
	if sum.Changing == 0 {
		d.complain("Nothing to change: " + strings.Join(lines, " "))
		return
	}
	title := fmt.Sprintf("Change %d %s?", sum.Changing, pluralWord(sum.Changing, "asset", "assets"))
	note := widget.NewLabel("Each asset's history gets one line naming what changed. Nothing is written until you apply.")
	note.Importance = widget.LowImportance
	note.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(text, note)
	d.confirm = d.s.ui.showCustomConfirm(title, fmt.Sprintf("Apply to %d", sum.Changing), wheelVScroll(body), func(ok bool) {
		d.confirm = nil
		if ok {
			d.apply(sel, c)
		}
	})
	d.confirm.SetDismissText("Back")
	size := d.s.ui.win.Canvas().Size()
	d.confirm.Resize(fyne.NewSize(min(600, size.Width-48), min(360, size.Height-48)))
}

// apply makes the change in one transaction and says what it did.
func (d *bulkDialog) apply(sel assets.BulkSelection, c assets.BulkChange) {
	d.dlg.Hide()
	s := d.s
	background(s.ui, func(ctx context.Context) (assets.BulkSummary, error) {
		return d.st.ApplyBulkChange(ctx, sel, c)
	}, func(sum assets.BulkSummary, err error) {
		if err != nil {
			s.ui.showError("The assets were not changed", err)
			return
		}
		msg := fmt.Sprintf("Changed %d %s", sum.Changing, pluralWord(sum.Changing, "asset", "assets"))
		var what []string
		for _, f := range sum.Fields {
			if f.Field == "holder" && f.To == "" {
				what = append(what, "checked in")
			} else {
				what = append(what, f.Field+" to "+f.To)
			}
		}
		if len(what) > 0 {
			msg += ": " + strings.Join(what, ", ")
		}
		msg += "."
		if n := len(sum.Refused); n > 0 {
			msg += fmt.Sprintf(" %d left out (%s).", n, sum.Refused[0].Reason)
		}
		s.ui.say("%s", msg)
		if len(sel.IDs) > 0 && s.marks != nil {
			s.marks.unmarkAll()
		}
		s.refresh()
	})
}
