package sqlite_test

import (
	"context"
	"testing"

	"steward/assets/sqlite"
)

// TestDataVersionSeesEveryCommit: the number holds while nothing is
// written, and moves on a commit by this store and by another connection
// to the same file (another Steward, the CLI), which is what lets the
// dashboard keep its alerts between opens.
func TestDataVersionSeesEveryCommit(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	v0, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.DataVersion(ctx); v != v0 {
		t.Fatalf("data version moved from %d to %d with no write", v0, v)
	}
	if err := s.SetSetting(ctx, "test.key", "1"); err != nil {
		t.Fatal(err)
	}
	v1, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v1 == v0 {
		t.Fatalf("data version stayed %d after this store wrote", v0)
	}
	other, err := sqlite.Create(ctx, s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.SetSetting(ctx, "test.key", "2"); err != nil {
		t.Fatal(err)
	}
	v2, err := s.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v2 == v1 {
		t.Fatalf("data version stayed %d after another connection wrote", v1)
	}
}
