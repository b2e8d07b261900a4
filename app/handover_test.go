package app

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/sqlite"
)

// handoverFixture is a small office: Noah in Sales, Ann in Finance, a
// leaver, three assets in stock and a retired one; the window at
// 1024x720 on 2026-03-07.
type handoverFixture struct {
	u                 *UI
	st                *sqlite.Store
	noah, ann, gone   assets.Person
	lap1, lap2, phone assets.Asset
	retired           assets.Asset
	receipts          []string // PDFs the window opened to print
}

func newHandoverFixture(t *testing.T) *handoverFixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.Actor = "lena"
	f := &handoverFixture{st: st}
	f.noah = assets.Person{Name: "Noah O'Brien", Email: "noah@example.org", Department: "Sales"}
	f.ann = assets.Person{Name: "Ann Archer", Email: "ann@example.org", Department: "Finance"}
	f.gone = assets.Person{Name: "Gus Gone", Email: "gus@example.org", Department: "Sales", Status: assets.PersonLeft, LeaveDate: assets.MustDate("2026-01-31")}
	for _, p := range []*assets.Person{&f.noah, &f.ann, &f.gone} {
		if err := st.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	f.lap1 = assets.Asset{Tag: "ST-000001", Name: "Dell Latitude 5440", Category: "laptop", Serial: "5CG1111AAA", Location: "HQ"}
	f.lap2 = assets.Asset{Tag: "ST-000002", Name: "Dell Latitude 7450", Category: "laptop", Serial: "5CG2222BBB", Location: "HQ"}
	f.phone = assets.Asset{Tag: "ST-000003", Name: "iPhone 15", Category: "phone", Serial: "F2LZK0AAN70Q", Location: "HQ"}
	f.retired = assets.Asset{Tag: "ST-000004", Name: "Old ThinkPad", Category: "laptop", Status: assets.StatusRetired}
	for _, a := range []*assets.Asset{&f.lap1, &f.lap2, &f.phone, &f.retired} {
		if err := st.CreateAsset(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	now := func() time.Time { return time.Date(2026, 3, 7, 10, 0, 0, 0, time.UTC) }
	f.u = newUI(ctx, test.NewTempApp(t), Services{Store: st, Version: "test", Now: now}, make(chan func(), 64))
	f.u.win.Resize(fyne.NewSize(1024, 720))
	f.u.wait()
	old := openPDF
	openPDF = func(_ *UI, link *url.URL) error {
		f.receipts = append(f.receipts, link.Path)
		t.Cleanup(func() { os.Remove(link.Path) })
		return nil
	}
	t.Cleanup(func() { openPDF = old })
	return f
}

// pickerField is the picker field in the dialog on top whose placeholder
// starts with prefix.
func pickerField(t *testing.T, u *UI, prefix string) *pickerEntry {
	t.Helper()
	e, ok := find(topDialog(u), func(e *pickerEntry) bool { return strings.HasPrefix(e.PlaceHolder, prefix) })
	if !ok {
		t.Fatalf("no picker %q on top:\n%s", prefix, texts(topDialog(u)))
	}
	return e
}

// typeAndWait types into a field and lets the search run.
func typeAndWait(t *testing.T, u *UI, e fyne.Focusable, text string) {
	t.Helper()
	u.win.Canvas().Focus(e)
	test.Type(e, text)
	u.wait()
}

// scanInto types text and Enter at once, as a USB barcode scanner does:
// Enter comes before the search that typing starts.
func scanInto(u *UI, e fyne.Focusable, text string) {
	u.win.Canvas().Focus(e)
	test.Type(e, text)
	pressKey(u, fyne.KeyReturn)
}

// listed is what the lists in the dialog on top show, row by row.
func listed(u *UI) []string {
	var out []string
	find(topDialog(u), func(l *widget.List) bool {
		for i := 0; i < l.Length(); i++ {
			o := l.CreateItem()
			l.UpdateItem(i, o)
			out = append(out, texts(o))
		}
		return false
	})
	return out
}

// tapListed picks the row showing text in a list of the dialog on top.
func tapListed(t *testing.T, u *UI, text string) {
	t.Helper()
	found := false
	find(topDialog(u), func(l *widget.List) bool {
		for i := 0; i < l.Length() && !found; i++ {
			o := l.CreateItem()
			l.UpdateItem(i, o)
			if strings.Contains(texts(o), text) && l.OnSelected != nil {
				l.Select(i)
				found = true
			}
		}
		return found
	})
	if !found {
		t.Fatalf("no row %q in the dialog's lists: %q", text, listed(u))
	}
	u.wait()
}

// formWidget is the widget next to label in a form of the dialog on top.
func formWidget[T fyne.CanvasObject](t *testing.T, u *UI, label string) T {
	t.Helper()
	var out T
	found := false
	find(topDialog(u), func(f *widget.Form) bool {
		for _, it := range f.Items {
			if it.Text == label {
				if w, ok := it.Widget.(T); ok {
					out, found = w, true
				}
			}
		}
		return found
	})
	if !found {
		t.Fatalf("no %q field on top:\n%s", label, texts(topDialog(u)))
	}
	return out
}

// tapButton taps the enabled button whose text starts with prefix in the
// dialog on top.
func tapButton(t *testing.T, u *UI, prefix string) {
	t.Helper()
	b, ok := find(topDialog(u), func(b *widget.Button) bool { return strings.HasPrefix(b.Text, prefix) })
	if !ok {
		t.Fatalf("no button %q on top:\n%s", prefix, texts(topDialog(u)))
	}
	if b.Disabled() {
		t.Fatalf("button %q is disabled:\n%s", b.Text, texts(topDialog(u)))
	}
	test.Tap(b)
	u.wait()
}

func pdfToText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils, make deps installs it): %v\n%s", err, out)
	}
	return regexp.MustCompile(`\s+`).ReplaceAllString(string(out), " ")
}

