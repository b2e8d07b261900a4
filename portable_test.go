package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

func TestPortablePath(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "steward")
	if err := os.WriteFile(exe, []byte("binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	if p, ok := portablePath(exe, false); ok {
		t.Fatalf("no flag and no marker: portable at %s", p)
	}
	want := filepath.Join(dir, "steward.db")
	if p, ok := portablePath(exe, true); !ok || p != want {
		t.Fatalf("--portable: got %q %v, want %q", p, ok, want)
	}
	for _, marker := range []string{"portable", "portable.txt"} {
		m := filepath.Join(dir, marker)
		if err := os.WriteFile(m, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if p, ok := portablePath(exe, false); !ok || p != want {
			t.Errorf("marker %s: got %q %v, want %q", marker, p, ok, want)
		}
		os.Remove(m)
	}
	// Started through a symlink (say from ~/.local/bin), the data stays
	// next to the real binary.
	link := filepath.Join(t.TempDir(), "steward")
	if err := os.Symlink(exe, link); err != nil {
		t.Fatal(err)
	}
	if p, ok := portablePath(link, true); !ok || p != want {
		t.Errorf("via symlink: got %q, want %q", p, want)
	}
}

// The test binary stands in for steward: with --portable, the database
// openStore picks is the one next to it.
func TestPortableFlagOpensDatabaseNextToBinary(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip("cannot find the test binary:", err)
	}
	portable = true
	t.Cleanup(func() { portable = false })
	got := defaultDB()
	real, _ := filepath.EvalSymlinks(exe)
	if want := filepath.Join(filepath.Dir(real), "steward.db"); got != want {
		t.Errorf("defaultDB with --portable = %q, want %q", got, want)
	}
}

func TestLoadDemoForGUIFillsOnlyEmptyRegisters(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.SetSetting(ctx, assets.SettingCurrency, "GBP"); err != nil {
		t.Fatal(err)
	}
	msg, err := loadDemoForGUI(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := store.CountAssets(ctx, assets.AssetQuery{})
	if n != 300 || !strings.Contains(msg, "300 assets") {
		t.Fatalf("demo: %d assets, message %q", n, msg)
	}
	page, err := store.ListAssets(ctx, assets.AssetQuery{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range page.Assets {
		if a.Cost.Minor != 0 && a.Cost.Currency != "GBP" {
			t.Fatalf("%s costs %v, want the register's currency GBP", a.Tag, a.Cost)
		}
	}
	if _, err := loadDemoForGUI(ctx, store); err == nil || !strings.Contains(err.Error(), "already holds 300 assets") {
		t.Fatalf("second load: %v", err)
	}
}
