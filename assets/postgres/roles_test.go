package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
)

// newUser makes a login user on the test server (roles belong to the
// whole server: the name is unique to the test), dropped at the end.
func newUser(t *testing.T, name string, extra ...string) string {
	t.Helper()
	ctx := context.Background()
	user := fmt.Sprintf("%s_%s", name, strings.ToLower(strings.ReplaceAll(t.Name(), "/", "_")))
	if len(user) > 60 {
		user = user[:60]
	}
	admin := conn(t, pgtest.AdminURL(t))
	if _, err := admin.Exec(ctx, "CREATE ROLE "+pgx.Identifier{user}.Sanitize()+" LOGIN "+strings.Join(extra, " ")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, pgtest.AdminURL(t))
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close(ctx)
		// Its databases are dropped by now, or are dropped with FORCE.
		if _, err := c.Exec(ctx, "DROP ROLE IF EXISTS "+pgx.Identifier{user}.Sanitize()); err != nil {
			t.Logf("dropping %s: %v", user, err)
		}
	})
	return user
}

// refused tells whether err is the server refusing for lack of privilege.
func refused(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "42501" || errors.Is(err, postgres.ErrNotAllowed)
}

func TestRolesAreEnforcedByTheDatabase(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewEmptyDB(t)
	su := conn(t, url)
	if err := postgres.InitRegister(ctx, su, url, postgres.Options{}); err != nil {
		t.Fatal(err)
	}
	// Again: repairs, changes nothing.
	if err := postgres.InitRegister(ctx, su, url, postgres.Options{}); err != nil {
		t.Fatalf("init again: %v", err)
	}
	if n := queryInt(t, su, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> 'steward_admin'`); n != 0 {
		t.Errorf("%d tables not owned by steward_admin", n)
	}
	reader, tech, boss, nobody := newUser(t, "reader"), newUser(t, "tech"), newUser(t, "boss"), newUser(t, "nobody")
	for user, role := range map[string]postgres.Role{reader: postgres.RoleReadOnly, tech: postgres.RoleTechnician, boss: postgres.RoleAdmin} {
		if err := postgres.Grant(ctx, su, user, role); err != nil {
			t.Fatalf("grant %s %s: %v", user, role, err)
		}
	}
	as := func(user string) *pgx.Conn { return conn(t, pgtest.WithUser(url, user, "")) }

	t.Run("no role, no connection", func(t *testing.T) {
		_, err := postgres.Connect(ctx, pgtest.WithUser(url, nobody, ""), postgres.Options{})
		if err == nil || !strings.Contains(err.Error(), "may not connect") {
			t.Errorf("a user without a Steward role: %v", err)
		}
	})

	t.Run("read-only", func(t *testing.T) {
		c := as(reader)
		if n := queryInt(t, c, "SELECT count(*) FROM categories"); n == 0 {
			t.Error("a reader sees no categories")
		}
		queryInt(t, c, "SELECT count(*) FROM changes") // a reader may read the change log (Watch)
		for _, q := range []string{
			"INSERT INTO people(name, email, created, updated) VALUES ('R', 'r@example.com', 'x', 'x')",
			"UPDATE categories SET label = 'X'",
			"DELETE FROM categories",
			"INSERT INTO history(at, entity, entity_id, action) VALUES ('x', 'asset', 1, 'create')",
			"UPDATE counters SET value = value + 1",
		} {
			if _, err := c.Exec(ctx, q); !refused(err) {
				t.Errorf("a reader's %q: %v, want refused", q, err)
			}
		}
		s, err := postgres.Open(ctx, pgtest.WithUser(url, reader, ""))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		st, err := s.Status(ctx)
		if err != nil || st.Role != postgres.RoleReadOnly || st.User != reader || st.Version != postgres.SchemaVersion() {
			t.Errorf("status %+v, %v", st, err)
		}
	})

	t.Run("technician", func(t *testing.T) {
		c := as(tech)
		var id int64
		if err := c.QueryRow(ctx, "INSERT INTO people(name, email, created, updated) VALUES ('T', 't@example.com', 'x', 'x') RETURNING id").Scan(&id); err != nil {
			t.Fatalf("a technician adds a person: %v", err)
		}
		if _, err := c.Exec(ctx, "INSERT INTO assets(tag, name, category, assigned_to, created, updated) VALUES ('ST-1', 'L', 'laptop', $1, 'x', 'x')", id); err != nil {
			t.Fatalf("a technician adds an asset: %v", err)
		}
		if _, err := c.Exec(ctx, "UPDATE counters SET value = value + 1 WHERE name = 'tag_counter'"); err != nil {
			t.Errorf("a technician moves the tag counter: %v", err)
		}
		if _, err := c.Exec(ctx, "SELECT compact_asset_counts()"); err != nil {
			t.Errorf("a technician compacts asset_counts: %v", err)
		}
		var who string
		if err := c.QueryRow(ctx, "INSERT INTO history(at, actor, entity, entity_id, action) VALUES ('x', 'Tess', 'person', $1, 'create') RETURNING db_user", id).Scan(&who); err != nil || who != tech {
			t.Errorf("a technician's history row: db_user %q, %v; want %q", who, err, tech)
		}
		// The change log records the technician's writes (a SECURITY
		// DEFINER trigger), under their name, and they cannot write it.
		if err := c.QueryRow(ctx, "SELECT db_user FROM changes WHERE entity = 'people' AND entity_id = $1 AND action = 'insert'", id).Scan(&who); err != nil || who != tech {
			t.Errorf("the change log's row for a technician's insert: db_user %q, %v; want %q", who, err, tech)
		}
		for _, q := range []string{
			"INSERT INTO changes(entity, action) VALUES ('assets', 'insert')",
			"UPDATE changes SET entity = 'x'",
			"DELETE FROM changes",
		} {
			if _, err := c.Exec(ctx, q); !refused(err) {
				t.Errorf("a technician's %q: %v, want refused", q, err)
			}
		}
		for _, q := range []string{
			"INSERT INTO history(at, entity, entity_id, action, db_user) VALUES ('x', 'asset', 1, 'create', 'someone_else')",
			"UPDATE history SET actor = 'x'",
			"DELETE FROM history",
			"INSERT INTO settings(key, value) VALUES ('org_name', 'T')",
			"UPDATE settings SET value = 'x' WHERE key = 'register_gid'",
			"DELETE FROM schema_migrations",
			"CREATE TABLE mine (id int)",
			"ALTER TABLE assets ADD COLUMN x int",
			"GRANT steward_admin TO " + pgx.Identifier{tech}.Sanitize(),
			"CREATE ROLE made_by_tech LOGIN",
		} {
			if _, err := c.Exec(ctx, q); !refused(err) {
				t.Errorf("a technician's %q: %v, want refused", q, err)
			}
		}
		if err := postgres.Grant(ctx, c, reader, postgres.RoleAdmin); err == nil {
			t.Error("a technician granted a role")
		}
		s, err := postgres.Open(ctx, pgtest.WithUser(url, tech, ""))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.SetSetting(ctx, "org_name", "T"); !errors.Is(err, postgres.ErrNotAllowed) {
			t.Errorf("a technician's SetSetting: %v, want ErrNotAllowed", err)
		}
		if st, _ := s.Status(ctx); st.Role != postgres.RoleTechnician {
			t.Errorf("status %+v", st)
		}
	})

	t.Run("admin", func(t *testing.T) {
		c := as(boss)
		s, err := postgres.Open(ctx, pgtest.WithUser(url, boss, ""))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.SetSetting(ctx, "org_name", "Acme"); err != nil {
			t.Errorf("an administrator's SetSetting: %v", err)
		}
		// An administrator appoints others, administrators included.
		newbie := newUser(t, "newbie")
		for _, r := range []postgres.Role{postgres.RoleTechnician, postgres.RoleAdmin, postgres.RoleReadOnly} {
			if err := postgres.Grant(ctx, c, newbie, r); err != nil {
				t.Fatalf("an administrator grants %s: %v", r, err)
			}
			st, err := postgres.ReadStatus(ctx, as(newbie))
			if err != nil || st.Role != r {
				t.Errorf("after granting %s: status %+v, %v", r, st, err)
			}
		}
		if err := postgres.Grant(ctx, c, newbie, postgres.RoleNone); err != nil {
			t.Fatal(err)
		}
		if _, err := postgres.Connect(ctx, pgtest.WithUser(url, newbie, ""), postgres.Options{}); err == nil {
			t.Error("a user whose role was taken away still connects")
		}
	})

	t.Run("upgrade by an administrator only", func(t *testing.T) {
		next := postgres.SchemaVersion() + 1
		restore := postgres.AddMigration(next, fmt.Sprintf("%04d_more.sql", next), `CREATE TABLE more_things (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, what text NOT NULL);`)
		defer restore()
		if _, err := postgres.Open(ctx, pgtest.WithUser(url, tech, "")); err == nil || !strings.Contains(err.Error(), "administrator") {
			t.Errorf("a technician opening a register to upgrade: %v", err)
		}
		s, err := postgres.Open(ctx, pgtest.WithUser(url, boss, ""))
		if err != nil {
			t.Fatalf("an administrator upgrading: %v", err)
		}
		s.Close()
		var owner string
		if err := su.QueryRow(ctx, "SELECT tableowner FROM pg_tables WHERE tablename = 'more_things'").Scan(&owner); err != nil || owner != "steward_admin" {
			t.Errorf("the new table belongs to %q (%v), want steward_admin", owner, err)
		}
		if _, err := as(tech).Exec(ctx, "INSERT INTO more_things(what) VALUES ('x')"); err != nil {
			t.Errorf("a technician writes to the new table: %v", err)
		}
		if _, err := as(reader).Exec(ctx, "INSERT INTO more_things(what) VALUES ('x')"); !refused(err) {
			t.Errorf("a reader writes to the new table: %v", err)
		}
	})
}

func TestParseRole(t *testing.T) {
	for in, want := range map[string]postgres.Role{
		"readonly": postgres.RoleReadOnly, "read-only": postgres.RoleReadOnly, "steward_readonly": postgres.RoleReadOnly,
		"Technician": postgres.RoleTechnician, "admin": postgres.RoleAdmin, "steward_admin": postgres.RoleAdmin, "none": postgres.RoleNone,
	} {
		if got, err := postgres.ParseRole(in); err != nil || got != want {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := postgres.ParseRole("owner"); err == nil {
		t.Error("ParseRole(owner) worked")
	}
}
