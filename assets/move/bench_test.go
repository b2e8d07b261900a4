package move_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"steward/assets/move"
	"steward/assets/postgres/pgtest"
	"steward/assets/sqlite"
)

// demo100k is the 100,000-asset demo register (steward demo --assets
// 100000 --people 2000, as BENCHMARKS.md's figures use), built in a
// temporary folder, or once at $STEWARD_BENCH_DEMO and reused from there by
// later runs (building takes a minute or more).
func demo100k(b *testing.B) string {
	b.Helper()
	path := os.Getenv("STEWARD_BENCH_DEMO")
	if path == "" {
		path = filepath.Join(b.TempDir(), "demo100k.db")
	}
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		buildDemo(b, path, 100_000, 2_000)
		b.Logf("built %s in %s", path, time.Since(start).Round(time.Second))
	}
	return path
}

// cpu is the CPU time (user and system) this process and the server's
// backend for conn have used: on a shared machine, wall time mostly
// measures waiting for a core. The backend's is read from /proc (a local
// server, Linux); 0 elsewhere.
func cpu(conn *pgx.Conn) (client, server time.Duration) {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	client = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", conn.PgConn().PID()))
	if err != nil {
		return client, 0
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return client, time.Duration(u+s) * 10 * time.Millisecond // clock ticks of 10 ms (USER_HZ 100)
}

// BenchmarkPushDemo100k is steward db push of the 100,000-asset demo
// register into an empty PostgreSQL register (target: under 30 s). The
// empty register is made outside the timing.
func BenchmarkPushDemo100k(b *testing.B) {
	ctx := context.Background()
	path := demo100k(b)
	var client, server time.Duration
	for b.Loop() {
		b.StopTimer()
		url := pgtest.NewDB(b)
		src, err := move.OpenSource(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		conn := pgConnect(b, url)
		c0, s0 := cpu(conn)
		b.StartTimer()
		sum, err := move.Push(ctx, src, conn, move.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		c1, s1 := cpu(conn)
		client, server = client+c1-c0, server+s1-s0
		src.Close()
		b.ReportMetric(float64(sum.TotalRows()), "rows")
		b.StartTimer()
	}
	b.ReportMetric((client / time.Duration(b.N)).Seconds(), "client-cpu-s/op")
	b.ReportMetric((server / time.Duration(b.N)).Seconds(), "server-cpu-s/op")
}

// BenchmarkBackupDemo100k is steward backup --db URL of the same register,
// pushed first (outside the timing), to a new file.
func BenchmarkBackupDemo100k(b *testing.B) {
	path := demo100k(b)
	url := pgtest.NewDB(b)
	if _, err := push(b, path, url, move.Options{}); err != nil {
		b.Fatal(err)
	}
	conn := pgConnect(b, url)
	dir := b.TempDir()
	var client, server time.Duration
	for i := 0; b.Loop(); i++ {
		dest := filepath.Join(dir, fmt.Sprintf("backup%d.db", i))
		c0, s0 := cpu(conn)
		sum, _, err := move.Backup(context.Background(), conn, dest, move.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		c1, s1 := cpu(conn)
		client, server = client+c1-c0, server+s1-s0
		b.ReportMetric(float64(sum.TotalRows()), "rows")
		os.Remove(dest)
		b.StartTimer()
	}
	b.ReportMetric((client / time.Duration(b.N)).Seconds(), "client-cpu-s/op")
	b.ReportMetric((server / time.Duration(b.N)).Seconds(), "server-cpu-s/op")
}

// BenchmarkRestoreDemo100kSQLite is the nearest SQLite-only operation, for
// a ratio on the same machine: steward restore of the same file into a new
// register (every table copied into another SQLite file, one transaction).
func BenchmarkRestoreDemo100kSQLite(b *testing.B) {
	ctx := context.Background()
	path := demo100k(b)
	dir := b.TempDir()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s, err := sqlite.Create(ctx, filepath.Join(dir, fmt.Sprintf("r%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := s.RestoreFrom(ctx, path); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
