package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// plantedKey is a licence key that must surface only where a person asked
// for it: the licence row itself and exports made with --with-secrets.
const (
	plantedKey  = "PLANTED-KEY-7Q2D-XXXX"
	plantedKey2 = "PLANTED-KEY-7Q2D-YYYY"
	needle      = "7Q2D"
)

// captureAll runs a steward command in-process and returns everything it
// wrote to stdout, stderr and the log.
func captureAll(t *testing.T, args ...string) (int, string) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = w, w
	var logBuf bytes.Buffer
	log.SetOutput(&logBuf)
	done := make(chan string)
	go func() { b, _ := io.ReadAll(r); done <- string(b) }()
	code := run(context.Background(), args)
	w.Close()
	os.Stdout, os.Stderr = oldOut, oldErr
	log.SetOutput(os.Stderr)
	return code, <-done + logBuf.String()
}

// tableText dumps every table of the database at path except the licence
// rows' key column, as text.
func tableText(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table'")
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, tbl := range tables {
		q := "SELECT * FROM \"" + tbl + "\""
		if tbl == "licences" {
			q = "SELECT id, product, vendor, edition, type, seats, supplier, contract_ref, notes FROM licences"
		}
		rs, err := db.Query(q)
		if err != nil {
			// FTS shadow tables and the like may refuse a plain read.
			continue
		}
		cols, _ := rs.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rs.Next() {
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s:", tbl)
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, " %v", v)
			}
			b.WriteByte('\n')
		}
		rs.Close()
	}
	return b.String()
}

func TestPlantedLicenceKeyStaysPut(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "steward.db")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var seen strings.Builder // everything that must not hold the key
	mustRun := func(want int, args ...string) string {
		t.Helper()
		code, out := captureAll(t, append(args, "--db", db)...)
		if code != want {
			t.Fatalf("steward %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, out)
		}
		fmt.Fprintf(&seen, "--- steward %s\n%s\n", strings.Join(args, " "), out)
		return out
	}
	readFile := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	// A file with the key on a row that has an error elsewhere: the error
	// names the line and column, never the key.
	bad := write("bad.csv", "product,vendor,key,type,seats,expiry_date\nOffice,Microsoft,"+plantedKey+",per seat,two,2026-04-01\n")
	mustRun(1, "import", "--kind", "licences", bad)
	// Import, then update with a new key (history must say "changed", not what).
	good := write("good.csv", "product,vendor,key,type,seats,expiry_date\nOffice,Microsoft,"+plantedKey+",per seat,5,2026-04-01\n")
	mustRun(0, "import", "--kind", "licences", good)
	mustRun(0, "import", "--kind", "licences", good, "--dry-run")
	upd := write("upd.csv", "product,vendor,key,type,seats,expiry_date\nOffice,Microsoft,"+plantedKey2+",per seat,7,2026-04-01\n")
	mustRun(0, "import", "--kind", "licences", upd)

	for _, f := range []string{"csv", "json"} {
		out := filepath.Join(dir, "lic."+f)
		mustRun(0, "export", "--kind", "licences", "--format", f, "--out", out)
		fmt.Fprintf(&seen, "--- export %s\n%s\n", f, readFile(out))
		fmt.Fprintf(&seen, "--- export %s to stdout\n", f)
		mustRun(0, "export", "--kind", "licences", "--format", f)
	}
	mustRun(0, "alerts", "--as-of", "2026-03-20")
	mustRun(0, "alerts", "--as-of", "2026-03-20", "--json")
	for _, f := range []string{"csv", "pdf", "xlsx"} {
		out := filepath.Join(dir, "licences."+f)
		mustRun(0, "report", "licences", "--as-of", "2026-03-20", "--out", out)
		text := readFile(out)
		if f == "pdf" {
			if _, err := exec.LookPath("pdftotext"); err != nil {
				t.Fatal("pdftotext not found: install poppler-utils (make deps does)")
			}
			text = pdfToText(t, out)
		}
		fmt.Fprintf(&seen, "--- report %s\n%s\n", f, text)
	}
	backup := filepath.Join(dir, "backup.db")
	mustRun(0, "backup", "--out", backup)
	mustRun(0, "keys", "status")
	fmt.Fprintf(&seen, "--- database tables\n%s\n", tableText(t, db))
	fmt.Fprintf(&seen, "--- backup tables\n%s\n", tableText(t, backup))

	// XLSX is zipped: look inside it too.
	if x, err := exec.Command("unzip", "-p", filepath.Join(dir, "licences.xlsx")).Output(); err == nil {
		seen.Write(x)
	}

	all := seen.String()
	if strings.Contains(all, needle) {
		i := strings.Index(all, needle)
		t.Fatalf("the planted key leaked:\n...%s...", all[max(0, i-400):min(len(all), i+100)])
	}
	// The history says the key changed.
	if !strings.Contains(all, "(new key)") {
		t.Errorf("history does not record the key change:\n%s", tableText(t, db))
	}

	// Where it is expected: the licence row, and an export with secrets.
	out := mustRun(0, "export", "--kind", "licences", "--with-secrets")
	if !strings.Contains(out, plantedKey2) {
		t.Fatalf("export --with-secrets lacks the key:\n%s", out)
	}
	s, err := sqlite.Create(context.Background(), backup)
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.ListLicences(context.Background(), assets.LicenceQuery{})
	s.Close()
	if err != nil || len(list) != 1 || list[0].Key != plantedKey2 {
		t.Fatalf("backup's licence: %+v %v", list, err)
	}

	// Before encryption the raw bytes do hold it (which proves the check
	// below can see a key).
	if b, err := os.ReadFile(backup); err != nil || !bytes.Contains(b, []byte(needle)) {
		t.Fatalf("the plain backup's bytes lack the key (%v)", err)
	}

	// With encryption on, not even the raw bytes of the database, its WAL
	// or a new backup hold the key.
	pass := write("pass", "a long passphrase\n")
	mustRun(0, "keys", "encrypt", "--passphrase-file", pass)
	backup2 := filepath.Join(dir, "backup2.db")
	mustRun(0, "backup", "--out", backup2)
	for _, p := range []string{db, db + "-wal", backup2} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(needle)) {
			t.Errorf("%s holds the key in its raw bytes after encryption", filepath.Base(p))
		}
	}
}
