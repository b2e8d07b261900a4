package transfer_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite"
	"steward/assets/transfer"
)

func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Create(context.Background(), filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	t.Cleanup(func() { s.Close() })
	return s
}

const goodAssets = `tag,name,category,manufacturer,model,serial,status,location,assigned_to,purchase_date,cost,currency,supplier,os,notes
LT-1,Anna's laptop,Laptop,Dell,Latitude 5440,SN1,deployed,Berlin,anna@example.com,2023-05-01,1299.00,EUR,Acme,Windows 11 Pro 23H2,"=HYPERLINK(""x"")"
,Spare printer,printer,Brother,HL-L8360CDW,,in stock,Paris,,2021-02-28,450,EUR,,,
`

func TestImportAssetsDryRunThenRealThenUpdate(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	p := assets.Person{Name: "Anna", Email: "anna@example.com"}
	if err := s.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	res, err := transfer.Import(ctx, s, "assets", "a.csv", strings.NewReader(goodAssets), transfer.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 2 || res.Created != 2 || !res.DryRun {
		t.Errorf("dry run result %+v", res)
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 0 {
		t.Fatalf("dry run wrote %d assets", n)
	}
	res, err = transfer.Import(ctx, s, "assets", "a.csv", strings.NewReader(goodAssets), transfer.Options{})
	if err != nil || res.Created != 2 {
		t.Fatalf("import: %+v %v", res, err)
	}
	a, err := s.AssetByTag(ctx, "lt-1")
	if err != nil {
		t.Fatal(err)
	}
	if a.AssignedTo != p.ID || a.Cost.Minor != 129900 || a.Status != assets.StatusDeployed || a.Category != "laptop" {
		t.Errorf("imported asset %+v", a)
	}
	// The same file again changes nothing; an edited row updates one asset.
	res, err = transfer.Import(ctx, s, "assets", "a.csv", strings.NewReader(goodAssets), transfer.Options{})
	if err != nil || res.Unchanged != 1 || res.Created != 1 {
		t.Errorf("re-import: %+v %v", res, err)
	}
	edited := strings.Replace(goodAssets, "Berlin", "Munich", 1)
	res, err = transfer.Import(ctx, s, "assets", "a.csv", strings.NewReader(edited), transfer.Options{})
	if err != nil || res.Updated != 1 {
		t.Errorf("edit import: %+v %v", res, err)
	}
	h, _ := s.History(ctx, "asset", a.ID)
	if len(h) == 0 || h[0].Action != "import" || h[0].Text() != "location: Berlin -> Munich" {
		t.Errorf("history after import: %+v", h)
	}
}

func TestImportRejectsWholeFileOnAnyBadRow(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	bad := `name,category,status,purchase_date,cost,currency,assigned_to,tag
Good one,laptop,deployed,2024-01-01,10,EUR,,A
Bad date,laptop,deployed,2024-02-30,10,EUR,,B
Bad status,laptop,borrowed,,10,EUR,,C
Nobody,laptop,,,,,ghost@example.com,D
Dup tag,laptop,,,,,,A
,laptop,,,,,,E
`
	_, err := transfer.Import(ctx, s, "assets", "bad.csv", strings.NewReader(bad), transfer.Options{})
	if err == nil {
		t.Fatal("bad file imported")
	}
	for _, want := range []string{
		"bad.csv line 3, column 4 (purchase_date)",
		"bad.csv line 4, column 3 (status)",
		"bad.csv line 5, column 7 (assigned_to): nobody with e-mail",
		"bad.csv line 6, column 8 (tag): tag A is also on line 2",
		"bad.csv line 7, column 1 (name)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 0 {
		t.Errorf("%d assets written from a bad file", n)
	}
}

func TestExportRoundTrip(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	p := assets.Person{Name: "Anna", Email: "anna@example.com"}
	s.CreatePerson(ctx, &p)
	if _, err := transfer.Import(ctx, s, "assets", "a.csv", strings.NewReader(goodAssets), transfer.Options{}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := transfer.Export(ctx, s, "assets", "csv", &out, transfer.Options{}); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.HasPrefix(text, "\ufefftag,name,category") {
		t.Errorf("no BOM/header: %.40q", text)
	}
	if !strings.Contains(text, `"'=HYPERLINK(""x"")"`) {
		t.Errorf("formula not neutralised:\n%s", text)
	}
	// Import the export into a fresh register: the same assets come back.
	s2 := openStore(t)
	s2.CreatePerson(ctx, &assets.Person{Name: "Anna", Email: "anna@example.com"})
	res, err := transfer.Import(ctx, s2, "assets", "export.csv", strings.NewReader(text), transfer.Options{})
	if err != nil || res.Created != 2 {
		t.Fatalf("re-import of export: %+v %v", res, err)
	}
	a1, _ := s.AssetByTag(ctx, "ST-000001")
	a2, _ := s2.AssetByTag(ctx, "ST-000001")
	a1.ID, a2.ID = 0, 0
	a1.AssignedTo, a2.AssignedTo = 0, 0
	a1.Created, a1.Updated = a2.Created, a2.Updated
	if a1 != a2 {
		t.Errorf("round trip differs:\n%+v\n%+v", a1, a2)
	}
	var js bytes.Buffer
	if err := transfer.Export(ctx, s, "assets", "json", &js, transfer.Options{}); err != nil || !strings.Contains(js.String(), `"tag":"LT-1"`) {
		t.Errorf("json export: %v\n%s", err, js.String())
	}
}

func FuzzImportAssets(f *testing.F) {
	f.Add([]byte(goodAssets))
	f.Add([]byte("name,category\nx,laptop\n"))
	f.Add([]byte("name,category,cost,currency\nx,laptop,1e9,EUR\n"))
	f.Add([]byte("name,category,notes\nBad\x1fName,laptop,\"two\r\nlines\"\n"))
	f.Add([]byte("name,category,model\nx,laptop,\"a\x1b]0;pwned\x07\"\n"))
	f.Add([]byte("name,category,cost,currency\nx,laptop,1000000000000.01,EUR\n"))
	s := openStore(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := transfer.Import(context.Background(), s, "assets", "fuzz.csv", bytes.NewReader(data), transfer.Options{DryRun: true})
		if err != nil && err.Error() == "" {
			t.Fatal("empty error")
		}
		if err == nil {
			checkAcceptedIsPlainText(t, data, "notes")
		}
		if n, _ := s.CountAssets(context.Background(), assets.AssetQuery{}); n != 0 {
			t.Fatalf("dry run wrote %d assets", n)
		}
	})
}
