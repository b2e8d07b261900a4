package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite/fixture"
	"steward/inventory"
)

func TestInventoryCommandOut(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pc.json")
	// An existing, world-readable file is tightened to 0600.
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run(context.Background(), []string{"inventory", "--root", "inventory/testdata/roots/oem-desktop", "--out", out}); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("report file mode %v, want 0600", fi.Mode().Perm())
	}
	rep, err := inventory.ParseReportFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Hostname != "oem-pc" || rep.OS == nil || rep.OS.Name != "Ubuntu" || len(rep.Software) != 4 || rep.CollectorVersion != version {
		t.Errorf("report from --root: %+v", rep)
	}
}

func TestInventoryCommandUsage(t *testing.T) {
	for _, args := range [][]string{
		{"inventory", "--code", "ABCDEFGH"},
		{"inventory", "--from", "127.0.0.1"},
		{"inventory", "--from", "127.0.0.1", "--code", "ABCDEFGH", "--root", "/"},
		{"inventory", "--root", "/", "--snapshot", "x.tar.gz"},
		{"inventory", "extra"},
		{"inventory", "--nope"},
		{"agent", "--port", "70000"},
		{"agent", "extra"},
	} {
		if code := run(context.Background(), args); code != 2 {
			t.Errorf("%v: exit code %d, want 2", args, code)
		}
	}
	if code := run(context.Background(), []string{"inventory", "--root", filepath.Join(t.TempDir(), "missing")}); code != 1 {
		t.Errorf("missing root: exit code %d, want 1", code)
	}
}

func TestInventoryFromAgent(t *testing.T) {
	agent, err := inventory.NewAgent(inventory.AgentOptions{ConfigDir: t.TempDir(), Hostname: "remote", Collect: func(ctx context.Context) (*inventory.Report, error) {
		return inventory.Collect(ctx, inventory.Options{Snapshot: "inventory/testdata/roots/thinkpad.tar.gz"})
	}})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- agent.Serve(ctx, ln) }()
	defer func() { cancel(); <-done }()

	out := filepath.Join(t.TempDir(), "remote.json")
	args := []string{"inventory", "--from", ln.Addr().String(), "--code", agent.Code(), "--fingerprint", agent.Fingerprint(), "--out", out}
	if code := run(context.Background(), args); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	rep, err := inventory.ParseReportFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Product == nil || rep.Product.Serial != "PF3ABCDE" {
		t.Errorf("fetched report: %+v", rep.Product)
	}
	wrongPin := strings.Repeat("0", 64)
	args = []string{"inventory", "--from", ln.Addr().String(), "--code", agent.Code(), "--fingerprint", wrongPin}
	if code := run(context.Background(), args); code != 1 {
		t.Errorf("wrong fingerprint: exit code %d, want 1", code)
	}
}

// TestAgentCommand runs the real binary's agent headless, reads the code
// and fingerprint it prints, and fetches from it.
func TestAgentCommand(t *testing.T) {
	bin := buildSteward(t)
	cfg := t.TempDir()
	cmd := exec.Command(bin, "agent", "--no-advertise", "--listen", "127.0.0.1", "--port", "0", "--config", cfg, "--code", "SKQ7-V4ST-42")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if strings.Contains(stderr.String(), "SKQ7-V4ST-42") {
			t.Errorf("the code appears in the agent's log:\n%s", stderr.String())
		}
	}()
	lines := make(chan string, 8)
	go func() {
		buf := make([]byte, 4096)
		var acc string
		for {
			n, err := stdout.Read(buf)
			acc += string(buf[:n])
			for {
				i := strings.IndexByte(acc, '\n')
				if i < 0 {
					break
				}
				lines <- acc[:i]
				acc = acc[i+1:]
			}
			if err != nil {
				close(lines)
				io.Copy(io.Discard, stdout)
				return
			}
		}
	}()
	var addr, fp string
	codeLines := 0
	timeout := time.After(30 * time.Second)
	for fp == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("agent exited early; stderr:\n%s", stderr.String())
			}
			if strings.Contains(l, "SKQ7-V4ST-42") {
				codeLines++
			}
			if i := strings.Index(l, "https://"); i >= 0 {
				addr = strings.TrimSuffix(l[i+len("https://"):], inventory.ReportPath)
			}
			if v, ok := strings.CutPrefix(l, "Certificate fingerprint: "); ok {
				fp = v
			}
		case <-timeout:
			t.Fatal("agent did not start")
		}
	}
	if codeLines != 1 {
		t.Errorf("code shown on %d lines at start, want exactly 1", codeLines)
	}
	rep, seen, err := inventory.FetchFromAgent(context.Background(), addr, "skq7 v4st 42", fp)
	if err != nil {
		t.Fatal(err)
	}
	if seen != fp || rep.SchemaVersion != inventory.SchemaVersion {
		t.Errorf("fetched %+v from %s", rep, seen)
	}
	if fi, err := os.Stat(filepath.Join(cfg, "agent-key.pem")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v %v", fi, err)
	}
}

