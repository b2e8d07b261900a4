package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// Databases as every earlier schema version left them live in
// testdata/schema-vN.db. They are made once, by this build's migrations
// stopped at N, with STEWARD_WRITE_FIXTURES=1; after that they are frozen,
// so a later change to an old migration file shows up as a failing upgrade.
func fixturePath(v int) string { return filepath.Join("testdata", fmt.Sprintf("schema-v%d.db", v)) }

const fixtureAssets = 250

func TestWriteUpgradeFixtures(t *testing.T) {
	if os.Getenv("STEWARD_WRITE_FIXTURES") != "1" {
		t.Skip("set STEWARD_WRITE_FIXTURES=1 to write missing schema fixtures")
	}
	ctx := context.Background()
	for v := 1; v < sqlite.SchemaVersion(); v++ {
		if _, err := os.Stat(fixturePath(v)); err == nil {
			continue // frozen
		}
		tmp := filepath.Join(t.TempDir(), "f.db")
		s, err := sqlite.Create(ctx, tmp, sqlite.Options{MaxVersion: v, NoMigrationBackup: true})
		if err != nil {
			t.Fatal(err)
		}
		// Core tables only: they exist at every version.
		db := s.DB()
		mustExec := func(_ sql.Result, err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		mustExec(db.Exec(`INSERT INTO people(name,email,department,created,updated) VALUES ('Zoë Åberg','zoe@example.com','Finance','2024-01-01T00:00:00Z','2024-01-01T00:00:00Z')`))
		for i := 1; i <= fixtureAssets; i++ {
			mustExec(db.Exec(`INSERT INTO assets(tag,name,category,serial,status,assigned_to,purchase_date,cost,currency,created,updated)
				VALUES (?,?,?,?,?,?,?,?,?,?,?)`, fmt.Sprintf("FX-%04d", i), fmt.Sprintf("Fixture asset %d", i),
				[]string{"laptop", "desktop", "printer"}[i%3], fmt.Sprintf("FXSN%05d", i), "deployed", 1,
				fmt.Sprintf("20%02d-03-15", 15+i%9), 100000+i, "EUR", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"))
		}
		// Steward keeps the search index from Go; do what it did.
		mustExec(db.Exec(`INSERT INTO assets_fts(rowid, tag, name, serial, model, manufacturer, person, notes)
			SELECT a.id, a.tag, a.name, a.serial, a.model, a.manufacturer, COALESCE(p.name, ''), a.notes
			FROM assets a LEFT JOIN people p ON p.id = a.assigned_to`))
		s.Close()
		b, err := os.ReadFile(tmp)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fixturePath(v), b, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", fixturePath(v))
	}
}

// TestUpgradeFromEveryEarlierVersion opens a copy of each fixture: it must
// migrate to the latest schema, keep every asset and person, take a copy
// before migrating, pass integrity_check and then accept writes and searches.
func TestUpgradeFromEveryEarlierVersion(t *testing.T) {
	ctx := context.Background()
	latest := sqlite.SchemaVersion()
	for v := 1; v < latest; v++ {
		t.Run(fmt.Sprintf("v%d", v), func(t *testing.T) {
			src, err := os.ReadFile(fixturePath(v))
			if err != nil {
				t.Fatalf("fixture for schema %d missing (run with STEWARD_WRITE_FIXTURES=1 once): %v", v, err)
			}
			path := filepath.Join(t.TempDir(), "old.db")
			os.WriteFile(path, src, 0o600)
			s, err := sqlite.Create(ctx, path)
			if err != nil {
				t.Fatalf("schema %d does not open: %v", v, err)
			}
			defer s.Close()
			info, err := sqlite.CheckBackup(ctx, path)
			if err != nil || info.SchemaVersion != latest {
				t.Errorf("after upgrade: %+v %v", info, err)
			}
			if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != fixtureAssets {
				t.Errorf("%d assets after upgrade, want %d", n, fixtureAssets)
			}
			a, err := s.AssetByTag(ctx, "FX-0007")
			if err != nil || a.AssignedName != "Zoë Åberg" || a.Cost.Minor != 100007 {
				t.Errorf("asset after upgrade: %+v %v", a, err)
			}
			// Counted from asset_counts (0009), filled by the upgrade.
			if n, _ := s.CountAssets(ctx, assets.AssetQuery{Category: "printer", Status: assets.StatusDeployed}); n != fixtureAssets/3 {
				t.Errorf("%d deployed printers after upgrade, want %d", n, fixtureAssets/3)
			}
			if n, _ := s.CountAssets(ctx, assets.AssetQuery{Search: "fxsn00012"}); n != 1 {
				t.Errorf("search after upgrade found %d", n)
			}
			if n, _ := s.CountAssets(ctx, assets.AssetQuery{Search: "zoe fixture"}); n != fixtureAssets {
				t.Errorf("search by holder after upgrade found %d, want %d", n, fixtureAssets)
			}
			baks, _ := filepath.Glob(path + ".pre-migration-v*")
			if len(baks) != 1 || !strings.Contains(baks[0], fmt.Sprintf("-v%d-", v)) {
				t.Errorf("migration copies %v", baks)
			}
			b := assets.Asset{Name: "After upgrade", Category: "laptop"}
			if err := s.CreateAsset(ctx, &b); err != nil {
				t.Error(err)
			}
			// Every alert family runs on the upgraded file (the lifecycle tables exist).
			if _, err := s.Alerts(ctx, assets.AlertOptions{AsOf: assets.MustDate("2026-01-01")}); err != nil {
				t.Errorf("alerts after upgrade: %v", err)
			}
		})
	}
}
