package app

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
	"steward/assets/demo"
	"steward/assets/sqlite"
)

// newTestUI opens the window on fyne's test driver with a real store on a
// file in t.TempDir(), filled with n demo assets. Background hand-backs are
// queued and run by u.wait() on the test's goroutine, so they never overlap
// the test's own clicks and typing.
func newTestUI(t *testing.T, n int) (*UI, *sqlite.Store) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if n > 0 {
		fillDemo(t, store, demo.Config{Assets: n, People: 40, Seed: 42})
	}
	a := test.NewTempApp(t)
	now := func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }
	u := newUI(ctx, a, Services{Store: store, Version: "test", Now: now}, make(chan func(), 64))
	u.win.Resize(fyne.NewSize(1024, 768))
	u.wait()
	return u, store
}

func fillDemo(t testing.TB, store *sqlite.Store, c demo.Config) {
	t.Helper()
	ctx := context.Background()
	ds := demo.Generate(c)
	ids := map[string]int64{}
	for i := range ds.People {
		p := ds.People[i]
		if err := store.CreatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
		ids[p.Email] = p.ID
	}
	list := make([]assets.Asset, len(ds.Assets))
	for i, a := range ds.Assets {
		list[i] = a.Asset
		list[i].AssignedTo = ids[a.HolderEmail]
	}
	if err := store.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
}

// openAssets switches to the assets screen and waits for its first page.
func openAssets(t *testing.T, u *UI) *assetsScreen {
	t.Helper()
	if !u.ShowScreen("Assets") {
		t.Fatal("no Assets screen")
	}
	u.wait()
	return u.screens[u.current].(*assetsScreen)
}

