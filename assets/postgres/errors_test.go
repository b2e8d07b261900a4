package postgres_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
)

// expectConnectError connects to url and checks that the error explains
// itself with want, and never shows a password.
func expectConnectError(t *testing.T, url, want string, o postgres.Options) {
	t.Helper()
	c, err := postgres.Connect(context.Background(), url, o)
	if err == nil {
		c.Close(context.Background())
		t.Fatalf("connecting to %s worked", postgres.WithoutPassword(url))
	}
	var ce *postgres.ConnectError
	if !strings.Contains(err.Error(), want) || !errorsAs(err, &ce) {
		t.Errorf("connecting to %s:\n%v\nwant it to say %q", postgres.WithoutPassword(url), err, want)
	}
	t.Logf("%s", err)
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("the error shows the password: %v", err)
	}
}

func errorsAs(err error, target **postgres.ConnectError) bool {
	for err != nil {
		if ce, ok := err.(*postgres.ConnectError); ok {
			*target = ce
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// The real server's refusals, provoked.
func TestConnectErrorsFromTheServer(t *testing.T) {
	admin := pgtest.AdminURL(t)
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("PGPASSWORD", "")

	t.Run("no such database", func(t *testing.T) {
		expectConnectError(t, pgtest.WithDatabase(admin, "steward_no_such_db"), `has no database "steward_no_such_db"`, postgres.Options{})
	})
	t.Run("no such user", func(t *testing.T) {
		expectConnectError(t, pgtest.WithUser(admin, "steward_no_such_user", ""), `has no user "steward_no_such_user"`, postgres.Options{})
	})
	t.Run("no server there", func(t *testing.T) {
		dir := t.TempDir() // a socket folder with no server in it
		expectConnectError(t, "postgres://steward@/register?host="+dir, "is not answering", postgres.Options{})
	})
	t.Run("not a connection string", func(t *testing.T) {
		expectConnectError(t, "postgres://steward:s3cret@host:notaport/db", "not a valid PostgreSQL connection string", postgres.Options{})
	})

	t.Run("password", func(t *testing.T) {
		ctx := context.Background()
		user := newUser(t, "pw", "PASSWORD 's3cret' IN ROLE "+pgtest.PasswordGroup)
		url := pgtest.WithUser(pgtest.WithDatabase(admin, "postgres"), user, "")
		if c, err := postgres.Connect(ctx, url, postgres.Options{}); err == nil {
			c.Close(ctx)
			t.Skip("this server does not ask members of " + pgtest.PasswordGroup + " for a password (its pg_hba.conf)")
		}
		expectConnectError(t, url, "none was given", postgres.Options{})
		expectConnectError(t, pgtest.WithUser(url, user, "wrong"), "refused the password", postgres.Options{})
		// The right one, in the URL, typed at a prompt, in the password file.
		if c, err := postgres.Connect(ctx, pgtest.WithUser(url, user, "s3cret"), postgres.Options{}); err != nil {
			t.Errorf("with the password in the URL: %v", err)
		} else {
			c.Close(ctx)
		}
		asked := 0
		prompt := func(_ context.Context, u, host string) (string, error) {
			asked++
			if u != user {
				t.Errorf("the prompt asks for %q's password, want %q's", u, user)
			}
			return "s3cret", nil
		}
		if c, err := postgres.Connect(ctx, url, postgres.Options{Password: prompt}); err != nil || asked != 1 {
			t.Errorf("with a prompt: %v (asked %d times)", err, asked)
		} else {
			c.Close(ctx)
		}
		asked = 0
		// Open signs in the same way (the maintenance database has no
		// register: it is refused after signing in).
		if _, err := postgres.Open(ctx, url, postgres.Options{Password: prompt, NoMigrate: true}); err == nil || asked != 1 || !strings.Contains(err.Error(), "no Steward register") {
			t.Errorf("Open with a prompt: %v (asked %d times)", err, asked)
		}
		passfile := filepath.Join(t.TempDir(), "pgpass")
		if err := os.WriteFile(passfile, []byte("*:*:*:"+user+":s3cret\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("PGPASSFILE", passfile)
		if c, err := postgres.Connect(ctx, url, postgres.Options{}); err != nil {
			t.Errorf("with the password file: %v", err)
		} else {
			c.Close(ctx)
		}
	})
}

// fakeServer listens on the loopback interface and runs serve for each
// connection: a PostgreSQL server's first answers, for what a real one
// (on a Unix socket, where TLS does not apply) cannot show.
func fakeServer(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				serve(c)
			}()
		}
	}()
	return l.Addr().String()
}

// readSSLRequest reads the client's SSLRequest (8 bytes).
func readSSLRequest(c net.Conn) bool {
	var b [8]byte
	if _, err := io.ReadFull(c, b[:]); err != nil {
		return false
	}
	return binary.BigEndian.Uint32(b[4:]) == 80877103
}

func TestConnectErrorsTLS(t *testing.T) {
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	t.Run("server without TLS", func(t *testing.T) {
		addr := fakeServer(t, func(c net.Conn) {
			if readSSLRequest(c) {
				c.Write([]byte{'N'})
				io.Copy(io.Discard, c)
			}
		})
		expectConnectError(t, "postgres://steward@"+addr+"/register?sslmode=require&connect_timeout=10", "does not offer encrypted connections", postgres.Options{})
	})
	t.Run("certificate from an unknown authority", func(t *testing.T) {
		cert := selfSigned(t)
		addr := fakeServer(t, func(c net.Conn) {
			if !readSSLRequest(c) {
				return
			}
			c.Write([]byte{'S'})
			tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{cert}})
			tc.Handshake()
			io.Copy(io.Discard, tc)
		})
		expectConnectError(t, "postgres://steward@"+addr+"/register?sslmode=verify-full&connect_timeout=10", "cannot be trusted", postgres.Options{})
	})
	t.Run("server requires TLS", func(t *testing.T) {
		addr := fakeServer(t, func(c net.Conn) {
			be := pgproto3.NewBackend(c, c)
			if _, err := be.ReceiveStartupMessage(); err != nil {
				return
			}
			be.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "28000",
				Message: `no pg_hba.conf entry for host "127.0.0.1", user "steward", database "register", no encryption`})
			be.Flush()
		})
		expectConnectError(t, "postgres://steward@"+addr+"/register?sslmode=disable&connect_timeout=10", "only accepts encrypted connections", postgres.Options{})
	})
	t.Run("refused by pg_hba.conf", func(t *testing.T) {
		addr := fakeServer(t, func(c net.Conn) {
			be := pgproto3.NewBackend(c, c)
			if _, err := be.ReceiveStartupMessage(); err != nil {
				return
			}
			be.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "28000",
				Message: `no pg_hba.conf entry for host "127.0.0.1", user "steward", database "register", SSL encryption`})
			be.Flush()
		})
		expectConnectError(t, "postgres://steward@"+addr+"/register?sslmode=disable&connect_timeout=10", "does not let user", postgres.Options{})
	})
}

