package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/csvio"
	"steward/assets/transfer"
	"steward/inventory/intake"
)

// inventoryKind is the import kind for inventory reports (JSON files that
// steward inventory writes); every other kind is a transfer kind (CSV).
const inventoryKind = "inventory"

// dropTarget is a screen that takes files dropped onto the window while
// it shows; without one the Assets screen imports them as reports.
type dropTarget interface{ drop(paths []string) }

// fileOutcome is what a dry run or an import did with one file.
type fileOutcome struct {
	file                              string
	rows, created, updated, unchanged int
	problems                          []problem
	notes                             []string
}

// problem is one thing wrong with a file, where the file says it (line and
// column 0 when the file as a whole is at fault), or a note on a row.
type problem struct {
	file         string
	line, column int
	field, text  string
}

// transferStore is what the Import / Export screen reads and writes: every
// kind (transfer.Store) and inventory reports.
type transferStore interface {
	transfer.Store
	ImportInventories(ctx context.Context, list []assets.InventoryImport, dry bool) (results []assets.InventoryResult, errs []error, err error)
}

// transferScreen imports files of every kind (a dry run shown as a table,
// then the import once confirmed) and exports every kind as CSV, XLSX or
// JSON.
type transferScreen struct {
	ui    *UI
	store transferStore

	status     *widget.Label
	importKind *widget.Select
	files      *widget.Label
	summary    *widget.Label
	counts     *widget.Table
	details    *widget.Table
	detail     *widget.Label
	confirm    *widget.Button
	clear      *widget.Button

	// The files checked, the kind they were checked as and what the dry
	// run found; gen tells a stale answer from the latest.
	paths    []string
	kind     string
	outcomes []fileOutcome
	lines    []problem
	gen      int

	exportKind   *widget.Select
	exportFormat *widget.Select
	target       *saveTarget
	exportBtn    *widget.Button
}

func newTransferScreen(u *UI) *transferScreen { return &transferScreen{ui: u, store: u.svc.Store} }

func (s *transferScreen) title() string       { return "Import / Export" }
func (s *transferScreen) icon() fyne.Resource { return theme.UploadIcon() }

// kindLabel is how a kind is named on screen ("model-costs" -> "Model costs").
func kindLabel(k string) string {
	if k == inventoryKind {
		return "Inventory reports (.json)"
	}
	return strings.ToUpper(k[:1]) + strings.ReplaceAll(k[1:], "-", " ")
}

// importKinds and exportKinds are the kinds each side offers, in the order
// of transfer.Kinds, inventory reports last.
func importKinds() []string {
	var out []string
	for _, k := range transfer.Kinds() {
		if kd, err := transfer.Lookup(k); err == nil && kd.Import != nil {
			out = append(out, k)
		}
	}
	return append(out, inventoryKind)
}

func exportKinds() []string {
	var out []string
	for _, k := range transfer.Kinds() {
		if kd, err := transfer.Lookup(k); err == nil && kd.Export != nil {
			out = append(out, k)
		}
	}
	return out
}

func labelsOf(kinds []string) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = kindLabel(k)
	}
	return out
}

// kindOf turns a label back into its kind.
func kindOf(kinds []string, label string) string {
	for _, k := range kinds {
		if kindLabel(k) == label {
			return k
		}
	}
	return ""
}

// guessKind picks the kind a file's name suggests (an export is named
// after its kind: "licences-2026-03-07.csv"), else keeps current.
func guessKind(path, current string) string {
	base := strings.ToLower(filepath.Base(path))
	if strings.HasSuffix(base, ".json") {
		return inventoryKind
	}
	kinds := importKinds()
	// Longest first, so that no kind is taken for a shorter one it starts with.
	slices.SortFunc(kinds, func(a, b string) int { return len(b) - len(a) })
	for _, k := range kinds {
		if k != inventoryKind && strings.HasPrefix(base, k) {
			return k
		}
	}
	return current
}

// problemWidth is the least width of the problems' column.
const problemWidth = 440

var importHeaders = []string{"File", "Rows", "New", "Updated", "Unchanged", "Problems"}
var detailHeaders = []string{"File", "Line", "Column", "Field", "Problem or note"}

