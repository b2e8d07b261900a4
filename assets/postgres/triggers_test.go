package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"steward/assets/postgres/pgtest"
)

// execAll runs statements in order on c, failing the test at the first error.
func execAll(t *testing.T, c *pgx.Conn, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := c.Exec(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func rowsText(t *testing.T, c *pgx.Conn, sql string) string {
	t.Helper()
	rows, err := c.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	out := ""
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintln(v...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Every update of an editable row moves its version on, whatever the
// statement says; a save against a stale version updates nothing.
func TestVersionMovesOnEveryUpdate(t *testing.T) {
	c := conn(t, pgtest.NewDB(t))
	execAll(t, c, `INSERT INTO assets(tag, name, category, created, updated) VALUES ('ST-1', 'A', 'laptop', 'x', 'x')`)
	if v := queryInt(t, c, "SELECT version FROM assets"); v != 1 {
		t.Fatalf("a new row's version is %d", v)
	}
	execAll(t, c, "UPDATE assets SET name = 'B'", "UPDATE assets SET name = 'C', version = 40")
	if v := queryInt(t, c, "SELECT version FROM assets"); v != 3 {
		t.Errorf("after two updates: version %d, want 3", v)
	}
	tag, err := c.Exec(context.Background(), "UPDATE assets SET name = 'D' WHERE tag = 'ST-1' AND version = 2")
	if err != nil || tag.RowsAffected() != 0 {
		t.Errorf("a save against a stale version: %v, %d rows", err, tag.RowsAffected())
	}
}

// The asset_counts ledger always sums to the assets table's counts,
// through inserts, updates, deletes, a category rename and compaction.
func TestAssetCountsLedger(t *testing.T) {
	c := conn(t, pgtest.NewDB(t))
	const truth = `SELECT category, status, location, count(*) FROM assets GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`
	const ledger = `SELECT category, status, location, sum(n)::bigint FROM asset_counts GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3`
	check := func(step string) {
		t.Helper()
		if got, want := rowsText(t, c, ledger), rowsText(t, c, truth); got != want {
			t.Errorf("after %s: the ledger says\n%swant\n%s", step, got, want)
		}
	}
	execAll(t, c, `INSERT INTO categories(name, label) VALUES ('kiosk', 'Kiosk')`,
		`INSERT INTO assets(tag, name, category, status, location, created, updated)
			SELECT 'ST-' || i, 'A' || i, (ARRAY['laptop', 'monitor', 'kiosk'])[1 + i % 3], (ARRAY['in_use', 'in_stock'])[1 + i % 2],
				(ARRAY['', 'Berlin', 'Kraków'])[1 + i % 3], 'x', 'x'
			FROM generate_series(1, 500) i`)
	check("a bulk insert")
	execAll(t, c, `INSERT INTO assets(tag, name, category, created, updated) VALUES ('ST-X', 'X', 'laptop', 'x', 'x')`)
	check("one insert")
	execAll(t, c, `UPDATE assets SET status = 'retired' WHERE id % 7 = 0`, `UPDATE assets SET location = 'Remote', status = 'in_use' WHERE id % 11 = 0`,
		`UPDATE assets SET name = 'renamed' WHERE id % 5 = 0`)
	check("updates")
	execAll(t, c, `UPDATE categories SET name = 'kiosk2' WHERE name = 'kiosk'`)
	check("a category renamed")
	execAll(t, c, `DELETE FROM assets WHERE id % 3 = 0`)
	check("deletes")
	rowsBefore := queryInt(t, c, "SELECT count(*) FROM asset_counts")
	execAll(t, c, "SELECT compact_asset_counts()")
	check("compaction")
	after, combos := queryInt(t, c, "SELECT count(*) FROM asset_counts"), queryInt(t, c, "SELECT count(*) FROM ("+truth+") t")
	if after != combos || after >= rowsBefore {
		t.Errorf("compaction: %d ledger rows before, %d after, want one per combination (%d)", rowsBefore, after, combos)
	}
	// The triggers compact now and then by themselves.
	for i := range 1100 {
		execAll(t, c, fmt.Sprintf(`UPDATE assets SET status = CASE status WHEN 'in_use' THEN 'in_stock' ELSE 'in_use' END WHERE id = (SELECT id FROM assets ORDER BY id OFFSET %d LIMIT 1)`, i%50))
	}
	check("a thousand updates")
	if n := queryInt(t, c, "SELECT count(*) FROM asset_counts"); n > combos+1000 {
		t.Errorf("%d ledger rows after 1,100 updates (%d writes): the triggers never compacted it", n, queryInt(t, c, "SELECT last_value FROM asset_counts_writes"))
	}
}

// Each person's latest completion of a course, kept by triggers as in SQLite.
func TestTrainingLatest(t *testing.T) {
	c := conn(t, pgtest.NewDB(t))
	execAll(t, c,
		`INSERT INTO people(id, name, email, created, updated) VALUES (1, 'Ann', 'ann@example.com', 'x', 'x')`,
		`INSERT INTO courses(id, name, created, updated) VALUES (1, 'Fire safety', 'x', 'x')`,
		`INSERT INTO training_records(person_id, course_id, completed_on, expires_on, created) VALUES (1, 1, '2024-01-10', '2025-01-10', 'x')`,
		`INSERT INTO training_records(person_id, course_id, completed_on, expires_on, created) VALUES (1, 1, '2025-02-01', '2026-02-01', 'x')`,
		`INSERT INTO training_records(person_id, course_id, completed_on, expires_on, created) VALUES (1, 1, '2023-06-01', '2024-06-01', 'x')`)
	if got := rowsText(t, c, "SELECT completed_on, expires_on, entry FROM training_latest"); got != "2025-02-01 2026-02-01 1:2026-02-01\n" {
		t.Errorf("latest after three records: %q", got)
	}
	execAll(t, c, `UPDATE training_records SET expires_on = '2027-01-01' WHERE completed_on = '2025-02-01'`)
	if got := rowsText(t, c, "SELECT expires_on FROM training_latest"); got != "2027-01-01\n" {
		t.Errorf("latest after its expiry changed: %q", got)
	}
	execAll(t, c, `DELETE FROM training_records WHERE completed_on = '2025-02-01'`)
	if got := rowsText(t, c, "SELECT completed_on FROM training_latest"); got != "2024-01-10\n" {
		t.Errorf("latest after the newest was deleted: %q", got)
	}
	execAll(t, c, `DELETE FROM people WHERE id = 1`)
	if n := queryInt(t, c, "SELECT count(*) FROM training_latest"); n != 0 {
		t.Errorf("%d latest rows after the person was deleted", n)
	}
}

// A status change to retired, disposed or lost recorded in history is the
// asset's disposal date; back in use, it has none.
func TestDisposalsFromHistory(t *testing.T) {
	c := conn(t, pgtest.NewDB(t))
	execAll(t, c,
		`INSERT INTO assets(id, tag, name, category, created, updated) VALUES (1, 'ST-1', 'A', 'laptop', 'x', 'x')`,
		`INSERT INTO history(at, entity, entity_id, action, field, old_value, new_value) VALUES ('2025-03-04T10:00:00Z', 'asset', 1, 'update', 'status', 'in_use', 'retired')`)
	if got := rowsText(t, c, "SELECT asset_id, disposed FROM asset_disposals"); got != "1 2025-03-04\n" {
		t.Errorf("after retiring: %q", got)
	}
	execAll(t, c, `INSERT INTO history(at, entity, entity_id, action, field, old_value, new_value) VALUES ('2025-05-01T10:00:00Z', 'asset', 1, 'update', 'status', 'retired', 'lost')`)
	if got := rowsText(t, c, "SELECT disposed FROM asset_disposals"); got != "2025-03-04\n" {
		t.Errorf("retired then lost keeps the first date: %q", got)
	}
	execAll(t, c, `INSERT INTO history(at, entity, entity_id, action, field, old_value, new_value) VALUES ('2025-06-01T10:00:00Z', 'asset', 1, 'update', 'status', 'lost', 'in_use')`)
	if n := queryInt(t, c, "SELECT count(*) FROM asset_disposals"); n != 0 {
		t.Errorf("back in use, %d disposal rows", n)
	}
	var who string
	if err := c.QueryRow(context.Background(), "SELECT db_user FROM history LIMIT 1").Scan(&who); err != nil || who == "" {
		t.Errorf("history.db_user = %q, %v", who, err)
	}
}

// Deleting an asset's software list takes its installs off the titles.
func TestAssetSoftwareRemoved(t *testing.T) {
	c := conn(t, pgtest.NewDB(t))
	execAll(t, c,
		`INSERT INTO assets(id, tag, name, category, created, updated) VALUES (1, 'ST-1', 'A', 'laptop', 'x', 'x'), (2, 'ST-2', 'B', 'laptop', 'x', 'x')`,
		`INSERT INTO software_titles(id, name, installs) VALUES (1, 'Word', 2), (2, 'Excel', 1)`,
		`INSERT INTO asset_software(asset_id, titles) VALUES (1, '[[1,"16.0"],[2,"16.0"]]'), (2, '[[1,"15.0"]]')`,
		`INSERT INTO software_installs(title_id, asset_id) VALUES (1, 1), (2, 1), (1, 2)`,
		`DELETE FROM assets WHERE id = 1`)
	if got := rowsText(t, c, "SELECT id, installs FROM software_titles ORDER BY id"); got != "1 1\n2 0\n" {
		t.Errorf("installs after the asset was deleted: %q", got)
	}
	if got := rowsText(t, c, "SELECT title_id, asset_id FROM software_installs"); got != "1 2\n" {
		t.Errorf("installs left: %q", got)
	}
}

// Two writers adding assets of the same category, status and location at
// once never wait for each other on asset_counts (a ledger, not one row
// per combination to update).
func TestAssetCountsWritersDoNotWait(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewDB(t)
	first, second, watch := conn(t, url), conn(t, url), conn(t, url)
	tx1, err := first.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx1.Rollback(ctx)
	if _, err := tx1.Exec(ctx, `INSERT INTO assets(tag, name, category, created, updated) VALUES ('ST-1', 'A', 'laptop', 'x', 'x')`); err != nil {
		t.Fatal(err)
	}
	var pid int
	if err := second.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := second.Exec(ctx, `INSERT INTO assets(tag, name, category, created, updated) VALUES ('ST-2', 'B', 'laptop', 'x', 'x')`)
		done <- err
	}()
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			if err := tx1.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if n := queryInt(t, watch, "SELECT sum(n)::int FROM asset_counts WHERE category = 'laptop'"); n != 2 {
				t.Errorf("the ledger counts %d laptops, want 2", n)
			}
			return
		default:
		}
		var waiting bool
		if err := watch.QueryRow(ctx, "SELECT coalesce(bool_or(wait_event_type = 'Lock'), false) FROM pg_stat_activity WHERE pid = $1", pid).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting {
			tx1.Rollback(ctx)
			<-done
			t.Fatal("the second writer waited for the first one's lock")
		}
	}
}
