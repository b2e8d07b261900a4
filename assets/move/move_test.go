package move_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"steward/assets"
	"steward/assets/move"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
	"steward/assets/sqlite"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const passphrase = "correct horse battery staple"

// sealedKey is the licence key richRegister seals.
const sealedKey = "XKCD-936-SEALED"

// richRegister makes a SQLite register at path with rows in every table:
// the sample office (people, assets, training, licences, contracts, tasks,
// software), a licence key sealed with a passphrase, text that is not
// ASCII, rows whose gid is NULL (as a bulk insert leaves them), a manager
// and a task that refer to rows inserted after them, and the tables the
// sample does not fill (scans, sightings, inventory reports, stocktakes,
// budgets, hand-overs, check-ins) written directly. It returns the sealed
// licence's id.
func richRegister(t *testing.T, path string) int64 {
	t.Helper()
	ctx := context.Background()
	buildDemo(t, path, 600, 60)
	store, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(store.EnableKeyEncryption(ctx, passphrase))
	lic := assets.Licence{Product: "Sealed Suite ☃", Vendor: "Zoë & Søn", Seats: 3, Key: sealedKey}
	must(store.CreateLicence(ctx, &lic))
	must(store.SetSetting(ctx, assets.SettingOrgName, "Zoë's Büro \"Nord\" 日本"))

	// Edits through the store (history, the search index kept).
	var inUse int64
	must(store.DB().QueryRowContext(ctx, `SELECT min(id) FROM assets WHERE status IN ('deployed', 'in_stock')`).Scan(&inUse))
	a, err := store.Asset(ctx, inUse)
	must(err)
	a.Notes = "Line one\nnaïve 'quoted' \\back\\slash 日本語 😀 tab\there"
	a.Status = assets.StatusRetired
	must(store.UpdateAsset(ctx, &a))

	db := store.DB()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	const at = "2026-05-04T10:11:12.123456789Z"
	exec(`INSERT INTO categories(name, label, refresh_years, replacement_cost, replacement_currency, builtin, audit_interval_months)
		VALUES ('lab', 'Lab kit 🧪', 3, 125000, 'EUR', 0, 6)`)
	// A manager and a previous task inserted after the rows that name them.
	exec(`UPDATE people SET manager_id = (SELECT max(id) FROM people) WHERE id = (SELECT min(id) FROM people)`)
	exec(`UPDATE tasks SET previous_id = (SELECT max(id) FROM tasks) WHERE id = (SELECT min(id) FROM tasks)`)
	exec(`INSERT INTO handovers(asset_id, person_id, person_name, checked_out, due_back, out_note, out_by)
		VALUES (3, 2, 'Ann Example', ?, '2026-06-01', 'for the trip', 'it')`, at)
	exec(`INSERT INTO handovers(asset_id, person_id, person_name, checked_out, due_back, checked_in, in_note, out_by, in_by)
		VALUES (4, NULL, 'Gone Person', ?, '', ?, 'back', 'it', 'it')`, at, at)
	exec(`INSERT INTO scans(started, finished, interfaces, site, devices) VALUES (?, ?, 'eth0', 'Berlin Office', 2)`, at, at)
	exec(`INSERT INTO sightings(device_id, asset_id, name, hostname, class, os, vendor, model, serial, uuid, mac, addresses, services, interface, subnet, site, first_seen, last_seen, last_scan)
		VALUES ('mac:00:11:22:33:44:55', 5, 'printer', 'prn-1', 'printer', '', 'HP', 'LaserJet', 'SN1', '', '00:11:22:33:44:55', '["10.0.0.5"]', '["ipp"]', 'eth0', '10.0.0.0/24', 'Berlin Office', ?, ?, 1)`, at, at)
	exec(`INSERT INTO sightings(device_id, asset_id, name, first_seen, last_seen, last_scan) VALUES ('uuid:x', NULL, 'unknown', ?, ?, 1)`, at, at)
	exec(`INSERT INTO inventory_reports(asset_id, collected_at, imported_at, source, schema_version, hostname, serial, uuid, os, report)
		VALUES (6, ?, ?, 'agent', 1, 'pc-6', 'S6', 'u-6', 'Debian 12', '{"a": [1, 2.5, "ü"], "b": null}')`, at, at)
	exec(`INSERT INTO audits(auditor, started, finished, applied) VALUES ('Ann', ?, ?, '')`, at, at)
	exec(`INSERT INTO audit_locations(audit_id, position, location) VALUES (1, 0, 'Berlin Office'), (1, 1, 'Kraków Office')`)
	exec(`INSERT INTO audit_scans(audit_id, at, code, tag, location, result, asset_id, asset_name, registered)
		VALUES (1, ?, 'ST-000008', 'ST-000008', 'Berlin Office', 'found', 8, 'x', 'Berlin Office')`, at)
	exec(`INSERT INTO audit_results(audit_id, position, outcome, asset_id, tag, name, registered, location, serial, mac, hostname)
		VALUES (1, 0, 'found', 8, 'ST-000008', 'x', 'Berlin Office', 'Berlin Office', '', '', '')`)
	exec(`INSERT INTO category_budget(category, price_change_bp, depreciation, depreciation_years, depreciation_rate_bp, residual_bp, spend)
		VALUES ('laptop', 350, 'straight_line', 4, 0, 1000, 'capex')`)
	exec(`INSERT INTO asset_depreciation(asset_id, depreciation, depreciation_years, depreciation_rate_bp, residual_bp) VALUES (9, 'declining_balance', 0, 2500, 500)`)
	exec(`INSERT INTO model_costs(manufacturer, model, replacement_cost, currency) VALUES ('Dell', 'Latitude 5440', 139900, 'EUR')`)
	exec(`INSERT INTO visit_checkins(visit_gid, digest, at, actor, changes) VALUES (?, 'sha256:abc', ?, 'Ann', 4)`, assets.NewGID(), at)
	exec(`INSERT INTO training_records(person_id, course_id, completed_on, expires_on, expires_override, score, certificate, note, created)
		VALUES (3, (SELECT min(id) FROM courses), '2026-01-02', '2027-01-02', 1, NULL, '', 'no score', ?)`, at)
	exec(`INSERT INTO training_records(person_id, course_id, completed_on, expires_on, expires_override, score, certificate, note, created)
		VALUES (3, (SELECT max(id) FROM courses), '2026-01-03', '', 0, 87.25, 'C-1', '', ?)`, at)
	// As a bulk insert leaves them: no global id yet.
	exec(`UPDATE assets SET gid = NULL WHERE id % 4 = 0`)
	exec(`UPDATE history SET gid = NULL WHERE id % 3 = 0`)
	exec(`UPDATE people SET gid = NULL WHERE id % 5 = 0`)

	// Every table of the register has rows: a table added later must be
	// added here too.
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
		AND name NOT LIKE 'assets_fts%' AND name NOT IN ('visit', 'visit_base')`)
	must(err)
	var tables []string
	for rows.Next() {
		var n string
		must(rows.Scan(&n))
		tables = append(tables, n)
	}
	rows.Close()
	for _, n := range tables {
		var any bool
		must(db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM "`+n+`")`).Scan(&any))
		if !any {
			t.Errorf("richRegister leaves table %s empty", n)
		}
	}
	return lic.ID
}

