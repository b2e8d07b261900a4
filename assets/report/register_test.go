package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"steward/assets"
)

var intlNames = []string{"Zoë Åberg", "Łukasz Wiśniewski", "Σωκράτης Παπαδόπουλος", "Дмитрий Иванов", "François Lefèvre"}

// registerFixture: n assets over three locations, every fifth one assigned
// to a person with a non-ASCII name, one with a formula-looking name.
func registerFixture(n int) []assets.Asset {
	locs := []string{"Göteborg", "London", "Αθήνα"}
	cats := []string{"laptop", "monitor", "phone"}
	list := make([]assets.Asset, 0, n)
	for i := 0; i < n; i++ {
		a := assets.Asset{
			ID: int64(i + 1), Tag: assets.FormatTag(int64(i + 1)), Name: fmt.Sprintf("Device %d", i+1),
			Category: cats[i%3], Location: locs[(i/3)%3], Status: assets.StatusDeployed,
			PurchaseDate: assets.MustDate("2024-01-01").AddDays(i), Cost: assets.Money{Minor: int64(10000 + i*100), Currency: "EUR"},
		}
		if i%5 == 0 {
			a.AssignedTo = int64(i%len(intlNames) + 1)
			a.AssignedName = intlNames[(i/5)%len(intlNames)]
		}
		list = append(list, a)
	}
	list[1].Name = "=HYPERLINK(\"http://x\",\"click\")"
	return list
}

func buildRegister(list []assets.Asset, group GroupBy) *Document {
	b := NewRegister(RegisterInput{Org: "Zoë Åberg Consulting", AsOf: assets.MustDate("2026-11-22"), GroupBy: group,
		Query:      assets.AssetQuery{Status: assets.StatusDeployed},
		Categories: []assets.Category{{Name: "laptop", Label: "Laptop"}, {Name: "monitor", Label: "Monitor"}, {Name: "phone", Label: "Phone"}}})
	for i := range list {
		b.Add(&list[i])
	}
	return b.Document()
}

func TestRegisterModelGroupsAndTotals(t *testing.T) {
	list := registerFixture(9)
	doc := buildRegister(list, GroupLocation)
	if len(doc.Sections) != 3 {
		t.Fatalf("%d sections, want 3 locations", len(doc.Sections))
	}
	// Göteborg holds assets 0,1,2: 100.00 + 101.00 + 102.00 = 303.00.
	g := doc.Sections[0]
	if g.Title != "Göteborg" || len(g.Rows) != 3 || g.Total[6].Text != "303.00" || g.Total[0].Text != "3 assets" {
		t.Errorf("Göteborg section: title %q, %d rows, total %v", g.Title, len(g.Rows), g.Total)
	}
	// All nine: 9*100 + (0+1+...+8) = 936.00
	if doc.Summary[1].Value != "EUR 936.00" {
		t.Errorf("grand total %q, want EUR 936.00", doc.Summary[1].Value)
	}
	if !strings.Contains(doc.Subtitle, "status Deployed") || !strings.Contains(doc.Subtitle, "grouped by location") {
		t.Errorf("subtitle %q does not describe the filter", doc.Subtitle)
	}
	byCat := buildRegister(list, GroupCategory)
	if byCat.Sections[0].Title != "Laptop" || byCat.Sections[0].Columns[2].Title != "Location" {
		t.Errorf("grouped by category: first %q, third column %q", byCat.Sections[0].Title, byCat.Sections[0].Columns[2].Title)
	}
}

func TestRegisterPDFBreaksPagesWithHeaders(t *testing.T) {
	list := registerFixture(400)
	doc := buildRegister(list, GroupLocation)
	for _, paper := range []Paper{A4, Letter} {
		path := writePDF(t, doc, paper)
		n := checkEveryPage(t, path, "Zoë Åberg Consulting", "2026-11-22")
		if n < 8 {
			t.Fatalf("%s: 400 rows on %d pages; expected at least 8", paper, n)
		}
		pages := strings.Split(pdfText(t, path, "-layout"), "\f")
		for i := 1; i < n; i++ {
			p := squeeze(pages[i])
			// Every page that continues a table repeats its title and header.
			if strings.Contains(p, "ST-") && !(strings.Contains(p, "(continued)") || strings.Contains(p, "Tag Name Category")) {
				t.Errorf("%s page %d has rows but no repeated header:\n%s", paper, i+1, p)
			}
			if strings.Contains(p, "(continued)") && !strings.Contains(p, "Tag Name Category Status Assigned to Purchased Cost (EUR)") {
				t.Errorf("%s page %d continues a table without its header row", paper, i+1)
			}
		}
		text := pdfText(t, path)
		for _, name := range intlNames {
			if !strings.Contains(text, name) {
				t.Errorf("%s: %q not printed", paper, name)
			}
		}
		for _, want := range []string{"Asset register", "Göteborg", "Αθήνα", "ST-000400", "135 assets", "Filter: status Deployed; grouped by location"} {
			if !strings.Contains(squeeze(text), want) {
				t.Errorf("%s: PDF lacks %q", paper, want)
			}
		}
	}
}

