package report

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/xuri/excelize/v2"

	"steward/assets"
)

func TestExposure(t *testing.T) {
	d := assets.MustDate
	b := NewExposure(ExposureInput{
		Org: "Σωκράτης IT", AsOf: d("2026-06-01"), Months: 6,
		Categories: []assets.Category{{Name: "laptop", Label: "Laptop", RefreshYears: 4}, {Name: "other", Label: "Other"}},
		Warranties: []Warranty{
			{AssetID: 1, Ends: d("2025-01-01"), Provider: "Dell ProSupport"},
			{AssetID: 1, Ends: d("2026-09-01"), Provider: "Dell ProSupport Plus"}, // the longer cover counts
			{AssetID: 2, Ends: d("2026-03-01"), Provider: "HP Care"},
			{AssetID: 3, Ends: d("2029-01-01")},
		},
		EOL: map[int64]EOLState{4: {Date: d("2026-10-14"), Reason: "Windows 10 reached end of support; extended (often paid) security support runs until 2028-10-10 (catalog: endoflife.date)"}},
		// The OS or firmware apart from the hardware: A3 is a new laptop on an unsupported OS.
		OS: map[int64]OSState{
			3: {Release: "FortiOS 7.0", Date: d("2025-09-30"), Next: "FortiOS 7.2", Reason: "FortiOS 7.0 reached end of support on 2025-09-30 (catalog: endoflife.date)"},
			2: {Release: "Ubuntu 24.04", Date: d("2026-11-30"), Reason: "Ubuntu 24.04 reaches end of support on 2026-11-30"},
			1: {Release: "Ubuntu 26.04", Date: d("2031-04-30")}, // beyond the window
			5: {Release: "Windows XP", Date: d("2014-04-08")},   // not in the fleet
		},
	})
	list := []assets.Asset{
		{ID: 1, Tag: "A1", Name: "Zoë Åberg laptop", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: d("2022-02-01")}, // EOL 2026-02-01: past
		{ID: 2, Tag: "A2", Name: "Łukasz laptop", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: d("2022-10-01")},    // EOL 2026-10-01: within 6 months
		{ID: 3, Tag: "A3", Name: "New laptop", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: d("2025-10-01")},       // fine
		{ID: 4, Tag: "A4", Name: "Kiosk", Category: "other", Status: assets.StatusDeployed},                                            // catalogue finding
		{ID: 5, Tag: "A5", Name: "Gone", Category: "laptop", Status: assets.StatusDisposed, PurchaseDate: d("2010-01-01")},             // not in the fleet
	}
	for i := range list {
		b.Add(&list[i])
	}
	e := b.Build()
	if e.Active != 4 || e.PastEOL != 1 || e.SoonEOL != 2 || e.Expired != 1 || e.Expiring != 1 || e.NoWarranty != 1 || e.PastOS != 1 || e.SoonOS != 1 {
		t.Fatalf("counts %+v", e)
	}
	var tags []string
	for _, r := range e.EOL {
		tags = append(tags, r.Tag+":"+r.State)
	}
	if got := strings.Join(tags, ","); got != "A1:Past end of life,A2:Within 6 months,A4:Within 6 months" {
		t.Errorf("EOL rows %s", got)
	}
	if e.EOL[0].Days != -120 || !strings.Contains(e.EOL[0].Reason, "Laptop refresh every 4 years from purchase on 2022-02-01") {
		t.Errorf("A1 row %+v", e.EOL[0])
	}
	if !strings.HasPrefix(e.EOL[2].Reason, "Windows 10 reached end of support") {
		t.Errorf("catalogue reason lost: %+v", e.EOL[2])
	}
	if len(e.OS) != 2 || e.OS[0].Tag != "A3" || e.OS[0].State != "Unsupported" || e.OS[0].Next != "FortiOS 7.2" || e.OS[0].Days != -244 ||
		e.OS[1].Tag != "A2" || e.OS[1].State != "Support ends within 6 months" || e.OS[1].Next != "" {
		t.Errorf("OS rows %+v", e.OS)
	}
	if e.Warranty[0].Tag != "A2" || e.Warranty[0].State != "Out of warranty" || e.Warranty[1].Tag != "A1" || e.Warranty[1].Reason != "Dell ProSupport Plus" {
		t.Errorf("warranty rows %+v", e.Warranty)
	}
	path := writePDF(t, e.Document(), A4)
	checkEveryPage(t, path, "Σωκράτης IT", "2026-06-01")
	if size := pdfInfo(t, path)["Page size"]; size != "841.89 x 595.28 pts (A4)" {
		t.Errorf("exposure page %q, want A4 landscape", size)
	}
	text := strings.Join(strings.Fields(pdfText(t, path)), " ")
	// The long reason wraps onto more lines instead of being cut.
	for _, want := range []string{"End-of-life and warranty exposure", "Zoë Åberg laptop", "Łukasz laptop", "Past end of life", "Out of warranty",
		"OS and firmware support", "Upgrade to", "FortiOS 7.2", "OS or firmware unsupported",
		"Windows 10 reached end of support; extended (often paid) security support runs until 2028-10-10 (catalog: endoflife.date)"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}

	// With no warranty records at all, the report says so instead of
	// listing every asset.
	b2 := NewExposure(ExposureInput{AsOf: d("2026-06-01")})
	b2.Add(&list[0])
	doc := b2.Build().Document()
	if doc.Sections[2].Empty != "This register has no warranty records yet." || len(doc.Sections[2].Rows) != 0 {
		t.Errorf("no-records warranty section: %+v", doc.Sections[2])
	}
	if doc.Sections[1].Title != "OS and firmware support" || len(doc.Sections[1].Rows) != 0 {
		t.Errorf("OS section without findings: %+v", doc.Sections[1])
	}
}