// From the person's page: scan one label (tag and Enter), find another by
// typing part of its serial, check both out with a due date and a receipt.
func TestCheckOutFromPersonPageByScanAndSearch(t *testing.T) {
	f := newHandoverFixture(t)
	u := f.u
	p := openScreen[*peopleScreen](t, u, "People")
	p.open(f.noah.ID)
	u.wait()
	test.Tap(button(p.actions, "Check out assets…"))
	u.wait()
	if !strings.Contains(texts(topDialog(u)), "To Noah O'Brien <noah@example.org> — Sales") {
		t.Fatalf("dialog:\n%s", texts(topDialog(u)))
	}
	scan := pickerField(t, u, "Scan a label")
	if u.win.Canvas().Focused() != scan {
		t.Fatalf("the asset field does not have the focus: %T", u.win.Canvas().Focused())
	}
	// A barcode scanner types the tag, then Enter: picked at once.
	scanInto(u, scan, "ST-000002")
	if topDialog(u) == nil {
		t.Fatal("Enter from the scanner closed the dialog")
	}
	if rows := listed(u); len(rows) != 1 || !strings.Contains(rows[0], "ST-000002  Dell Latitude 7450\nSN 5CG2222BBB · In stock") {
		t.Fatalf("chosen after the scan: %q", rows)
	}
	if scan.Text != "" {
		t.Fatalf("the field keeps %q after the scan", scan.Text)
	}
	// Type-ahead by serial: the match shows as it is typed.
	typeAndWait(t, u, scan, "F2LZK")
	if rows := listed(u); !strings.Contains(strings.Join(rows, "|"), "ST-000003  iPhone 15  (In stock)  · SN F2LZK0AAN70Q") {
		t.Fatalf("matches for F2LZK: %q", rows)
	}
	tapListed(t, u, "iPhone 15  (In stock)")
	// A retired asset is refused with the reason.
	scanInto(u, scan, "ST-000004")
	if msg := texts(topDialog(u)); !strings.Contains(msg, "ST-000004 is retired: only assets in stock, deployed or in repair can be checked out.") {
		t.Fatalf("retired asset:\n%s", msg)
	}
	field(t, u, "Due back").SetText("2026-03-20")
	formWidget[*dialogSelect](t, u, "Condition").SetSelected("New")
	formWidget[*dialogCheck](t, u, "Receipt").SetChecked(true)
	field(t, u, "Signed by").SetText("Lena Ek")
	tapButton(t, u, "Check out 2 assets")
	if topDialog(u) != nil || len(u.dialogs) != 0 {
		t.Fatalf("the dialog stayed open (%d keyed):\n%s", len(u.dialogs), texts(topDialog(u)))
	}
	for _, a := range []assets.Asset{f.lap2, f.phone} {
		got, _ := f.st.Asset(context.Background(), a.ID)
		if got.AssignedTo != f.noah.ID || got.Status != assets.StatusDeployed {
			t.Fatalf("%s after check-out: %+v", a.Tag, got)
		}
	}
	if !strings.HasPrefix(u.said.Text, "Checked out 2 assets (ST-000002, ST-000003) to Noah O'Brien on 2026-03-07, due back 2026-03-20.") {
		t.Fatalf("status line %q", u.said.Text)
	}
	// The person's page shows what they hold and when it is due back.
	if len(p.file.Assets) != 2 || !strings.Contains(p.handover.Text, "ST-000002 Dell Latitude 7450: out 2026-03-07 (new), still held, due back 2026-03-20, in 13 days") {
		t.Fatalf("page: %d assets, hand-overs %q", len(p.file.Assets), p.handover.Text)
	}
	if what, when, overdue := p.heldText(p.file.Assets[0]); !strings.HasPrefix(what, "ST-00000") || when != "Laptop · since 2026-03-07 · due back 2026-03-20, in 13 days" && when != "Phone · since 2026-03-07 · due back 2026-03-20, in 13 days" || overdue {
		t.Fatalf("held row %q / %q", what, when)
	}
	// The receipt: what, serials, condition, date, both names, lines to sign.
	if len(f.receipts) != 1 {
		t.Fatalf("receipts opened: %q", f.receipts)
	}
	text := pdfToText(t, f.receipts[0])
	for _, want := range []string{"Hand-over receipt", "Noah O'Brien received 2 items from Lena Ek on 2026-03-07.",
		"ST-000002", "Dell Latitude 7450", "5CG2222BBB", "ST-000003", "F2LZK0AAN70Q", "New", "2026-03-20",
		"Received by Noah O'Brien (signature)", "Handed over by Lena Ek (signature)"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}
	// The choice to print and the signer are remembered.
	p.showCheckOut()
	u.wait()
	if !formWidget[*dialogCheck](t, u, "Receipt").Checked || field(t, u, "Signed by").Text != "Lena Ek" {
		t.Fatal("the receipt choice was not remembered")
	}
}

