package transfer_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite"
	"steward/assets/transfer"
)

// The child side of TestImportSurvivesKill: import one file, then exit.
func init() {
	if os.Getenv("STEWARD_CRASH_CHILD") != "1" {
		return
	}
	if keep, err := strconv.Atoi(os.Getenv("STEWARD_CRASH_KEEP")); err == nil {
		transfer.SetKeepRows(keep) // the file is read twice: the streamed write
	}
	ctx := context.Background()
	s, err := sqlite.Create(ctx, os.Getenv("STEWARD_CRASH_DB"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	if _, err := transfer.ImportFile(ctx, s, "assets", os.Getenv("STEWARD_CRASH_CSV"), transfer.Options{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(4)
	}
	s.Close()
	os.Exit(0)
}

// TestImportSurvivesKill runs an import in a child process and kills it
// with SIGKILL at random moments. Every time, the database must open, pass
// integrity_check and hold either none or all of the file's rows.
func TestImportSurvivesKill(t *testing.T) {
	kills := 25
	if v, err := strconv.Atoi(os.Getenv("STEWARD_CRASH_KILLS")); err == nil {
		kills = v
	}
	dir := t.TempDir()
	const rows, base = 8000, 100
	csvPath := filepath.Join(dir, "import.csv")
	var b strings.Builder
	b.WriteString("name,category,manufacturer,serial,cost,currency,purchase_date\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&b, "Imported %d,laptop,Dell,SNX%07d,999.00,EUR,2024-01-15\n", i, i)
	}
	os.WriteFile(csvPath, []byte(b.String()), 0o600)

	// A template register with some assets already in it.
	tmpl := filepath.Join(dir, "template.db")
	s, err := sqlite.Create(context.Background(), tmpl)
	if err != nil {
		t.Fatal(err)
	}
	seedAssets := make([]assets.Asset, base)
	for i := range seedAssets {
		seedAssets[i] = assets.Asset{Name: fmt.Sprintf("Existing %d", i), Category: "desktop"}
	}
	if err := s.CreateAssets(context.Background(), seedAssets); err != nil {
		t.Fatal(err)
	}
	s.Close()
	tmplBytes, _ := os.ReadFile(tmpl)

	// How long a whole import takes here, to spread the kills over it.
	full := runChild(t, dir, tmplBytes, csvPath, -1)
	rng := rand.New(rand.NewSource(1))
	var none, all int
	for i := 0; i < kills; i++ {
		at := time.Duration(rng.Int63n(int64(full)*12/10 + 1))
		db := filepath.Join(dir, fmt.Sprintf("kill%d.db", i))
		// Every other child streams its write (reads the file again) in
		// batches instead of writing the rows its check kept.
		childKeep = ""
		if i%2 == 1 {
			childKeep = "1000"
		}
		runChildAt(t, db, tmplBytes, csvPath, at)
		st, err := sqlite.Create(context.Background(), db)
		if err != nil {
			t.Fatalf("kill %d at %v: database does not open: %v", i, at, err)
		}
		if ok, err := st.IntegrityCheck(context.Background()); ok != "ok" || err != nil {
			t.Fatalf("kill %d at %v: integrity %q %v", i, at, ok, err)
		}
		n, _ := st.CountAssets(context.Background(), assets.AssetQuery{})
		st.Close()
		switch n {
		case base:
			none++
		case base + rows:
			all++
		default:
			t.Fatalf("kill %d at %v: %d assets: a partial import (want %d or %d)", i, at, n, base, base+rows)
		}
		os.Remove(db)
	}
	t.Logf("%d kills survived: %d imports wholly out, %d wholly in (a full import took %v)", kills, none, all, full)
}

func runChild(t *testing.T, dir string, tmpl []byte, csvPath string, _ time.Duration) time.Duration {
	db := filepath.Join(dir, "full.db")
	start := time.Now()
	runChildAt(t, db, tmpl, csvPath, -1)
	return time.Since(start)
}

// childKeep, when set, is how many rows the next child's import keeps
// (transfer.SetKeepRows).
var childKeep string

// runChildAt starts the child on a fresh copy of the template and, when at
// is not negative, kills it after at.
func runChildAt(t *testing.T, db string, tmpl []byte, csvPath string, at time.Duration) {
	if err := os.WriteFile(db, tmpl, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "STEWARD_CRASH_CHILD=1", "STEWARD_CRASH_DB="+db, "STEWARD_CRASH_CSV="+csvPath, "STEWARD_CRASH_KEEP="+childKeep)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if at < 0 {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("import child failed: %v", err)
		}
		return
	}
	time.Sleep(at)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
}