func TestLicences(t *testing.T) {
	d := assets.MustDate
	doc := Licences(LicenceInput{Org: "Org", AsOf: d("2026-06-01"), Licences: []LicenceUse{
		{Name: "Office", Vendor: "Microsoft", Seats: 50, Assigned: 48, Installed: 53, Renewal: d("2027-01-01"), Cost: eur("9000")},
		{Name: "Photoshop", Vendor: "Adobe", Seats: 5, Assigned: 5, Installed: 2, Renewal: d("2026-07-01"), Cost: eur("1200")},
		{Name: "Σωκράτης CAD", Vendor: "Ελληνικά", Seats: 2, Assigned: 1, Installed: 1, Renewal: d("2026-05-01"), Cost: eur("300")},
		{Name: "Site tool", Vendor: "Acme", Unlimited: true, Assigned: 900, Installed: 950},
	}})
	rows := doc.Sections[0].Rows
	if rows[0][0].Text != "Office" || rows[0][5].Text != "3" || rows[0][8].Text != "Short by 3" {
		t.Errorf("first row %v (shortfalls first)", rows[0])
	}
	states := rows[1][8].Text + "|" + rows[3][8].Text
	if states != "Renews in 30 days|Expired" {
		t.Errorf("states %s", states)
	}
	if site := rows[2]; site[0].Text != "Site tool" || site[2].Text != "site" || site[5].Text != "0" || site[8].Text != "Compliant" {
		t.Errorf("site licence row %v", site)
	}
	tot := doc.Sections[0].Total
	if tot[2].Text != "57" || tot[5].Text != "3" || tot[7].Text != "10,500.00" {
		t.Errorf("total %v", tot)
	}
	path := writePDF(t, doc, Letter)
	text := squeeze(pdfText(t, path, "-layout"))
	for _, want := range []string{"Licence compliance", "Σωκράτης CAD", "Short by 3", "Installed", "Shortfall", "Total 57 954 1,006 3 10,500.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q:\n%s", want, text)
		}
	}
}

