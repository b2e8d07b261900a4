package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"steward/assets"
	"steward/assets/sqlite"
)

func TestBackupAndRestoreWhileWriting(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seed(t, s, 500)
	// A writer keeps adding assets while the backup runs.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			a := assets.Asset{Name: fmt.Sprintf("During backup %d", i), Category: "other"}
			if err := s.CreateAsset(ctx, &a); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	dest := filepath.Join(t.TempDir(), "copy.db")
	err := s.BackupTo(ctx, dest)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	info, err := sqlite.CheckBackup(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	if info.Assets < 500 || info.SchemaVersion != sqlite.SchemaVersion() {
		t.Errorf("backup info %+v", info)
	}
	if fi, _ := os.Stat(dest); fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", fi.Mode().Perm())
	}
	if err := s.BackupTo(ctx, dest); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("overwrote a backup: %v", err)
	}

	// Change the register, then restore: the backup's content comes back,
	// and the replaced register is kept.
	before, _ := s.CountAssets(ctx, assets.AssetQuery{})
	seed(t, s, 50)
	kept, err := s.RestoreFrom(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := s.CountAssets(ctx, assets.AssetQuery{})
	if after != info.Assets {
		t.Errorf("after restore %d assets, backup had %d", after, info.Assets)
	}
	if k, err := sqlite.CheckBackup(ctx, kept); err != nil || k.Assets != before+50 {
		t.Errorf("kept copy %+v %v (want %d assets)", k, err, before+50)
	}
	// Writing after a restore still works and the file is sound.
	a := assets.Asset{Name: "After restore", Category: "other"}
	if err := s.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.IntegrityCheck(ctx); ok != "ok" {
		t.Errorf("integrity %q", ok)
	}
}

func TestRestoreRefusesBadFiles(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not sqlite ", 500)), 0o600)
	for _, src := range []string{junk, filepath.Join(dir, "missing.db")} {
		if _, err := s.RestoreFrom(ctx, src); err == nil || !strings.Contains(err.Error(), "nothing was restored") {
			t.Errorf("%s: %v", src, err)
		}
	}
	// A database from a newer Steward.
	other := openTest(t)
	other.DB().Exec(fmt.Sprintf("PRAGMA user_version = %d", sqlite.SchemaVersion()+1))
	newer := filepath.Join(dir, "newer.db")
	if err := other.BackupTo(ctx, newer); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RestoreFrom(ctx, newer); err == nil || !strings.Contains(err.Error(), "newer Steward") {
		t.Errorf("newer: %v", err)
	}
	// A damaged copy: flip bytes in the middle of a real backup.
	seed(t, s, 300)
	good := filepath.Join(dir, "good.db")
	s.BackupTo(ctx, good)
	b, _ := os.ReadFile(good)
	for i := len(b) / 2; i < len(b)/2+4096 && i < len(b); i++ {
		b[i] ^= 0x5a
	}
	bad := filepath.Join(dir, "damaged.db")
	os.WriteFile(bad, b, 0o600)
	if _, err := s.RestoreFrom(ctx, bad); err == nil {
		t.Error("restored a damaged file")
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 300 {
		t.Errorf("register changed by refused restores: %d assets", n)
	}
}

func TestDailyBackupRotates(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	dir := t.TempDir()
	day := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return day }
	for i := 0; i < 10; i++ {
		_, made, err := s.DailyBackup(ctx, dir, 7)
		if err != nil || !made {
			t.Fatalf("day %d: made=%v %v", i, made, err)
		}
		if _, made, _ := s.DailyBackup(ctx, dir, 7); made {
			t.Fatalf("day %d: second copy on the same day", i)
		}
		day = day.AddDate(0, 0, 1)
	}
	got, _ := filepath.Glob(filepath.Join(dir, "*.db"))
	if len(got) != 7 || filepath.Base(got[0]) != "steward-2026-01-04.db" {
		t.Errorf("kept %v", got)
	}
}

func TestTwoStoresOnOneFile(t *testing.T) {
	a := openTest(t)
	ctx := context.Background()
	b, err := sqlite.Create(ctx, a.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for _, s := range []*sqlite.Store{a, b} {
		wg.Add(1)
		go func(s *sqlite.Store) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				x := assets.Asset{Name: fmt.Sprintf("w%d", i), Category: "other"}
				if err := s.CreateAsset(ctx, &x); err != nil {
					errs <- err
					return
				}
			}
		}(s)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, _ := a.CountAssets(ctx, assets.AssetQuery{}); n != 200 {
		t.Errorf("%d assets, want 200", n)
	}
	if ok, _ := b.IntegrityCheck(ctx); ok != "ok" {
		t.Errorf("integrity %q", ok)
	}
}
