package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"steward/assets"
	"steward/assets/sqlite"
)

// hostile is an asset name that retitles an xterm and rings its bell, with
// a C1 CSI and a right-to-left override for good measure.
const hostile = "X\x1b]0;pwned\x07 \u009b2J \u202eevil"

// hostileDB is a register holding an asset named hostile, past its end of
// life (so that it raises an alert). The name is set with SQL, as an older
// register or another program may hold it, whatever input checks say.
func hostileDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := sqlite.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a := assets.Asset{Name: "placeholder", Category: "laptop", Status: assets.StatusDeployed, EOLDate: assets.MustDate("2025-01-01")}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("UPDATE assets SET name = ? WHERE id = ?", hostile, a.ID); err != nil {
		t.Fatal(err)
	}
	return path
}

// actedOnOutput finds the first byte or character a terminal would act on.
func actedOnOutput(b []byte) string {
	for i, r := range string(b) {
		if r == utf8.RuneError || r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f || r == 0x202e {
			return strings.ToValidUTF8(string(b[max(0, i-20):min(len(b), i+20)]), "?")
		}
	}
	return ""
}

// TestHostileNamesPrintEscaped runs the real binary: tables, JSON and error
// messages show control characters escaped, and JSON still decodes to the
// name as stored.
func TestHostileNamesPrintEscaped(t *testing.T) {
	bin := stewardBinary(t)
	db := hostileDB(t)
	run := func(args ...string) (stdout, stderr []byte) {
		var o, e bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = &o, &e
		cmd.Run()
		for name, b := range map[string][]byte{"stdout": o.Bytes(), "stderr": e.Bytes()} {
			if bad := actedOnOutput(b); bad != "" {
				t.Errorf("%v: %s carries a control character: %q", args, name, bad)
			}
		}
		return o.Bytes(), e.Bytes()
	}
	out, _ := run("alerts", "--db", db, "--as-of", "2026-01-01")
	if !bytes.Contains(out, []byte(`X\x1b]0;pwned\x07 \u009b2J \u202eevil`)) {
		t.Errorf("alerts: the name is not shown escaped:\n%s", out)
	}
	out, _ = run("alerts", "--db", db, "--as-of", "2026-01-01", "--json")
	var a struct{ Subject string }
	if err := json.Unmarshal(bytes.SplitN(out, []byte("\n"), 2)[0], &a); err != nil || !strings.Contains(a.Subject, hostile) {
		t.Errorf("alerts --json: %v, subject %q\n%s", err, a.Subject, out)
	}
	_, errOut := run("report", "register", "--db", db, "--out", filepath.Join(t.TempDir(), "no\x1b[31mdir", "r.pdf"))
	if !bytes.Contains(errOut, []byte(`no\x1b[31mdir`)) {
		t.Errorf("an error naming a path is not escaped: %s", errOut)
	}
	run("export", "--db", db, "--kind", "assets", "--format", "json", "--out", filepath.Join(t.TempDir(), "a.json"))
	run("\x1b]0;pwned\x07")
}
