package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/report"
	"steward/assets/report/storesource"
)

// printable is a screen with a report of what it shows; Ctrl+P prints it.
type printable interface {
	printReport()
}

// reportsStore is what the Reports screen reads: the report sources
// (storesource) and the categories for its what-if.
type reportsStore interface {
	storesource.Store
}

// reports lets a person choose a report, its filters and as-of date, see
// its first page, then save it (PDF, CSV, XLSX) or print it through the
// system's PDF viewer.
type reports struct {
	ui    *UI
	store reportsStore

	kind     *widget.Select
	asOf     *widget.Entry
	years    *widget.Entry
	months   *widget.Entry
	paper    *widget.RadioGroup
	groupBy  *widget.Select
	budgetBy *widget.Select // budget: department or location
	whatIf   *widget.Entry  // budget: CATEGORY=+N
	search   *widget.Entry
	category *widget.Select
	status   *widget.Select
	location *widget.Entry
	scan     *widget.Entry
	skip     *widget.Entry
	form     *widget.Form
	formBox  *fyne.Container // holds form; replaced when the report changes
	left     *fyne.Container

	preview     *canvas.Image
	summary     *widget.Label
	previewBox  *fyne.Container
	state       *widget.Label
	saveFormat  *widget.Select
	busy        bool
	cats        []assets.Category
	lastPreview *report.Document

	// open shows a file in the system's viewer (tests replace it).
	open func(*url.URL) error
	// finished, when set, hears the outcome of each preview, save or print
	// (for tests).
	finished func(msg string)
}

// say shows progress under the buttons (once the screen is built).
func (r *reports) say(msg string) {
	if r.state != nil {
		r.state.SetText(msg)
	}
}

// done shows the outcome of background work.
func (r *reports) done(msg string) {
	r.say(msg)
	if r.finished != nil {
		r.finished(msg)
	}
}

func newReports(u *UI) *reports {
	return &reports{ui: u, store: u.svc.Store, open: u.app.OpenURL}
}

func (r *reports) title() string       { return "Reports" }
func (r *reports) icon() fyne.Resource { return theme.DocumentPrintIcon() }