func TestTraining(t *testing.T) {
	d := assets.MustDate
	doc := Training(TrainingInput{Org: "Org", AsOf: d("2026-06-01"), Records: []TrainingRecord{
		{Person: "Zoë Åberg", Department: "Finance", Course: "Security awareness", Completed: d("2025-07-01"), Due: d("2026-07-01")}, // due soon? 30 days: yes
		{Person: "Łukasz Nowak", Department: "Finance", Course: "Security awareness", Completed: d("2025-01-10"), Due: d("2026-01-10")},
		{Person: "Σωκράτης", Department: "Finance", Course: "Security awareness"}, // never taken
		{Person: "Дмитрий", Department: "IT", Course: "Security awareness", Completed: d("2026-05-01"), Due: d("2027-05-01")},
		{Person: "Дмитрий", Department: "IT", Course: "Fire safety", Completed: d("2024-05-01"), Due: d("2026-05-01")},
	}})
	by := doc.Sections[0]
	// Finance/Security: 3 people, 1 compliant (due soon), 1 due soon, 2 overdue, 33.3%.
	var fin []Cell
	for _, r := range by.Rows {
		if r[0].Text == "Finance" {
			fin = r
		}
	}
	if fin == nil || fin[2].Text != "3" || fin[3].Text != "1" || fin[4].Text != "1" || fin[5].Text != "2" || fin[6].Text != "33.3%" {
		t.Errorf("Finance row %v", fin)
	}
	if by.Total[2].Text != "5" || by.Total[5].Text != "3" || by.Total[6].Text != "40.0%" {
		t.Errorf("total %v", by.Total)
	}
	od := doc.Sections[1]
	if len(od.Rows) != 3 || od.Rows[0][0].Text != "Łukasz Nowak" || od.Rows[0][5].Text != "142" || od.Rows[1][5].Text != "never taken" {
		t.Errorf("overdue rows %v", od.Rows)
	}
	path := writePDF(t, doc, A4)
	text := squeeze(pdfText(t, path, "-layout"))
	for _, want := range []string{"Training compliance", "People overdue", "Łukasz Nowak", "Σωκράτης", "Дмитрий", "never taken"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
}

func TestSiteVisit(t *testing.T) {
	at := time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)
	doc := SiteVisit(SiteVisitInput{Org: "Org", AsOf: assets.MustDate("2026-06-01"), Site: "Göteborg office", ScanAt: at,
		HasPrevious: true, PreviousAt: at.AddDate(0, -3, 0),
		Devices: []SiteDevice{
			{Key: "m1", Name: "Printer Åsa", Class: "printer", Host: "printer-1.local"},
			{Key: "m2", Name: "NAS", Class: "storage"},
			{Key: "m3", Name: "Σωκράτης iPhone", Class: "phone"},
		},
		Previous: []SiteDevice{
			{Key: "m1", Name: "Printer Åsa", Class: "printer"},
			{Key: "m9", Name: "Old printer", Class: "printer"},
		}})
	byClass := doc.Sections[0]
	var got []string
	for _, r := range byClass.Rows {
		got = append(got, r[0].Text+"="+r[1].Text+"/"+r[2].Text+"/"+r[3].Text)
	}
	if strings.Join(got, " ") != "phone=1/1/0 printer=1/0/1 storage=1/1/0" {
		t.Errorf("by class %v", got)
	}
	if len(doc.Sections[1].Rows) != 2 || len(doc.Sections[2].Rows) != 1 || doc.Sections[2].Rows[0][0].Text != "Old printer" {
		t.Errorf("new %v missing %v", doc.Sections[1].Rows, doc.Sections[2].Rows)
	}
	text := squeeze(pdfText(t, writePDF(t, doc, A4), "-layout"))
	for _, want := range []string{"Site visit", "Göteborg office", "Missing since the last visit", "Old printer", "Σωκράτης iPhone", "Total 3 2 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
}

func TestBudgetXLSXAndCSV(t *testing.T) {
	in, list := forecastFixture()
	doc := BuildForecast(in, list).Document()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, doc); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) != 10 || sheets[0] != "Summary" || sheets[1] != "Cost per period by kind" {
		t.Fatalf("sheets %v", sheets)
	}
	// Row 7 is the total row: J7 holds the grand total as a number, H7
	// and I7 the CapEx and OpEx totals.
	for cell, want := range map[string]string{"J7": "42160", "H7": "15800", "I7": "26360"} {
		if v, _ := x.GetCellValue("Cost per period by kind", cell, excelize.Options{RawCellValue: true}); v != want {
			t.Errorf("total cell %s %q, want %s", cell, v, want)
		}
	}
	if v, _ := x.GetCellValue("Cost per period by kind", "J7"); v != "42,160.00" {
		t.Errorf("grand total shown as %q, want 42,160.00", v)
	}
	if v, _ := x.GetCellValue("Cost per period by kind", "J1"); v != "Total (EUR)" {
		t.Errorf("header %q", v)
	}

	buf.Reset()
	if err := WriteCSV(&buf, doc); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.HasPrefix(s, "\uFEFFCost per period by kind\n") || !strings.Contains(s, "Total,,,15800.00,18600.00,7500.00,260.00,15800.00,26360.00,42160.00") {
		t.Errorf("budget CSV:\n%s", s)
	}
	// The phone bought in USD is left out of the EUR totals, and the CSV
	// says so with its amounts per year (issue 20: never silently).
	if !strings.Contains(s, "Not in the totals: amounts in other currencies") || !strings.Contains(s, "\nUSD,500.00,0.00,0.00,500.00,0.00,1000.00\n") {
		t.Errorf("budget CSV does not list the USD amounts left out:\n%s", s)
	}
}

