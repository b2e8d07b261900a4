package sqlite_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"steward/assets"
)

// TestEOLFamilyMatchesTheRulePerAsset: the EOL alert family (which reads
// the register a few thousand assets per row and words reasons its own
// way) gives, for a varied register, exactly the alerts the rules give
// asset by asset: EOLAlert(EvaluateEOLBrief(...)) and, for the OS or
// firmware, OSSupportAlert(EvaluateOSSupport(...)) on every asset in use,
// read back with a plain query. The ids have gaps and span several read
// ranges; some names hold the record separator 0x1e (that range is read
// again row by row), some fields are empty, some assets are retired.
func TestEOLFamilyMatchesTheRulePerAsset(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	asOf := assets.MustDate("2026-03-01")
	cat := fakeCatalog{
		"Windows 10 Pro 22H2":  {Release: "Windows 10 22H2", EOL: assets.MustDate("2025-10-14"), Source: "test", Next: "Windows 11 24H2", Extended: assets.MustDate("2028-10-10")},
		"Debian 11":            {Release: "Debian 11", EOL: assets.MustDate("2026-04-15"), Source: "test", Next: "Debian 12"},
		"Ubuntu 22.04.4 LTS":   {Release: "Ubuntu 22.04", EOL: assets.MustDate("2027-04-01"), Source: "test"},
		"FreeBSD 15":           {Release: "FreeBSD 15", Why: "no date announced"},
		"Apple/iPhone 11":      {Release: "iPhone 11", EOL: assets.MustDate("2026-04-15"), Source: "test"},
		"Dell/OptiPlex 7010":   {Release: "OptiPlex 7010", EOL: asOf, Source: "test"},
		"Microsoft/Surface 3":  {Release: "Surface 3", Why: "no date published"},
		"Lenovo/ThinkPad T480": {Release: "ThinkPad T480", EOL: assets.MustDate("2026-05-30"), Source: "test"},
	}
	s.SetEOLCatalog(cat)
	oses := []string{"", "Windows 10 Pro 22H2", "Debian 11", "Ubuntu 22.04.4 LTS", "FreeBSD 15", "Plan 9", " "}
	devs := [][2]string{{"", ""}, {"Apple", "iPhone 11"}, {"Dell", "OptiPlex 7010"}, {"Microsoft", "Surface 3"}, {"Lenovo", "ThinkPad T480"}, {"Acme", "Box"}}
	cats := []string{"laptop", "desktop", "phone", "server", "other", "tablet", "monitor"}
	statuses := []string{"deployed", "in_stock", "in_repair", "retired", "disposed"}
	dates := []string{"", "2025-10-14", "2026-04-15", asOf.String(), "2026-05-30", "2026-05-31", "2030-01-01", "2020-02-29"}
	rnd := rand.New(rand.NewPCG(7, 8))
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO assets(id,tag,name,category,manufacturer,model,status,purchase_date,os,eol_date,created,updated)
		VALUES (?,?,?,?,?,?,?,?,?,?,'2026-01-01T00:00:00Z','2026-01-01T00:00:00Z')`)
	if err != nil {
		t.Fatal(err)
	}
	id := int64(0)
	for i := range 3000 {
		id += 1 + rnd.Int64N(9) // gaps: about 15,000 ids, several read ranges
		dev := devs[rnd.IntN(len(devs))]
		name := fmt.Sprintf("%s machine %d", dev[0], i)
		switch rnd.IntN(50) {
		case 0:
			name = "two\x1erecords?" // not a record separator here
		case 1:
			name = ""
		}
		purchase := assets.MustDate("2026-03-01").AddDays(-rnd.IntN(8 * 365)).String()
		if rnd.IntN(4) == 0 {
			purchase = dates[rnd.IntN(len(dates))]
		}
		if _, err := ins.ExecContext(ctx, id, fmt.Sprintf("T-%05d", i), name, cats[rnd.IntN(len(cats))], dev[0], dev[1],
			statuses[rnd.IntN(len(statuses))], purchase, oses[rnd.IntN(len(oses))], dates[rnd.IntN(len(dates))]); err != nil {
			t.Fatal(err)
		}
	}
	ins.Close()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	// The rule, asset by asset, from a plain query.
	policy := map[string]int{}
	rows, err := s.DB().QueryContext(ctx, "SELECT name, refresh_years FROM categories")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		var y int
		if err := rows.Scan(&n, &y); err != nil {
			t.Fatal(err)
		}
		policy[n] = y
	}
	rows.Close()
	rows, err = s.DB().QueryContext(ctx, `SELECT id, tag, name, category, manufacturer, model, purchase_date, os, eol_date FROM assets
		WHERE status IN ('in_stock','deployed','in_repair') ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var want []assets.Alert
	osAlerts := 0
	for rows.Next() {
		var a assets.Asset
		var purchase, eolDate string
		if err := rows.Scan(&a.ID, &a.Tag, &a.Name, &a.Category, &a.Manufacturer, &a.Model, &purchase, &a.OS, &eolDate); err != nil {
			t.Fatal(err)
		}
		if purchase != "" {
			a.PurchaseDate = assets.MustDate(purchase)
		}
		if eolDate != "" {
			a.EOLDate = assets.MustDate(eolDate)
		}
		r := assets.EvaluateEOLBrief(assets.EOLInputOf(&a, policy[a.Category]), cat, asOf, assets.DefaultWarnDays)
		if al, ok := assets.EOLAlert(a.Tag+" "+a.Name, assets.Ref{Entity: "asset", ID: a.ID}, r); ok {
			want = append(want, al)
		}
		osr := assets.EvaluateOSSupport(a.OS, cat, asOf, assets.DefaultWarnDays)
		if al, ok := assets.OSSupportAlert(a.Tag+" "+a.Name, assets.Ref{Entity: "asset", ID: a.ID}, osr); ok {
			want = append(want, al)
			osAlerts++
		}
	}
	rows.Close()

	got, err := s.AlertsFrom(ctx, "eol", assets.AlertOptions{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(got, func(x, y assets.Alert) int {
		return cmp.Or(cmp.Compare(x.Ref.ID, y.Ref.ID), strings.Compare(x.Kind, y.Kind)) // eol before os_support
	})
	if n := len(want) - osAlerts; n < 500 || n > 1800 || osAlerts < 300 || osAlerts > 1200 {
		t.Fatalf("%d end-of-life and %d OS alerts of 1,800 or so assets in use: the register does not exercise the rules", n, osAlerts)
	}
	for i := range max(len(got), len(want)) {
		if i >= len(got) || i >= len(want) || got[i] != want[i] {
			t.Fatalf("alert %d differs (got %d alerts, want %d):\n got %+v\nwant %+v", i, len(got), len(want), at(got, i), at(want, i))
		}
	}
	var separators int
	for _, a := range got {
		if strings.Contains(a.Subject, "\x1e") {
			separators++
		}
	}
	if separators == 0 {
		t.Fatal("no alert for an asset whose name holds 0x1e: the re-read is not exercised")
	}

	// A field holding the unit separator is read as stored (the range
	// falls back to the per-row read), not refused: what the register holds
	// must never stop the alerts.
	if _, err := s.DB().ExecContext(ctx, "UPDATE assets SET name = 'bad\x1fname', status = 'deployed', eol_date = '2020-01-01' WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	got, err = s.Alerts(ctx, assets.AlertOptions{AsOf: asOf})
	if err != nil {
		t.Fatalf("a name with 0x1f: %v", err)
	}
	found := false
	for _, a := range got {
		if a.Ref.ID == id && a.Kind == assets.AlertEOL && strings.HasSuffix(a.Subject, " bad\x1fname") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no end-of-life alert naming asset #%d as stored (bad\\x1fname)", id)
	}
}

func at(list []assets.Alert, i int) any {
	if i < len(list) {
		return list[i]
	}
	return "(none)"
}
