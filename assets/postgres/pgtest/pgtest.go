// Package pgtest gives tests a PostgreSQL server and fresh registers on it.
//
// A test package that uses it calls Main from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// and each test takes a register of its own:
//
//	store := pgtest.NewStore(t)     // open, closed when the test ends
//	url := pgtest.NewDB(t)          // or its address, to open yourself
//
// The server is, in this order:
//   - STEWARD_TEST_PG, a connection string to a server where the user may
//     create databases (CI starts one: .ci/run);
//   - else a throwaway cluster that Main starts for the test binary from
//     the PostgreSQL binaries it finds (/usr/lib/postgresql/*/bin, or
//     initdb on PATH): initdb as the postgres user when run as root, Unix
//     socket only in a folder of its own (listen_addresses empty), fsync off,
//     stopped (and the folder removed) when the tests end, and killed by
//     the kernel if the test binary dies first;
//   - else none: the tests that need one skip, except under CI=true, where
//     a missing server fails them.
//
// A package whose TestMain does something else (the main package's) may
// skip Main: the first test that asks for a database then starts a server
// for itself, stopped when that test ends (ask in the parent test, before
// its subtests).
//
// Every database is a copy of a template register made once per test
// binary (CREATE DATABASE ... TEMPLATE, ~75 ms) and dropped when its test
// ends. Tests that import pgtest must be in an external test package
// (package postgres_test): pgtest imports postgres.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"steward/assets/postgres"
)

// EnvServer names the variable that points the tests at a server.
const EnvServer = "STEWARD_TEST_PG"

// PasswordGroup is the role whose members the test server asks for a
// password (scram-sha-256) on its socket, where everyone else is trusted:
// a test that needs a password-checked user creates one IN ROLE
// PasswordGroup. Main's own cluster has the rule; .ci/run's too.
const PasswordGroup = "steward_pw"

var (
	mainCalled bool
	srv        *server
	srvErr     error // why there is no server

	// Without Main: the server of the test that asked first.
	lazyMu sync.Mutex
	lazy   *server
)

// server is where the tests' databases live.
type server struct {
	admin    string   // connection string to the maintenance database, as a superuser
	own      *cluster // nil: STEWARD_TEST_PG's
	template string   // the template register's database name
	mu       sync.Mutex
	seq      int
	prefix   string // unique to this test binary
}

// Main starts the server (if need be), runs the tests and stops it.
func Main(m *testing.M) {
	mainCalled = true
	code := func() int {
		ctx := context.Background()
		srv, srvErr = startServer(ctx)
		if srv != nil {
			defer srv.stop(ctx)
		}
		return m.Run()
	}()
	os.Exit(code)
}

// unavailable ends a test that needs a server when there is none: a skip
// on a developer's machine, a failure in CI.
func unavailable(t testing.TB, why error) {
	t.Helper()
	msg := fmt.Sprintf("no PostgreSQL server for the tests (%v): set %s or install PostgreSQL's server", why, EnvServer)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// get is the server for t: Main's, or, without Main, one started for t
// and stopped when t ends.
func get(t testing.TB) *server {
	t.Helper()
	if mainCalled {
		if srv == nil {
			unavailable(t, srvErr)
		}
		return srv
	}
	lazyMu.Lock()
	defer lazyMu.Unlock()
	if lazy == nil {
		ctx := context.Background()
		s, err := startServer(ctx)
		if err != nil {
			unavailable(t, err)
		}
		lazy = s
		t.Cleanup(func() {
			lazyMu.Lock()
			defer lazyMu.Unlock()
			lazy.stop(ctx)
			lazy = nil
		})
	}
	return lazy
}

// Available tells whether tests have a server (after Main started).
func Available() bool { return srv != nil }

// AdminURL is a connection string to the server's maintenance database as
// a superuser (to create users and databases).
func AdminURL(t testing.TB) string {
	t.Helper()
	return get(t).admin
}

// NewDB makes a fresh register (a copy of the template, migrated to the
// latest schema) and returns its connection string (a superuser's). The
// database is dropped when the test ends.
func NewDB(t testing.TB) string {
	t.Helper()
	return newDB(t, true)
}

// NewEmptyDB makes an empty database (no register), dropped when the test
// ends.
func NewEmptyDB(t testing.TB) string {
	t.Helper()
	return newDB(t, false)
}

// NewStore opens a fresh register (NewDB); it is closed when the test ends.
func NewStore(t testing.TB) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), NewDB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newDB(t testing.TB, register bool) string {
	t.Helper()
	srv := get(t)
	ctx := context.Background()
	srv.mu.Lock()
	srv.seq++
	name := fmt.Sprintf("%s_%d", srv.prefix, srv.seq)
	srv.mu.Unlock()
	create := "CREATE DATABASE " + name
	if register {
		create += " TEMPLATE " + srv.template
	}
	if err := srv.exec(ctx, create); err != nil {
		t.Fatalf("pgtest: %s: %v", create, err)
	}
	t.Cleanup(func() {
		if err := srv.exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: dropping %s: %v", name, err)
		}
	})
	return WithDatabase(srv.admin, name)
}

