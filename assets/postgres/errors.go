package postgres

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"steward/assets"
)

// ErrNotAllowed is wrapped by the error of a change the database refused
// because the user's Steward role does not allow it (SQLSTATE 42501).
var ErrNotAllowed = errors.New("your Steward role does not allow this")

// mapErr turns PostgreSQL's refusals into domain errors with plain words,
// as the SQLite store's mapErr does: unique, foreign key, check and not-null
// violations, and a role's missing privilege.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var de *assets.Error
	if errors.As(err, &de) {
		return err // already in plain words
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case "23505": // unique_violation
		switch pe.ConstraintName {
		case "assets_tag":
			return &assets.Error{Kind: assets.KindConflict, Field: "tag", Msg: "another asset already has this tag", Err: err}
		case "people_email":
			return &assets.Error{Kind: assets.KindConflict, Field: "email", Msg: "another person already has this e-mail address", Err: err}
		case "categories_pkey":
			return &assets.Error{Kind: assets.KindConflict, Field: "name", Msg: "a category with this name already exists", Err: err}
		}
		return &assets.Error{Kind: assets.KindConflict, Msg: "this record already exists", Err: err}
	case "23503": // foreign_key_violation
		return &assets.Error{Kind: assets.KindInvalid, Msg: "it refers to a record that does not exist (an unknown category or person?), or other records still refer to it", Err: err}
	case "23514", "23502": // check_violation, not_null_violation
		return &assets.Error{Kind: assets.KindInvalid, Msg: "a value is missing or out of range", Err: err}
	case "42501": // insufficient_privilege
		return fmt.Errorf("%w (the database refused it: %s)", ErrNotAllowed, pe.Message)
	case "40001", "40P01": // serialization_failure, deadlock_detected
		return fmt.Errorf("another Steward changed the same records at the same moment; try again: %w", err)
	}
	return err
}

// passwordRefused tells whether err is the server refusing a login for
// its password (wrong, or none given).
func passwordRefused(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "28P01"
}

// ExplainConnectError says in plain words why a connection to a register
// failed: the server is not there, the password is wrong or missing, the
// user or the database does not exist, the server wants TLS or its
// certificate cannot be trusted, the connection string is malformed. The
// original error is kept (errors.Is, errors.As, %+v). Other errors come
// back as they are.
func ExplainConnectError(err error) error {
	if err == nil {
		return nil
	}
	if msg := connectProblem(err); msg != "" {
		return &ConnectError{Msg: msg, Err: err}
	}
	return err
}

// ConnectError is a failed connection, explained: Msg is for a person.
type ConnectError struct {
	Msg string
	Err error
}

func (e *ConnectError) Error() string { return e.Msg }
func (e *ConnectError) Unwrap() error { return e.Err }

func connectProblem(err error) string {
	var ce *ConnectError
	if errors.As(err, &ce) {
		return "" // explained already
	}
	var pce *pgconn.ParseConfigError
	if errors.As(err, &pce) {
		return "the register's address is not a valid PostgreSQL connection string (postgres://user@host:port/database?sslmode=verify-full): " + pce.Error()
	}
	var cfg *pgconn.Config
	var pgce *pgconn.ConnectError
	if errors.As(err, &pgce) {
		cfg = pgce.Config
	}
	user, db, server := "", "", "the server"
	if cfg != nil {
		user, db = cfg.User, cfg.Database
		server = describeServer(cfg.Host, cfg.Port)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "28P01" && cfg != nil && cfg.Password == "":
			return fmt.Sprintf("%s asks user %q for a password and none was given: put it in your password file (PGPASSFILE, or ~/.pgpass) or type it when asked", server, user)
		case pe.Code == "28P01":
			return fmt.Sprintf("%s refused the password for user %q: check the password (and the user name)", server, user)
		case pe.Code == "3D000":
			return fmt.Sprintf("%s has no database %q: check its name, or create it (createdb) and run 'steward db init'", server, db)
		case pe.Code == "28000" && strings.Contains(pe.Message, "does not exist"):
			return fmt.Sprintf("%s has no user %q: check the user name, or ask its administrator to create it", server, user)
		case pe.Code == "28000" && (strings.Contains(pe.Message, "no encryption") || strings.Contains(pe.Message, "SSL off")):
			return fmt.Sprintf("%s only accepts encrypted connections (TLS) from here: add sslmode=verify-full (or require) to the address", server)
		case pe.Code == "28000" && strings.Contains(pe.Message, "pg_hba.conf"):
			return fmt.Sprintf("%s does not let user %q connect to database %q from here (its pg_hba.conf): ask its administrator", server, user, db)
		case pe.Code == "28000":
			return fmt.Sprintf("%s refused user %q: %s", server, user, pe.Message)
		case pe.Code == "42501":
			return fmt.Sprintf("user %q may not connect to database %q on %s: ask its administrator to grant you a Steward role (steward db grant)", user, db, server)
		case pe.Code == "53300":
			return fmt.Sprintf("%s has too many connections open: try again later, or ask its administrator", server)
		case pe.Code == "57P03":
			return fmt.Sprintf("%s is starting up or shutting down: try again in a moment", server)
		}
		return ""
	}
	// Client side: TLS.
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &unknownCA):
		return fmt.Sprintf("the certificate of %s cannot be trusted (signed by an unknown authority): give its CA with sslrootcert=FILE in the address, or ask its administrator", server)
	case errors.As(err, &hostErr):
		return fmt.Sprintf("the certificate of %s is not for this host name (%v): use the name the certificate is for", server, hostErr.Error())
	case errors.As(err, &invalid):
		return fmt.Sprintf("the certificate of %s is not valid (%v)", server, invalid.Error())
	case strings.Contains(err.Error(), "server refused TLS connection"):
		return fmt.Sprintf("%s does not offer encrypted connections (TLS), and the address requires them (sslmode): ask its administrator to turn TLS on", server)
	case strings.Contains(err.Error(), "tls:"):
		return fmt.Sprintf("the encrypted connection (TLS) to %s failed: %s", server, tlsDetail(err))
	}
	// Network.
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot find the server %q (no such host name): check the address", dnsErr.Name)
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, os.ErrNotExist), errors.Is(err, syscall.ENOENT):
		return fmt.Sprintf("%s is not answering: is PostgreSQL running there, and is the address (host, port) right?", server)
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return fmt.Sprintf("%s did not answer in time: is the address right, and is the network (or a firewall) letting you through?", server)
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return fmt.Sprintf("%s cannot be reached from this computer (no route): check the network", server)
	case errors.Is(err, syscall.EACCES):
		return fmt.Sprintf("%s: permission denied opening its socket", server)
	}
	return ""
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// tlsDetail is the innermost message of a TLS failure.
func tlsDetail(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "tls: "); i >= 0 {
		return msg[i:]
	}
	return msg
}

// describeServer names a server for a person: "the server at
// db.example.com:5432", or "the server on socket /run/postgresql".
func describeServer(host string, port uint16) string {
	if host == "" {
		return "the server"
	}
	if strings.HasPrefix(host, "/") {
		return fmt.Sprintf("the server on socket %s (port %d)", host, port)
	}
	return fmt.Sprintf("the server at %s", net.JoinHostPort(host, fmt.Sprint(port)))
}