// buildSteward compiles the steward binary into the test's own temporary
// directory (so concurrent test runs never share it).
func buildSteward(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "steward")
	cmd := exec.Command("go", "build", "-tags", "migrated_fynedo,sqlite_fts5", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("building steward: %v\n%s", err, out)
	}
	return bin
}

// BenchmarkInventoryProcess runs `steward inventory --json` as a whole
// process and `lshw -json` in the same run, and reports both and their
// ratio (target: steward under 100 ms and at most 0.8x lshw).
func BenchmarkInventoryProcess(b *testing.B) {
	bin := buildSteward(b)
	lshw, lshwErr := exec.LookPath("lshw")
	timeCmd := func(name string, args ...string) time.Duration {
		cmd := exec.Command(name, args...)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		return time.Since(start)
	}
	// One untimed run each, so both start with warm file caches.
	timeCmd(bin, "inventory", "--json")
	if lshwErr == nil {
		timeCmd(lshw, "-json")
	}
	var steward, other, startup time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		steward += timeCmd(bin, "inventory", "--json")
		b.StopTimer()
		if lshwErr == nil {
			other += timeCmd(lshw, "-json")
		}
		// The binary's own start-up (it links the GUI and SQLite), for
		// reading the figures: `steward version` does no work.
		startup += timeCmd(bin, "version")
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(float64(steward.Microseconds())/1000/n, "steward-ms")
	b.ReportMetric(float64(startup.Microseconds())/1000/n, "version-ms")
	if lshwErr == nil {
		b.ReportMetric(float64(other.Microseconds())/1000/n, "lshw-ms")
		b.ReportMetric(float64(steward)/float64(other), "ratio")
	}
}

