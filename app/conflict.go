package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// No lost updates (issue 18): every form keeps the version of the record
// it loaded, and a save of a record somebody else saved since is refused
// by the store with an *assets.ConflictError. The form then shows this one
// dialog: their values beside the person's, field by field, and two ways
// on. "Keep theirs" reloads the form with the record as stored (the
// person's edits are dropped); "Save mine" saves the person's values over
// theirs, naming their version. Escape (or the close button) goes back to
// the form with nothing saved.

// conflictOf is the conflict err carries, or nil.
func conflictOf(err error) *assets.ConflictError {
	var ce *assets.ConflictError
	if errors.As(err, &ce) {
		return ce
	}
	return nil
}

// showConflict shows ce; keepTheirs and saveMine run when the person
// chooses (saveMine gets the version to save over).
func (u *UI) showConflict(ce *assets.ConflictError, keepTheirs func(), saveMine func(version int64)) *dialog.CustomDialog {
	intro := widget.NewLabel("Someone else saved this " + ce.Entity + " after you opened it. " +
		"Their values are on the left, yours on the right.")
	intro.Wrapping = fyne.TextWrapWord
	head := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	cells := []fyne.CanvasObject{head("Field"), head("Theirs (saved)"), head("Yours")}
	for _, f := range ce.Fields {
		theirs, yours := widget.NewLabel(conflictValue(f.Old)), widget.NewLabel(conflictValue(f.New))
		theirs.Wrapping, yours.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord
		yours.Importance = widget.HighImportance
		cells = append(cells, widget.NewLabel(fieldLabel(f.Field)), theirs, yours)
	}
	grid := container.NewGridWithColumns(3, cells...)
	var d *dialog.CustomDialog
	keep := widget.NewButtonWithIcon("Keep theirs", theme.ViewRefreshIcon(), func() {
		d.Hide()
		keepTheirs()
	})
	mine := widget.NewButtonWithIcon("Save mine", theme.DocumentSaveIcon(), func() {
		d.Hide()
		saveMine(ce.Version)
	})
	mine.Importance = widget.DangerImportance
	back := widget.NewButtonWithIcon("Back to the form", theme.CancelIcon(), func() { d.Hide() })
	buttons := container.NewHBox(layout.NewSpacer(), back, keep, mine)
	content := container.NewBorder(intro, buttons, nil, nil, wheelVScroll(grid))
	d = dialog.NewCustomWithoutButtons("Changed by someone else", content, u.win)
	d.Resize(fyne.NewSize(720, 420))
	u.showKeyed(d, content, func() {}) // Enter chooses nothing: the person picks a button
	return d
}

// conflictValue is a value as the dialog shows it: "(empty)" for none.
func conflictValue(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(empty)"
	}
	return s
}

// fieldLabel is a change list's field name as a label: "purchase_date"
// reads "Purchase date".
func fieldLabel(field string) string {
	s := strings.ReplaceAll(field, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
