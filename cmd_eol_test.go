package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"steward/assets"
)

func TestEOLCheck(t *testing.T) {
	db := newRegister(t, filepath.Join(t.TempDir(), "steward.db"))
	var out bytes.Buffer
	err := eolCheck(&out, []string{"--db", db, "--as-of", "2025-10-14", "Windows 10 Pro 22H2", "ChromeOS 120", "--json"})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines: %q", len(lines), out.String())
	}
	var first, second eolCheckLine
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	if first.State != "end_of_life" || first.Date != "2025-10-14" || first.Cycle != "10-22h2" || first.Product != "windows" || first.Next != "Windows 11 24H2 Home/Pro" {
		t.Errorf("windows: %+v", first)
	}
	if second.State != "unknown" || second.Match != "unknown product" || second.Reason == "" {
		t.Errorf("chromeos: %+v", second)
	}
	out.Reset()
	if err := eolCheck(&out, []string{"--db", db, "--as-of", "2026-01-01", "--device", "--manufacturer", "Apple", "iPhone 8"}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "end_of_life  2025-03-31 iPhone 8 reached end of support on 2025-03-31") {
		t.Errorf("device check: %q", out.String())
	}
	for _, bad := range [][]string{{}, {"--as-of", "2025-13-01", "x"}, {"--warn-days", "-1", "x"}, {"--warn-days", "100000000000", "x"}} {
		err := eolCheck(&out, append([]string{"--db", db}, bad...))
		if _, ok := err.(usageError); !ok {
			t.Errorf("eol check %v: %v, want a usage error", bad, err)
		}
	}
}

func TestEOLUpdate(t *testing.T) {
	dir := t.TempDir()
	db := newRegister(t, filepath.Join(dir, "steward.db"))
	// An older-format file named after its product, and an API v1 file whose name says nothing.
	older := filepath.Join(dir, "debian.json")
	if err := os.WriteFile(older, []byte(`[{"cycle": "12", "codename": "Bookworm", "releaseDate": "2023-06-10", "eol": "2026-09-01"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	v1 := filepath.Join(dir, "download.json")
	if err := os.WriteFile(v1, []byte(`{"result": {"name": "ubuntu", "category": "os", "releases": [{"name": "22.04", "releaseDate": "2022-04-21", "isLts": true, "eolFrom": "2027-06-01"}]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := eolUpdate(&out, []string{"--db", db, older, v1}, assets.MustDate("2026-11-22")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "debian: 0 releases added, 1 changed") || !strings.Contains(out.String(), "ubuntu: 0 releases added, 1 changed") {
		t.Errorf("update output: %q", out.String())
	}
	out.Reset()
	if err := eolCheck(&out, []string{"--db", db, "--as-of", "2026-08-01", "Debian GNU/Linux 12 (bookworm)", "Ubuntu 22.04.5 LTS"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "ending_soon  2026-09-01") || !strings.Contains(out.String(), "supported    2027-06-01") ||
		!strings.Contains(out.String(), "imported 2026-11-22") {
		t.Errorf("check after update: %q", out.String())
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\"result\": {\"name\": \"ubuntu\",\n \"releases\": [}"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := eolUpdate(&out, []string{"--db", db, bad}, assets.MustDate("2026-11-22"))
	if err == nil || !strings.Contains(err.Error(), "bad.json:2:15") {
		t.Errorf("bad file: %v", err)
	}
}

// A shared register's alerts use the bundled catalog: check answers from
// it, and update says why it keeps nothing (it used to say "no register at
// postgres://...").
func TestEOLOnASharedRegister(t *testing.T) {
	url := "postgres://ann@db.example.org/steward"
	var out bytes.Buffer
	if err := eolCheck(&out, []string{"--db", url, "--as-of", "2025-10-14", "Windows 10 Pro 22H2"}); err != nil {
		t.Fatalf("check against a shared register: %v", err)
	}
	if !strings.HasPrefix(out.String(), "end_of_life") {
		t.Errorf("check: %q", out.String())
	}
	err := eolUpdate(&out, []string{"--db", url, filepath.Join(t.TempDir(), "debian.json")}, assets.Today(time.Now()))
	if err == nil || !strings.Contains(err.Error(), "bundled with Steward") || strings.Contains(err.Error(), "no register") {
		t.Errorf("update against a shared register: %v", err)
	}
}
