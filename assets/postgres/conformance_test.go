package postgres_test

import (
	"testing"
	"time"

	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
	"steward/assets/storetest"
)

// The PostgreSQL store is held to the whole register contract, checked
// when the package compiles.
var _ storetest.Store = (*postgres.Store)(nil)

// TestConformance runs the register contract on PostgreSQL, as
// assets/sqlite's TestConformance runs it on SQLite, with the same subtest
// names (TestConformance/People/Training/...).
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return openConformance(t) })
}

// openConformance opens a fresh register for one conformance case, with the
// suite's clock and actor.
func openConformance(t *testing.T) *postgres.Store {
	t.Helper()
	s := pgtest.NewStore(t)
	clock := storetest.Start
	s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	s.Actor = storetest.Actor
	return s
}