func (s *transferScreen) view() fyne.CanvasObject {
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.status.Importance = widget.SuccessImportance
	s.status.Hide()

	kinds := importKinds()
	s.importKind = widget.NewSelect(labelsOf(kinds), func(label string) {
		if k := kindOf(kinds, label); k != s.kind && len(s.paths) > 0 {
			s.check(s.paths, k) // checked as another kind: check again
		}
	})
	s.importKind.SetSelected(kindLabel("assets"))
	choose := widget.NewButtonWithIcon("Choose file…", theme.FolderOpenIcon(), s.chooseFile)
	s.files = widget.NewLabel("No file chosen. Choose one, or drop files onto this window.")
	s.files.Truncation = fyne.TextTruncateEllipsis
	s.summary = widget.NewLabel("Steward checks the file first and shows what would change; nothing is written until you press Import.")
	s.summary.Wrapping = fyne.TextWrapWord
	s.confirm = widget.NewButtonWithIcon("Import", theme.ConfirmIcon(), s.importNow)
	s.confirm.Importance = widget.HighImportance
	s.confirm.Disable()
	s.ui.only(actEdit, s.confirm)
	s.clear = widget.NewButtonWithIcon("Clear", theme.ContentClearIcon(), s.reset)
	s.clear.Disable()

	s.counts = textTable(importHeaders, []float32{260, 70, 70, 80, 90, 80},
		func() int { return len(s.outcomes) }, s.countCell)
	s.details = textTable(detailHeaders, []float32{170, 50, 65, 120, problemWidth},
		func() int { return len(s.lines) }, s.detailCell)
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapWord
	s.details.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.lines) {
			s.detail.SetText(s.lines[id.Row].String())
		}
	}

	importTop := container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel("File holds"), s.importKind, choose), nil, s.files),
		container.NewBorder(nil, nil, nil, container.NewHBox(s.clear, s.confirm), s.summary),
	)
	tables := container.NewVSplit(s.counts, container.NewBorder(nil, s.detail, nil, nil, s.details))
	tables.Offset = 0.3
	importCard := widget.NewCard("Import", "", container.NewBorder(importTop, nil, nil, nil, tables))

	return container.NewBorder(s.status, s.exportCard(), nil, nil, importCard)
}

func (s *transferScreen) refresh() {}

// setStatus says what was just done, above the cards.
func (s *transferScreen) setStatus(msg string, failed bool) {
	s.status.SetText(msg)
	s.status.Importance = widget.SuccessImportance
	if failed {
		s.status.Importance = widget.DangerImportance
	}
	s.status.Show()
	s.status.Refresh()
}

func (s *transferScreen) countCell(r, c int) string {
	o := s.outcomes[r]
	if c > 0 && c < 5 && len(o.problems) > 0 {
		return "–" // a file with problems imports nothing
	}
	switch c {
	case 0:
		return o.file
	case 1:
		return strconv.Itoa(o.rows)
	case 2:
		return strconv.Itoa(o.created)
	case 3:
		return strconv.Itoa(o.updated)
	case 4:
		return strconv.Itoa(o.unchanged)
	}
	return strconv.Itoa(len(o.problems))
}

func (s *transferScreen) detailCell(r, c int) string {
	p := s.lines[r]
	switch c {
	case 0:
		return p.file
	case 1:
		if p.line > 0 {
			return strconv.Itoa(p.line)
		}
		return ""
	case 2:
		if p.column > 0 {
			return strconv.Itoa(p.column)
		}
		return ""
	case 3:
		return p.field
	}
	return p.text
}

func (p problem) String() string {
	var b strings.Builder
	b.WriteString(p.file)
	if p.line > 0 {
		fmt.Fprintf(&b, " line %d", p.line)
	}
	if p.column > 0 {
		fmt.Fprintf(&b, " column %d", p.column)
	}
	if p.field != "" {
		fmt.Fprintf(&b, " (%s)", p.field)
	}
	return b.String() + ": " + p.text
}

func (s *transferScreen) chooseFile() {
	kind := kindOf(importKinds(), s.importKind.Selected)
	exts := []string{".csv", ".CSV", ".xlsx", ".XLSX"}
	if kind == inventoryKind {
		exts = []string{".json", ".JSON"}
	}
	d := s.ui.openFileDialog(exts, "", func(path string) { s.check([]string{path}, kind) })
	d.Show()
	d.Resize(fyne.NewSize(760, 520)) // after Show: before it, Fyne has no dialog to size
}