// TestLabelsQRDecode prints labels, renders the first page with pdftoppm
// and decodes the QR codes back to the asset tags.
func TestLabelsQRDecode(t *testing.T) {
	needTool(t, "pdftoppm")
	var list []assets.Asset
	for i := 1; i <= 30; i++ {
		list = append(list, assets.Asset{Tag: assets.FormatTag(int64(i)), Name: fmt.Sprintf("Laptop for %s", intlNames[i%len(intlNames)])})
	}
	for _, c := range []struct {
		paper        Paper
		perPage, pgs int
	}{{A4, 24, 2}, {Letter, 30, 1}} {
		doc := Labels(LabelsInput{Org: "Åberg AB", AsOf: assets.MustDate("2026-06-01"), Paper: c.paper, Assets: list})
		path := writePDF(t, doc, c.paper)
		if n := pdfPages(t, path); n != c.pgs {
			t.Errorf("%s: %d pages, want %d", c.paper, n, c.pgs)
		}
		text := strings.Join(strings.Fields(pdfText(t, path)), " ")
		for _, want := range []string{"ST-000001", "ST-000024", "Laptop for Zoë Åberg", "Laptop for Σωκράτης Παπαδόπουλος", "Åberg AB"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: labels lack %q", c.paper, want)
			}
		}
		out := filepath.Join(t.TempDir(), "page")
		if b, err := exec.Command("pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", path, out).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, b)
		}
		img := readPNG(t, out+".png")
		// Crop the first and last label on the page and decode each.
		fm := LabelFormatFor(c.paper)
		pxPerMM := float64(img.Bounds().Dx()) / map[Paper]float64{A4: 210, Letter: 215.9}[c.paper]
		for _, k := range []int{0, c.perPage - 1} {
			x := fm.Left + float64(k%fm.Cols)*fm.PitchX
			y := fm.Top + float64(k/fm.Cols)*fm.PitchY
			rect := image.Rect(int(x*pxPerMM), int(y*pxPerMM), int((x+fm.H)*pxPerMM), int((y+fm.H)*pxPerMM))
			sub := img.(interface {
				SubImage(image.Rectangle) image.Image
			}).SubImage(rect)
			got := decodeQR(t, sub)
			if want := list[k].Tag; got != want {
				t.Errorf("%s label %d: QR says %q, want %q", c.paper, k+1, got, want)
			}
		}
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decoding the QR code: %v", err)
	}
	return res.GetText()
}