// From the asset's page: check out to a person found by department, then
// check in with a new status, location and condition; both show on the page.
func TestCheckOutAndInFromAssetPage(t *testing.T) {
	f := newHandoverFixture(t)
	u := f.u
	s := openAssets(t, u)
	selectAsset(t, u, s, f.lap1.ID)
	bar := s.handoverBar()
	if bar.text.Text != "Not checked out to anyone." || bar.out.Hidden || !bar.in.Hidden {
		t.Fatalf("bar before: %q", bar.text.Text)
	}
	test.Tap(bar.out)
	u.wait()
	who := pickerField(t, u, "Type a name")
	if u.win.Canvas().Focused() != who {
		t.Fatal("the person field does not have the focus")
	}
	if b, _ := find(topDialog(u), func(b *widget.Button) bool { return strings.HasPrefix(b.Text, "Check out") }); !b.Disabled() {
		t.Fatal("Check out is enabled before a person is chosen")
	}
	// By department: the leaver is listed as left and refused.
	typeAndWait(t, u, who, "sales")
	rows := strings.Join(listed(u), "|")
	if !strings.Contains(rows, "Noah O'Brien <noah@example.org> — Sales") || !strings.Contains(rows, "Gus Gone <gus@example.org> — Sales (left)") || strings.Contains(rows, "Ann") {
		t.Fatalf("matches for sales: %q", rows)
	}
	tapListed(t, u, "Gus Gone")
	if !strings.Contains(texts(topDialog(u)), "Gus Gone has left: choose someone who works here.") {
		t.Fatalf("leaver picked:\n%s", texts(topDialog(u)))
	}
	tapListed(t, u, "Noah O'Brien")
	if who.Text != "Noah O'Brien <noah@example.org> — Sales" {
		t.Fatalf("the field shows %q", who.Text)
	}
	field(t, u, "Due back").SetText("2026-03-01") // before the hand-over: refused, dialog stays
	tapButton(t, u, "Check out 1 asset")
	if !strings.Contains(texts(topDialog(u)), "the return date 2026-03-01 is before the hand-over 2026-03-07") {
		t.Fatalf("bad due date:\n%s", texts(topDialog(u)))
	}
	field(t, u, "Due back").SetText("2026-03-09")
	tapButton(t, u, "Check out 1 asset")
	if topDialog(u) != nil {
		t.Fatalf("still open:\n%s", texts(topDialog(u)))
	}
	if bar.text.Text != "With Noah O'Brien since 2026-03-07 · due back 2026-03-09, in 2 days" || bar.in.Hidden {
		t.Fatalf("bar after check-out: %q", bar.text.Text)
	}

	test.Tap(bar.in)
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "ST-000001  Dell Latitude 5440\nSN 5CG1111AAA · Deployed · Noah O'Brien · due back 2026-03-09, in 2 days") {
		t.Fatalf("check-in dialog:\n%s", msg)
	}
	status := formWidget[*dialogSelect](t, u, "New status")
	if status.Selected != asUsual {
		t.Fatalf("status starts at %q", status.Selected)
	}
	formWidget[*dialogSelect](t, u, "Condition").SetSelected("Damaged")
	if status.Selected != "In repair" {
		t.Fatalf("damaged suggests %q", status.Selected)
	}
	formWidget[*dialogSelectEntry](t, u, "Location").SetText("IT workshop")
	field(t, u, "Note").SetText("hinge cracked")
	tapButton(t, u, "Check in 1 asset")
	got, _ := f.st.Asset(context.Background(), f.lap1.ID)
	if got.AssignedTo != 0 || got.Status != assets.StatusInRepair || got.Location != "IT workshop" {
		t.Fatalf("after check-in: %+v", got)
	}
	if u.said.Text != "Checked in ST-000001 Dell Latitude 5440 from Noah O'Brien on 2026-03-07." {
		t.Fatalf("status line %q", u.said.Text)
	}
	if bar.text.Text != "Not checked out to anyone." || s.fieldValues["location"].Text != "IT workshop" || s.fieldValues["status"].Text != "In repair" {
		t.Fatalf("page after check-in: %q, %q, %q", bar.text.Text, s.fieldValues["location"].Text, s.fieldValues["status"].Text)
	}
	hs, _ := f.st.Handovers(context.Background(), f.lap1.ID, 0)
	if len(hs) != 1 || hs[0].InCondition != assets.ConditionDamaged || hs[0].InNote != "hinge cracked" || hs[0].OutCondition != assets.ConditionGood {
		t.Fatalf("hand-over %+v", hs)
	}
}

