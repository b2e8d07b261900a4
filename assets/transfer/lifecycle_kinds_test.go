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

// openLifecycleStore is a fresh store whose clock ticks a second per call.
func openLifecycleStore(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Create(context.Background(), filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	t.Cleanup(func() { s.Close() })
	return s
}

func mustImport(t *testing.T, s *sqlite.Store, kind, csv string, dry bool) transfer.Result {
	t.Helper()
	res, err := transfer.Import(context.Background(), s, kind, kind+".csv", strings.NewReader(csv), transfer.Options{DryRun: dry})
	if err != nil {
		t.Fatalf("import %s: %v", kind, err)
	}
	return res
}

func export(t *testing.T, s *sqlite.Store, kind string, secrets bool) string {
	t.Helper()
	var b bytes.Buffer
	if err := transfer.Export(context.Background(), s, kind, "csv", &b, transfer.Options{WithSecrets: secrets}); err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(b.String(), "\uFEFF")
}

const assetsCSV = `TAG,Name,Category,Manufacturer,purchase_date,warranty_end
LT-1,Laptop one,laptop,Dell,2024-01-10,2027-01-10
LT-2,Laptop two,laptop,HP,2023-05-01,
PR-1,Printer,printer,HP,2022-01-01,2025-01-01
`

func seedFixture(t *testing.T, s *sqlite.Store) {
	t.Helper()
	p := assets.Person{Name: "Anna Berg", Email: "anna@example.org"}
	if err := s.CreatePerson(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	mustImport(t, s, "assets", assetsCSV, false)
}

func TestLifecycleRoundTrips(t *testing.T) {
	s := openLifecycleStore(t)
	seedFixture(t, s)
	exported := export(t, s, "assets", false)
	if !strings.Contains(exported, "LT-1,Laptop one,laptop,Dell,,,in_stock,,,2024-01-10,,,,2027-01-10") {
		t.Fatalf("warranty_end not exported:\n%s", exported)
	}
	if res := mustImport(t, s, "assets", exported, false); res.Unchanged != 3 || res.Created != 0 || res.Updated != 0 {
		t.Fatalf("assets re-import: %+v", res)
	}
	cases := []struct{ kind, csv string }{
		{"licences", `Product,Vendor,Edition,Key,Type,Seats,Cost,Currency,Purchase_Date,Expiry_Date,Assigned_To,Covers
Office,Microsoft,Business,AAAA-BBBB-CCCC,per seat,2,240.00,EUR,2025-01-01,2026-12-31,anna@example.org;LT-1;LT-2,Microsoft Office*|Microsoft*
Acrobat,Adobe,Pro,,subscription,5,,,,,,Adobe Acrobat*
`},
		{"contracts", `provider,reference,level,start,end,cost,currency,assets
Dell,PS-123,next business day,2024-01-10,2026-04-30,300.00,EUR,LT-1;LT-2
HP,,on site,2024-01-01,2026-12-31,,,PR-1
`},
		{"tasks", `asset,kind,due,every_months,cost,currency,status,note
LT-1,maintenance,2026-01-31,1,,,planned,clean fans
LT-1;LT-2,os upgrade,2026-06-30,,150.00,EUR,in progress,Windows 11
PR-1,firmware,2025-12-01,,,,done,applied
`},
	}
	for _, tc := range cases {
		t.Run(tc.kind, func(t *testing.T) {
			before := export(t, s, tc.kind, true)
			if res := mustImport(t, s, tc.kind, tc.csv, true); res.Created != 2+boolInt(tc.kind == "tasks") {
				t.Fatalf("dry run: %+v", res)
			}
			if out := export(t, s, tc.kind, true); out != before {
				t.Fatalf("dry run wrote:\n%s", out)
			}
			mustImport(t, s, tc.kind, tc.csv, false)
			first := export(t, s, tc.kind, true)
			res := mustImport(t, s, tc.kind, first, false)
			if res.Created != 0 || res.Updated != 0 {
				t.Fatalf("re-import of the export changed things: %+v\n%s", res, first)
			}
			if second := export(t, s, tc.kind, true); second != first {
				t.Fatalf("second export differs:\n%s\n---\n%s", first, second)
			}
		})
	}
	lic := export(t, s, "licences", false)
	if strings.Contains(lic, "AAAA-BBBB") {
		t.Fatal("key exported without --with-secrets")
	}
	if !strings.Contains(lic, "anna@example.org;LT-1;LT-2") {
		t.Fatalf("seats missing:\n%s", lic)
	}
	// An export without keys re-imports without wiping the stored key.
	mustImport(t, s, "licences", lic, false)
	if !strings.Contains(export(t, s, "licences", true), "AAAA-BBBB-CCCC") {
		t.Fatal("re-import of a keyless export cleared the key")
	}
	rows, err := s.ListLicences(context.Background(), assets.LicenceQuery{AsOf: assets.MustDate("2026-03-01")})
	if err != nil || rows[1].Compliance.Shortfall != 1 {
		t.Fatalf("over-assigned licence: %+v %v", rows, err)
	}
	contracts := export(t, s, "contracts", false)
	if !strings.Contains(contracts, "Dell,,warranty,2024-01-10,2027-01-10,,,LT-1") {
		t.Fatalf("warranty from the asset import missing:\n%s", contracts)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestLifecycleBadRows(t *testing.T) {
	cases := []struct {
		kind, csv string
		want      []string
	}{
		{"licences", "product,type,seats,purchase_date,assigned_to\nOffice,per seat,two,2025-13-01,nobody@example.org\n,site,,,XX-9\n",
			[]string{"line 2, column 3 (seats)", "line 2, column 4 (purchase_date)", "line 2, column 5 (assigned_to): nobody with e-mail", "line 3, column 1 (product)", "line 3, column 5 (assigned_to)"}},
		{"contracts", "provider,end,assets,cost,currency\nDell,2026-02-30,LT-1,,\n,2026-01-01,NOPE,12,EURO\nHP,2020-01-01,,,\n",
			[]string{"line 2, column 2 (end)", "line 3, column 1 (provider)", "line 3, column 3 (assets): no asset has the tag \"NOPE\"", "line 3, column 5 (currency)"}},
		{"tasks", "asset,kind,due,every_months,status\nLT-1,repaint,2026-01-01,,\nLT-1,firmware,,x,planned\nLT-1,firmware,2026-01-01,,finished\n",
			[]string{"line 2, column 2 (kind)", "line 3, column 3 (due)", "line 3, column 4 (every_months)", "line 4, column 5 (status)"}},
		{"licences", "product,colour\nX,red\n", []string{"line 1, column 2 (colour): unknown column"}},
	}
	for _, tc := range cases {
		t.Run(tc.kind, func(t *testing.T) {
			s := openLifecycleStore(t)
			seedFixture(t, s)
			before := export(t, s, tc.kind, true)
			_, err := transfer.Import(context.Background(), s, tc.kind, "bad.csv", strings.NewReader(tc.csv), transfer.Options{})
			if err == nil {
				t.Fatal("bad file accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if after := export(t, s, tc.kind, true); after != before {
				t.Fatalf("a failed import wrote:\n%s", after)
			}
		})
	}
}

// Fields the files have no column for survive a re-import of an export.
func TestReimportKeepsFieldsWithoutColumns(t *testing.T) {
	s := openLifecycleStore(t)
	ctx := context.Background()
	a := assets.Asset{Tag: "NET-1", Name: "Switch", Category: "network", HostName: "sw-1", MAC: "3c:22:fb:12:34:56"}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	l := assets.Licence{Product: "Office", Type: assets.LicenceSubscription, Seats: 2, Renewal: assets.MustDate("2026-09-01"),
		Supplier: "Bechtle", ContractRef: "EA-1", Notes: "via reseller"}
	if err := s.CreateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	c := assets.Contract{Kind: assets.ContractWarranty, Provider: "HP", Reference: "CP-9", End: assets.MustDate("2027-01-01"), Notes: "on site", AssetIDs: []int64{a.ID}}
	if err := s.CreateContract(ctx, &c); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"assets", "licences", "contracts"} {
		if res := mustImport(t, s, kind, export(t, s, kind, true), false); res.Updated != 0 || res.Unchanged == 0 {
			t.Fatalf("%s re-import: %+v", kind, res)
		}
	}
	got, _ := s.AssetByTag(ctx, "NET-1")
	gl, _ := s.Licence(ctx, l.ID)
	gc, _ := s.Contract(ctx, c.ID)
	if got.HostName != "sw-1" || got.MAC != "3c:22:fb:12:34:56" || gl.Renewal != l.Renewal || gl.Supplier != "Bechtle" ||
		gl.ContractRef != "EA-1" || gl.Notes != "via reseller" || gc.Notes != "on site" || gc.Kind != assets.ContractWarranty {
		t.Fatalf("lost: %+v\n%+v\n%+v", got, gl, gc)
	}
}
