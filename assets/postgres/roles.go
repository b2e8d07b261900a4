package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"steward/assets"
)

// People and roles. A Steward register in PostgreSQL has three database
// roles, made by InitRegister (steward db init); a person's database user
// is granted one of them (Grant, steward db grant):
//
//	steward_readonly    reads everything
//	steward_technician  also changes the data (assets, people, licences,
//	                    history rows of its own...), not settings
//	steward_admin       also owns the schema (upgrades it), changes the
//	                    settings and grants the roles to other users
//
// Each role includes the one above it. The rights are GRANTs on the
// database's objects, so the server refuses what a role may not do, from
// Steward or from any other client: a read-only user's INSERT fails, a
// technician cannot change a setting or grant a role, nobody but an
// administrator can set history's db_user. The roles are the server's
// (PostgreSQL roles belong to the whole cluster): two Steward registers on
// one server share them.

// Role is a Steward role.
type Role string

const (
	RoleNone       Role = ""
	RoleReadOnly   Role = "readonly"
	RoleTechnician Role = "technician"
	RoleAdmin      Role = "admin"
)

// Roles lists the roles from least to most rights.
var Roles = []Role{RoleReadOnly, RoleTechnician, RoleAdmin}

// DBRole is the database role that carries r ("steward_technician").
func (r Role) DBRole() string { return "steward_" + string(r) }

// String names the role for a person ("read-only", "technician", "admin",
// "none").
func (r Role) String() string {
	switch r {
	case RoleNone:
		return "none"
	case RoleReadOnly:
		return "read-only"
	}
	return string(r)
}

// ParseRole reads a role as a person types it: readonly, read-only,
// technician, admin (with or without steward_), or none.
func ParseRole(s string) (Role, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.TrimPrefix(k, "steward_")
	switch strings.NewReplacer("-", "", "_", "", " ", "").Replace(k) {
	case "readonly", "reader", "read":
		return RoleReadOnly, nil
	case "technician", "tech":
		return RoleTechnician, nil
	case "admin", "administrator":
		return RoleAdmin, nil
	case "none":
		return RoleNone, nil
	}
	return RoleNone, fmt.Errorf("%q is not a Steward role: use readonly, technician, admin (or none to take a user's role away)", s)
}

// adminOnly are the tables only administrators change; history is
// append-only (technicians insert rows, never with db_user). The change
// log (changes) is written by a SECURITY DEFINER trigger only: every role
// reads it (Store.Watch), nobody's statements write it.
var adminOnly = map[string]bool{"settings": true, "schema_migrations": true, "changes": true, "bulk_load_saved": true}

// historyColumns are the columns of history a technician may write:
// all but db_user, which the server fills with session_user.
const historyColumns = "id, at, actor, entity, entity_id, action, field, old_value, new_value, gid"

