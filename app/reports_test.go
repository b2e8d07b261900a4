package app

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"steward/assets"
	"steward/assets/report"
	"steward/assets/sqlite"
)

func reportsUI(t *testing.T) (*UI, *reports, chan string) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.SetSetting(ctx, "org_name", "Zoë Åberg Σωκράτης Ltd"); err != nil {
		t.Fatal(err)
	}
	for i, n := range []string{"Łukasz laptop", "Zoë laptop", "Дмитрий desktop"} {
		cat := "laptop"
		if i == 2 {
			cat = "desktop"
		}
		a := assets.Asset{Name: n, Category: cat, Status: assets.StatusDeployed, Location: "Göteborg",
			PurchaseDate: assets.MustDate("2022-01-10"), Cost: assets.Money{Minor: 100000, Currency: "EUR"}}
		if err := s.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	a := test.NewTempApp(t)
	now := func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }
	u := New(ctx, a, Services{Store: s, Now: now})
	if !u.ShowScreen("Reports") {
		t.Fatal("no Reports screen")
	}
	var rs *reports
	for _, sc := range u.screens {
		if r, ok := sc.(*reports); ok {
			rs = r
		}
	}
	done := make(chan string, 16)
	rs.finished = func(msg string) { done <- msg }
	return u, rs, done
}

func TestReportsScreenPreviewAndPrint(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatal("pdftoppm not found: install poppler-utils (make deps does)")
	}
	u, rs, done := reportsUI(t)

	fyne.DoAndWait(func() { rs.refreshPreview() })
	msg := <-done
	for msg != "" && !strings.HasPrefix(msg, "Ready") {
		msg = <-done // the first preview from opening the screen may come first
	}
	if msg != "Ready: Budget and refresh forecast, as of 2026-03-01." {
		t.Fatalf("preview: %q", msg)
	}
	var img bool
	fyne.DoAndWait(func() { img = rs.preview.Image != nil && rs.preview.Image.Bounds().Dx() > 300 })
	if !img {
		t.Fatal("no first-page image in the preview")
	}

	// Choose the register of laptops, grouped by location, on Letter, and
	// print with Ctrl+P: the PDF goes to the viewer through a file:// URL.
	opened := make(chan *url.URL, 1)
	rs.open = func(u *url.URL) error { opened <- u; return nil }
	fyne.DoAndWait(func() {
		rs.kind.SetSelected(report.KindTitles["register"])
		rs.category.SetSelected("Laptop")
		rs.paper.SetSelected("US Letter")
	})
	drain(done)
	fyne.DoAndWait(func() {
		// fyne's test canvas wraps the software canvas, which keeps the
		// shortcuts.
		inner := reflect.ValueOf(u.win.Canvas()).Elem().FieldByName("WindowlessCanvas").Interface()
		sc, ok := inner.(interface{ TypedShortcut(fyne.Shortcut) })
		if !ok {
			t.Fatalf("the test canvas %T takes no shortcuts", u.win.Canvas())
		}
		sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault})
	})
	var got *url.URL
	for got == nil {
		select {
		case got = <-opened:
		case m := <-done:
			if strings.HasPrefix(m, "Not") {
				t.Fatalf("print: %s", m)
			}
		}
	}
	for m := waitFinal(done); !strings.HasPrefix(m, "Opened "); m = waitFinal(done) {
	}
	if got.Scheme != "file" {
		t.Fatalf("opened %s, want a file:// URL", got)
	}
	defer os.Remove(got.Path)
	out, err := exec.Command("pdftotext", "-layout", got.Path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Asset register", "Zoë Åberg Σωκράτης Ltd", "as of 2026-03-01", "Filter: category laptop", "Łukasz laptop", "Zoë laptop", "Göteborg"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed PDF lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Дмитрий desktop") {
		t.Errorf("the category filter was ignored")
	}
	info, _ := exec.Command("pdfinfo", got.Path).CombinedOutput()
	if !strings.Contains(string(info), "612 x 792 pts (letter)") {
		t.Errorf("not US Letter:\n%s", info)
	}

	// Save writes the chosen format.
	path := filepath.Join(t.TempDir(), "register.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var req report.Request
	fyne.DoAndWait(func() { req, err = rs.request() })
	if err != nil {
		t.Fatal(err)
	}
	if err := rs.write(context.Background(), req, "xlsx", f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if st, _ := os.Stat(path); st == nil || st.Size() < 1000 {
		t.Errorf("saved XLSX is empty")
	}

	// A report whose data is not kept says so in the preview.
	fyne.DoAndWait(func() { rs.kind.SetSelected(report.KindTitles["training"]) })
	if m := waitFinal(done); !strings.Contains(m, "does not keep training records") {
		t.Errorf("training preview: %q", m)
	}

	// A bad date is refused with the field named.
	fyne.DoAndWait(func() { rs.asOf.SetText("31/12/2026") })
	fyne.DoAndWait(func() { _, err = rs.request() })
	if err == nil || !strings.Contains(err.Error(), "as of") {
		t.Errorf("bad date: %v", err)
	}
}

func drain(c chan string) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}

func waitFinal(c chan string) string {
	for {
		m := <-c
		if !strings.HasSuffix(m, "…") {
			return m
		}
	}
}

func TestSummarize(t *testing.T) {
	doc := &report.Document{Title: "Asset register", Org: "Åberg", AsOf: assets.MustDate("2026-01-02"),
		Summary: []report.KV{{Key: "Assets", Value: "3"}}, Sections: []report.Section{{Title: "Göteborg", Rows: make([][]report.Cell, 3)}}}
	s := Summarize(doc)
	for _, want := range []string{"Asset register", "Åberg · as of 2026-01-02", "Assets: 3", "Göteborg: 3 rows"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}