func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func TestWithoutPassword(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://ann@db.example.com/steward":                                 "postgres://ann@db.example.com/steward",
		"postgres://ann:s3cret@db.example.com:5433/steward?sslmode=verify-full": "postgres://ann@db.example.com:5433/steward?sslmode=verify-full",
		"postgresql://ann:s%40cret@db/steward":                                  "postgresql://ann@db/steward",
		"postgres://db/steward?user=ann&password=s3cret&sslmode=require":        "postgres://db/steward?sslmode=require&user=ann",
		"postgres://ann:s3c/ret@db/steward":                                     "postgres://ann@db/steward",
		"host=db user=ann password=s3cret dbname=steward":                       "host=db user=ann dbname=steward",
		"host=db password='s3 c\\'ret' dbname=steward":                          "host=db dbname=steward",
		"host=db dbname=steward":                                                "host=db dbname=steward",
		"/home/ann/steward.db":                                                  "/home/ann/steward.db",
	} {
		got := postgres.WithoutPassword(in)
		if got != want {
			t.Errorf("WithoutPassword(%q) = %q, want %q", in, got, want)
		}
		if strings.Contains(got, "s3") || strings.Contains(got, "cret") {
			t.Errorf("WithoutPassword(%q) kept the password: %q", in, got)
		}
		if postgres.HasPassword(in) != (got != in) {
			t.Errorf("HasPassword(%q) = %v", in, postgres.HasPassword(in))
		}
	}
}