// rolesExist tells whether the Steward roles exist on this server.
func rolesExist(ctx context.Context, q querier) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM pg_roles WHERE rolname IN ('steward_readonly', 'steward_technician', 'steward_admin')`).Scan(&n)
	return n == 3, err
}

// prepared tells whether this database was set up for the roles (steward
// db init): the roles exist and steward_admin may create in its schema.
func prepared(ctx context.Context, q querier) (bool, error) {
	ok, err := rolesExist(ctx, q)
	if err != nil || !ok {
		return false, err
	}
	err = q.QueryRow(ctx, `SELECT has_schema_privilege('steward_admin', 'public', 'CREATE')`).Scan(&ok)
	return ok, err
}

// useAdminRole makes the rest of tx run as steward_admin when the database
// is set up for the roles and the user may, so that what a migration
// creates belongs to that role (every administrator can change it later).
func useAdminRole(ctx context.Context, tx pgx.Tx) error {
	ok, err := prepared(ctx, tx)
	if err != nil || !ok {
		return err
	}
	var member bool
	if err := tx.QueryRow(ctx, `SELECT pg_has_role(session_user, 'steward_admin', 'MEMBER')`).Scan(&member); err != nil || !member {
		return err
	}
	_, err = tx.Exec(ctx, "SET LOCAL ROLE steward_admin")
	return err
}

// grantAll gives the roles their rights on every table and sequence of the
// register (after each migration, so new tables get them too). Without the
// roles it does nothing.
func grantAll(ctx context.Context, tx pgx.Tx) error {
	ok, err := rolesExist(ctx, tx)
	if err != nil || !ok {
		return err
	}
	rows, err := tx.Query(ctx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`)
	if err != nil {
		return err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	stmts := []string{
		"GRANT USAGE ON SCHEMA public TO steward_readonly",
		"GRANT SELECT ON ALL TABLES IN SCHEMA public TO steward_readonly",
		"GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO steward_readonly",
		"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO steward_technician",
		// A large import's index rebuild (0007_bulk_load.sql).
		"GRANT EXECUTE ON FUNCTION bulk_load_begin(bigint, text[]), bulk_load_end() TO steward_technician",
	}
	for _, t := range tables {
		id := pgx.Identifier{t}.Sanitize()
		switch {
		case adminOnly[t]:
			stmts = append(stmts, "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "+id+" FROM steward_technician")
		case t == "history":
			stmts = append(stmts, "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON history FROM steward_technician",
				"GRANT INSERT ("+historyColumns+") ON history TO steward_technician")
		default:
			stmts = append(stmts, "GRANT INSERT, UPDATE, DELETE ON "+id+" TO steward_technician")
		}
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// InitRegister sets up the database conn is connected to as a Steward
// register: the three roles (on the server, if missing), the database's
// rights (only Steward's roles, and the database's owner, may connect),
// the schema (made or brought up to date, owned by steward_admin) and the
// GRANTs. Run it as a superuser, or as the database's owner with
// CREATEROLE. Running it again repairs the rights and changes nothing else.
// url is the same database's address (the schema is made through Create).
func InitRegister(ctx context.Context, conn *pgx.Conn, url string, o Options) error {
	if err := createRoles(ctx, conn); err != nil {
		return err
	}
	var db string
	if err := conn.QueryRow(ctx, "SELECT current_database()").Scan(&db); err != nil {
		return err
	}
	dbID := pgx.Identifier{db}.Sanitize()
	for _, s := range []string{
		"REVOKE CONNECT, TEMPORARY ON DATABASE " + dbID + " FROM PUBLIC",
		"GRANT CONNECT, TEMPORARY ON DATABASE " + dbID + " TO steward_readonly",
		"GRANT CREATE ON DATABASE " + dbID + " TO steward_admin",
		"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
		"GRANT USAGE ON SCHEMA public TO steward_readonly",
		"GRANT CREATE ON SCHEMA public TO steward_admin",
	} {
		if _, err := conn.Exec(ctx, s); err != nil {
			return explainRights(fmt.Errorf("%s: %w", s, err))
		}
	}
	s, err := Create(ctx, url, o)
	if err != nil {
		return err
	}
	s.Close()
	// A register made before the roles (or by another user): hand its
	// objects to steward_admin, then grant.
	return explainRights(pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if err := ownAll(ctx, tx); err != nil {
			return err
		}
		return grantAll(ctx, tx)
	}))
}

// createRoles makes the roles that are missing and links them: each
// includes the one below, and steward_admin may grant the other two.
func createRoles(ctx context.Context, conn *pgx.Conn) error {
	for _, r := range Roles {
		if err := createRole(ctx, conn, r.DBRole()); err != nil {
			return explainRights(err)
		}
	}
	for _, s := range []string{
		"GRANT steward_readonly TO steward_technician",
		"GRANT steward_technician TO steward_admin WITH ADMIN OPTION",
		"GRANT steward_readonly TO steward_admin WITH ADMIN OPTION",
	} {
		if _, err := conn.Exec(ctx, s); err != nil {
			return explainRights(fmt.Errorf("%s: %w", s, err))
		}
	}
	return nil
}

func createRole(ctx context.Context, conn *pgx.Conn, name string) error {
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", name).Scan(&exists); err != nil || exists {
		return err
	}
	_, err := conn.Exec(ctx, "CREATE ROLE "+pgx.Identifier{name}.Sanitize()+" NOLOGIN")
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "42710" || pe.Code == "23505") {
		return nil // made meanwhile by another session
	}
	return err
}

