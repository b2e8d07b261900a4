package move_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"steward/assets/move"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
	"steward/assets/sqlite"
)

// dump is every row of every table of the register conn is connected to,
// as text, table by table, and its catalog: to tell that nothing changed.
func dump(t *testing.T, conn *pgx.Conn) []string {
	t.Helper()
	ctx := context.Background()
	tables := pgStrings(t, conn, `SELECT relname::text FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace ORDER BY 1`)
	var out []string
	for _, table := range tables {
		var rows string
		if err := conn.QueryRow(ctx, `SELECT coalesce(string_agg(t::text, ' | ' ORDER BY t::text), '') FROM "`+table+`" t`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		out = append(out, table+": "+rows)
	}
	var seqs string
	if err := conn.QueryRow(ctx, `SELECT string_agg(sequencename || ' ' || coalesce(last_value, 0), ', ' ORDER BY sequencename) FROM pg_sequences WHERE schemaname = current_schema()`).Scan(&seqs); err != nil {
		t.Fatal(err)
	}
	return append(append(out, "sequences: "+seqs), catalog(t, conn)...)
}

func TestPushRefusesARegisterThatIsNotEmpty(t *testing.T) {
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "src.db")
	buildDemo(t, src, 20, 5)
	for _, c := range []struct{ name, sql, want string }{
		{"an asset", `INSERT INTO assets(tag, name, category, created, updated) VALUES ('X-1', 'x', 'laptop', 'now', 'now')`, "1 rows of assets"},
		{"a person", `INSERT INTO people(name, email, created, updated) VALUES ('Ann', 'ann@example.org', 'now', 'now')`, "1 rows of people"},
		{"a history row", `INSERT INTO history(at, entity, entity_id, action) VALUES ('now', 'asset', 1, 'delete')`, "1 rows of history"},
		{"a setting", `INSERT INTO settings(key, value) VALUES ('org_name', 'Ours')`, "setting org_name was set"},
		{"a changed category", `UPDATE categories SET label = 'Notebooks' WHERE name = 'laptop'`, "category laptop was added or changed"},
		{"a tag given out", `UPDATE counters SET value = 3`, "given out asset tags"},
	} {
		t.Run(c.name, func(t *testing.T) {
			url := pgtest.NewDB(t)
			conn := pgConnect(t, url)
			if _, err := conn.Exec(ctx, c.sql); err != nil {
				t.Fatal(err)
			}
			before := dump(t, conn)
			_, err := push(t, src, url, move.Options{})
			if err == nil || !strings.Contains(err.Error(), "is not empty") || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("push into a register with %s: %v", c.name, err)
			}
			if after := dump(t, conn); !slices.Equal(after, before) {
				t.Errorf("the refused register changed")
			}
		})
	}
	t.Run("no register", func(t *testing.T) {
		url := pgtest.NewEmptyDB(t)
		_, err := push(t, src, url, move.Options{})
		if err == nil || !strings.Contains(err.Error(), "steward db init") {
			t.Fatalf("push into a database without a register: %v", err)
		}
		var n int
		if err := pgConnect(t, url).QueryRow(ctx, `SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace`).Scan(&n); err != nil || n != 0 {
			t.Errorf("the database has %d objects now (%v)", n, err)
		}
	})
}

// Ctrl-C (a cancelled context) at any point leaves the register as it was:
// empty, with its triggers, indexes and foreign keys; pushing again works.
func TestPushStoppedLeavesTheRegisterEmpty(t *testing.T) {
	src := filepath.Join(t.TempDir(), "src.db")
	buildDemo(t, src, 300, 20)
	for _, at := range []string{"copying history", "building indexes", "checking references", "committing"} {
		t.Run(at, func(t *testing.T) {
			url := pgtest.NewDB(t)
			conn := pgConnect(t, url)
			before := dump(t, conn)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			s, err := move.OpenSource(ctx, src)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			pc, err := pgx.Connect(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer pc.Close(context.Background())
			_, err = move.Push(ctx, s, pc, move.Options{Progress: func(p move.Progress) {
				if p.Step == at {
					cancel()
				}
			}})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("push stopped at %q: %v", at, err)
			}
			if after := dump(t, conn); !slices.Equal(after, before) {
				t.Errorf("the register changed")
			}
			if _, err := push(t, src, url, move.Options{}); err != nil {
				t.Fatalf("push after the stopped one: %v", err)
			}
		})
	}
}

