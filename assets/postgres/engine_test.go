package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
)

// The engine methods: the address without password as Path, no copies, the
// integrity check (schema version and tables), no daily backup, who is
// connected, and plain refusals of the file operations.
func TestEngineMethods(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewDB(t)
	s, err := postgres.Open(ctx, pgtest.WithUser(url, "postgres", "s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if strings.Contains(s.Path(), "s3cret") || !strings.HasPrefix(s.Path(), "postgres") {
		t.Errorf("Path %q", s.Path())
	}
	if c, err := s.Copies(); err != nil || len(c) != 0 {
		t.Errorf("Copies: %v %v", c, err)
	}
	if got, err := s.IntegrityCheck(ctx); err != nil || got != "ok" {
		t.Errorf("IntegrityCheck of a sound register: %q %v", got, err)
	}
	if user, role, err := s.Who(ctx); err != nil || user != "postgres" || role != "admin" {
		t.Errorf("Who: %q %q %v", user, role, err)
	}
	if path, made, err := s.DailyBackup(ctx, "", 7); path != "" || made || err != nil {
		t.Errorf("DailyBackup: %q %v %v", path, made, err)
	}
	if err := s.BackupTo(ctx, t.TempDir()+"/b.db"); !errors.Is(err, postgres.ErrFileOnly) {
		t.Errorf("BackupTo: %v", err)
	}
	if _, err := s.RestoreFrom(ctx, "x.db"); !errors.Is(err, postgres.ErrFileOnly) || !strings.Contains(err.Error(), "steward db push") {
		t.Errorf("RestoreFrom: %v", err)
	}
	if _, err := s.CheckinVisit(ctx, "v.steward", assets.CheckinOptions{}); !errors.Is(err, postgres.ErrFileOnly) {
		t.Errorf("CheckinVisit: %v", err)
	}
	if _, err := s.Pool().Exec(ctx, "DROP TABLE audit_results"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.IntegrityCheck(ctx); err != nil || !strings.Contains(got, "table audit_results is missing") {
		t.Errorf("IntegrityCheck without a table: %q %v", got, err)
	}
}
