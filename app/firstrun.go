package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/csvio"
	"steward/assets/transfer"
	"steward/icons"
)

// firstRunStore is what the first-run choices and the CSV import offered
// there read and write.
type firstRunStore interface {
	transfer.Store
	BudgetSettings(ctx context.Context) (assets.BudgetSettings, error)
	CountAssets(ctx context.Context, q assets.AssetQuery) (int, error)
	SaveBudgetSettings(ctx context.Context, b assets.BudgetSettings) error
	SetSetting(ctx context.Context, key, value string) error
}

// offerFirstRun shows the getting-started choices when the register is
// empty: add this computer, scan the network, import a CSV, load the demo.
func (u *UI) offerFirstRun() {
	background(u, func(ctx context.Context) (int, error) {
		return u.svc.Store.CountAssets(ctx, assets.AssetQuery{})
	}, func(n int, err error) {
		if err != nil {
			u.showError("Could not read the register", err)
			return
		}
		if n == 0 {
			u.ShowFirstRun()
		}
	})
}

// hasScreen reports whether a screen with this title is in the navigation.
func (u *UI) hasScreen(title string) bool {
	for _, s := range u.screens {
		if s.title() == title {
			return true
		}
	}
	return false
}

// ShowFirstRun opens the getting-started dialog. Choices whose feature is
// not wired in (no inventory, no discovery screen, no demo) are left out.
func (u *UI) ShowFirstRun() dialog.Dialog {
	var d dialog.Dialog
	choice := func(label, detail string, icon fyne.Resource, run func()) fyne.CanvasObject {
		b := widget.NewButtonWithIcon(label, icon, func() {
			d.Hide()
			run()
		})
		b.Alignment = widget.ButtonAlignLeading
		help := widget.NewLabel(detail)
		help.Wrapping = fyne.TextWrapWord
		return container.NewVBox(b, help)
	}
	var items []fyne.CanvasObject
	if u.svc.AddThisComputer != nil {
		items = append(items, choice("Add this computer", "Read this machine's hardware and software into the register.",
			icons.Device("computer"), func() { u.runHook("Adding this computer", u.svc.AddThisComputer) }))
	}
	if u.hasScreen("Discovery") {
		items = append(items, choice("Scan the network", "Find printers, computers and other devices on your network.",
			icons.Device("network"), func() { u.ShowScreen("Discovery") }))
	}
	items = append(items, choice("Import a CSV file…", "Bring in a spreadsheet of assets. You see what would change before anything is written.",
		theme.UploadIcon(), func() { u.chooseCSV("assets") }))
	if u.svc.LoadDemo != nil {
		items = append(items, choice("Load the demo office", "Fill the register with a realistic sample company to try Steward out.",
			theme.ComputerIcon(), func() { u.runHook("Loading the demo", u.svc.LoadDemo) }))
	}
	intro := widget.NewLabel("Your register is empty. How would you like to start?")
	intro.Wrapping = fyne.TextWrapWord
	logo := widget.NewIcon(icons.App())
	head := container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(64, 64), logo), nil, intro)
	org, fyStart := u.firstRunOrg()
	about := widget.NewForm(widget.NewFormItem("Organisation name", org), widget.NewFormItem("Fiscal year starts in", fyStart))
	about.Items[0].HintText = "printed on every report"
	content := container.NewVBox(append([]fyne.CanvasObject{head, about, widget.NewSeparator()}, items...)...)
	d = u.showCustom("Welcome to Steward", "Start with an empty register", content, fyne.NewSize(520, 0))
	// Whatever the person picks (or closing the dialog), the name and
	// fiscal year are kept.
	d.SetOnClosed(func() { u.saveFirstRunOrg(org.Text, fyStart.Selected) })
	return d
}

// firstRunOrg makes the first-run dialog's organisation name and
// fiscal-year fields, filled with what is stored.
func (u *UI) firstRunOrg() (*dialogEntry, *dialogSelect) {
	org := formEntry(u.prefs.OrgName, "e.g. Acme Ltd")
	fyStart := formSelect(monthNames(), nil)
	fyStart.SetSelected(monthNames()[0])
	background(u, func(ctx context.Context) (assets.BudgetSettings, error) {
		return u.svc.Store.BudgetSettings(ctx)
	}, func(b assets.BudgetSettings, err error) {
		if err == nil {
			fyStart.SetSelected(monthNames()[b.FiscalYearStart-1])
		}
	})
	return org, fyStart
}