// drop checks files dropped onto the window, as the kind their names
// suggest (else the kind chosen).
func (s *transferScreen) drop(paths []string) {
	kind := kindOf(importKinds(), s.importKind.Selected)
	if len(paths) > 0 {
		kind = guessKind(paths[0], kind)
	}
	s.check(paths, kind)
}

// check runs the dry run of paths as kind off the UI goroutine and shows
// what it found: counts per file, then every problem with line and column.
func (s *transferScreen) check(paths []string, kind string) {
	s.gen++
	gen := s.gen
	s.paths, s.kind = paths, kind
	s.importKind.SetSelected(kindLabel(kind))
	s.confirm.Disable()
	s.clear.Enable()
	s.files.SetText(fileNames(paths))
	s.summary.SetText("Checking " + fileNames(paths) + "…")
	store := s.store
	background(s.ui, func(ctx context.Context) ([]fileOutcome, error) {
		return runImport(ctx, store, kind, paths, true)
	}, func(out []fileOutcome, err error) {
		if gen != s.gen {
			return // a newer check replaced this one
		}
		if err != nil {
			s.summary.SetText("Could not check the files: " + assets.Message(err))
			return
		}
		s.show(out)
		total, bad := tally(out)
		switch {
		case bad > 0:
			s.summary.SetText(fmt.Sprintf("%d %s found. Nothing can be imported until %s fixed: correct the file and choose it again.",
				bad, pluralWord(bad, "problem", "problems"), pluralWord(bad, "it is", "they are")))
			s.summary.Importance = widget.DangerImportance
		default:
			s.summary.SetText(fmt.Sprintf("Checked %d %s as %s: %d new, %d updated, %d unchanged. Nothing has been written yet.",
				total.rows, pluralWord(total.rows, "row", "rows"), strings.ToLower(kindLabel(kind)), total.created, total.updated, total.unchanged))
			s.summary.Importance = widget.MediumImportance
			s.confirm.SetText(fmt.Sprintf("Import %d %s", total.rows, pluralWord(total.rows, "row", "rows")))
			s.confirm.Enable()
		}
		s.summary.Refresh()
	})
}

// importNow imports the files checked, each file all or nothing, and says
// in the status line what it did.
func (s *transferScreen) importNow() {
	paths, kind := s.paths, s.kind
	if len(paths) == 0 {
		return
	}
	s.gen++
	gen := s.gen
	s.confirm.Disable()
	s.summary.SetText("Importing " + fileNames(paths) + "…")
	store := s.store
	background(s.ui, func(ctx context.Context) ([]fileOutcome, error) {
		return runImport(ctx, store, kind, paths, false)
	}, func(out []fileOutcome, err error) {
		if err != nil {
			s.setStatus("Import failed: "+assets.Message(err), true)
			s.ui.refreshAll()
			return
		}
		if gen == s.gen {
			s.show(out)
		}
		total, bad := tally(out)
		msg := fmt.Sprintf("Imported %s from %s: %d new, %d updated, %d unchanged.",
			strings.ToLower(kindLabel(kind)), fileNames(paths), total.created, total.updated, total.unchanged)
		if bad > 0 {
			msg += fmt.Sprintf(" %d %s had problems and nothing was imported from %s (see the table).",
				countBad(out), pluralWord(countBad(out), "file", "files"), pluralWord(countBad(out), "it", "them"))
		}
		s.setStatus(msg, bad > 0)
		if title := kindScreen(kind); title != "" && total.created+total.updated > 0 {
			// The window's status line too, with the way to the records.
			s.ui.sayWithLink("Open "+title, func() { s.ui.ShowScreen(title) }, "%s", msg)
		}
		if gen == s.gen {
			s.summary.SetText("Done. Choose or drop another file to import more.")
			s.confirm.SetText("Import")
			s.paths = nil
		}
		s.ui.refreshAll()
	})
}

// reset forgets the files checked.
func (s *transferScreen) reset() {
	s.gen++
	s.paths, s.kind = nil, ""
	s.show(nil)
	s.files.SetText("No file chosen. Choose one, or drop files onto this window.")
	s.summary.SetText("")
	s.confirm.SetText("Import")
	s.confirm.Disable()
	s.clear.Disable()
}

