package postgres_test

import (
	"testing"
	"time"

	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
	"steward/assets/storetest"
)

// openConformance opens a fresh register for one conformance test, with the
// suite's clock and actor. Each method group runs the suite's part for it
// (conformance_<group>_test.go); TestConformance runs it all once every
// group is written.
func openConformance(t *testing.T) *postgres.Store {
	t.Helper()
	s := pgtest.NewStore(t)
	clock := storetest.Start
	s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	s.Actor = storetest.Actor
	return s
}
