package postgres

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"steward/assets"
	"steward/assets/safefile"
)

// The register's engine methods beyond the conformance groups: what the
// window and the commands ask of a register that is not about its records
// (where it is, its copies, its health, backups, visits, who is connected).
// SQLite's answer to some of them is a file operation; a shared register's
// answer is the server's, or a plain refusal that says what to do instead.

// ErrFileOnly is wrapped by the refusals of operations that work on a
// register file only (errors.Is).
var ErrFileOnly = errors.New("works on a register file only")

// fileOnly is a refusal of a file operation, in plain words.
type fileOnly struct{ msg string }

func (e *fileOnly) Error() string        { return e.msg }
func (e *fileOnly) Is(target error) bool { return target == ErrFileOnly }

// Path is the register's address without its password (postgres://...):
// what the window and the commands show where SQLite shows the file.
func (s *Store) Path() string { return s.url }

// Copies lists the register's copies that hold its licence keys: none that
// Steward keeps (a shared register's backups are the server's).
func (s *Store) Copies() (_ []string, err error) {
	defer assets.Wrap(&err, "postgres.Copies")
	return nil, nil
}

// Who is the database user connected and their Steward role (readonly,
// technician, admin; "" when they hold none). A superuser or the
// database's owner counts as admin.
func (s *Store) Who(ctx context.Context) (user, role string, err error) {
	defer assets.Wrap(&err, "postgres.Who")
	st, err := s.Status(ctx)
	if err != nil {
		return "", "", err
	}
	r := st.Role
	if st.Superuser || st.Owner {
		r = RoleAdmin
	}
	return st.User, string(r), nil
}

var createTable = regexp.MustCompile(`(?im)^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?("?[a-z_][a-z0-9_]*"?)`)

// tableNames lists the tables the migrations create.
func tableNames() ([]string, error) {
	ms, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		b, err := fs.ReadFile(migrationFS, m)
		if err != nil {
			return nil, err
		}
		for _, g := range createTable.FindAllStringSubmatch(string(b), -1) {
			name := strings.Trim(strings.ToLower(g[1]), `"`)
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// IntegrityCheck says "ok" when the register's schema is this Steward's
// and every table it makes is there; else one line per problem. (The
// server keeps its own files sound; pages are not checked.)
func (s *Store) IntegrityCheck(ctx context.Context) (_ string, err error) {
	defer assets.Wrap(&err, "postgres.IntegrityCheck")
	version, has, _, err := registerState(ctx, s.pool)
	if err != nil {
		return "", mapErr(err)
	}
	var problems []string
	if latest := SchemaVersion(); !has || version != latest {
		problems = append(problems, fmt.Sprintf("schema version %d, this Steward's is %d", version, latest))
	}
	want, err := tableNames()
	if err != nil {
		return "", err
	}
	rows, err := s.pool.Query(ctx, `SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()`)
	if err != nil {
		return "", mapErr(err)
	}
	have := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return "", mapErr(err)
		}
		have[n] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", mapErr(err)
	}
	for _, t := range want {
		if !have[t] {
			problems = append(problems, "table "+t+" is missing")
		}
	}
	if len(problems) == 0 {
		return "ok", nil
	}
	return strings.Join(problems, "\n"), nil
}

// DailyBackup makes no copy: a shared register's backups are the server's
// job (pg_dump, or its administrator's backup tool). It returns made=false
// and no error, so the window starts as on a register file.
func (s *Store) DailyBackup(ctx context.Context, dir string, keep int) (_ string, _ bool, err error) {
	defer assets.Wrap(&err, "postgres.DailyBackup")
	return "", false, nil
}

// BackupsAreTheServers says, for the Settings screen, where a shared
// register's backups are made.
const BackupsAreTheServers = "This register is shared on a PostgreSQL server: its backups are the server's job (ask its administrator), not this computer's."

func (s *Store) backupRefusal() error {
	return &fileOnly{fmt.Sprintf("this Steward cannot yet copy a shared register to a file: a shared register's backups are the server's job (pg_dump %s)", s.url)}
}

// BackupTo refuses: writing a shared register to a register file is not
// in this build (steward backup --db URL --out FILE will do it).
func (s *Store) BackupTo(ctx context.Context, dest string) (err error) {
	defer assets.Wrap(&err, "postgres.BackupTo")
	return s.backupRefusal()
}

// BackupToNew refuses, as BackupTo.
func (s *Store) BackupToNew(ctx context.Context, base, ext string) (_ string, err error) {
	defer assets.Wrap(&err, "postgres.BackupToNew")
	return "", s.backupRefusal()
}

// RestoreFrom refuses: a shared register is not replaced by a file.
func (s *Store) RestoreFrom(ctx context.Context, src string) (_ string, err error) {
	defer assets.Wrap(&err, "postgres.RestoreFrom")
	return "", &fileOnly{"restore works on a register file; for a shared register, make a fresh database (steward db init) and copy the backup into it with steward db push --from FILE --to URL"}
}

var visitRefusal = &fileOnly{"visit bundles are taken from a register file, for a laptop that works offline; a shared register is reached over the network instead: connect to it where you are (steward --db postgres://...)"}

// WriteVisitBundle refuses: visits work on a register file.
func (s *Store) WriteVisitBundle(ctx context.Context, locations []string, dest string, rules safefile.Rules, replace bool) (_ assets.VisitCheckout, err error) {
	defer assets.Wrap(&err, "postgres.WriteVisitBundle")
	return assets.VisitCheckout{}, visitRefusal
}

// CheckinVisit refuses: visits work on a register file.
func (s *Store) CheckinVisit(ctx context.Context, path string, opt assets.CheckinOptions) (_ assets.MergePlan, err error) {
	defer assets.Wrap(&err, "postgres.CheckinVisit")
	return assets.MergePlan{}, visitRefusal
}

// Probe connects to url as Open would (password from the address, PGPASSWORD,
// the password file, else password when not ""), checks that it holds a
// register this Steward can open, and says who is connected. It changes
// nothing (no migration). Errors are in plain words (ExplainConnectError).
func Probe(ctx context.Context, url, password string) (Status, error) {
	o := Options{}
	if password != "" {
		o.Password = func(context.Context, string, string) (string, error) { return password, nil }
	}
	conn, err := Connect(ctx, url, o)
	if err != nil {
		return Status{}, err
	}
	defer conn.Close(ctx)
	if err := checkRegister(ctx, conn, SchemaVersion(), false); err != nil {
		return Status{}, err
	}
	return ReadStatus(ctx, conn)
}