// What is not a register of this Steward's, or holds what PostgreSQL cannot
// store, is refused: the file untouched, the register still empty.
func TestPushRefusesWhatItCannotCopy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	old := filepath.Join(dir, "old.db")
	s, err := sqlite.Create(ctx, old, sqlite.Options{MaxVersion: sqlite.SchemaVersion() - 1})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := fileHash(t, old)
	if _, err := move.OpenSource(ctx, old); err == nil || !strings.Contains(err.Error(), "earlier Steward") {
		t.Errorf("an earlier register: %v", err)
	}
	if fileHash(t, old) != before {
		t.Errorf("opening an earlier register changed it")
	}
	if _, err := move.OpenSource(ctx, filepath.Join(dir, "missing.db")); err == nil {
		t.Errorf("a missing file was opened")
	}

	for _, c := range []struct{ name, sql, want string }{
		{"bundle", `INSERT INTO visit(gid, source_register, taken_at) VALUES ('g', 'r', 'now')`, "is a visit bundle"},
		{"not UTF-8", `UPDATE assets SET notes = CAST(x'41ff42' AS TEXT) WHERE id = 2`, "the row with id 2, column notes: the value \"A\\xffB\" is not valid UTF-8"},
		{"NUL", `UPDATE people SET title = 'a' || char(0) || 'b' WHERE id = 3`, "copying people: the row with id 3, column title"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name+".db")
			buildDemo(t, path, 10, 5)
			st, err := sqlite.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.DB().ExecContext(ctx, c.sql); err != nil {
				t.Fatal(err)
			}
			st.Close()
			url := pgtest.NewDB(t)
			conn := pgConnect(t, url)
			was := dump(t, conn)
			_, err = push(t, path, url, move.Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("push: %v, want %q", err, c.want)
			}
			if !slices.Equal(dump(t, conn), was) {
				t.Errorf("the register changed")
			}
		})
	}
}

