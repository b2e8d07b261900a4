package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// cluster is a throwaway PostgreSQL cluster: data, socket and log in one
// temporary folder, one postgres process.
type cluster struct {
	dir  string   // the folder (socket here, data in dir/data)
	lock *os.File // dir/.lock, flocked while this test binary lives
	port int      // names the socket file (.s.PGSQL.port); no TCP
	cmd  *exec.Cmd
	done chan error // the postmaster's exit
}

// findBin is the folder of the newest PostgreSQL server binaries.
func findBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(dirs[i])), 64)
		vj, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(dirs[j])), 64)
		return vi > vj
	})
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		d := filepath.Dir(p)
		if isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", errors.New("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin, or initdb on PATH)")
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// startCluster makes and starts a cluster. As root, the cluster's files
// and processes belong to the postgres user (initdb refuses root).
func startCluster(ctx context.Context) (*cluster, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root and there is no postgres user to run the server as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	sweep()
	dir, err := os.MkdirTemp("", "steward-pgtest-")
	if err != nil {
		return nil, err
	}
	c := &cluster{dir: dir, port: 5432}
	fail := func(err error) (*cluster, error) {
		os.RemoveAll(dir)
		if c.lock != nil {
			c.lock.Close()
		}
		return nil, err
	}
	// The lock says this folder is in use; the kernel lets it go when the
	// test binary ends, however it ends (see sweep).
	if c.lock, err = os.Create(filepath.Join(dir, ".lock")); err != nil {
		return fail(err)
	}
	if err := syscall.Flock(int(c.lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return fail(err)
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return fail(err)
		}
	}
	data := filepath.Join(dir, "data")
	initdb := func(locale ...string) ([]byte, error) {
		args := append([]string{"-D", data, "--no-sync", "--auth=trust", "-E", "UTF8", "-U", "postgres"}, locale...)
		cmd := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), args...)
		cmd.Dir = dir
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		return cmd.CombinedOutput()
	}
	if out, err := initdb("--locale=C.UTF-8"); err != nil {
		os.RemoveAll(data)
		if out2, err2 := initdb("--no-locale"); err2 != nil {
			return fail(fmt.Errorf("initdb: %v\n%s\n%s", err2, out, out2))
		}
	}
	// Members of PasswordGroup sign in with a password; everyone else is
	// trusted (the socket is in a folder only this user can enter).
	hba := "local all +" + PasswordGroup + " scram-sha-256\nlocal all all trust\n"
	if err := os.WriteFile(filepath.Join(data, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		return fail(err)
	}
	if cred != nil {
		if err := os.Chown(filepath.Join(data, "pg_hba.conf"), int(cred.Uid), int(cred.Gid)); err != nil {
			return fail(err)
		}
	}
	logf, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return fail(err)
	}
	defer logf.Close()
	c.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", dir, "-p", strconv.Itoa(c.port),
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=300", "-c", "shared_buffers=64MB")
	c.cmd.Dir = dir
	c.cmd.Stdout, c.cmd.Stderr = logf, logf
	// SIGQUIT (immediate shutdown) when the test binary dies before
	// stopping it. The kernel sends it when the thread that started the
	// process ends: that thread waits for the process, locked to it.
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
	started := make(chan error, 1)
	c.done = make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		if err := c.cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		c.done <- c.cmd.Wait()
	}()
	if err := <-started; err != nil {
		return fail(err)
	}
	if err := c.waitReady(ctx); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

// url is the connection string of database db, as the superuser.
func (c *cluster) url(db string) string {
	q := url.Values{"host": {c.dir}, "port": {strconv.Itoa(c.port)}, "sslmode": {"disable"}}
	return (&url.URL{Scheme: "postgres", User: url.User("postgres"), Host: "", Path: "/" + db, RawQuery: q.Encode()}).String()
}

// waitReady waits until the server takes connections, or has exited.
func (c *cluster) waitReady(ctx context.Context) error {
	for delay := 5 * time.Millisecond; ; delay = min(2*delay, 200*time.Millisecond) {
		conn, err := pgx.Connect(ctx, c.url("postgres"))
		if err == nil {
			return conn.Close(ctx)
		}
		select {
		case err := <-c.done:
			c.done <- err
			return fmt.Errorf("the test PostgreSQL server stopped while starting (%v): %s", err, c.logTail())
		case <-time.After(delay):
		}
	}
}

func (c *cluster) logTail() string {
	b, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
	s := strings.TrimSpace(string(b))
	if len(s) > 2000 {
		s = "..." + s[len(s)-2000:]
	}
	return s
}

// stop shuts the server down (fast: clients are disconnected, the data
// written) and removes the folder.
func (c *cluster) stop() error {
	var err error
	if c.cmd != nil && c.cmd.Process != nil {
		select {
		case werr := <-c.done:
			c.done <- werr // already stopped
		default:
			if serr := c.cmd.Process.Signal(syscall.SIGINT); serr != nil {
				err = serr
			}
			<-c.done
		}
	}
	if rerr := os.RemoveAll(c.dir); rerr != nil && err == nil {
		err = rerr
	}
	if c.lock != nil {
		c.lock.Close()
	}
	return err
}

// sweep removes the folders of clusters whose test binary was killed (the
// server died with it, the folder stayed): those whose lock nobody holds.
// A folder without a lock file is being made: left alone.
func sweep() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "steward-pgtest-*"))
	for _, d := range dirs {
		f, err := os.Open(filepath.Join(d, ".lock"))
		if err != nil {
			continue
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			os.RemoveAll(d)
		}
		f.Close()
	}
}
