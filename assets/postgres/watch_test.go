package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"steward/assets"
	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
)

// twoStores opens two stores (two Stewards) on one new register.
func twoStores(t testing.TB) (a, b *postgres.Store) {
	t.Helper()
	url := pgtest.NewDB(t)
	var ss [2]*postgres.Store
	for i := range ss {
		s, err := postgres.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		ss[i] = s
	}
	return ss[0], ss[1]
}

// watching is a running Watch: its changes arrive on ch. onLost, when set,
// runs in the watcher's goroutine on ChangeLost (before it reconnects).
type watching struct {
	ch     chan assets.Change
	onLost func()
}

func watch(t testing.TB, s *postgres.Store, onLost func()) *watching {
	t.Helper()
	w := &watching{ch: make(chan assets.Change, 1000), onLost: onLost}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- s.Watch(ctx, func(c assets.Change) {
			if c.Kind == assets.ChangeLost && w.onLost != nil {
				w.onLost()
			}
			w.ch <- c
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch: %v", err)
		}
	})
	w.next(t, assets.ChangeConnected)
	return w
}

// next returns the next change of kind, failing on any other kind between.
func (w *watching) next(t testing.TB, kind assets.ChangeKind) assets.Change {
	t.Helper()
	for c := range w.ch {
		if c.Kind == kind {
			return c
		}
		t.Fatalf("got %+v, waiting for kind %d", c, kind)
	}
	panic("unreachable")
}

// data returns the next data change for entity (others are skipped).
func (w *watching) data(t testing.TB, entity string) assets.Change {
	t.Helper()
	for {
		c := w.next(t, assets.ChangeData)
		if c.Entity == entity {
			return c
		}
	}
}

func TestWatchSeesTheOtherClient(t *testing.T) {
	ctx := context.Background()
	a, b := twoStores(t)
	w := watch(t, b, nil)

	laptop := assets.Asset{Name: "Laptop", Category: "laptop"}
	if err := a.CreateAsset(ctx, &laptop); err != nil {
		t.Fatal(err)
	}
	c := w.data(t, assets.EntityAssets)
	if c.EntityID != laptop.ID || c.Action != "insert" || c.Rows != 1 || c.Seq == 0 {
		t.Errorf("after a create: %+v, want insert of asset %d", c, laptop.ID)
	}
	laptop.Name = "Laptop 2"
	if err := a.UpdateAsset(ctx, &laptop); err != nil {
		t.Fatal(err)
	}
	if c := w.data(t, assets.EntityAssets); c.EntityID != laptop.ID || c.Action != "update" {
		t.Errorf("after an update: %+v", c)
	}
	p := assets.Person{Name: "Ann", Email: "ann@example.com"}
	if err := a.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if c := w.data(t, assets.EntityPeople); c.EntityID != p.ID || c.Action != "insert" {
		t.Errorf("after a new person: %+v", c)
	}
	// Many rows in one statement: one change, no row named.
	list := make([]assets.Asset, 50)
	for i := range list {
		list[i] = assets.Asset{Name: fmt.Sprint("Phone ", i), Category: "phone"}
		list[i].Normalize()
	}
	if err := a.CreateAssets(ctx, list); err != nil {
		t.Fatal(err)
	}
	if c := w.data(t, assets.EntityAssets); c.EntityID != 0 || c.Rows != 50 || c.Action != "insert" {
		t.Errorf("after 50 assets at once: %+v", c)
	}
}

// The listener's connection is killed; changes made while it is down
// (and one made before, in a transaction still open when it went down)
// are delivered by the catch-up from the change log once it is back.
func TestWatchCatchesUpAfterALostConnection(t *testing.T) {
	ctx := context.Background()
	a, b := twoStores(t)
	var whileDown func()
	w := watch(t, b, func() { whileDown() })

	// A transaction takes change number k and stays open while k+1 is
	// made and delivered: k is a hole the catch-up must fill.
	slow, err := a.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Rollback(ctx)
	var slowID int64
	if err := slow.QueryRow(ctx, `INSERT INTO people(name, email, created, updated) VALUES ('Slow', 'slow@example.com', 'x', 'x') RETURNING id`).Scan(&slowID); err != nil {
		t.Fatal(err)
	}
	first := assets.Asset{Name: "Before", Category: "laptop"}
	if err := a.CreateAsset(ctx, &first); err != nil {
		t.Fatal(err)
	}
	if c := w.data(t, assets.EntityAssets); c.EntityID != first.ID {
		t.Fatalf("before the loss: %+v", c)
	}

	var down []assets.Asset
	whileDown = func() {
		// Runs in the watcher, between the loss and its reconnection.
		for i := range 3 {
			x := assets.Asset{Name: fmt.Sprint("While down ", i), Category: "laptop"}
			if err := a.CreateAsset(ctx, &x); err != nil {
				t.Error(err)
			}
			down = append(down, x)
		}
		if err := slow.Commit(ctx); err != nil {
			t.Error(err)
		}
	}
	var killed bool
	if err := a.Pool().QueryRow(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = $1`, postgres.WatchAppName).Scan(&killed); err != nil || !killed {
		t.Fatalf("terminating the listener: %v, %v", killed, err)
	}
	lost := w.next(t, assets.ChangeLost)
	if lost.At.IsZero() {
		t.Error("ChangeLost without the time")
	}
	seen := map[int64]bool{}
	person := false
	for c := range w.ch {
		if c.Kind == assets.ChangeConnected {
			break
		}
		if c.Kind != assets.ChangeData {
			t.Fatalf("during the catch-up: %+v", c)
		}
		if c.At.IsZero() {
			t.Errorf("a caught-up change without its time: %+v", c)
		}
		switch c.Entity {
		case assets.EntityAssets:
			seen[c.EntityID] = true
		case assets.EntityPeople:
			person = person || c.EntityID == slowID
		}
	}
	for _, x := range down {
		if !seen[x.ID] {
			t.Errorf("asset %d made while the connection was down: not caught up (saw %v)", x.ID, seen)
		}
	}
	if seen[first.ID] {
		t.Error("the change delivered before the loss came again")
	}
	if !person {
		t.Error("the change of the transaction open across the loss was not caught up")
	}
	// And it goes on listening.
	after := assets.Asset{Name: "After", Category: "laptop"}
	if err := a.CreateAsset(ctx, &after); err != nil {
		t.Fatal(err)
	}
	if c := w.data(t, assets.EntityAssets); c.EntityID != after.ID {
		t.Errorf("after the reconnection: %+v", c)
	}
}
