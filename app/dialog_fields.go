package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Fyne gives a key to the widget that has the focus and to nobody else, and
// its lists and check boxes ignore Escape and Enter: once one had been
// clicked, neither key reached the dialog. The fields here pass them on.
// Build a dialog's lists, typed lists and check boxes with formSelect,
// formSelectEntry and formCheck; showKeyed wires them (dialogKeyed).

// dialogKeyed is a dialog field that hands Escape (cancel) and Enter
// (confirm) to its dialog.
type dialogKeyed interface {
	setDialogKeys(cancel, confirm func())
}

// dialogSelect is a list in a dialog.
type dialogSelect struct {
	widget.Select
	cancel, confirm func()
}

// formSelect is widget.NewSelect for dialogs.
func formSelect(options []string, changed func(string)) *dialogSelect {
	s := &dialogSelect{}
	s.Options = options
	s.OnChanged = changed
	s.ExtendBaseWidget(s)
	return s
}

func (s *dialogSelect) setDialogKeys(cancel, confirm func()) { s.cancel, s.confirm = cancel, confirm }

// TypedKey: Escape cancels and Enter confirms the dialog; the arrows and
// space still open the list or step through it.
func (s *dialogSelect) TypedKey(ev *fyne.KeyEvent) {
	if passDialogKey(ev, s.cancel, s.confirm) {
		return
	}
	s.Select.TypedKey(ev)
}

// dialogSelectEntry is a list one can also type into, in a dialog (Enter
// reaches the dialog through its entry's OnSubmitted).
type dialogSelectEntry struct {
	widget.SelectEntry
	cancel func()
}

// formSelectEntry is widget.NewSelectEntry for dialogs.
func formSelectEntry(options []string) *dialogSelectEntry {
	e := &dialogSelectEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetOptions(options)
	return e
}

func (e *dialogSelectEntry) setDialogKeys(cancel, confirm func()) {
	e.cancel = cancel
	submitOnEnter(&e.Entry, confirm)
}

// TypedKey passes Escape to the dialog.
func (e *dialogSelectEntry) TypedKey(ev *fyne.KeyEvent) {
	if passDialogKey(ev, e.cancel, nil) {
		return
	}
	e.SelectEntry.TypedKey(ev)
}

// dialogCheck is a check box in a dialog.
type dialogCheck struct {
	widget.Check
	cancel, confirm func()
}

// formCheck is widget.NewCheck for dialogs.
func formCheck(label string, changed func(bool)) *dialogCheck {
	c := &dialogCheck{}
	c.Text = label
	c.OnChanged = changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *dialogCheck) setDialogKeys(cancel, confirm func()) { c.cancel, c.confirm = cancel, confirm }

// TypedKey: Escape cancels and Enter confirms the dialog (space, a rune,
// still ticks the box).
func (c *dialogCheck) TypedKey(ev *fyne.KeyEvent) {
	if passDialogKey(ev, c.cancel, c.confirm) {
		return
	}
	c.Check.TypedKey(ev)
}

// passDialogKey runs cancel on Escape and confirm on Enter; false for another
// key or when the action is not wired.
func passDialogKey(ev *fyne.KeyEvent, cancel, confirm func()) bool {
	switch {
	case ev.Name == fyne.KeyEscape && cancel != nil:
		cancel()
	case (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && confirm != nil:
		confirm()
	default:
		return false
	}
	return true
}