func (r *reports) view() fyne.CanvasObject {
	titles := make([]string, len(report.Kinds))
	for i, k := range report.Kinds {
		titles[i] = report.KindTitles[k]
	}
	r.kind = widget.NewSelect(titles, func(string) { r.showFields(); r.refreshPreview() })
	r.asOf = widget.NewEntry()
	r.asOf.SetText(assets.Today(r.ui.svc.Now()).String())
	r.asOf.Validator = func(s string) error { _, err := assets.ParseDate(s); return err }
	r.years = intEntry("5")
	r.months = intEntry("12")
	r.paper = widget.NewRadioGroup([]string{"A4", "US Letter"}, nil)
	r.paper.Horizontal = true
	r.paper.SetSelected("A4")
	r.groupBy = widget.NewSelect([]string{"None", "Location", "Category"}, nil)
	r.groupBy.SetSelected("Location")
	r.budgetBy = widget.NewSelect([]string{"None", "Department", "Location"}, nil)
	r.budgetBy.SetSelected("None")
	r.whatIf = widget.NewEntry()
	r.whatIf.SetPlaceHolder("e.g. laptop=+1")
	r.search = widget.NewEntry()
	r.search.SetPlaceHolder("tag, name, serial, person…")
	r.category = widget.NewSelect([]string{"Any"}, nil)
	r.category.SetSelected("Any")
	statuses := []string{"Any"}
	for _, s := range assets.Statuses {
		statuses = append(statuses, s.Label())
	}
	r.status = widget.NewSelect(statuses, nil)
	r.status.SetSelected("Any")
	r.location = widget.NewEntry()
	r.scan = intEntry("")
	r.scan.SetPlaceHolder("latest")
	r.skip = intEntry("0")

	r.form = widget.NewForm()
	r.formBox = container.NewStack(r.form)
	r.preview = canvas.NewImageFromImage(nil)
	r.preview.FillMode = canvas.ImageFillContain
	r.preview.ScaleMode = canvas.ImageScaleSmooth
	r.preview.SetMinSize(fyne.NewSize(420, 594))
	r.summary = widget.NewLabel("")
	r.summary.Wrapping = fyne.TextWrapWord
	r.previewBox = container.NewStack(r.preview)
	r.state = widget.NewLabel("")
	r.state.Wrapping = fyne.TextWrapWord

	r.saveFormat = widget.NewSelect([]string{"PDF", "CSV", "XLSX"}, nil)
	r.saveFormat.SetSelected("PDF")
	previewBtn := widget.NewButtonWithIcon("Preview", theme.ViewRefreshIcon(), r.refreshPreview)
	saveBtn := widget.NewButtonWithIcon("Save as…", theme.DocumentSaveIcon(), r.saveAs)
	printBtn := widget.NewButtonWithIcon("Print (Ctrl+P)", theme.DocumentPrintIcon(), r.printReport)
	printBtn.Importance = widget.HighImportance

	left := container.NewVBox(
		widget.NewLabelWithStyle("Report", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		r.kind, r.formBox,
		container.NewHBox(previewBtn),
		widget.NewSeparator(),
		container.NewHBox(r.saveFormat, saveBtn, printBtn),
		r.state,
	)
	r.left = left
	r.kind.SetSelected(report.KindTitles["budget"])
	r.loadCategories()
	right := container.NewBorder(widget.NewLabel("First page"), nil, nil, nil, container.NewVScroll(r.previewBox))
	split := container.NewHSplit(wheelVScroll(left), right)
	split.Offset = 0.42
	return split
}

func (r *reports) refresh() { r.loadCategories() }

func intEntry(v string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(v)
	e.Validator = func(s string) error {
		if s == "" {
			return nil
		}
		if _, err := strconv.Atoi(s); err != nil {
			return fmt.Errorf("write a whole number")
		}
		return nil
	}
	return e
}

// loadCategories fills the category filter from the store.
func (r *reports) loadCategories() {
	background(r.ui, func(ctx context.Context) ([]assets.Category, error) {
		return r.store.Categories(ctx)
	}, func(cats []assets.Category, err error) {
		if err != nil {
			r.ui.showError("Could not load the categories", err)
			return
		}
		r.cats = cats
		opts := []string{"Any"}
		for _, c := range cats {
			opts = append(opts, c.Label)
		}
		r.category.Options = opts
		r.category.Refresh()
	})
}

// kindCode is the chosen report's code ("budget").
func (r *reports) kindCode() string {
	for k, t := range report.KindTitles {
		if t == r.kind.Selected {
			return k
		}
	}
	return "budget"
}

// showFields shows the filters the chosen report uses.
func (r *reports) showFields() {
	items := []*widget.FormItem{widget.NewFormItem("As of", r.asOf)}
	switch r.kindCode() {
	case "budget":
		items = append(items, widget.NewFormItem("Fiscal years ahead", r.years), widget.NewFormItem("Group by", r.budgetBy),
			widget.NewFormItem("What if", r.whatIf))
	case "depreciation":
		items = append(items, widget.NewFormItem("Fiscal years", r.years))
	case "eol":
		items = append(items, widget.NewFormItem("Months ahead", r.months))
	case "register":
		items = append(items, widget.NewFormItem("Group by", r.groupBy))
		items = append(items, r.filterItems()...)
	case "labels":
		items = append(items, r.filterItems()...)
		items = append(items, widget.NewFormItem("Used labels", r.skip))
	case "site-visit":
		items = append(items, widget.NewFormItem("Scan", r.scan))
	}
	items = append(items, widget.NewFormItem("Paper", r.paper))
	// A new form, so the column lays out again at its new height.
	r.form = widget.NewForm(items...)
	r.formBox.Objects = []fyne.CanvasObject{r.form}
	r.formBox.Refresh()
	if r.left != nil {
		r.left.Refresh()
	}
}

func (r *reports) filterItems() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("Search", r.search), widget.NewFormItem("Category", r.category),
		widget.NewFormItem("Status", r.status), widget.NewFormItem("Location", r.location),
	}
}