// A loan past its date: red on both pages, and an alert on the dashboard.
func TestOverdueReturnOnBothPagesAndDashboard(t *testing.T) {
	f := newHandoverFixture(t)
	ctx := context.Background()
	if _, err := f.st.CheckOutAssets(ctx, []assets.CheckOut{{AssetID: f.phone.ID, PersonID: f.ann.ID,
		On: assets.MustDate("2026-02-01"), DueBack: assets.MustDate("2026-03-01")}}); err != nil {
		t.Fatal(err)
	}
	u := f.u
	d := openScreen[*dashboard](t, u, "Dashboard")
	d.refresh()
	u.wait()
	found := false
	for _, a := range d.alerts.alerts {
		if a.Kind == assets.AlertReturnOverdue && a.Subject == "ST-000003 iPhone 15" &&
			strings.Contains(a.Reason, "6 days overdue: Ann Archer should have brought it back on 2026-03-01") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no overdue return on the dashboard: %+v", d.alerts.alerts)
	}
	s := openAssets(t, u)
	selectAsset(t, u, s, f.phone.ID)
	if bar := s.handoverBar(); bar.text.Text != "With Ann Archer since 2026-02-01 · due back 2026-03-01, 6 days overdue" || bar.text.Importance != widget.DangerImportance {
		t.Fatalf("asset page: %q (%v)", bar.text.Text, bar.text.Importance)
	}
	p := openScreen[*peopleScreen](t, u, "People")
	p.open(f.ann.ID)
	u.wait()
	row := newHeldRow().(*fyne.Container)
	p.fillHeldRow(p.file.Assets[0], row.Objects[0].(*fyne.Container))
	if when := row.Objects[0].(*fyne.Container).Objects[1].(*widget.Label); when.Text != "Phone · since 2026-02-01 · due back 2026-03-01, 6 days overdue" || when.Importance != widget.DangerImportance {
		t.Fatalf("person page: %q", when.Text)
	}
}