// CJK names: the embedded font lacks the glyphs, so the PDF says so in a
// note; the text layer still carries the names.
func TestCJKNamesNoted(t *testing.T) {
	doc := &Document{Kind: "cjk", Title: "Asset register", Org: "Org", AsOf: assets.MustDate("2026-01-01"),
		Sections: []Section{{Title: "Names", Columns: []Column{{Title: "Name"}}, Rows: [][]Cell{{T("田中太郎")}, {T("김민준")}, {T("Zoë")}}}}}
	text := strings.Join(strings.Fields(pdfText(t, writePDF(t, doc, A4))), " ")
	for _, want := range []string{"田中太郎", "김민준", "2 entries use Chinese, Japanese or Korean characters"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q:\n%s", want, text)
		}
	}
	if len(doc.Notes) != 0 {
		t.Errorf("WritePDF changed the caller's document")
	}
	plain := &Document{Kind: "x", Title: "T", AsOf: assets.MustDate("2026-01-01"), Sections: []Section{{Title: "S", Columns: []Column{{Title: "Name"}}, Rows: [][]Cell{{T("Σωκράτης Дмитрий")}}}}}
	if strings.Contains(pdfText(t, writePDF(t, plain, A4)), "Chinese") {
		t.Errorf("a note about CJK on a document without any")
	}
}

// Counts made elsewhere (the people area's compliance matrix) are taken as
// they are; the records then only list who is overdue.
func TestTrainingFromCells(t *testing.T) {
	d := assets.MustDate
	doc := Training(TrainingInput{AsOf: d("2026-06-01"),
		Cells:   []TrainingCell{{Department: "IT", Course: "Fire safety", People: 10, Compliant: 7, DueSoon: 2, Overdue: 3}},
		Records: []TrainingRecord{{Person: "Łukasz", Department: "IT", Course: "Fire safety", Due: d("2026-01-01")}}})
	row := doc.Sections[0].Rows[0]
	if row[2].Text != "10" || row[3].Text != "7" || row[4].Text != "2" || row[5].Text != "3" || row[6].Text != "70.0%" {
		t.Errorf("row %v", row)
	}
	if len(doc.Sections[1].Rows) != 1 || doc.Sections[1].Rows[0][0].Text != "Łukasz" {
		t.Errorf("overdue %v", doc.Sections[1].Rows)
	}
}

func TestLabelsSkipAndQueryWords(t *testing.T) {
	list := []assets.Asset{{Tag: "A1", Name: "One"}, {Tag: "A2", Name: "Two"}}
	doc := Labels(LabelsInput{Paper: Letter, Assets: list, Skip: 2})
	if doc.Labels.Format.Rows != 10 || len(doc.Labels.Labels) != 4 || doc.Labels.Labels[0].Tag != "" || doc.Labels.Labels[2].Tag != "A1" {
		t.Errorf("labels %+v", doc.Labels)
	}
	if len(doc.Sections[0].Rows) != 2 {
		t.Errorf("the list for CSV has %d rows, want 2", len(doc.Sections[0].Rows))
	}
	q := assets.AssetQuery{Search: "dell", Status: assets.StatusInRepair, Sort: assets.SortPurchase, Desc: true}
	if got := DescribeQuery(q); got != `matching "dell", status In repair; sorted by purchase date, descending` {
		t.Errorf("DescribeQuery: %s", got)
	}
}

// A one-month window reads "1 month" in the OS rows too, as in the
// end-of-life rows.
func TestExposureOneMonthWindow(t *testing.T) {
	d := assets.MustDate
	b := NewExposure(ExposureInput{
		AsOf: d("2026-06-01"), Months: 1,
		Categories: []assets.Category{{Name: "laptop", Label: "Laptop", RefreshYears: 4}},
		OS:         map[int64]OSState{1: {Release: "Ubuntu 24.04", Date: d("2026-06-20")}},
	})
	a := assets.Asset{ID: 1, Tag: "A1", Name: "Laptop", Category: "laptop", Status: assets.StatusDeployed, PurchaseDate: d("2022-06-15")}
	b.Add(&a)
	e := b.Build()
	if len(e.OS) != 1 || e.OS[0].State != "Support ends within 1 month" {
		t.Fatalf("OS rows %+v", e.OS)
	}
	if len(e.EOL) != 1 || e.EOL[0].State != "Within 1 month" {
		t.Fatalf("EOL rows %+v", e.EOL)
	}
}