// request reads the form; its error names the field to fix.
func (r *reports) request() (report.Request, error) {
	req := report.Request{Kind: r.kindCode(), Paper: report.A4}
	var err error
	if req.AsOf, err = assets.ParseDate(r.asOf.Text); err != nil || req.AsOf.IsZero() {
		return req, fmt.Errorf("as of: write a date as YYYY-MM-DD, for example %s", assets.Today(r.ui.svc.Now()))
	}
	num := func(e *widget.Entry, name string, lo, hi int) (int, error) {
		if strings.TrimSpace(e.Text) == "" {
			return 0, nil
		}
		n, err := strconv.Atoi(strings.TrimSpace(e.Text))
		if err != nil || n < lo || n > hi {
			return 0, fmt.Errorf("%s: write a whole number from %d to %d", name, lo, hi)
		}
		return n, nil
	}
	if req.Years, err = num(r.years, "years ahead", 1, 30); err != nil {
		return req, err
	}
	if req.Months, err = num(r.months, "months ahead", 1, 120); err != nil {
		return req, err
	}
	if req.Skip, err = num(r.skip, "used labels", 0, 29); err != nil {
		return req, err
	}
	scan, err := num(r.scan, "scan", 0, 1<<30)
	if err != nil {
		return req, err
	}
	req.ScanID = int64(scan)
	if r.paper.Selected == "US Letter" {
		req.Paper = report.Letter
	}
	if req.Kind == "budget" {
		req.GroupBy, err = report.ParseBudgetGroupBy(r.budgetBy.Selected)
		if err == nil {
			req.WhatIf, err = report.ParseWhatIf(r.whatIf.Text)
		}
	} else {
		req.GroupBy, err = report.ParseGroupBy(r.groupBy.Selected)
	}
	if err != nil {
		return req, err
	}
	req.Query = assets.AssetQuery{Search: strings.TrimSpace(r.search.Text), Location: strings.TrimSpace(r.location.Text)}
	if c := r.category.Selected; c != "" && c != "Any" {
		req.Query.Category = r.categoryCode(c)
	}
	if s := r.status.Selected; s != "" && s != "Any" {
		if req.Query.Status, err = assets.ParseStatus(s); err != nil {
			return req, err
		}
	}
	return req, nil
}

func (r *reports) categoryCode(label string) string {
	for _, c := range r.cats {
		if c.Label == label {
			return c.Name
		}
	}
	return assets.NormalizeCategory(label)
}

func (r *reports) build(ctx context.Context, req report.Request) (*report.Document, error) {
	return report.Build(ctx, storesource.New(r.store), req)
}

type previewResult struct {
	doc *report.Document
	img image.Image
}

// refreshPreview builds the report and shows its first page: rendered by
// pdftoppm when the machine has it, else a summary of the report in words.
func (r *reports) refreshPreview() {
	if r.form == nil {
		return
	}
	req, err := r.request()
	if err != nil {
		r.state.SetText(assets.Message(err))
		return
	}
	r.state.SetText("Building the preview…")
	background(r.ui, func(ctx context.Context) (previewResult, error) {
		doc, err := r.build(ctx, req)
		if err != nil {
			return previewResult{}, err
		}
		img, err := firstPage(ctx, doc, req.Paper)
		if err != nil {
			return previewResult{doc: doc}, nil // fall back to the summary
		}
		return previewResult{doc: doc, img: img}, nil
	}, func(res previewResult, err error) {
		if err != nil {
			r.lastPreview = nil
			r.preview.Image = nil
			r.preview.Refresh()
			r.previewBox.Objects = []fyne.CanvasObject{r.summary}
			r.summary.SetText(assets.Message(err))
			r.done("This report cannot be made: " + assets.Message(err))
			return
		}
		r.lastPreview = res.doc
		if res.img != nil {
			r.preview.Image = res.img
			r.preview.Refresh()
			r.previewBox.Objects = []fyne.CanvasObject{r.preview}
		} else {
			r.summary.SetText(Summarize(res.doc))
			r.previewBox.Objects = []fyne.CanvasObject{r.summary}
		}
		r.previewBox.Refresh()
		r.done("Ready: " + res.doc.Title + ", as of " + res.doc.AsOf.String() + ".")
	})
}

// firstPage renders page 1 of doc with poppler's pdftoppm.
func firstPage(ctx context.Context, doc *report.Document, paper report.Paper) (image.Image, error) {
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "steward-preview-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	pdf := filepath.Join(dir, "report.pdf")
	var buf bytes.Buffer
	if err := report.WritePDF(&buf, doc, paper); err != nil {
		return nil, err
	}
	if err := os.WriteFile(pdf, buf.Bytes(), 0o600); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "page")
	if msg, err := exec.CommandContext(ctx, bin, "-r", "72", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, out).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdftoppm: %v: %s", err, msg)
	}
	f, err := os.Open(out + ".png")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

// Summarize is a report in a few lines of text, for machines without a PDF
// renderer.
func Summarize(doc *report.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s · as of %s\n\n", doc.Title, doc.Org, doc.AsOf)
	if doc.Subtitle != "" {
		b.WriteString(doc.Subtitle + "\n\n")
	}
	for _, kv := range doc.Summary {
		fmt.Fprintf(&b, "%s: %s\n", kv.Key, kv.Value)
	}
	b.WriteString("\n")
	for _, s := range doc.Sections {
		fmt.Fprintf(&b, "%s: %s\n", s.Title, assets.CountOf(len(s.Rows), "row", "rows"))
	}
	return b.String()
}