// saveFirstRunOrg stores the organisation name (when given) and the month
// the fiscal year starts.
func (u *UI) saveFirstRunOrg(name, month string) {
	name = strings.TrimSpace(name)
	st := u.prefs
	st.OrgName = name
	if err := st.Validate(); err != nil && name != "" {
		u.showError("Could not save the organisation name", formError(err, fieldLabels))
		return
	}
	background(u, func(ctx context.Context) (struct{}, error) {
		if name != "" {
			if err := u.svc.Store.SetSetting(ctx, assets.SettingOrgName, name); err != nil {
				return struct{}{}, err
			}
		}
		b, err := u.svc.Store.BudgetSettings(ctx)
		if err != nil {
			return struct{}{}, err
		}
		for i, m := range monthNames() {
			if m == month {
				b.FiscalYearStart = i + 1
			}
		}
		return struct{}{}, u.svc.Store.SaveBudgetSettings(ctx, b)
	}, func(_ struct{}, err error) {
		if err != nil {
			u.showError("Could not save the organisation's details", err)
			return
		}
		if name != "" {
			u.prefs.OrgName = name
		}
	})
}

// runHook runs a first-run action off the UI goroutine and reports its result.
func (u *UI) runHook(what string, hook func(ctx context.Context) (string, error)) {
	prog := dialog.NewCustomWithoutButtons(what+"…", widget.NewProgressBarInfinite(), u.win)
	prog.Show()
	background(u, hook, func(msg string, err error) {
		prog.Hide()
		if err != nil {
			u.showError(what+" failed", err)
			return
		}
		u.showInfo(what, msg)
		u.refreshAll()
	})
}

// chooseCSV asks for a CSV file of the given kind, then imports it.
func (u *UI) chooseCSV(kind string) {
	d := u.openFileDialog([]string{".csv", ".CSV"}, "", func(path string) { u.ImportCSV(kind, path) })
	d.Show()
}

// ImportCSV imports a CSV file in two steps: a dry run that changes nothing
// and shows what would happen (or every problem, with line and column),
// then, once the person confirms, the real import in one transaction.
func (u *UI) ImportCSV(kind, path string) {
	store := u.svc.Store
	background(u, func(ctx context.Context) (transfer.Result, error) {
		return transfer.ImportFile(ctx, store, kind, path, transfer.Options{DryRun: true})
	}, func(res transfer.Result, err error) {
		if err != nil {
			u.showImportProblems(path, err)
			return
		}
		msg := widget.NewLabel(fmt.Sprintf("%s checked: %d new, %d updated, %d unchanged.\n\nNothing has been written yet. Import them now?",
			assets.CountOf(res.Rows, "row", "rows"), res.Created, res.Updated, res.Unchanged))
		msg.Wrapping = fyne.TextWrapWord
		c := dialog.NewCustomConfirm("Import "+res.File, "Import", "Cancel", msg, func(ok bool) {
			if !ok {
				return
			}
			background(u, func(ctx context.Context) (transfer.Result, error) {
				return transfer.ImportFile(ctx, store, kind, path, transfer.Options{})
			}, func(res transfer.Result, err error) {
				if err != nil {
					u.showImportProblems(path, err)
					return
				}
				dialog.ShowInformation("Import finished", res.Summary(), u.win)
				u.refreshAll()
			})
		}, u.win)
		c.Resize(fyne.NewSize(480, 0))
		c.Show()
	})
}

// showImportProblems lists what is wrong with a file, one problem per line.
func (u *UI) showImportProblems(path string, err error) {
	text := assets.Message(err)
	var ce csvio.Errors
	if errors.As(err, &ce) {
		text = ce.Error() // the problems alone, one a line
	}
	body := widget.NewLabel("Nothing was imported. Fix these problems and try again:\n\n" + text)
	body.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(body)
	scroll.SetMinSize(fyne.NewSize(520, 240))
	dialog.ShowCustom("Problems in "+filepath.Base(path), "Close", scroll, u.win)
}

// refreshAll reloads every screen built so far, after data changed.
func (u *UI) refreshAll() {
	for i := range u.views {
		u.screens[i].refresh()
	}
}
