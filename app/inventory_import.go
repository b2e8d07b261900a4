package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/inventory"
	"steward/inventory/intake"
)

// inventoryImportStore takes inventory reports in (Add this computer, report
// files and folders, the Import / Export screen).
type inventoryImportStore interface {
	ImportInventories(ctx context.Context, list []assets.InventoryImport, dry bool) (results []assets.InventoryResult, errs []error, err error)
	ImportInventory(ctx context.Context, in assets.InventoryImport, dry bool) (assets.InventoryResult, error)
}

// importOutcome is what happened to one report (a file, this computer or
// an agent's), in plain words.
type importOutcome struct {
	source  string
	assetID int64 // 0 when nothing was imported
	text    string
	details []string
	err     error
}

func (o importOutcome) line() string {
	if o.err != nil {
		return fmt.Sprintf("%s: %v. Nothing was imported from it.", o.source, o.err)
	}
	return o.source + ": " + o.text
}

// outcomeOf turns the store's answer into an outcome.
func outcomeOf(source string, res assets.InventoryResult, err error) importOutcome {
	if err != nil {
		return importOutcome{source: source, err: err}
	}
	return importOutcome{source: source, assetID: res.AssetID, text: intake.Outcome(res), details: intake.Details(res)}
}

// inventoryButtons are the Assets screen's "Add this computer" and
// "Import reports" buttons.
func (s *assetsScreen) inventoryButtons() []fyne.CanvasObject {
	add := widget.NewButtonWithIcon("Add this computer", theme.ComputerIcon(), s.addThisComputer)
	var imp *widget.Button
	imp = widget.NewButtonWithIcon("Import reports", theme.UploadIcon(), func() {
		menu := fyne.NewMenu("",
			fyne.NewMenuItem("Report files (.json)…", s.pickReportFile),
			fyne.NewMenuItem("Every report in a folder…", s.pickReportFolder),
		)
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(imp)
		widget.ShowPopUpMenuAtPosition(menu, s.ui.win.Canvas(), pos.Add(fyne.NewPos(0, imp.Size().Height)))
	})
	s.addComputerBtn = add
	s.ui.only(actEdit, add, imp)
	return []fyne.CanvasObject{add, imp}
}

// collectOptions is how this computer is read: the window's Services
// (tests point Root at a fixture), with Steward's version.
func (u *UI) collectOptions() inventory.Options {
	o := u.svc.Inventory
	if o.CollectorVersion == "" {
		o.CollectorVersion = u.svc.Version
	}
	return o
}

// addThisComputer collects this computer's inventory off the UI goroutine
// and attaches it to its asset (or creates one), as the command line's
// import does, then shows what it did.
func (s *assetsScreen) addThisComputer() {
	u := s.ui
	bar := widget.NewProgressBarInfinite()
	wait := dialog.NewCustomWithoutButtons("Add this computer",
		container.NewVBox(widget.NewLabel("Reading this computer's hardware, operating system and software…"), bar), u.win)
	wait.Show()
	s.addComputerBtn.Disable()
	store, opts := s.store, u.collectOptions()
	background(u, func(ctx context.Context) (importOutcome, error) {
		rep, err := inventory.Collect(ctx, opts)
		if err != nil {
			return importOutcome{}, err
		}
		in, err := intake.FromReport(rep, "this computer")
		if err != nil {
			return importOutcome{}, err
		}
		res, err := store.ImportInventory(ctx, in, false)
		o := outcomeOf("This computer", res, err)
		if opts.Root == "" && opts.Snapshot == "" && err == nil {
			for _, h := range inventory.RootHints("") {
				o.details = append(o.details, "Note: "+h+".")
			}
		}
		return o, nil
	}, func(o importOutcome, err error) {
		wait.Hide()
		bar.Stop()
		s.addComputerBtn.Enable()
		if err != nil {
			u.showError("Could not read this computer", err)
			return
		}
		s.showOutcomes("Add this computer", []importOutcome{o})
	})
}

func (s *assetsScreen) pickReportFile() {
	d := s.ui.openFileDialog([]string{".json"}, "", func(path string) { s.importFiles([]string{path}) })
	d.Show()
}

func (s *assetsScreen) pickReportFolder() {
	dialog.ShowFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			s.ui.showError("Could not open the folder", err)
			return
		}
		if l != nil {
			s.importFiles([]string{l.Path()})
		}
	}, s.ui.win)
}