func TestBackupRefusesAndLeavesNothingHalfWritten(t *testing.T) {
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "src.db")
	buildDemo(t, src, 300, 20)
	url := pgtest.NewDB(t)
	if _, err := push(t, src, url, move.Options{}); err != nil {
		t.Fatal(err)
	}
	conn := pgConnect(t, url)
	dir := t.TempDir()

	taken := filepath.Join(dir, "taken.db")
	if err := os.WriteFile(taken, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := move.Backup(ctx, conn, taken, move.Options{}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("backup over a file: %v", err)
	}
	if b, _ := os.ReadFile(taken); string(b) != "mine" {
		t.Errorf("the file was overwritten")
	}

	for _, at := range []string{"copying history", "building indexes", "checking the copy"} {
		stop, cancel := context.WithCancel(ctx)
		dest := filepath.Join(dir, "stopped.db")
		_, _, err := move.Backup(stop, conn, dest, move.Options{Progress: func(p move.Progress) {
			if p.Step == at {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("backup stopped at %q: %v", at, err)
		}
		left, _ := filepath.Glob(filepath.Join(dir, "*"))
		if !slices.Equal(left, []string{taken}) {
			t.Errorf("backup stopped at %q left %q", at, left)
		}
		// The connection is still good for a backup (a cancelled one
		// may have closed it: the command uses it once).
		if conn.IsClosed() {
			conn = pgConnect(t, url)
		}
	}

	if _, _, err := move.Backup(ctx, pgConnect(t, pgtest.NewEmptyDB(t)), filepath.Join(dir, "none.db"), move.Options{}); err == nil || !strings.Contains(err.Error(), "nothing to back up") {
		t.Errorf("backup of a database without a register: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 1 {
		t.Errorf("left %q", left)
	}
}

// Pushing takes a Steward administrator, who need not be a superuser: a
// technician is refused, the register untouched; an administrator's push
// leaves the rights as 'steward db init' made them (a technician then adds
// an asset, under the next id).
func TestPushTakesAnAdministrator(t *testing.T) {
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "src.db")
	buildDemo(t, src, 30, 5)
	url := pgtest.NewEmptyDB(t)
	conn := pgConnect(t, url)
	if err := postgres.InitRegister(ctx, conn, url, postgres.Options{}); err != nil {
		t.Fatal(err)
	}
	admin := pgConnect(t, pgtest.AdminURL(t))
	users := map[postgres.Role]string{}
	for _, r := range []postgres.Role{postgres.RoleAdmin, postgres.RoleTechnician} {
		user := "move_" + string(r)
		if _, err := admin.Exec(ctx, "CREATE ROLE "+user+" LOGIN"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			c, err := pgx.Connect(ctx, pgtest.AdminURL(t))
			if err == nil {
				c.Exec(ctx, "DROP OWNED BY "+user+"; DROP ROLE IF EXISTS "+user)
				c.Close(ctx)
			}
		})
		if err := postgres.Grant(ctx, conn, user, r); err != nil {
			t.Fatal(err)
		}
		users[r] = user
	}
	before := dump(t, conn)
	_, err := push(t, src, pgtest.WithUser(url, users[postgres.RoleTechnician], ""), move.Options{})
	if err == nil || !strings.Contains(err.Error(), "takes a Steward administrator") {
		t.Fatalf("push by a technician: %v", err)
	}
	if !slices.Equal(dump(t, conn), before) {
		t.Errorf("the refused push changed the register")
	}
	fresh := catalog(t, conn)
	if _, err := push(t, src, pgtest.WithUser(url, users[postgres.RoleAdmin], ""), move.Options{}); err != nil {
		t.Fatalf("push by an administrator: %v", err)
	}
	if !slices.Equal(catalog(t, conn), fresh) {
		t.Errorf("the push changed the register's catalog")
	}
	var grants string
	if err := conn.QueryRow(ctx, `SELECT string_agg(table_name || ' ' || grantee || ' ' || privilege_type, ', ' ORDER BY 1) FROM information_schema.role_table_grants WHERE grantee LIKE 'steward%'`).Scan(&grants); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(grants, "assets steward_technician INSERT") {
		t.Errorf("grants after the push: %s", grants)
	}
	tech := pgConnect(t, pgtest.WithUser(url, users[postgres.RoleTechnician], ""))
	var id int64
	if err := tech.QueryRow(ctx, `INSERT INTO assets(tag, name, category, created, updated) VALUES ('NEW-1', 'new', 'laptop', 'now', 'now') RETURNING id`).Scan(&id); err != nil {
		t.Fatalf("a technician adds an asset after the push: %v", err)
	}
	if id != 31 {
		t.Errorf("the new asset's id is %d, want 31", id)
	}
}

// A register another connection holds (a transaction left open) is waited
// for a while, then refused untouched.
func TestPushWaitsForTheRegisterNotForever(t *testing.T) {
	ctx := context.Background()
	defer move.SetLockTimeout(300 * time.Millisecond)()
	src := filepath.Join(t.TempDir(), "src.db")
	buildDemo(t, src, 10, 3)
	url := pgtest.NewDB(t)
	conn := pgConnect(t, url)
	before := dump(t, conn)
	other := pgConnect(t, url)
	tx, err := other.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "SELECT count(*) FROM people"); err != nil {
		t.Fatal(err)
	}
	_, err = push(t, src, url, move.Options{})
	if err == nil || !strings.Contains(err.Error(), "is in use by another connection") {
		t.Fatalf("push while another transaction reads: %v", err)
	}
	tx.Rollback(ctx)
	if !slices.Equal(dump(t, conn), before) {
		t.Errorf("the register changed")
	}
	if _, err := push(t, src, url, move.Options{}); err != nil {
		t.Fatalf("push once it is free: %v", err)
	}
}