// screenshot writes the window to test-artifacts/NAME.png for people to look at.
func screenshot(t *testing.T, u *UI, name string) {
	t.Helper()
	img := u.win.Canvas().Capture()
	dir := filepath.Join("..", "test-artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func tags(s *assetsScreen) []string {
	var out []string
	for _, a := range s.rows {
		out = append(out, a.Tag)
	}
	return out
}

// cellText is what the table shows in a cell, read through its own callbacks.
func cellText(s *assetsScreen, row, col int) string {
	o := s.table.CreateCell()
	s.table.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
	return o.(*fyne.Container).Objects[1].(*widget.Label).Text
}

// pressShortcut sends a keyboard shortcut to the window's canvas, as the
// real driver does. The test canvas wraps the software canvas that holds
// the shortcut table, so reach it through the exported embedded field.
func pressShortcut(t *testing.T, u *UI, sc fyne.Shortcut) {
	t.Helper()
	v := reflect.ValueOf(u.win.Canvas())
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	inner, ok := v.FieldByName("WindowlessCanvas").Interface().(fyne.Shortcutable)
	if !ok {
		t.Fatal("the test canvas no longer wraps a canvas with shortcuts")
	}
	inner.TypedShortcut(sc)
	u.wait()
}

func typeInto(t *testing.T, u *UI, e fyne.Focusable, text string) {
	t.Helper()
	u.win.Canvas().Focus(e)
	test.Type(e, text)
	u.wait()
}

func TestAssetsEmptyState(t *testing.T) {
	u, _ := newTestUI(t, 0)
	s := openAssets(t, u)
	if !s.empty.Visible() || !strings.Contains(s.empty.Text, "Ctrl+N") {
		t.Fatalf("empty register shows %q (visible %v), want the Ctrl+N hint", s.empty.Text, s.empty.Visible())
	}
	if s.count.Text != "0 assets" {
		t.Errorf("count %q", s.count.Text)
	}
	screenshot(t, u, "assets-empty")
}

func TestAddAssetThroughFormAndFindIt(t *testing.T) {
	u, store := newTestUI(t, 30)
	s := openAssets(t, u)
	if s.count.Text != "30 assets" {
		t.Fatalf("count %q, want 30 assets", s.count.Text)
	}
	// Ctrl+N opens the form, from the keyboard.
	sc := &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	pressShortcut(t, u, sc)
	u.wait()
	f := s.form
	if f == nil {
		t.Fatal("Ctrl+N did not open the form")
	}
	typeInto(t, u, f.name, "Zebra ZT411 label printer")
	typeInto(t, u, f.category, "Label printer") // a new category, typed
	typeInto(t, u, f.serial, "ZT411-99X")
	typeInto(t, u, f.purchase, "2025-02-03")
	typeInto(t, u, f.cost, "1,499.50")
	typeInto(t, u, f.location, "Berlin Office")
	typeInto(t, u, f.assigned, "Zoë")
	u.wait()
	var zoe string
	for _, o := range f.offered {
		if strings.HasPrefix(o, "Zoë ") {
			zoe = o
		}
	}
	if zoe == "" {
		t.Fatalf("typing Zoë offered %v", f.offered)
	}
	f.assigned.SetText(zoe)
	screenshot(t, u, "asset-form")
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject
	if n, m := pos(f.notes).X, pos(f.manufacturer).X; n != m {
		t.Errorf("the Notes field starts at x=%v, the fields above it at x=%v", n, m)
	}
	test.Tap(f.save)
	u.wait()
	if s.form != nil {
		t.Fatalf("form still open; general error %q", f.general.Text)
	}
	saved, err := store.AssetByTag(context.Background(), s.selected.Tag)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Name != "Zebra ZT411 label printer" || saved.Category != "label printer" || saved.Cost.Minor != 149950 ||
		saved.Cost.Currency != "EUR" || saved.PurchaseDate.String() != "2025-02-03" || !strings.HasPrefix(saved.AssignedName, "Zoë") {
		t.Fatalf("saved %+v", saved)
	}
	// The new asset is shown by its tag, whatever the list showed before.
	if s.count.Text != "1 of 31 assets" || s.search.Text != saved.Tag {
		t.Errorf("count after add %q, search %q", s.count.Text, s.search.Text)
	}
	// Ctrl+F focuses the search box; typing finds the new asset.
	u.win.Canvas().Unfocus()
	pressShortcut(t, u, &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
	if u.win.Canvas().Focused() != s.search {
		t.Fatal("Ctrl+F did not focus the search box")
	}
	s.search.SetText("")
	test.Type(s.search, "zt411")
	u.wait()
	if got := tags(s); len(got) != 1 || got[0] != saved.Tag {
		t.Fatalf("search zt411 shows %v, want [%s]", got, saved.Tag)
	}
	if s.count.Text != "1 of 31 assets" {
		t.Errorf("count %q, want 1 of 31 assets", s.count.Text)
	}
	if got := cellText(s, 0, 1); got != "Zebra ZT411 label printer" {
		t.Errorf("name cell %q", got)
	}
	// The detail pane shows it, with its history.
	if s.detailTitle.Text != saved.Tag+" · Zebra ZT411 label printer" || len(s.history) != 1 || s.history[0].Action != "create" {
		t.Errorf("detail %q, history %+v", s.detailTitle.Text, s.history)
	}
	// The new category is offered by the filter.
	found := false
	for _, o := range s.catSel.Options {
		found = found || o == "Label printer"
	}
	if !found {
		t.Errorf("category filter options %v lack the new one", s.catSel.Options)
	}
}

func TestSearchDropsStaleResults(t *testing.T) {
	u, _ := newTestUI(t, 60)
	s := openAssets(t, u)
	// Typing fast: only the last text's results may land.
	for _, text := range []string{"d", "de", "del", "dell", "dell u2723"} {
		s.search.SetText(text)
	}
	u.wait()
	if s.query.Search != "dell u2723" {
		t.Fatalf("query %q", s.query.Search)
	}
	for _, a := range s.rows {
		if a.Model != "U2723QE" {
			t.Fatalf("search dell u2723 shows %s %s", a.Tag, a.Name)
		}
	}
}

func TestEditAsset(t *testing.T) {
	u, store := newTestUI(t, 20)
	s := openAssets(t, u)
	s.table.Select(widget.TableCellID{Row: 2, Col: 1})
	u.wait()
	target := s.rows[2]
	if s.selected.ID != target.ID || !s.editBtn.Visible() || s.editBtn.Disabled() {
		t.Fatalf("selecting row 2 selected %d, want %d", s.selected.ID, target.ID)
	}
	test.Tap(s.editBtn)
	f := s.form
	if f == nil || f.name.Text != target.Name {
		t.Fatal("edit did not open the form with the asset")
	}
	f.name.SetText("Renamed laptop")
	f.status.SetSelected("In repair")
	f.notes.SetText("Hinge broken")
	test.Tap(f.save)
	u.wait()
	got, err := store.Asset(context.Background(), target.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Renamed laptop" || got.Status != assets.StatusInRepair || got.Notes != "Hinge broken" {
		t.Fatalf("after edit: %+v", got)
	}
	if s.selectedID != target.ID || s.fieldValues["status"].Text != "In repair" {
		t.Errorf("detail shows status %q", s.fieldValues["status"].Text)
	}
	var lines []string
	for _, h := range s.history {
		lines = append(lines, h.Text())
	}
	joined := strings.Join(lines, "\n")
	for _, want := range []string{"name: " + target.Name + " -> Renamed laptop", "status: " + target.Status.Label() + " -> In repair", "notes set to Hinge broken"} {
		if !strings.Contains(joined, want) {
			t.Errorf("history lacks %q:\n%s", want, joined)
		}
	}
	screenshot(t, u, "assets-detail")
}

func TestFormShowsValidationErrors(t *testing.T) {
	u, store := newTestUI(t, 5)
	s := openAssets(t, u)
	s.newItem()
	f := s.form
	f.category.SetText("laptop")
	f.cost.SetText("12.345")
	f.mac.SetText("not-a-mac")
	test.Tap(f.save)
	u.wait()
	if s.form == nil {
		t.Fatal("the form closed on invalid input")
	}
	if msg := f.fieldError("name"); !strings.Contains(msg, "name") {
		t.Errorf("name error %q", msg)
	}
	if msg := f.fieldError("cost"); !strings.Contains(msg, "decimal places") {
		t.Errorf("cost error %q", msg)
	}
	if msg := f.fieldError("mac"); !strings.Contains(msg, "MAC") {
		t.Errorf("mac error %q", msg)
	}
	if msg := f.fieldError("category"); msg != "" {
		t.Errorf("category is fine but shows %q", msg)
	}
	screenshot(t, u, "asset-form-errors")
	// A duplicate tag comes back from the store, next to the tag field.
	f.name.SetText("Spare laptop")
	f.cost.SetText("12.34")
	f.mac.SetText("")
	f.tag.SetText(s.rows[0].Tag)
	test.Tap(f.save)
	u.wait()
	if msg := f.fieldError("tag"); !strings.Contains(msg, "already has this tag") {
		t.Errorf("tag error %q", msg)
	}
	if n, _ := store.CountAssets(context.Background(), assets.AssetQuery{}); n != 5 {
		t.Errorf("%d assets stored after failed saves, want 5", n)
	}
	f.dlg.Hide()
	if s.form != nil {
		t.Error("cancel left the form open")
	}
}

func TestDeleteAssetWithConfirmation(t *testing.T) {
	u, store := newTestUI(t, 10)
	s := openAssets(t, u)
	s.table.Select(widget.TableCellID{Row: 0, Col: 0})
	u.wait()
	victim := s.rows[0]
	// The Delete key asks first; "Keep" keeps it.
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if s.confirm == nil {
		t.Fatal("Delete did not ask for confirmation")
	}
	screenshot(t, u, "asset-delete-confirm")
	s.confirm.Dismiss()
	u.wait()
	if _, err := store.Asset(context.Background(), victim.ID); err != nil {
		t.Fatalf("dismissed delete removed the asset: %v", err)
	}
	test.Tap(s.deleteBtn)
	s.confirm.Confirm()
	u.wait()
	if _, err := store.Asset(context.Background(), victim.ID); assets.KindOf(err) != assets.KindNotFound {
		t.Fatalf("asset still there after confirmed delete: %v", err)
	}
	if s.count.Text != "9 assets" || s.selectedID != 0 || !s.editBtn.Disabled() {
		t.Errorf("after delete: count %q, selected %d", s.count.Text, s.selectedID)
	}
	for _, a := range s.rows {
		if a.ID == victim.ID {
			t.Error("deleted asset still listed")
		}
	}
}

func TestSortAndFilter(t *testing.T) {
	u, _ := newTestUI(t, 150)
	s := openAssets(t, u)
	screenshot(t, u, "assets-list")
	// Click the Cost header: ascending, then descending.
	costCol := 7
	header := s.table.CreateHeader().(*widget.Button)
	s.table.UpdateHeader(widget.TableCellID{Row: -1, Col: costCol}, header)
	test.Tap(header)
	u.wait()
	if s.query.Sort != assets.SortCost || s.query.Desc {
		t.Fatalf("sort %v desc %v", s.query.Sort, s.query.Desc)
	}
	for i := 1; i < len(s.rows); i++ {
		if s.rows[i-1].Cost.Minor > s.rows[i].Cost.Minor {
			t.Fatalf("rows %d,%d not by cost ascending", i-1, i)
		}
	}
	s.table.UpdateHeader(widget.TableCellID{Row: -1, Col: costCol}, header)
	test.Tap(header)
	u.wait()
	if !s.query.Desc || s.rows[0].Cost.Minor < s.rows[len(s.rows)-1].Cost.Minor {
		t.Fatal("second click did not sort descending")
	}
	// Filter by category and status.
	s.catSel.SetSelected("Laptop")
	u.wait()
	s.statusSel.SetSelected("Deployed")
	u.wait()
	if len(s.rows) == 0 {
		t.Fatal("no deployed laptops in the demo")
	}
	for _, a := range s.rows {
		if a.Category != "laptop" || a.Status != assets.StatusDeployed {
			t.Fatalf("filter shows %s %s %s", a.Tag, a.Category, a.Status)
		}
	}
	if !strings.HasSuffix(s.count.Text, " of 150 assets") {
		t.Errorf("count %q", s.count.Text)
	}
	s.locSel.SetSelected("Nowhere")
	s.search.SetText("no such thing at all")
	s.runSearch()
	u.wait()
	if len(s.rows) != 0 || !s.empty.Visible() || !strings.Contains(s.empty.Text, "match") {
		t.Errorf("no-match state: rows %d, empty %q", len(s.rows), s.empty.Text)
	}
	s.clearFilters()
	u.wait()
	if len(s.rows) != 150 || s.count.Text != "150 assets" {
		t.Errorf("after clearing: %d rows, count %q", len(s.rows), s.count.Text)
	}
}

func TestScrollLoadsNextPages(t *testing.T) {
	u, _ := newTestUI(t, 2*pageSize+50)
	s := openAssets(t, u)
	if len(s.rows) != pageSize || s.next == nil {
		t.Fatalf("first load has %d rows, want one page of %d", len(s.rows), pageSize)
	}
	// Showing a row near the end of what is loaded fetches the next page.
	for len(s.rows) < 2*pageSize+50 {
		before := len(s.rows)
		cellText(s, len(s.rows)-1, 0)
		u.wait()
		if len(s.rows) == before {
			t.Fatalf("no new page after row %d", before)
		}
	}
	if s.next != nil {
		t.Error("cursor left after the last page")
	}
	seen := map[int64]bool{}
	for i, a := range s.rows {
		if seen[a.ID] {
			t.Fatalf("row %d (%s) loaded twice", i, a.Tag)
		}
		seen[a.ID] = true
		if i > 0 && s.rows[i-1].Tag >= a.Tag {
			t.Fatalf("rows %d,%d out of tag order", i-1, i)
		}
	}
}

func TestDashboardCounts(t *testing.T) {
	u, store := newTestUI(t, 40)
	d := u.screens[0].(*dashboard)
	u.wait()
	n, _ := store.CountAssets(context.Background(), assets.AssetQuery{})
	if !strings.Contains(d.total.Text, thousands(n)) {
		t.Errorf("dashboard total %q, want %d", d.total.Text, n)
	}
	screenshot(t, u, "dashboard")
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// Sorting by a column of the assets table must stay an index walk on a
// large register; only the holder's name (kept in people) is sorted by hand.
func TestAssetColumnsSortByIndexes(t *testing.T) {
	for _, c := range assetTableColumns {
		if c.sort == "" || c.sort == assets.SortAssigned {
			continue
		}
		if !sqlite.SortIsIndexed(c.sort) {
			t.Errorf("column %q sorts by %s, which has no index", c.title, c.sort)
		}
	}
}