func TestRegisterCSV(t *testing.T) {
	doc := buildRegister(registerFixture(9), GroupLocation)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, doc); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	if !bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no UTF-8 byte order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], "|"); got != "Group|Tag|Name|Category|Status|Assigned to|Purchased|Cost (EUR)" {
		t.Errorf("header %s", got)
	}
	if len(recs) != 10 {
		t.Errorf("%d records, want header + 9 rows (one table)", len(recs))
	}
	if recs[2][2] != `'=HYPERLINK("http://x","click")` {
		t.Errorf("formula not neutralised: %q", recs[2][2])
	}
	if recs[1][0] != "Göteborg" || recs[1][7] != "100.00" || recs[1][5] != "Zoë Åberg" {
		t.Errorf("first row %v", recs[1])
	}
}

func TestRegisterXLSX(t *testing.T) {
	doc := buildRegister(registerFixture(9), GroupLocation)
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, doc); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := strings.Join(x.GetSheetList(), "|"); got != "Summary|Asset register" {
		t.Fatalf("sheets %s", got)
	}
	if v, _ := x.GetCellValue("Summary", "B2"); v != "Zoë Åberg Consulting" {
		t.Errorf("organisation %q", v)
	}
	if v, _ := x.GetCellValue("Summary", "B3"); v != "2026-11-22" {
		t.Errorf("as of %q", v)
	}
	if v, _ := x.GetCellValue("Asset register", "C3"); v != `=HYPERLINK("http://x","click")` {
		t.Errorf("name cell %q (stored as text, not a formula)", v)
	}
	if f, _ := x.GetCellFormula("Asset register", "C3"); f != "" {
		t.Errorf("name became a formula: %q", f)
	}
	typ, _ := x.GetCellType("Asset register", "H2")
	raw, _ := x.GetCellValue("Asset register", "H2", excelize.Options{RawCellValue: true})
	shown, _ := x.GetCellValue("Asset register", "H4")
	if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || raw != "100" || shown != "102.00" {
		t.Errorf("cost cell: type %v raw %q shown %q; want a number 100 shown with two decimals", typ, raw, shown)
	}
	st, _ := x.GetCellStyle("Asset register", "A1")
	style, _ := x.GetStyle(st)
	if style == nil || style.Font == nil || !style.Font.Bold {
		t.Errorf("header not bold")
	}
	panes, err := x.GetPanes("Asset register")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v %v", panes, err)
	}
}

// TestTotalsNeverWrap: costs whose sum goes beyond int64 minor units make
// the register's and the licence report's totals say so in words, never a
// wrapped (negative) amount; every row is still listed.
func TestTotalsNeverWrap(t *testing.T) {
	const n = 100_000 // at the bound each: 10^19 cents in all, past int64
	list := make([]assets.Asset, n)
	uses := make([]LicenceUse, n)
	for i := range list {
		list[i] = assets.Asset{ID: int64(i + 1), Tag: assets.FormatTag(int64(i + 1)), Name: "Gold", Category: "laptop",
			Status: assets.StatusDeployed, Cost: assets.Money{Minor: assets.MaxAmount * 100, Currency: "EUR"}}
		uses[i] = LicenceUse{Name: "Gold", Seats: 1, Cost: assets.Money{Minor: assets.MaxAmount * 100, Currency: "EUR"}}
	}
	doc := buildRegister(list, GroupNone)
	if got := doc.Sections[0].Total[6].Text; got != tooLargeText {
		t.Errorf("register section total %q", got)
	}
	if doc.Summary[1].Value != tooLargeText {
		t.Errorf("register summary %v", doc.Summary)
	}
	if len(doc.Sections[0].Rows) != n || !strings.Contains(strings.Join(doc.Notes, " "), "too large to add up") {
		t.Errorf("%d rows, notes %q", len(doc.Sections[0].Rows), doc.Notes)
	}
	lic := Licences(LicenceInput{Org: "Org", AsOf: assets.MustDate("2026-06-01"), Currency: "EUR", Licences: uses})
	if got := lic.Sections[0].Total[7].Text; got != tooLargeText {
		t.Errorf("licence total %q", got)
	}
	// Other currencies' sums are checked too.
	for i := range list {
		list[i].Cost.Currency = "USD"
	}
	b := NewRegister(RegisterInput{AsOf: assets.MustDate("2026-11-22"), Currency: "EUR"})
	for i := range list {
		b.Add(&list[i])
	}
	doc = b.Document()
	if notes := strings.Join(doc.Notes, " "); !strings.Contains(notes, "Costs in USD are shown as they are and not added to the totals: too large to add up in all.") {
		t.Errorf("other currency notes %q", doc.Notes)
	}
}