// dropped imports files dropped onto the window: into the screen showing
// when it takes files, else as inventory reports on the Assets screen.
func (u *UI) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, x := range uris {
		if x.Scheme() == "file" {
			paths = append(paths, x.Path())
		}
	}
	if len(paths) == 0 {
		return
	}
	if t, ok := u.screens[u.current].(dropTarget); ok {
		t.drop(paths) // the screen showing takes them (Import / Export)
		return
	}
	for i, sc := range u.screens {
		if a, ok := sc.(*assetsScreen); ok {
			u.nav.Select(i)
			a.importFiles(paths)
			return
		}
	}
}

// reportFiles expands folders into the *.json files directly in them.
func reportFiles(paths []string) (files []string, problems []importOutcome) {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			problems = append(problems, importOutcome{source: filepath.Base(p), err: err})
			continue
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		found, _ := filepath.Glob(filepath.Join(p, "*.json"))
		if len(found) == 0 {
			problems = append(problems, importOutcome{source: filepath.Base(p), err: fmt.Errorf("the folder has no .json report files")})
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, problems
}

// importFiles imports report files (and every *.json in folders) off the
// UI goroutine: all in one transaction with a savepoint per file, as the
// command line does, so a bad file is reported and leaves nothing behind
// while the others import.
func (s *assetsScreen) importFiles(paths []string) {
	u := s.ui
	store := s.store
	bar := widget.NewProgressBarInfinite()
	wait := dialog.NewCustomWithoutButtons("Import reports",
		container.NewVBox(widget.NewLabel(fmt.Sprintf("Importing %d item%s…", len(paths), plural(len(paths)))), bar), u.win)
	wait.Show()
	background(u, func(ctx context.Context) ([]importOutcome, error) {
		files, out := reportFiles(paths)
		// Batches of 100 files, as the command line does: one transaction
		// each, and only one batch of parsed reports in memory at a time.
		const batchSize = 100
		for start := 0; start < len(files); start += batchSize {
			batch := files[start:min(start+batchSize, len(files))]
			parsed, perrs := intake.ReadFiles(batch)
			var ins []assets.InventoryImport
			var names []string
			for i, f := range batch {
				if perrs[i] != nil {
					out = append(out, importOutcome{source: filepath.Base(f), err: perrs[i]})
					continue
				}
				ins, names = append(ins, parsed[i]), append(names, filepath.Base(f))
			}
			if len(ins) == 0 {
				continue
			}
			res, errs, err := store.ImportInventories(ctx, ins, false)
			if err != nil {
				return out, err
			}
			for i := range ins {
				out = append(out, outcomeOf(names[i], res[i], errs[i]))
			}
		}
		return out, nil
	}, func(list []importOutcome, err error) {
		wait.Hide()
		bar.Stop()
		if err != nil {
			// Earlier batches are in; say which before the error.
			if len(list) > 0 {
				s.showOutcomes("Import reports", list)
			}
			u.showError("Could not import the reports", err)
			return
		}
		s.showOutcomes("Import reports", list)
	})
}

// showOutcomes lists what each report did, refreshes the register and
// opens the asset when there was just one.
func (s *assetsScreen) showOutcomes(title string, list []importOutcome) {
	s.lastImport = list
	var lines []string
	ok, failed := 0, 0
	var only int64
	for _, o := range list {
		lines = append(lines, o.line())
		for _, d := range o.details {
			lines = append(lines, "    "+d)
		}
		if o.err != nil {
			failed++
		} else {
			ok++
			only = o.assetID
		}
	}
	head := fmt.Sprintf("%d imported", ok)
	if failed > 0 {
		head += fmt.Sprintf(", %d with problems (nothing imported from those)", failed)
	}
	// Wrapped rich text, not a list: an error can be long and must be read
	// whole; failures in the error colour.
	var segs []widget.RichTextSegment
	for _, l := range lines {
		st := widget.RichTextStyleParagraph
		if !strings.HasPrefix(l, "    ") && strings.HasSuffix(l, "Nothing was imported from it.") {
			st.ColorName = theme.ColorNameError
		}
		segs = append(segs, &widget.TextSegment{Text: l, Style: st})
	}
	text := widget.NewRichText(segs...)
	text.Wrapping = fyne.TextWrapWord
	s.lastImportText = text
	s.ui.showCustom(title, "Close", container.NewBorder(widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, container.NewVScroll(text)), fyne.NewSize(760, 420))
	if ok == 1 && only != 0 {
		s.loadLookups() // the count of assets may have grown
		s.openRecord(only)
	} else if s.table != nil {
		s.refresh()
	}
}