// WithDatabase is conn (a URL or keyword=value string) naming database db.
func WithDatabase(conn, db string) string {
	if postgres.IsURL(conn) {
		u, err := url.Parse(conn)
		if err != nil {
			panic(err)
		}
		u.Path = "/" + db
		u.RawPath = ""
		return u.String()
	}
	return conn + " dbname=" + quoteKeyword(db)
}

// WithUser is conn connecting as user, with password ("" for none).
func WithUser(conn, user, password string) string {
	conn = postgres.WithoutPassword(conn)
	if postgres.IsURL(conn) {
		u, err := url.Parse(conn)
		if err != nil {
			panic(err)
		}
		q := u.Query()
		q.Del("user")
		u.RawQuery = q.Encode()
		if password != "" {
			u.User = url.UserPassword(user, password)
		} else {
			u.User = url.User(user)
		}
		return u.String()
	}
	conn += " user=" + quoteKeyword(user)
	if password != "" {
		conn += " password=" + quoteKeyword(password)
	}
	return conn
}

func quoteKeyword(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// exec runs one statement on the maintenance database, again while the
// template is briefly in use (an autovacuum worker, a clone).
func (s *server) exec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, s.admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	for try := 0; ; try++ {
		_, err = conn.Exec(ctx, sql)
		var pe *pgconn.PgError
		if try < 200 && errors.As(err, &pe) && pe.Code == "55006" { // object_in_use
			time.Sleep(25 * time.Millisecond)
			continue
		}
		return err
	}
}

func startServer(ctx context.Context) (*server, error) {
	s := &server{prefix: "steward_t_" + randomHex(4)}
	if conn := os.Getenv(EnvServer); conn != "" {
		s.admin = conn
	} else {
		c, err := startCluster(ctx)
		if err != nil {
			return nil, err
		}
		s.own, s.admin = c, c.url("postgres")
	}
	if err := s.prepare(ctx); err != nil {
		s.stop(ctx)
		return nil, err
	}
	return s, nil
}

// prepare makes the template register and the password group.
func (s *server) prepare(ctx context.Context) error {
	if err := s.exec(ctx, "DO $$ BEGIN CREATE ROLE "+PasswordGroup+" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"); err != nil {
		return fmt.Errorf("%s: %w", postgres.WithoutPassword(s.admin), postgres.ExplainConnectError(err))
	}
	s.template = s.prefix + "_template"
	if err := s.exec(ctx, "CREATE DATABASE "+s.template); err != nil {
		return err
	}
	st, err := postgres.Create(ctx, WithDatabase(s.admin, s.template))
	if err != nil {
		return fmt.Errorf("making the template register: %w", err)
	}
	st.Close()
	// No connections to it from now on (autovacuum included): a clone
	// fails while anyone is connected to its template.
	return s.exec(ctx, "ALTER DATABASE "+s.template+" ALLOW_CONNECTIONS false")
}

func (s *server) stop(ctx context.Context) {
	if s.template != "" {
		_ = s.exec(ctx, "DROP DATABASE IF EXISTS "+s.template+" WITH (FORCE)")
	}
	if s.own != nil {
		if err := s.own.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
