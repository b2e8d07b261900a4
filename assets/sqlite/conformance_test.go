package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"steward/assets/sqlite"
	"steward/assets/storetest"
)

// The SQLite store is held to the whole register contract.
func TestConformance(t *testing.T) {
	storetest.Run(t, openConformance)
}

func openConformance(t *testing.T) storetest.Store {
	t.Helper()
	s, err := sqlite.Create(context.Background(), filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	clock := storetest.Start
	s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	s.Actor = storetest.Actor
	t.Cleanup(func() { s.Close() })
	return s
}
