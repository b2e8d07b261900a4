package postgres_test

// The Alerts benchmark at 100,000 assets (issue 18 "Speed": all alerts
// under 2x SQLite). The register is assets/sqlite/fixture's Large one
// (100,000 assets, 10,000 licences with seats and covers, 20,000 tasks,
// warranties, installed software), built on SQLite and copied table by
// table into PostgreSQL with COPY, so both engines hold the same rows.
// The two lists are checked to be identical, then each iteration times
// one Alerts call on each engine in turn. Run:
//
//	go test -tags migrated_fynedo,sqlite_fts5 ./assets/postgres/ -run '^$' -bench 'PGAlerts' -benchtime 10x

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"steward/assets"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
	"steward/assets/sqlite"
	"steward/assets/sqlite/fixture"
)

// copyTables are the fixture's tables, in an order the foreign keys
// accept, with the columns copied and their kinds (i: integer, s: text).
var copyTables = []struct{ name, cols, kinds string }{
	{"people", "id, name, email, created, updated", "issss"},
	{"assets", "id, tag, name, category, manufacturer, model, status, purchase_date, os, eol_date, created, updated", "isssssssssss"},
	{"contracts", "id, kind, provider, level, start_date, end_date, created, updated", "isssssss"},
	{"contract_assets", "contract_id, asset_id", "ii"},
	{"software_titles", "id, name, publisher, installs", "issi"},
	{"software_installs", "title_id, asset_id", "ii"},
	{"licences", "id, product, vendor, type, seats, expiry_date, created, updated", "isssisss"},
	{"licence_covers", "licence_id, pattern, publisher", "iss"},
	{"licence_assignments", "licence_id, person_id, assigned", "iis"},
	{"tasks", "id, kind, due, every_months, anchor, status, created, updated", "ississss"},
	{"task_assets", "task_id, asset_id", "ii"},
}

// copyToPG copies the fixture's rows from lite into pg with COPY.
func copyToPG(ctx context.Context, lite *sql.DB, pg *postgres.Store) error {
	for _, t := range copyTables {
		rows, err := lite.QueryContext(ctx, "SELECT "+t.cols+" FROM "+t.name)
		if err != nil {
			return err
		}
		var cols []string
		for _, c := range strings.Split(t.cols, ",") {
			cols = append(cols, strings.TrimSpace(c))
		}
		vals := make([]any, len(t.kinds))
		for i, k := range t.kinds {
			if k == 'i' {
				vals[i] = new(sql.NullInt64)
			} else {
				vals[i] = new(string)
			}
		}
		_, err = pg.Pool().CopyFrom(ctx, pgx.Identifier{t.name}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			if !rows.Next() {
				return nil, rows.Err()
			}
			if err := rows.Scan(vals...); err != nil {
				return nil, err
			}
			out := make([]any, len(vals))
			for i, v := range vals {
				switch v := v.(type) {
				case *sql.NullInt64:
					if v.Valid {
						out[i] = v.Int64
					}
				case *string:
					out[i] = *v
				}
			}
			return out, nil
		}))
		rows.Close()
		if err != nil {
			return err
		}
	}
	_, err := pg.Pool().Exec(ctx, "VACUUM ANALYZE")
	return err
}

// BenchmarkPGAlerts100k times Alerts on the same 100,000-asset register on
// PostgreSQL and SQLite, interleaved, and reports both and the ratio.
func BenchmarkPGAlerts100k(b *testing.B) {
	ctx := context.Background()
	lite, err := sqlite.Create(ctx, filepath.Join(b.TempDir(), "large.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer lite.Close()
	if err := fixture.Build(ctx, lite, fixture.Large); err != nil {
		b.Fatal(err)
	}
	pg := pgtest.NewStore(b)
	if err := copyToPG(ctx, lite.DB(), pg); err != nil {
		b.Fatal(err)
	}
	opt := assets.AlertOptions{AsOf: fixture.AsOf}
	want, err := lite.Alerts(ctx, opt)
	if err != nil {
		b.Fatal(err)
	}
	got, err := pg.Alerts(ctx, opt)
	if err != nil {
		b.Fatal(err)
	}
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got)
	if string(wj) != string(gj) {
		b.Fatalf("the engines' alert lists differ: %d alerts on PostgreSQL, %d on SQLite", len(got), len(want))
	}
	var pgT, liteT time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := pg.Alerts(ctx, opt); err != nil {
			b.Fatal(err)
		}
		pgT += time.Since(t0)
		b.StopTimer()
		t0 = time.Now()
		if _, err := lite.Alerts(ctx, opt); err != nil {
			b.Fatal(err)
		}
		liteT += time.Since(t0)
		b.StartTimer()
	}
	b.ReportMetric(float64(len(want)), "alerts")
	b.ReportMetric(float64(pgT.Milliseconds())/float64(b.N), "pg-ms")
	b.ReportMetric(float64(liteT.Milliseconds())/float64(b.N), "sqlite-ms")
	b.ReportMetric(float64(pgT)/float64(liteT), "x-sqlite")
}