var formatExt = map[string]string{"PDF": ".pdf", "CSV": ".csv", "XLSX": ".xlsx"}

// saveAs asks where to save the report, in the chosen format, and writes
// it whole (askSave: never over the register or its backups).
func (r *reports) saveAs() {
	req, err := r.request()
	if err != nil {
		r.ui.showError("Check the report's settings", err)
		return
	}
	format := r.saveFormat.Selected
	name := req.Kind + "-" + req.AsOf.String() + formatExt[format]
	r.ui.askSave("Save the report", name, "Could not save the report", func(path string) {
		r.state.SetText("Saving " + filepath.Base(path) + "…")
		saveFile(r.ui, path, func(ctx context.Context, w io.Writer) error {
			return r.write(ctx, req, strings.ToLower(format), w)
		}, func(err error) {
			if err != nil {
				r.ui.showError("Could not save the report", err)
				r.done("Not saved: " + assets.Message(err))
				return
			}
			r.done("Saved " + filepath.Base(path) + ".")
		})
	})
}

// write builds the report and writes it in format to w.
func (r *reports) write(ctx context.Context, req report.Request, format string, w io.Writer) error {
	doc, err := r.build(ctx, req)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.Write(ctx, &buf, doc, format, req.Paper); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// printReport prints the report chosen on the screen.
func (r *reports) printReport() {
	if r.form == nil {
		return
	}
	req, err := r.request()
	if err != nil {
		r.ui.showError("Check the report's settings", err)
		return
	}
	r.print(req)
}

// print writes the report as a PDF in the temp folder and opens it in the
// system's viewer, whose print dialog does the printing.
func (r *reports) print(req report.Request) {
	if r.busy {
		return
	}
	r.busy = true
	r.say("Preparing the PDF for printing…")
	background(r.ui, func(ctx context.Context) (string, error) {
		f, err := os.CreateTemp("", "steward-"+req.Kind+"-*.pdf")
		if err != nil {
			return "", err
		}
		if err := r.write(ctx, req, "pdf", f); err != nil {
			f.Close()
			os.Remove(f.Name())
			return "", err
		}
		return f.Name(), f.Close()
	}, func(path string, err error) {
		r.busy = false
		if err != nil {
			r.ui.showError("Could not print the report", err)
			r.done("Not printed: " + assets.Message(err))
			return
		}
		u := &url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
		if !strings.HasPrefix(u.Path, "/") {
			u.Path = "/" + u.Path // Windows: file:///C:/...
		}
		if err := r.open(u); err != nil {
			r.ui.showError("Could not open the PDF viewer; the report is at "+path, err)
			r.done("Not opened: " + assets.Message(err))
			return
		}
		r.done("Opened " + path + " in your PDF viewer: print it from there.")
	})
}

// addPrintShortcut makes Ctrl+P (Cmd+P on macOS) print the current screen's
// report, or the Reports screen's choice when the screen has none.
func (u *UI) addPrintShortcut() {
	u.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		u.printCurrent()
	})
}

// printReport on the Assets screen prints the register of what its filters
// show, grouped by location.
func (s *assetsScreen) printReport() {
	q := s.query
	q.After, q.Limit = nil, 0
	s.ui.printKind(report.Request{Kind: "register", Query: q, GroupBy: report.GroupLocation})
}

// The lifecycle, training and discovery screens print their report.
func (s *licencesScreen) printReport()  { s.ui.printKind(report.Request{Kind: "licences"}) }
func (s *trainingScreen) printReport()  { s.ui.printKind(report.Request{Kind: "training"}) }
func (s *discoveryScreen) printReport() { s.ui.printKind(report.Request{Kind: "site-visit"}) }

// printKind prints req as of today on the paper chosen on the Reports
// screen.
func (u *UI) printKind(req report.Request) {
	for _, sc := range u.screens {
		if r, ok := sc.(*reports); ok {
			req.AsOf = assets.Today(u.svc.Now())
			req.Paper = report.A4
			if r.paper != nil && r.paper.Selected == "US Letter" {
				req.Paper = report.Letter
			}
			r.print(req)
			return
		}
	}
}

func (u *UI) printCurrent() {
	if p, ok := u.screens[u.current].(printable); ok {
		if _, built := u.views[u.current]; built {
			p.printReport()
			return
		}
	}
	for i, s := range u.screens {
		if rs, ok := s.(*reports); ok {
			u.nav.Select(i)
			rs.printReport()
			return
		}
	}
}