// show puts outcomes in the tables: counts per file, then each file's
// problems and notes.
func (s *transferScreen) show(out []fileOutcome) {
	s.outcomes = out
	s.lines = nil
	for _, o := range out {
		s.lines = append(s.lines, o.problems...)
		for _, n := range o.notes {
			s.lines = append(s.lines, problem{file: o.file, text: n})
		}
	}
	switch {
	case len(s.lines) > 0:
		s.detail.SetText("Pick a row to read it whole.")
	case len(out) > 0:
		s.detail.SetText("No problems found.")
	default:
		s.detail.SetText("")
	}
	// The last column is as wide as its longest text, so that scrolling
	// sideways shows every problem whole.
	w := float32(problemWidth)
	for _, p := range s.lines {
		w = max(w, fyne.MeasureText(p.text, theme.TextSize(), fyne.TextStyle{}).Width+4*theme.Padding()+8)
	}
	s.details.SetColumnWidth(4, w)
	s.counts.Refresh()
	s.details.UnselectAll()
	s.details.Refresh()
	s.details.ScrollToTop()
	s.details.ScrollToLeading() // picking a row scrolled it sideways
}

func tally(out []fileOutcome) (total fileOutcome, problems int) {
	for _, o := range out {
		total.rows += o.rows
		total.created += o.created
		total.updated += o.updated
		total.unchanged += o.unchanged
		problems += len(o.problems)
	}
	return total, problems
}

func countBad(out []fileOutcome) int {
	n := 0
	for _, o := range out {
		if len(o.problems) > 0 {
			n++
		}
	}
	return n
}

func fileNames(paths []string) string {
	if len(paths) == 1 {
		return filepath.Base(paths[0])
	}
	return fmt.Sprintf("%d files", len(paths))
}

// runImport imports (or, dry, checks) each file as kind, as steward import
// does: a CSV file is all or nothing; inventory reports go in batches with
// a savepoint per file.
func runImport(ctx context.Context, store transferStore, kind string, paths []string, dry bool) ([]fileOutcome, error) {
	if kind == inventoryKind {
		return importReports(ctx, store, paths, dry)
	}
	out := make([]fileOutcome, 0, len(paths))
	for _, p := range paths {
		res, err := transfer.ImportFile(ctx, store, kind, p, transfer.Options{DryRun: dry})
		o := fileOutcome{file: filepath.Base(p)}
		if err != nil {
			o.problems = problemsOf(o.file, err)
		} else {
			o.rows, o.created, o.updated, o.unchanged, o.notes = res.Rows, res.Created, res.Updated, res.Unchanged, res.Notes
		}
		out = append(out, o)
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
	}
	return out, nil
}

// importReports checks or imports inventory report files, a hundred per
// transaction as the command line does.
func importReports(ctx context.Context, store transferStore, paths []string, dry bool) ([]fileOutcome, error) {
	files, bad := reportFiles(paths)
	var out []fileOutcome
	for _, b := range bad {
		out = append(out, fileOutcome{file: b.source, problems: []problem{{file: b.source, text: assets.Message(b.err)}}})
	}
	const batchSize = 100
	for start := 0; start < len(files); start += batchSize {
		batch := files[start:min(start+batchSize, len(files))]
		parsed, perrs := intake.ReadFiles(batch)
		var ins []assets.InventoryImport
		var at []int
		for i := range batch {
			if perrs[i] == nil {
				ins, at = append(ins, parsed[i]), append(at, i)
			}
		}
		var res []assets.InventoryResult
		var errs []error
		if len(ins) > 0 {
			var err error
			if res, errs, err = store.ImportInventories(ctx, ins, dry); err != nil {
				return out, err
			}
		}
		for i, f := range batch {
			name := filepath.Base(f)
			o := fileOutcome{file: name}
			err := perrs[i]
			var r assets.InventoryResult
			if j := slices.Index(at, i); j >= 0 {
				r, err = res[j], errs[j]
			}
			switch {
			case err != nil:
				o.problems = problemsOf(name, err)
			case r.Created:
				o.rows, o.created = 1, 1
			case r.Duplicate || r.Older:
				o.rows, o.unchanged = 1, 1
			default:
				o.rows, o.updated = 1, 1
			}
			if err == nil {
				o.notes = append(o.notes, intake.Outcome(r))
			}
			out = append(out, o)
		}
	}
	return out, nil
}

