package transfer_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"steward/assets"
	"steward/assets/transfer"
)

// TestImportRefusesControlCharactersWithLineAndColumn: a control character
// in any text cell of any kind's CSV is refused by the domain's text rule
// and the error names the file, the line and the column; nothing is
// written. A tab passes.
func TestImportRefusesControlCharactersWithLineAndColumn(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if err := s.CreatePerson(ctx, &assets.Person{Name: "Anna", Email: "anna@example.com"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveCourse(ctx, &assets.Course{Name: "Security"}); err != nil {
		t.Fatal(err)
	}
	kinds := []struct {
		kind   string
		header string
		row    []string
		text   []string // the text columns, each tried with a control character
	}{
		{"assets", "name,category,manufacturer,model,serial,location,supplier,os,notes",
			[]string{"Laptop", "laptop", "Dell", "5440", "SN1", "Berlin", "Acme", "Windows 11", "a note"},
			[]string{"name", "manufacturer", "model", "serial", "location", "supplier", "os", "notes"}},
		{"people", "name,email,department,title,location",
			[]string{"Ben", "ben@example.com", "Sales", "Rep", "Paris"},
			[]string{"name", "department", "title", "location"}},
		{"licences", "product,vendor,edition,key,seats,covers",
			[]string{"Office", "Microsoft", "Pro", "KEY-1", "5", "Office*"},
			[]string{"product", "vendor", "edition", "key", "covers"}},
		{"contracts", "provider,reference,level,end",
			[]string{"Dell", "PS-1", "next business day", "2027-01-01"},
			[]string{"provider", "reference", "level"}},
		{"tasks", "kind,due,note",
			[]string{"upgrade", "2027-01-01", "a note"},
			[]string{"note"}},
		{"courses", "name,provider,mandatory",
			[]string{"Privacy", "Acme", "department:Sales"},
			[]string{"name", "provider", "mandatory"}},
		{"training", "email,course,completed_on,certificate,note",
			[]string{"anna@example.com", "Security", "2025-12-01", "C-1", "a note"},
			[]string{"certificate", "note"}},
	}
	for _, k := range kinds {
		header := strings.Split(k.header, ",")
		for _, col := range k.text {
			i := slices.Index(header, col)
			for _, b := range []byte{0x00, 0x07, 0x1b, 0x1e, 0x1f, 0x7f} {
				row := slices.Clone(k.row)
				row[i] = "ab" + string([]byte{b}) + "cd"
				if col == "mandatory" {
					row[i] = "department:" + row[i]
				}
				file := k.header + "\n" + strings.Join(row, ",") + "\n"
				_, err := transfer.Import(ctx, s, k.kind, "in.csv", strings.NewReader(file), transfer.Options{})
				want := fmt.Sprintf("in.csv line 2, column %d (%s): has an invisible control character (U+%04X)", i+1, col, b)
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("%s %s with 0x%02x: got %v\nwant %q", k.kind, col, b, err, want)
				}
			}
		}
		// The clean row, with a tab in the first text column, imports.
		row := slices.Clone(k.row)
		row[slices.Index(header, k.text[0])] += "\tx"
		if _, err := transfer.Import(ctx, s, k.kind, "in.csv", strings.NewReader(k.header+"\n"+strings.Join(row, ",")+"\n"), transfer.Options{DryRun: true}); err != nil {
			t.Errorf("%s with a tab: %v", k.kind, err)
		}
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 0 {
		t.Errorf("%d assets written by refused imports", n)
	}
}

// checkAcceptedIsPlainText fails t when a file the import accepted holds a
// control character in any cell: the text rule (and each column's own
// parsing) must have refused it. Tabs pass; line breaks pass in the
// columns of several lines.
func checkAcceptedIsPlainText(t *testing.T, data []byte, lines ...string) {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil || len(recs) == 0 {
		return
	}
	header := recs[0]
	for n, rec := range recs[1:] {
		for i, cell := range rec {
			multi := i < len(header) && slices.Contains(lines, strings.ToLower(strings.TrimSpace(header[i])))
			for _, r := range strings.TrimSpace(cell) {
				if unicode.IsControl(r) && r != '\t' && !(r == '\n' && multi) {
					t.Fatalf("record %d, cell %d %q holds U+%04X and was accepted", n+2, i+1, cell, r)
				}
			}
		}
	}
}

// TestImportRefusesAmountsOverTheBound: a cost above assets.MaxAmount is
// refused in every kind with a cost, naming line and column; the bound
// itself imports.
func TestImportRefusesAmountsOverTheBound(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	for _, k := range []struct{ kind, header, row string }{
		{"assets", "name,category,cost,currency", "Gold,laptop,%s,EUR"},
		{"licences", "product,seats,cost,currency", "Gold,1,%s,EUR"},
		{"contracts", "provider,end,cost,currency", "Gold,2027-01-01,%s,EUR"},
		{"tasks", "kind,due,cost,currency", "upgrade,2027-01-01,%s,EUR"},
	} {
		file := k.header + "\n" + fmt.Sprintf(k.row, "999999999999999.99") + "\n"
		_, err := transfer.Import(ctx, s, k.kind, "in.csv", strings.NewReader(file), transfer.Options{})
		want := fmt.Sprintf("in.csv line 2, column %d (cost): \"999999999999999.99\" is too large: an amount is at most 1,000,000,000,000", slices.Index(strings.Split(k.header, ","), "cost")+1)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v\nwant %q", k.kind, err, want)
		}
		file = k.header + "\n" + fmt.Sprintf(k.row, "1000000000000.00") + "\n"
		if _, err := transfer.Import(ctx, s, k.kind, "in.csv", strings.NewReader(file), transfer.Options{DryRun: true}); err != nil {
			t.Errorf("%s at the bound: %v", k.kind, err)
		}
	}
}

// TestImportRefusesManagerCycles: managers that go round in a circle are
// refused on the manager cell, naming the circle, whether the circle lies
// within the file or runs through the register; nothing is written.
func TestImportRefusesManagerCycles(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	// The register: Cat is managed by Ann.
	if _, err := transfer.Import(ctx, s, "people", "p.csv", strings.NewReader("name,email,manager\nAnn,ann@x.org,\nCat,cat@x.org,ann@x.org\n"), transfer.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, want string }{
		{"name,email,manager\nBob,bob@x.org,dan@x.org\nDan,dan@x.org,bob@x.org\n",
			"in.csv line 2, column 3 (manager): managers cannot go round in a circle: Bob <bob@x.org> would report to Dan <dan@x.org>, who reports to Bob <bob@x.org>"},
		{"name,email,manager\nAnn,ann@x.org,cat@x.org\n",
			"in.csv line 2, column 3 (manager): managers cannot go round in a circle: Ann <ann@x.org> would report to Cat <cat@x.org>, who reports to Ann <ann@x.org>"},
	} {
		_, err := transfer.Import(ctx, s, "people", "in.csv", strings.NewReader(c.file), transfer.Options{})
		if err == nil || err.Error() != c.want {
			t.Errorf("got %v\nwant %s", err, c.want)
		}
	}
	if p, err := s.PersonByEmail(ctx, "ann@x.org"); err != nil || p.ManagerID != 0 {
		t.Errorf("Ann after refused imports: %+v %v", p, err)
	}
	// A chain that ends imports.
	if _, err := transfer.Import(ctx, s, "people", "in.csv", strings.NewReader("name,email,manager\nBob,bob@x.org,cat@x.org\n"), transfer.Options{}); err != nil {
		t.Errorf("a chain: %v", err)
	}
}