// ownAll gives steward_admin the register's tables, sequences and
// functions that someone else owns.
func ownAll(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `
		SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, quote_ident(c.relname)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S')
			AND pg_get_userbyid(c.relowner) <> 'steward_admin'
			AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'i', 'a'))
		UNION ALL
		SELECT 'FUNCTION', p.oid::regprocedure::text
		FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> 'steward_admin'
			AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`)
	if err != nil {
		return err
	}
	var stmts []string
	for rows.Next() {
		var kind, name string
		if err := rows.Scan(&kind, &name); err != nil {
			rows.Close()
			return err
		}
		stmts = append(stmts, "ALTER "+kind+" "+name+" OWNER TO steward_admin")
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// Beginner starts transactions: a *pgx.Conn, a *pgxpool.Pool.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Grant gives user the Steward role r (and takes away any other Steward
// role it had); RoleNone takes them all away. An administrator may grant
// any role, including admin to another user. The user must exist: create
// it on the server first (CREATE ROLE name LOGIN, with a password or
// another way to sign in).
func Grant(ctx context.Context, db Beginner, user string, r Role) error {
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", user).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return fmt.Errorf("the server has no user %q: create it first (CREATE ROLE %s LOGIN PASSWORD '...'), then grant it a role", user, pgx.Identifier{user}.Sanitize())
		}
		if strings.HasPrefix(user, "steward_") {
			return fmt.Errorf("%q is one of Steward's roles, not a person's user", user)
		}
		ok, err := rolesExist(ctx, tx)
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("this server has no Steward roles yet: run 'steward db init' on the register first")
		}
		// Take away the roles the user holds that are not r.
		rows, err := tx.Query(ctx, `SELECT r.rolname FROM pg_auth_members m
			JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
			WHERE u.rolname = $1 AND r.rolname IN ('steward_readonly', 'steward_technician', 'steward_admin')`, user)
		if err != nil {
			return err
		}
		held, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		uid := pgx.Identifier{user}.Sanitize()
		for _, h := range held {
			if r != RoleNone && h == r.DBRole() {
				continue
			}
			if _, err := tx.Exec(ctx, "REVOKE "+pgx.Identifier{h}.Sanitize()+" FROM "+uid); err != nil {
				return err
			}
		}
		if r == RoleNone {
			return nil
		}
		grant := "GRANT " + r.DBRole() + " TO " + uid
		if r == RoleAdmin {
			grant += " WITH ADMIN OPTION" // administrators appoint others
		}
		_, err = tx.Exec(ctx, grant)
		return err
	})
	return explainRights(mapErr(err))
}

// explainRights says in plain words that the user lacks the rights to
// manage the register's roles.
func explainRights(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42501" || errors.Is(err, ErrNotAllowed) {
		return fmt.Errorf("you may not do this on this server: setting up a register takes a superuser (or the database's owner with CREATEROLE), granting roles a Steward administrator: %w", err)
	}
	return err
}

// Status is who is connected to a register and what it is.
type Status struct {
	User      string // the database user (session_user)
	Role      Role   // the highest Steward role the user holds
	Superuser bool   // a superuser may do anything, role or not
	Owner     bool   // the user owns the database (may do anything in it)
	Database  string
	Server    string // the server's version
	Version   int    // the register's schema version (0: none)
	Latest    int    // the schema version this Steward writes
	Roles     bool   // the Steward roles exist on the server
}

// ReadStatus reads who q is connected as, and the register's version.
func ReadStatus(ctx context.Context, q querier) (Status, error) {
	st := Status{Latest: SchemaVersion()}
	err := q.QueryRow(ctx, `SELECT session_user, current_database(), current_setting('server_version'),
		(SELECT rolsuper FROM pg_roles WHERE rolname = session_user),
		(SELECT pg_get_userbyid(datdba) = session_user FROM pg_database WHERE datname = current_database())`).
		Scan(&st.User, &st.Database, &st.Server, &st.Superuser, &st.Owner)
	if err != nil {
		return st, mapErr(err)
	}
	if st.Roles, err = rolesExist(ctx, q); err != nil {
		return st, mapErr(err)
	}
	if st.Roles {
		for _, r := range Roles {
			var has bool
			if err := q.QueryRow(ctx, "SELECT pg_has_role(session_user, $1, 'USAGE')", r.DBRole()).Scan(&has); err != nil {
				return st, mapErr(err)
			}
			if has {
				st.Role = r
			}
		}
	}
	if st.Version, _, _, err = registerState(ctx, q); err != nil {
		return st, mapErr(err)
	}
	return st, nil
}

// Status reads who is connected to the store's register.
func (s *Store) Status(ctx context.Context) (_ Status, err error) {
	defer assets.Wrap(&err, "postgres.Status")
	return ReadStatus(ctx, s.pool)
}