// problemsOf lists an import error's problems, with line and column where
// the file says them.
func problemsOf(file string, err error) []problem {
	var list csvio.Errors
	if errors.As(err, &list) {
		out := make([]problem, 0, len(list.List)+1)
		for _, e := range list.List {
			out = append(out, problem{file: file, line: e.Line, column: e.Column, field: e.Name, text: e.Msg})
		}
		if list.More > 0 {
			out = append(out, problem{file: file, text: fmt.Sprintf("and %d more %s", list.More, pluralWord(list.More, "problem", "problems"))})
		}
		return out
	}
	var one *csvio.Error
	if errors.As(err, &one) {
		return []problem{{file: file, line: one.Line, column: one.Column, field: one.Name, text: one.Msg}}
	}
	return []problem{{file: file, text: assets.Message(err)}}
}

var exportFormats = []string{"CSV", "XLSX", "JSON"}

// exportCard is the export form: kind, format, folder and file name.
func (s *transferScreen) exportCard() fyne.CanvasObject {
	kinds := exportKinds()
	s.target = newSaveTarget(s.ui, "")
	rename := func(string) {
		k := kindOf(kinds, s.exportKind.Selected)
		if k != "" && s.exportFormat.Selected != "" {
			s.target.name.SetText(k + "-" + s.ui.today().String() + "." + strings.ToLower(s.exportFormat.Selected))
		}
	}
	s.exportKind = widget.NewSelect(labelsOf(kinds), rename)
	s.exportFormat = widget.NewSelect(exportFormats, rename)
	s.exportFormat.SetSelected("CSV")
	s.exportKind.SetSelected(kindLabel("assets"))
	s.exportBtn = widget.NewButtonWithIcon("Export", theme.DownloadIcon(), s.exportNow)
	s.exportBtn.Importance = widget.HighImportance
	what := container.NewHBox(s.exportKind, widget.NewLabel("as"), s.exportFormat)
	form := widget.NewForm(
		widget.NewFormItem("Export", what),
		widget.NewFormItem("To folder", s.target.folderRow()),
		widget.NewFormItem("File name", container.NewBorder(nil, nil, nil, s.exportBtn, s.target.name)),
	)
	return widget.NewCard("Export", "", form)
}

// exportNow checks the destination (saveTarget.confirm), then writes the
// export whole or not at all.
func (s *transferScreen) exportNow() {
	kind := kindOf(exportKinds(), s.exportKind.Selected)
	format := strings.ToLower(s.exportFormat.Selected)
	if kind == "" || format == "" {
		s.ui.showError("Could not export", errors.New("choose what to export and the format"))
		return
	}
	s.target.confirm("Could not export", func(path string) { s.exportTo(kind, format, path) })
}

// exportTo writes kind as format to path off the UI goroutine.
func (s *transferScreen) exportTo(kind, format, path string) {
	store := s.store
	s.exportBtn.Disable()
	s.setStatus("Exporting "+strings.ToLower(kindLabel(kind))+"…", false)
	saveFile(s.ui, path, func(ctx context.Context, w io.Writer) error {
		return transfer.Export(ctx, store, kind, format, w, transfer.Options{})
	}, func(err error) {
		s.exportBtn.Enable()
		if err != nil {
			s.setStatus("Not exported: "+assets.Message(err), true)
			return
		}
		s.setStatus(fmt.Sprintf("Exported %s as %s to %s.", strings.ToLower(kindLabel(kind)), strings.ToUpper(format), path), false)
	})
}

// kindScreen is the title of the screen that lists what an import of kind
// brought in ("" for none).
func kindScreen(kind string) string {
	switch kind {
	case "assets", inventoryKind:
		return "Assets"
	case "licences":
		return "Licences"
	case "contracts":
		return "Contracts"
	case "tasks":
		return "Upgrades"
	case "people":
		return "People"
	case "courses", "training":
		return "Training"
	case "categories", "model-costs":
		return "Settings"
	}
	return ""
}