// A leaver's page checks in everything they hold at once, with one return
// receipt.
func TestCheckInEverythingFromLeaver(t *testing.T) {
	f := newHandoverFixture(t)
	ctx := context.Background()
	if _, err := f.st.CheckOutAssets(ctx, []assets.CheckOut{
		{AssetID: f.lap1.ID, PersonID: f.noah.ID, On: assets.MustDate("2026-01-05")},
		{AssetID: f.phone.ID, PersonID: f.noah.ID, On: assets.MustDate("2026-01-05")}}); err != nil {
		t.Fatal(err)
	}
	left := f.noah
	left.Status, left.LeaveDate = assets.PersonLeft, assets.MustDate("2026-03-06")
	if err := f.st.UpdatePerson(ctx, &left); err != nil {
		t.Fatal(err)
	}
	u := f.u
	p := openScreen[*peopleScreen](t, u, "People")
	p.open(f.noah.ID)
	u.wait()
	if p.checkInAll.Disabled() || p.checkInAll.Importance != widget.HighImportance {
		t.Fatal("Check in everything is not offered on a leaver holding assets")
	}
	test.Tap(p.checkInAll)
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "2 assets to check in") {
		t.Fatalf("dialog:\n%s", msg)
	}
	formWidget[*dialogSelectEntry](t, u, "Location").SetText("Store room")
	formWidget[*dialogSelect](t, u, "Condition").SetSelected("Good")
	formWidget[*dialogCheck](t, u, "Receipt").SetChecked(true)
	field(t, u, "Signed by").SetText("Lena Ek")
	tapButton(t, u, "Check in 2 assets")
	if len(p.file.Assets) != 0 || !p.checkInAll.Disabled() {
		t.Fatalf("still holds %d", len(p.file.Assets))
	}
	for _, id := range []int64{f.lap1.ID, f.phone.ID} {
		got, _ := f.st.Asset(ctx, id)
		if got.Status != assets.StatusInStock || got.Location != "Store room" {
			t.Fatalf("after: %+v", got)
		}
	}
	if len(f.receipts) != 1 {
		t.Fatalf("receipts %q", f.receipts)
	}
	text := pdfToText(t, f.receipts[0])
	for _, want := range []string{"Return receipt", "Lena Ek took back 2 items from Noah O'Brien on 2026-03-07.",
		"5CG1111AAA", "F2LZK0AAN70Q", "Good", "Returned by Noah O'Brien (signature)", "Taken back by Lena Ek (signature)"} {
		if !strings.Contains(text, want) {
			t.Errorf("return receipt lacks %q:\n%s", want, text)
		}
	}
}

// markRow ticks the box by row's tag, as a click on it does.
func markRow(t *testing.T, s *assetsScreen, row int) {
	t.Helper()
	o := s.table.CreateCell()
	s.table.UpdateCell(widget.TableCellID{Row: row, Col: markCol}, o)
	box := o.(*fyne.Container).Objects[2].(*markBox)
	if !box.Visible() {
		t.Fatal("no box in the tag cell")
	}
	test.Tap(box)
}

