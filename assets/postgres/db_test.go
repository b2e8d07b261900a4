package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"steward/assets"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
)

// conn opens a plain connection to url, closed when the test ends.
func conn(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func queryInt(t *testing.T, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := q.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func TestNewRegister(t *testing.T) {
	ctx := context.Background()
	s := pgtest.NewStore(t)
	gid, err := s.Setting(ctx, "register_gid")
	if err != nil || !assets.ValidGID(gid) {
		t.Fatalf("register_gid = %q, %v: want a UUIDv7", gid, err)
	}
	if created, _ := s.Setting(ctx, "created"); created == "" {
		t.Error("no 'created' setting")
	}
	if n := queryInt(t, s.Pool(), "SELECT count(*) FROM categories WHERE builtin"); n != len(assets.DefaultCategories) {
		t.Errorf("%d built-in categories, want %d", n, len(assets.DefaultCategories))
	}
	if v := queryInt(t, s.Pool(), "SELECT max(version) FROM schema_migrations"); v != postgres.SchemaVersion() {
		t.Errorf("schema version %d, want %d", v, postgres.SchemaVersion())
	}
	// new_gid() makes what assets.NewGID makes.
	var g string
	if err := s.Pool().QueryRow(ctx, "SELECT new_gid()::text").Scan(&g); err != nil || !assets.ValidGID(g) {
		t.Errorf("new_gid() = %q, %v", g, err)
	}
	if v, err := s.Setting(ctx, "no such key"); v != "" || err != nil {
		t.Errorf("missing setting = %q, %v", v, err)
	}
	if err := s.SetSetting(ctx, assets.SettingOrgName, "Acme"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(ctx, assets.SettingOrgName, "Acme BV"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Setting(ctx, assets.SettingOrgName); v != "Acme BV" {
		t.Errorf("org_name = %q", v)
	}
	if v := queryInt(t, s.Pool(), "SELECT version FROM settings WHERE key = $1", assets.SettingOrgName); v != 2 {
		t.Errorf("the setting's version is %d after one change, want 2", v)
	}
}

func TestOpenRefusesWhatIsNotARegister(t *testing.T) {
	ctx := context.Background()
	empty := pgtest.NewEmptyDB(t)
	if _, err := postgres.Open(ctx, empty); err == nil || !strings.Contains(err.Error(), "steward db init") {
		t.Errorf("Open on an empty database: %v, want a pointer to steward db init", err)
	}
	if n := queryInt(t, conn(t, empty), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"); n != 0 {
		t.Fatalf("Open left %d tables in an empty database", n)
	}
	s, err := postgres.Create(ctx, empty)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Created() {
		t.Error("Create on an empty database: Created() is false")
	}
	s.Close()
	s, err = postgres.Create(ctx, empty)
	if err != nil {
		t.Fatal(err)
	}
	if s.Created() {
		t.Error("Create on a register: Created() is true")
	}
	s.Close()

	// Somebody else's database is left alone.
	other := pgtest.NewEmptyDB(t)
	c := conn(t, other)
	if _, err := c.Exec(ctx, "CREATE TABLE invoices (id int)"); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.Create(ctx, other); err == nil || !strings.Contains(err.Error(), "no Steward register") {
		t.Errorf("Create on another program's database: %v", err)
	}
	if n := queryInt(t, c, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"); n != 1 {
		t.Errorf("the other database has %d tables after Create, want its 1", n)
	}
}

// fingerprint is what a refused Open must not change: every table's
// rows, the version table, the objects.
func fingerprint(t *testing.T, c *pgx.Conn) string {
	t.Helper()
	var out strings.Builder
	rows, err := c.Query(context.Background(), `SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
		var name, kind string
		err := r.Scan(&name, &kind)
		return name + ":" + kind, err
	})
	if err != nil {
		t.Fatal(err)
	}
	out.WriteString(strings.Join(objs, " "))
	for _, q := range []string{"SELECT version, name FROM schema_migrations ORDER BY 1", "SELECT key, value, version FROM settings ORDER BY 1"} {
		rows, err := c.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			v, _ := rows.Values()
			fmt.Fprintf(&out, "\n%v", v)
		}
		rows.Close()
	}
	return out.String()
}

func TestNewerRegisterRefusedUntouched(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewDB(t)
	c := conn(t, url)
	future := postgres.SchemaVersion() + 1
	if _, err := c.Exec(ctx, "INSERT INTO schema_migrations(version, name) VALUES ($1, 'from_the_future.sql')", future); err != nil {
		t.Fatal(err)
	}
	before := fingerprint(t, c)
	for _, o := range []postgres.Options{{}, {NoMigrate: true}} {
		_, err := postgres.Open(ctx, url, o)
		if err == nil || !strings.Contains(err.Error(), "newer Steward") || !strings.Contains(err.Error(), "not changed") {
			t.Errorf("Open(%+v) of a newer register: %v", o, err)
		}
		if _, err := postgres.Create(ctx, url, o); err == nil {
			t.Errorf("Create(%+v) of a newer register worked", o)
		}
	}
	if after := fingerprint(t, c); after != before {
		t.Errorf("the register changed:\nbefore %s\nafter  %s", before, after)
	}
}

// Twenty clients starting together after an upgrade migrate the register
// once: the others wait on the advisory lock, then find it done.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewDB(t) // at the embedded schema
	next := postgres.SchemaVersion() + 1
	restore := postgres.AddMigration(next, fmt.Sprintf("%04d_upgrade.sql", next), `
		CREATE TABLE upgrade_runs (at timestamptz NOT NULL DEFAULT clock_timestamp());
		INSERT INTO upgrade_runs DEFAULT VALUES;
		SELECT pg_sleep(0.2); -- long enough for the others to arrive
		ALTER TABLE assets ADD COLUMN upgraded boolean NOT NULL DEFAULT false;`)
	defer restore()
	const clients = 20
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := postgres.Open(ctx, url, postgres.Options{MaxConns: 2})
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	c := conn(t, url)
	if n := queryInt(t, c, "SELECT count(*) FROM upgrade_runs"); n != 1 {
		t.Errorf("the upgrade ran %d times, want once", n)
	}
	if n := queryInt(t, c, "SELECT count(*) FROM schema_migrations WHERE version = $1", next); n != 1 {
		t.Errorf("version %d recorded %d times", next, n)
	}
}

// Twenty clients making the same new register: one makes it.
func TestConcurrentCreatesMakeOneRegister(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewEmptyDB(t)
	const clients = 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := 0
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := postgres.Create(ctx, url, postgres.Options{MaxConns: 2})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			if s.Created() {
				created++
			}
			mu.Unlock()
			s.Close()
		}()
	}
	wg.Wait()
	if created != 1 {
		t.Errorf("%d clients made the register, want 1", created)
	}
	if n := queryInt(t, conn(t, url), "SELECT count(*) FROM categories"); n != len(assets.DefaultCategories) {
		t.Errorf("%d categories, want %d (seeded once)", n, len(assets.DefaultCategories))
	}
}

func TestDataVersionMovesOnCommit(t *testing.T) {
	ctx := context.Background()
	s := pgtest.NewStore(t)
	v1, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Another client's uncommitted change, then its commit.
	other := conn(t, s.URL())
	tx, err := other.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO people(name, email, created, updated) VALUES ('Ann', 'ann@example.com', 'x', 'x')"); err != nil {
		t.Fatal(err)
	}
	v2, _ := s.DataVersion(ctx)
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	v3, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v3 == v1 || v3 == v2 {
		t.Errorf("DataVersion: %d before, %d during, %d after another client's commit: the commit must move it", v1, v2, v3)
	}
}

// Errors come back as the domain's: a duplicate tag (in any ASCII case)
// is a conflict on the tag field.
func TestMapErrDuplicateTag(t *testing.T) {
	ctx := context.Background()
	s := pgtest.NewStore(t)
	insert := func(tag string) error {
		_, err := s.Pool().Exec(ctx, `INSERT INTO assets(tag, name, category, created, updated) VALUES ($1, 'x', 'laptop', 'x', 'x')`, tag)
		return postgres.MapErr(err)
	}
	if err := insert("ST-000001"); err != nil {
		t.Fatal(err)
	}
	err := insert("st-000001")
	var de *assets.Error
	if !errors.As(err, &de) || de.Kind != assets.KindConflict || de.Field != "tag" {
		t.Errorf("a duplicate tag in another case: %v, want a conflict on the tag", err)
	}
	// NOCASE folds ASCII only, as SQLite's does: É and é are two tags.
	if err := insert("ÉCRAN-1"); err != nil {
		t.Fatal(err)
	}
	if err := insert("éCRAN-1"); err != nil {
		t.Errorf("tags differing in a non-ASCII letter's case: %v", err)
	}
}

// A bulk insert gives its assets and their history rows global ids from Go
// (a series from one UUIDv7): each a UUIDv7, all distinct.
func TestBulkInsertGIDs(t *testing.T) {
	ctx := context.Background()
	s := pgtest.NewStore(t)
	list := make([]assets.Asset, 1500)
	for i := range list {
		list[i] = assets.Asset{Name: fmt.Sprintf("Laptop %d", i), Category: "laptop"}
	}
	if err := s.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Pool().Query(ctx, `SELECT gid::text FROM assets UNION ALL SELECT gid::text FROM history WHERE entity = 'asset'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			t.Fatal(err)
		}
		if !assets.ValidGID(g) || seen[g] {
			t.Fatalf("gid %q: not a UUIDv7, or given twice", g)
		}
		seen[g] = true
	}
	if err := rows.Err(); err != nil || len(seen) != 2*len(list) {
		t.Fatalf("%d global ids for %d assets and their history (%v)", len(seen), len(list), err)
	}
}
