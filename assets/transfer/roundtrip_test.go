package transfer_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"steward/assets/sqlite"
	"steward/assets/transfer"
)

// formulaFiles are files of every kind whose text cells start with what a
// spreadsheet takes for a formula (= + - @), a tab, or an apostrophe of the
// user's own: the export guards them and Steward's import takes the guard
// off, so export -> import gives back exactly what was stored. (A cell of
// these files that is itself in the guarded form, such as '=guarded or
// ”Two, is read as Steward's own export: =guarded, 'Two.)
var formulaFiles = []struct{ kind, body string }{
	{"people", "name,email,department,title,location\n" +
		"=Eve,eve@example.org,+Dept,-Head,@Home\n" +
		"'Quoted,q@example.org,''Two,'-5,Plain\n"},
	{"assets", "tag,name,category,manufacturer,model,location,assigned_to,supplier,os,notes\n" +
		"F-1,=1+1,laptop,+Plus,-minus,@site,eve@example.org,'own,''two,\"'\tTab first\"\n" +
		"F-2,'80s,laptop,-,@,\"=HYPERLINK(\"\"x\"\")\",,+,-12.5,\"'=guarded\"\n"},
	{"courses", "name,provider,renewal_months\n=Course,'Prov,12\n+Plus course,-Acad,0\n"},
	{"training", "email,course,completed_on,certificate,note\neve@example.org,=Course,2025-01-02,=CERT,@note\n" +
		"q@example.org,+Plus course,2025-01-03,'c,-n\n"},
	{"licences", "product,vendor,edition,key,type,seats,assigned_to\n=Prod,+Vendor,-Ed,'key-1,subscription,5,eve@example.org\n" +
		"@Suite,'V,=E,=KEY,subscription,2,F-2\n"},
	{"contracts", "provider,reference,level,start,end,assets\n=Prov,@ref,-gold,2025-01-01,2026-01-01,F-1\n'Own,+1,'-x,2025-02-01,2027-01-01,F-2\n"},
	{"tasks", "asset,kind,due,note\nF-1,maintenance,2026-05-01,=note\nF-2,maintenance,2026-06-01,'own note\n"},
}

func TestExportImportIsLossless(t *testing.T) {
	ctx := context.Background()
	first := openStore(t)
	for _, f := range formulaFiles {
		mustImport(t, first, f.kind, f.body, false)
	}
	if a, err := first.AssetByTag(ctx, "F-1"); err != nil || a.Name != "=1+1" || a.Supplier != "'own" || a.Notes != "\tTab first" {
		t.Fatalf("stored %+v %v", a, err)
	}
	// Every kind exported as CSV (keys included) is imported into a new
	// register, in the order the kinds depend on each other.
	second := openStore(t)
	for _, f := range formulaFiles {
		var csv bytes.Buffer
		if err := transfer.Export(ctx, first, f.kind, "csv", &csv, transfer.Options{WithSecrets: true}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(csv.String(), ",=") || strings.Contains(csv.String(), ",@") {
			t.Errorf("%s: a formula left unguarded:\n%s", f.kind, csv.String())
		}
		if _, err := transfer.Import(ctx, second, f.kind, f.kind+".csv", &csv, transfer.Options{}); err != nil {
			t.Fatalf("re-import of %s: %v", f.kind, err)
		}
	}
	// JSON carries the stored values as they are: both registers agree.
	for _, f := range formulaFiles {
		want, got := exportJSON(t, first, f.kind), exportJSON(t, second, f.kind)
		if got != want {
			t.Errorf("%s changed on the way:\nbefore %s\nafter  %s", f.kind, want, got)
		}
	}
	a, err := second.AssetByTag(ctx, "F-2")
	if err != nil || a.Name != "'80s" || a.Manufacturer != "-" || a.Notes != "=guarded" || a.OS != "-12.5" {
		t.Errorf("after the round trip %+v %v", a, err)
	}
	p, err := second.PersonByEmail(ctx, "q@example.org")
	if err != nil || p.Name != "'Quoted" || p.Department != "'Two" || p.Title != "'-5" {
		t.Errorf("person after the round trip %+v %v", p, err)
	}
}

func exportJSON(t *testing.T, s *sqlite.Store, kind string) string {
	t.Helper()
	var b bytes.Buffer
	if err := transfer.Export(context.Background(), s, kind, "json", &b, transfer.Options{WithSecrets: true}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
