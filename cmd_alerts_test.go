package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// capture runs the steward command line and returns its exit code and stdout.
func capture(t *testing.T, args ...string) (int, string) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() { b, _ := io.ReadAll(r); done <- string(b) }()
	code := run(context.Background(), args)
	w.Close()
	os.Stdout = old
	return code, <-done
}

func TestAlertsCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	csv := filepath.Join(dir, "a.csv")
	os.WriteFile(csv, []byte("tag,name,category,purchase_date,warranty_end\nLT-1,Old laptop,laptop,2020-01-10,2026-04-10\nLT-2,New laptop,laptop,2025-05-01,\n"), 0o600)
	if code, _ := capture(t, "import", "--db", db, "--kind", "assets", csv); code != 0 {
		t.Fatalf("import exit %d", code)
	}
	code, out := capture(t, "alerts", "--db", db, "--as-of", "2026-03-01", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 alerts, got:\n%s", out)
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"kind", "severity", "subject", "reason", "date"} {
		if _, ok := first[k]; !ok {
			t.Fatalf("%s missing in %s", k, lines[0])
		}
	}
	if first["kind"] != "eol" || first["severity"] != "critical" || first["date"] != "2024-01-10" || first["subject"] != "LT-1 Old laptop" {
		t.Fatalf("first alert %v", first)
	}
	code, out = capture(t, "alerts", "--db", db, "--as-of", "2026-03-01")
	if code != 0 || !strings.Contains(out, "SEVERITY") || !strings.Contains(out, "warranty from the manufacturer ends on 2026-04-10, in 40 days") {
		t.Fatalf("table (exit %d):\n%s", code, out)
	}
	// Before the warranty window opens and the laptop ages out, nothing is due.
	if code, out = capture(t, "alerts", "--db", db, "--as-of", "2023-01-01"); code != 0 || !strings.Contains(out, "No alerts") {
		t.Fatalf("early (exit %d):\n%s", code, out)
	}
	if code, _ = capture(t, "alerts", "--db", db, "--as-of", "01/03/2026"); code != 2 {
		t.Fatalf("bad date exit %d, want 2", code)
	}
	// A warning window beyond two years is a usage error, not a window
	// that runs past every date and loses alerts.
	for _, w := range []string{"731", "9223372036854775807", "-1"} {
		if code, _ = capture(t, "alerts", "--db", db, "--as-of", "2026-03-01", "--warn-days", w); code != 2 {
			t.Errorf("--warn-days %s: exit %d, want 2", w, code)
		}
	}
	if code, out = capture(t, "alerts", "--db", db, "--as-of", "2026-03-01", "--warn-days", "730", "--json"); code != 0 || len(strings.Split(strings.TrimSpace(out), "\n")) != 2 {
		t.Errorf("--warn-days 730: exit %d\n%s", code, out)
	}
}

// TestAlertsNamePeopleAlike: training and leaver alerts name a person the
// same way, Name <email>, in the table and in JSON.
func TestAlertsNamePeopleAlike(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	files := map[string]string{
		"people":  "name,email,status,leave_date\nAnn Lee,ann@example.org,active,\nTom Reed,tom@example.org,left,2026-01-10\n",
		"assets":  "tag,name,category,assigned_to\nLT-1,Laptop,laptop,tom@example.org\n",
		"courses": "name,mandatory\nSecurity awareness,all\n",
	}
	for _, kind := range []string{"people", "assets", "courses"} {
		path := filepath.Join(dir, kind+".csv")
		os.WriteFile(path, []byte(files[kind]), 0o600)
		if code, _ := capture(t, "import", "--db", db, "--kind", kind, path); code != 0 {
			t.Fatalf("import %s: exit %d", kind, code)
		}
	}
	_, table := capture(t, "alerts", "--db", db, "--as-of", "2026-03-01")
	_, js := capture(t, "alerts", "--db", db, "--as-of", "2026-03-01", "--json")
	var subjects []string
	for _, line := range strings.Split(strings.TrimSpace(js), "\n") {
		var a struct{ Subject string }
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatal(err)
		}
		subjects = append(subjects, a.Subject)
	}
	for _, want := range []string{"Ann Lee <ann@example.org>: Security awareness", "Tom Reed <tom@example.org>"} {
		if !strings.Contains(table, want) || !slices.Contains(subjects, want) {
			t.Errorf("%q missing:\n%s\n%q", want, table, subjects)
		}
	}
}