func TestImportKindInventory(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "steward.db")
	tp, oem, bad := filepath.Join(dir, "tp.json"), filepath.Join(dir, "oem.json"), filepath.Join(dir, "bad.json")
	for file, args := range map[string][]string{tp: {"--snapshot", "inventory/testdata/roots/thinkpad.tar.gz"}, oem: {"--root", "inventory/testdata/roots/oem-desktop"}} {
		if code := run(context.Background(), append([]string{"inventory", "--out", file}, args...)); code != 0 {
			t.Fatalf("collect %v: exit %d", args, code)
		}
	}
	if err := os.WriteFile(bad, []byte(`{"schema_version": 9, "collected_at": "2026-01-01T00:00:00Z"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	// One bad file fails the command (exit 1) but not the others.
	if code := run(context.Background(), []string{"import", "--db", db, "--kind", "inventory", tp, bad, oem}); code != 1 {
		t.Fatalf("exit %d, want 1 (one bad file)", code)
	}
	store, err := openStore(context.Background(), db, changeRegister)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	page, err := store.ListAssets(context.Background(), assets.AssetQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range page.Assets {
		got[a.Name] = a.Category + "/" + a.Serial
	}
	want := map[string]string{"tp14": "laptop/PF3ABCDE", "oem-pc": "desktop/"}
	if len(got) != 2 || got["tp14"] != want["tp14"] || got["oem-pc"] != want["oem-pc"] {
		t.Errorf("assets after import: %v, want %v", got, want)
	}
	// Importing again attaches nothing new.
	if code := run(context.Background(), []string{"import", "--db", db, "--kind", "inventory", "--dry-run", tp}); code != 0 {
		t.Errorf("re-import exit %d", code)
	}
}

// BenchmarkImportInventoryFiles1000 is `steward import --kind inventory` of
// 1,000 report files (this machine's report, each as another computer) into
// a fresh database: reading, parsing, matching, storing (target: under 5 s).
func BenchmarkImportInventoryFiles1000(b *testing.B) {
	benchmarkImportInventoryFiles(b, false, "")
}

// BenchmarkImportInventoryFiles1000IntoLarge imports the same files into a
// copy of the large benchmark register (100,000 assets; STEWARD_BENCH_DB,
// else built once): matching and asset tags against a full table.
func BenchmarkImportInventoryFiles1000IntoLarge(b *testing.B) {
	src := os.Getenv("STEWARD_BENCH_DB")
	if src == "" {
		src = filepath.Join(b.TempDir(), "large.db")
		b.Setenv("STEWARD_BENCH_DB", src)
		fixture.OpenLarge(b).Close()
	}
	benchmarkImportInventoryFiles(b, false, src)
}

// BenchmarkImportInventoryFiles1000Again is the second site visit: the same
// 1,000 computers collected a day later, each with 52 packages fewer,
// imported into the register that holds the first visit (matched, the
// differences recorded in each asset's history, the software replaced).
func BenchmarkImportInventoryFiles1000Again(b *testing.B) {
	benchmarkImportInventoryFiles(b, true, "")
}

// benchmarkImportInventoryFiles imports 1,000 report files into a fresh
// register, or into a copy of the register at base; again imports a first
// visit before the measured one.
func benchmarkImportInventoryFiles(b *testing.B, again bool, base string) {
	rep, err := inventory.Collect(context.Background(), inventory.Options{})
	if err != nil {
		b.Fatal(err)
	}
	write := func(dir string, change func(*inventory.Report)) []string {
		var files []string
		for i := 0; i < 1000; i++ {
			r := *rep
			r.Hostname = fmt.Sprintf("pc-%04d", i)
			r.Product = &inventory.Product{Vendor: "Dell Inc.", Model: "OptiPlex 7010", Serial: fmt.Sprintf("SN%06d", i)}
			r.NICs = []inventory.NIC{{Name: "eno1", MAC: fmt.Sprintf("02:00:00:00:%02x:%02x", i/256, i%256)}}
			if change != nil {
				change(&r)
			}
			data, err := json.MarshalIndent(&r, "", "  ")
			if err != nil {
				b.Fatal(err)
			}
			f := filepath.Join(dir, r.Hostname+".json")
			if err := os.WriteFile(f, data, 0o600); err != nil {
				b.Fatal(err)
			}
			files = append(files, f)
		}
		return files
	}
	files := write(b.TempDir(), nil)
	var first []string
	if again {
		if len(rep.Software) < 60 {
			b.Skip("this machine lists too few packages for the second visit")
		}
		first = files
		files = write(b.TempDir(), func(r *inventory.Report) {
			r.CollectedAt = r.CollectedAt.Add(24 * time.Hour)
			r.Software = r.Software[:len(r.Software)-52]
		})
	}
	devnull, _ := os.Open(os.DevNull)
	defer devnull.Close()
	// Cancellable, as the command's own (interrupt-aware) context is: with
	// one, go-sqlite3 runs statements differently (see ImportInventories).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var total, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "steward.db")
		if base != "" {
			data, err := os.ReadFile(base)
			if err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o600); err != nil {
				b.Fatal(err)
			}
		}
		store, err := openStore(context.Background(), path, createRegister)
		if err != nil {
			b.Fatal(err)
		}
		stdout := os.Stdout
		os.Stdout = devnull
		if first != nil {
			if err := importInventoryFiles(ctx, store, first, false, false); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		start, startCPU := time.Now(), processCPU()
		err = importInventoryFiles(ctx, store, files, false, false)
		total += time.Since(start)
		cpu += processCPU() - startCPU
		b.StopTimer()
		os.Stdout = stdout
		store.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/1000files")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/1000files")
	b.ReportMetric(float64(len(rep.Software)), "packages/report")
}
