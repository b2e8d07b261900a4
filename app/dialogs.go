package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// Every dialog the window opens goes through here, so that Escape cancels
// and Enter confirms in all of them: the window's key handler acts on the
// dialog on top when no field has the focus, and the fields made by
// formEntry pass Escape (and Enter, in one-line fields) to it when one has.

// openDialog is a shown dialog's keyboard actions.
type openDialog struct {
	confirm, cancel func()
}

// showKeyed shows d and makes Enter run confirm and Escape dismiss it until
// it closes. The first field in content gets the focus.
func (u *UI) showKeyed(d dialog.Dialog, content fyne.CanvasObject, confirm func()) {
	k := &openDialog{confirm: confirm, cancel: d.Dismiss}
	u.dialogs = append(u.dialogs, k)
	d.SetOnClosed(func() {
		for i, x := range u.dialogs {
			if x == k {
				u.dialogs = append(u.dialogs[:i], u.dialogs[i+1:]...)
				break
			}
		}
	})
	var first *dialogEntry
	eachField(content, func(f dialogKeyed) {
		if e, ok := f.(*dialogEntry); ok && first == nil && !e.Disabled() {
			first = e
		}
		f.setDialogKeys(k.cancel, k.confirm)
	}, func(e *widget.Entry) { submitOnEnter(e, k.confirm) }, u.unfocusAfterChoice)
	d.Show()
	if first != nil {
		u.win.Canvas().Focus(first)
	}
}

// dialogKey handles Escape and Enter for the dialog on top; false when no
// dialog of ours is open or the key is another one.
func (u *UI) dialogKey(e *fyne.KeyEvent) bool {
	if len(u.dialogs) == 0 {
		return false
	}
	top := u.dialogs[len(u.dialogs)-1]
	switch e.Name {
	case fyne.KeyEscape:
		top.cancel()
	case fyne.KeyReturn, fyne.KeyEnter:
		top.confirm()
	default:
		return false
	}
	return true
}

// showForm shows a form dialog: confirm labels the affirmative button, done
// gets the answer.
func (u *UI) showForm(title, confirm string, items []*widget.FormItem, done func(ok bool)) *dialog.FormDialog {
	d := dialog.NewForm(title, confirm, "Cancel", items, done, u.win)
	u.showKeyedForm(d, items)
	return d
}

// showKeyedForm shows a form dialog made elsewhere with the keys wired.
func (u *UI) showKeyedForm(d *dialog.FormDialog, items []*widget.FormItem) {
	fields := &widget.Form{Items: items} // only walked for its fields, never shown
	u.showKeyed(d, fields, d.Submit)
}

// showConfirm asks a yes/no question; danger marks the confirm button red
// (deletions). done runs only on yes.
func (u *UI) showConfirm(title, message, confirm string, danger bool, done func()) *dialog.ConfirmDialog {
	d := dialog.NewConfirm(title, message, func(ok bool) {
		if ok {
			done()
		}
	}, u.win)
	d.SetConfirmText(confirm)
	d.SetDismissText("Cancel")
	if danger {
		d.SetConfirmImportance(widget.DangerImportance)
	}
	u.showKeyed(d, nil, d.Confirm)
	return d
}

// showCustomConfirm is showConfirm with custom content.
func (u *UI) showCustomConfirm(title, confirm string, content fyne.CanvasObject, done func(ok bool)) *dialog.ConfirmDialog {
	d := dialog.NewCustomConfirm(title, confirm, "Cancel", content, done, u.win)
	u.showKeyed(d, content, d.Confirm)
	return d
}

// showCustom shows content with one button (dismiss); both keys close it.
func (u *UI) showCustom(title, dismiss string, content fyne.CanvasObject, size fyne.Size) dialog.Dialog {
	d := dialog.NewCustom(title, dismiss, content, u.win)
	if !size.IsZero() {
		d.Resize(size)
	}
	u.showKeyed(d, content, d.Hide)
	return d
}

// showInfo tells something with an OK button; both keys close it.
func (u *UI) showInfo(title, message string) {
	d := dialog.NewInformation(title, message, u.win)
	u.showKeyed(d, nil, d.Hide)
}

// unfocusAfterChoice gives the keyboard back to the window once an option
// is chosen: a clicked option button keeps it, and Fyne's option items
// (internal to RadioGroup) ignore Escape and Enter; the window passes both
// to the dialog.
func (u *UI) unfocusAfterChoice(r *widget.RadioGroup) {
	changed := r.OnChanged
	r.OnChanged = func(v string) {
		if changed != nil {
			changed(v)
		}
		u.win.Canvas().Unfocus()
	}
}

// submitOnEnter makes Enter in a one-line field confirm the dialog.
func submitOnEnter(e *widget.Entry, confirm func()) {
	if !e.MultiLine && e.OnSubmitted == nil {
		e.OnSubmitted = func(string) { confirm() }
	}
}

// eachField visits the fields in a tree of containers, forms and scrolled
// pages: ours (dialogKeyed: Escape and Enter reach the dialog), plain
// entries (which can take Enter, not Escape) and option buttons.
func eachField(o fyne.CanvasObject, ours func(dialogKeyed), plain func(*widget.Entry), radio func(*widget.RadioGroup)) {
	switch c := o.(type) {
	case dialogKeyed:
		ours(c)
	case *widget.Entry:
		plain(c)
	case *widget.SelectEntry:
		plain(&c.Entry)
	case *widget.RadioGroup:
		radio(c)
	case *fyne.Container:
		for _, k := range c.Objects {
			eachField(k, ours, plain, radio)
		}
	case *widget.Form:
		for _, it := range c.Items {
			eachField(it.Widget, ours, plain, radio)
		}
	case *container.Scroll:
		eachField(c.Content, ours, plain, radio)
	case *wheelScroll: // a form long enough to scroll (the asset form)
		eachField(c.scroll.Content, ours, plain, radio)
	case *widget.Card:
		eachField(c.Content, ours, plain, radio)
	}
}

// dialogEntry is a text field for dialogs: Escape in it cancels the dialog
// (a plain entry swallows the key).
type dialogEntry struct {
	widget.Entry
	escape func()
}

func (e *dialogEntry) setDialogKeys(cancel, confirm func()) {
	e.escape = cancel
	submitOnEnter(&e.Entry, confirm)
}

// TypedKey passes Escape to the dialog.
func (e *dialogEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.escape != nil {
		e.escape()
		return
	}
	e.Entry.TypedKey(ev)
}

// formEntry is a one-line dialog field with a placeholder.
func formEntry(text, placeholder string) *dialogEntry {
	e := &dialogEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrapOff
	e.SetText(text)
	e.SetPlaceHolder(placeholder)
	return e
}

// formPassword is a one-line dialog field that hides what is typed.
func formPassword(placeholder string) *dialogEntry {
	e := formEntry("", placeholder)
	e.Password = true
	return e
}

// formNote is a several-line dialog field (Enter starts a new line).
func formNote(text, placeholder string) *dialogEntry {
	e := formEntry(text, placeholder)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// openFileDialog is a file chooser showing the files with one of exts
// (".csv"), starting in dir when it names a folder; done gets the chosen
// file's path (nothing happens on cancel; an error is shown as failing to
// open the file). Show it with Show.
func (u *UI) openFileDialog(exts []string, dir string, done func(path string)) *dialog.FileDialog {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError("Could not open the file", err)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		r.Close()
		done(path)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	if dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	return d
}
