package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// shortcutHelp lists the window's keyboard habits, as the Help menu shows
// them. The keys themselves are wired in addShortcuts (app.go), Ctrl+P in
// reports.go and Escape/Enter in dialogs.go: a key added there gets a line
// here (TestHelpListsEveryShortcut).
var shortcutHelp = [][2]string{
	{"Ctrl+N", "new record on this screen (a new asset from the dashboard)"},
	{"Ctrl+F", "search this screen's list"},
	{"Ctrl+P", "print this screen's report (Reports, a person's page, a stocktake)"},
	{"Delete", "delete the selected record, after asking"},
	{"Enter", "confirm a dialog (in a note of several lines: a new line)"},
	{"Escape", "cancel a dialog"},
	{"Tab / Shift+Tab", "next / previous field"},
}

// setMainMenu gives the window its menu: Help with the keyboard shortcuts
// and what this Steward is. (Fyne adds Quit to the first menu itself.)
func (u *UI) setMainMenu() {
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard shortcuts", u.showShortcuts),
		fyne.NewMenuItem("About Steward", u.showAbout),
	)
	u.win.SetMainMenu(fyne.NewMainMenu(help))
}

// showShortcuts shows shortcutHelp as a two-column table.
func (u *UI) showShortcuts() {
	grid := container.NewGridWithColumns(2)
	for _, s := range shortcutHelp {
		grid.Add(widget.NewLabelWithStyle(s[0], fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		l := widget.NewLabel(s[1])
		l.Wrapping = fyne.TextWrapWord
		grid.Add(l)
	}
	d := dialog.NewCustom("Keyboard shortcuts", "Close", container.NewPadded(grid), u.win)
	d.Resize(fyne.NewSize(560, grid.MinSize().Height+120))
	u.showKeyed(d, nil, d.Hide)
}

// showAbout says which Steward this is and where its register is.
func (u *UI) showAbout() {
	v := u.svc.Version
	if v == "" {
		v = "dev"
	}
	lines := []string{"Steward " + v, "IT assets, licences, warranties, people and training in one register."}
	if p := u.svc.Store.Path(); p != "" {
		lines = append(lines, fmt.Sprintf("Register: %s", p))
	}
	u.showInfo("About Steward", strings.Join(lines, "\n"))
}

// navWidth is the sidebar's width: the widest screen title with its icon,
// so the sidebar neither cuts a title nor changes width between screens.
func (u *UI) navWidth() float32 {
	widest := ""
	for _, s := range u.screens {
		if t := s.title(); len(t) > len(widest) {
			widest = t
		}
	}
	probe := container.NewHBox(widget.NewIcon(nil), widget.NewLabel(widest))
	return probe.MinSize().Width + 2*theme.Padding()
}