func fileHash(t *testing.T, path string) string {
	t.Helper()
	h := sha256.New()
	// The file and its log (a missing log is an empty one: SQLite's
	// readers of a WAL-mode file make an empty -wal and the -shm, where
	// they take their read locks, an index of the log and never data).
	for _, p := range []string{path, path + "-wal", path + "-journal"} {
		b, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(p), len(b))
		h.Write(b)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func pgConnect(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func push(t testing.TB, path, url string, opts move.Options) (move.Summary, error) {
	t.Helper()
	ctx := context.Background()
	src, err := move.OpenSource(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	return move.Push(ctx, src, conn, opts)
}

func backup(t testing.TB, url, dest string) move.Summary {
	t.Helper()
	conn := pgConnect(t, url)
	sum, info, err := move.Backup(context.Background(), conn, dest, move.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if info.SchemaVersion != sqlite.SchemaVersion() {
		t.Errorf("backup has schema %d, want %d", info.SchemaVersion, sqlite.SchemaVersion())
	}
	return sum
}

// catalog is what a register's schema holds in PostgreSQL beyond its
// tables' columns: constraints (with their definitions), triggers (with
// whether they are enabled) and indexes.
func catalog(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	rows, err := conn.Query(context.Background(), `
		SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
		UNION ALL SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal
		UNION ALL SELECT 'index ' || indexrelid::regclass || ' ' || pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = current_schema()::regnamespace`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// The whole register goes into PostgreSQL and comes back out equal, row by
// row, in every table: SQLite -> db push -> backup -> the same rows. What
// cannot be equal, and is allowed for:
//   - gid: the rows that had none in SQLite (NULL, as bulk inserts leave
//     them) have one after the round trip (a new UUIDv7: PostgreSQL's gid
//     is never NULL); every other gid is the same;
//   - the search index (FTS5's own tables): FTS5 lays out its b-tree as
//     its inserts came, so the index is compared by what it holds (every
//     term, document, column and position, through fts5vocab), not byte
//     by byte.
//
// asset_counts is compared exactly: the backup writes the ledger's sums,
// one row per combination, as SQLite keeps it. PostgreSQL's own columns
// (version, history.db_user) do not exist in SQLite.
//
// The backup pushed again into another empty register and backed up again
// is then equal to the first backup with nothing allowed for at all.
func TestPushBackupRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	orig := filepath.Join(dir, "orig.db")
	licID := richRegister(t, orig)
	before := fileHash(t, orig)

	target := pgtest.NewDB(t)
	conn := pgConnect(t, target)
	fresh := catalog(t, conn)
	var progressed []move.Progress
	sum, err := push(t, orig, target, move.Options{Progress: func(p move.Progress) { progressed = append(progressed, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if after := fileHash(t, orig); after != before {
		t.Errorf("db push changed the file it read: %s, %s", before, after)
	}
	if len(progressed) == 0 || progressed[len(progressed)-1].Rows != sum.TotalRows() || progressed[len(progressed)-1].Total != sum.TotalRows() {
		t.Errorf("progress: %d reports, last %+v; %d rows copied", len(progressed), progressed[len(progressed)-1], sum.TotalRows())
	}

	lite, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: orig}).EscapedPath()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	liteInt := func(q string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := lite.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	pgInt := func(q string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := conn.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	for table, n := range sum.Rows {
		if got := pgInt(`SELECT count(*) FROM "` + table + `"`); got != n {
			t.Errorf("%s: %d rows in PostgreSQL, push says %d", table, got, n)
		}
		want := liteInt(`SELECT count(*) FROM "` + table + `"`)
		if table == "settings" {
			want-- // tag_counter is in counters
		}
		if n != want {
			t.Errorf("%s: pushed %d rows, the file has %d", table, n, want)
		}
	}
	nulls := liteInt(`SELECT (SELECT count(*) FROM assets WHERE gid IS NULL) + (SELECT count(*) FROM history WHERE gid IS NULL) + (SELECT count(*) FROM people WHERE gid IS NULL)`)
	if nulls == 0 || sum.NewGIDs != nulls {
		t.Errorf("new gids: %d, NULL gids in the file: %d", sum.NewGIDs, nulls)
	}
	if n := pgInt(`SELECT count(*) FROM (SELECT gid FROM assets UNION ALL SELECT gid FROM history UNION ALL SELECT gid FROM people) g
		WHERE gid::text !~ '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'`); n != 0 {
		t.Errorf("%d gids are not UUIDv7", n)
	}
	if n := pgInt(`SELECT count(*) FROM history WHERE db_user <> ''`); n != 0 {
		t.Errorf("%d copied history rows name a database user", n)
	}
	if n := pgInt(`SELECT count(*) FROM settings WHERE key = 'tag_counter' OR version <> 1`); n != 0 {
		t.Errorf("settings: %d rows are tag_counter or not at version 1", n)
	}
	if got, want := pgInt(`SELECT value FROM counters WHERE name = 'tag_counter'`), liteInt(`SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'tag_counter'`); got != want || want == 0 {
		t.Errorf("tag counter %d, want %d", got, want)
	}
	// The counts: the ledger sums to SQLite's table.
	liteCounts := strings.Join(strings.Fields(fmt.Sprint(queryStrings(t, lite, `SELECT category || '|' || status || '|' || location || '|' || n FROM asset_counts ORDER BY 1`))), " ")
	pgCounts := strings.Join(strings.Fields(fmt.Sprint(pgStrings(t, conn, `SELECT category || '|' || status || '|' || location || '|' || sum(n) FROM asset_counts GROUP BY category, status, location HAVING sum(n) <> 0 ORDER BY 1`))), " ")
	if liteCounts != pgCounts || liteCounts == "" {
		t.Errorf("asset counts:\n sqlite   %s\n postgres %s", liteCounts, pgCounts)
	}
	// Every identity sequence is past the copied ids.
	for _, table := range []string{"people", "assets", "history", "licences", "licence_covers", "licence_assignments", "contracts", "tasks",
		"courses", "training_records", "handovers", "scans", "sightings", "inventory_reports", "software_titles", "audits", "audit_scans"} {
		next := pgInt(`SELECT nextval(pg_get_serial_sequence($1, 'id'))`, table)
		if max := liteInt(`SELECT max(id) FROM "` + table + `"`); next != max+1 {
			t.Errorf("%s: next id %d, want %d", table, next, max+1)
		}
	}
	// The constraints, triggers and indexes are back as a new register has
	// them (the foreign keys re-made and checked, the triggers enabled).
	if got := catalog(t, conn); !slices.Equal(got, fresh) {
		t.Errorf("the register's catalog changed:\n got  %q\n want %q", got, fresh)
	}
	// Search finds in PostgreSQL what it finds in SQLite.
	if got, want := pgInt(`SELECT count(*) FROM asset_search`), liteInt(`SELECT count(*) FROM assets`); got != want {
		t.Errorf("asset_search has %d rows, want %d", got, want)
	}
	// Each row is the vector the store's own writes make ($n::tsvector of
	// postgres.SearchVector).
	rows, err := conn.Query(ctx, `SELECT a.id, a.tag, a.name, a.serial, a.model, a.manufacturer, coalesce(p.name, ''), a.notes
		FROM assets a LEFT JOIN people p ON p.id = a.assigned_to`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	var docs []string
	for rows.Next() {
		var id int64
		var f [7]string
		if err := rows.Scan(&id, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6]); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		docs = append(docs, postgres.SearchVector(f[:]...))
	}
	rows.Close()
	if same := pgInt(`SELECT count(*) FROM asset_search s JOIN unnest($1::bigint[], $2::text[]) u(id, doc) ON u.id = s.asset_id
		WHERE s.doc = u.doc::tsvector`, ids, docs); same != int64(len(ids)) {
		t.Errorf("%d of %d search rows are the vector the store writes", same, len(ids))
	}
	words := []string{"naïve", "naive", "日本語", "back", "laptop", "dell", "ST-000012", "000012", "zoë", "amsterdam", "x1", "macbook", "thinkpad"}
	words = append(words, queryStrings(t, lite, `SELECT name FROM people WHERE id IN (SELECT assigned_to FROM assets) ORDER BY id LIMIT 5`)...)
	words = append(words, queryStrings(t, lite, `SELECT substr(serial, 1, 4) FROM assets WHERE serial <> '' ORDER BY id LIMIT 5`)...)
	for _, w := range words {
		want := queryStrings(t, lite, `SELECT rowid FROM assets_fts WHERE assets_fts MATCH ? ORDER BY rowid`, sqlite.FTSQuery(w))
		got := []string{}
		if q := postgres.SearchQuery(w); q != "" {
			got = pgStrings(t, conn, `SELECT asset_id::text AS id FROM asset_search WHERE doc @@ $1::tsquery ORDER BY asset_search.asset_id`, q)
		}
		if want == nil {
			want = []string{}
		}
		if !slices.Equal(got, want) {
			t.Errorf("search %q: postgres finds %d assets, sqlite %d: %.80q, %.80q", w, len(got), len(want), got, want)
		}
	}
	// The sealed key opens there with the same passphrase.
	pg, err := postgres.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if err := pg.UnlockKeys(ctx, passphrase); err != nil {
		t.Fatal(err)
	}
	if l, err := pg.Licence(ctx, licID); err != nil || l.Key != sealedKey {
		t.Errorf("licence %d on postgres: key %q, %v", licID, l.Key, err)
	}
	pg.Close()

	// Back out to a file, equal to the original.
	first := filepath.Join(dir, "backup.db")
	bsum := backup(t, target, first)
	if bsum.Assets() != sum.Assets() {
		t.Errorf("backup copied %d assets, push %d", bsum.Assets(), sum.Assets())
	}
	if filled := compareRegisters(t, orig, first, true); filled != nulls {
		t.Errorf("%d gids were filled, want %d", filled, nulls)
	}
	back, err := sqlite.Open(ctx, first, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := back.UnlockKeys(ctx, passphrase); err != nil {
		t.Fatal(err)
	}
	if l, err := back.Licence(ctx, licID); err != nil || l.Key != sealedKey {
		t.Errorf("licence %d in the backup: key %q, %v", licID, l.Key, err)
	}
	back.Close()

	// steward restore takes it.
	restored, err := sqlite.Create(ctx, filepath.Join(dir, "restored.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := restored.RestoreFrom(ctx, first); err != nil {
		t.Fatalf("restore of the backup: %v", err)
	}
	restored.Close()
	compareRegisters(t, first, filepath.Join(dir, "restored.db"), false)

	// And db push takes it: the second round trip changes nothing at all.
	url2 := pgtest.NewDB(t)
	if _, err := push(t, first, url2, move.Options{}); err != nil {
		t.Fatalf("push of the backup: %v", err)
	}
	second := filepath.Join(dir, "backup2.db")
	backup(t, url2, second)
	compareRegisters(t, first, second, false)
}

func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func pgStrings(t *testing.T, conn *pgx.Conn, q string, args ...any) []string {
	t.Helper()
	rows, err := conn.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

// compareRegisters compares two SQLite registers table by table, row by
// row, every value with its type (SQL's quote()), and their search indexes
// by content. With fillGIDs, a NULL gid in a may be a valid gid in b (and
// nothing else may differ); it returns how many were.
func compareRegisters(t *testing.T, a, b string, fillGIDs bool) int64 {
	t.Helper()
	ctx := context.Background()
	open := func(p string) *sql.DB {
		db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: p}).EscapedPath()+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		t.Cleanup(func() { db.Close() })
		return db
	}
	da, db := open(a), open(b)
	schema := func(d *sql.DB) []string {
		return queryStrings(t, d, `SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY type, name`)
	}
	if sa, sb := schema(da), schema(db); !slices.Equal(sa, sb) {
		t.Errorf("%s and %s have different schemas:\n%q\n%q", a, b, sa, sb)
	}
	for _, p := range []string{"user_version", "application_id"} {
		va, vb := queryStrings(t, da, "PRAGMA "+p), queryStrings(t, db, "PRAGMA "+p)
		if !slices.Equal(va, vb) {
			t.Errorf("%s: %v and %v", p, va, vb)
		}
	}
	tables := queryStrings(t, da, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
		AND name NOT LIKE 'assets_fts%' ORDER BY name`)
	var filled int64
	for _, table := range tables {
		cols := queryStrings(t, da, `SELECT name FROM pragma_table_xinfo(?) ORDER BY cid`, table)
		gid := slices.Index(cols, "gid")
		exprs := make([]string, len(cols))
		for i, c := range cols {
			exprs[i] = `quote("` + c + `")`
		}
		read := func(d *sql.DB) [][]string {
			rows, err := d.QueryContext(ctx, `SELECT `+strings.Join(exprs, ", ")+` FROM "`+table+`"`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out [][]string
			for rows.Next() {
				row := make([]string, len(cols))
				ptrs := make([]any, len(cols))
				for i := range row {
					ptrs[i] = &row[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				out = append(out, row)
			}
			// In order of every column but gid.
			sort.Slice(out, func(i, j int) bool {
				for k := range cols {
					if k != gid && out[i][k] != out[j][k] {
						return out[i][k] < out[j][k]
					}
				}
				return false
			})
			return out
		}
		ra, rb := read(da), read(db)
		if len(ra) != len(rb) {
			t.Errorf("%s: %d rows in %s, %d in %s", table, len(ra), filepath.Base(a), len(rb), filepath.Base(b))
			continue
		}
		differ := 0
		for i := range ra {
			for k := range cols {
				va, vb := ra[i][k], rb[i][k]
				if va == vb {
					continue
				}
				if k == gid && fillGIDs && va == "NULL" && assets.ValidGID(strings.Trim(vb, "'")) {
					filled++
					continue
				}
				if differ++; differ <= 3 {
					t.Errorf("%s, row %d, %s: %s in %s, %s in %s", table, i, cols[k], va, filepath.Base(a), vb, filepath.Base(b))
				}
			}
		}
	}
	// The search index, by content.
	vocab := func(d *sql.DB) []string {
		if _, err := d.ExecContext(ctx, `CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, 'assets_fts', 'instance')`); err != nil {
			t.Fatal(err)
		}
		return queryStrings(t, d, `SELECT term || ' ' || doc || ' ' || col || ' ' || "offset" FROM temp.vocab ORDER BY term, doc, col, "offset"`)
	}
	va, vb := vocab(da), vocab(db)
	if len(va) == 0 || !slices.Equal(va, vb) {
		t.Errorf("search index: %d entries in %s, %d in %s (or they differ)", len(va), filepath.Base(a), len(vb), filepath.Base(b))
	}
	docs := func(d *sql.DB) []string {
		return queryStrings(t, d, `SELECT id || ' ' || quote(sz) FROM assets_fts_docsize ORDER BY id`)
	}
	if da, db := docs(da), docs(db); !slices.Equal(da, db) {
		t.Errorf("search index: document sizes differ (%d and %d documents)", len(da), len(db))
	}
	return filled
}