// Several at once from the Assets list: tick two, check them out to Ann
// (found by e-mail, Enter), then check both in.
func TestCheckOutAndInSeveralMarkedAssets(t *testing.T) {
	f := newHandoverFixture(t)
	u := f.u
	s := openAssets(t, u)
	m := s.assetMarks()
	if !m.out.Hidden || m.change.Text != "Change all shown…" {
		t.Fatal("the bar offers check-out with nothing marked")
	}
	markRow(t, s, 0)
	markRow(t, s, 2)
	markRow(t, s, 1)
	markRow(t, s, 1) // ticked twice: off again
	if m.label.Text != "2 assets marked" || m.out.Hidden {
		t.Fatalf("bar: %q", m.label.Text)
	}
	if s.selectedID != 0 {
		t.Fatal("ticking a box selected the row")
	}
	if text := cellText(s, 0, markCol); text != "ST-000001" {
		t.Fatalf("tag cell %q", text)
	}
	test.Tap(m.out)
	u.wait()
	if msg := texts(topDialog(u)); !strings.Contains(msg, "2 assets to check out") {
		t.Fatalf("dialog:\n%s", msg)
	}
	who := pickerField(t, u, "Type a name")
	typeAndWait(t, u, who, "ann@example.org")
	pressKey(u, fyne.KeyReturn)
	if who.Text != "Ann Archer <ann@example.org> — Finance" {
		t.Fatalf("Enter on an e-mail picked %q", who.Text)
	}
	tapButton(t, u, "Check out 2 assets")
	for _, a := range []assets.Asset{f.lap1, f.phone} {
		if got, _ := f.st.Asset(context.Background(), a.ID); got.AssignedTo != f.ann.ID {
			t.Fatalf("%s not with Ann: %+v", a.Tag, got)
		}
	}
	if m.label.Text != "Tick the boxes by the tags to check out, check in or change several assets at once." {
		t.Fatalf("marks kept after the check-out: %q", m.label.Text)
	}
	markRow(t, s, 0)
	markRow(t, s, 2)
	test.Tap(m.in)
	u.wait()
	tapButton(t, u, "Check in 2 assets")
	for _, a := range []assets.Asset{f.lap1, f.phone} {
		if got, _ := f.st.Asset(context.Background(), a.ID); got.AssignedTo != 0 || got.Status != assets.StatusInStock {
			t.Fatalf("%s not back: %+v", a.Tag, got)
		}
	}
}

// The picker: matches as you type (name, e-mail, department; tag, name,
// serial), Up/Down and Enter, Enter on a serial's barcode, Enter with no
// exact match keeps the text to correct.
func TestPickerTypeAheadAndScan(t *testing.T) {
	f := newHandoverFixture(t)
	u := f.u
	var picked []string
	pa := newAssetPicker(u, u.handoverStore(), func(a assets.Asset) string { picked = append(picked, a.Tag); return "" })
	pp := newPersonPicker(u, u.handoverStore(), asOfDay(u), func(p assets.Person) string { picked = append(picked, p.Email); return "" })
	u.win.SetContent(container.NewVBox(pa.view(3), pp.view(3)))

	typeAndWait(t, u, pa.entry, "latitude")
	if len(pa.matches) != 2 || pa.hint.Text != "Tap one, or Up/Down and Enter." {
		t.Fatalf("latitude: %d matches, %q", len(pa.matches), pa.hint.Text)
	}
	pressKey(u, fyne.KeyDown)
	pressKey(u, fyne.KeyDown)
	pressKey(u, fyne.KeyReturn) // "latitude" is no tag: the marked match
	if strings.Join(picked, ",") != "ST-000002" {
		t.Fatalf("Down, Down, Enter picked %v", picked)
	}
	// The maker's serial barcode, with the scanner's CR.
	scanInto(u, pa.entry, "5cg1111aaa")
	if strings.Join(picked, ",") != "ST-000002,ST-000001" {
		t.Fatalf("serial scan picked %v", picked)
	}
	typeAndWait(t, u, pa.entry, "ST-0099")
	pressKey(u, fyne.KeyReturn)
	if pa.entry.Text != "ST-0099" || !strings.Contains(pa.hint.Text, `Nothing is "ST-0099"`) {
		t.Fatalf("unknown tag: field %q, hint %q", pa.entry.Text, pa.hint.Text)
	}
	pa.entry.SetText("")
	u.wait()
	typeAndWait(t, u, pp.entry, "o'bri")
	if len(pp.matches) != 1 || pp.matches[0].ID != f.noah.ID {
		t.Fatalf("by name: %+v", pp.matches)
	}
	pp.entry.SetText("")
	typeAndWait(t, u, pp.entry, "finance")
	if len(pp.matches) != 1 || pp.matches[0].ID != f.ann.ID {
		t.Fatalf("by department: %+v", pp.matches)
	}
	pressKey(u, fyne.KeyReturn) // the only match
	if picked[len(picked)-1] != "ann@example.org" || pp.entry.Text != "Ann Archer <ann@example.org> — Finance" {
		t.Fatalf("only match: %v, %q", picked, pp.entry.Text)
	}
}
