package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"steward/assets"
	"steward/assets/demo"
	"steward/assets/sqlite"
)

// watchedStore is a register that tells of changes: the test calls the
// window's callback itself (a shared register's Watch does it for real).
type watchedStore struct {
	*sqlite.Store
	subscribed chan func(assets.Change)
}

func (w *watchedStore) Watch(ctx context.Context, fn func(assets.Change)) error {
	w.subscribed <- fn
	<-ctx.Done()
	return ctx.Err()
}

func TestLiveChangesRefreshTheListAndKeepTheForm(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	fillDemo(t, store, demo.Config{Assets: 5, People: 5, Seed: 42})
	ws := &watchedStore{Store: store, subscribed: make(chan func(assets.Change), 1)}
	now := func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }
	u := newUI(ctx, test.NewTempApp(t), Services{Store: ws, Version: "test", Now: now}, make(chan func(), 64))
	u.win.Resize(fyne.NewSize(1024, 768))
	u.wait()
	if u.live == nil {
		t.Fatal("the window did not subscribe to the register's changes")
	}
	changed := <-ws.subscribed // the window subscribed at start

	s := openAssets(t, u)
	if len(s.rows) != 5 {
		t.Fatalf("%d rows at start", len(s.rows))
	}
	s.newItem()
	f := s.form
	f.name.SetText("Half-typed spare laptop")

	// Someone else adds two assets: two changes, one refresh.
	for _, name := range []string{"Added elsewhere 1", "Added elsewhere 2"} {
		a := assets.Asset{Name: name, Category: "laptop"}
		if err := store.CreateAsset(ctx, &a); err != nil {
			t.Fatal(err)
		}
		changed(assets.Change{Kind: assets.ChangeData, Entity: assets.EntityAssets, EntityID: a.ID, Action: "insert", Rows: 1})
	}
	u.wait()
	if len(s.rows) != 7 || s.matched != 7 {
		t.Errorf("after two assets added elsewhere the list shows %d (matched %d), want 7", len(s.rows), s.matched)
	}
	if s.form != f || f.name.Text != "Half-typed spare laptop" {
		t.Errorf("the open form was disturbed: form %v, name %q", s.form == f, f.name.Text)
	}

	// The connection is lost: a banner says so, the form stays.
	changed(assets.Change{Kind: assets.ChangeLost, At: time.Date(2026, 6, 1, 9, 41, 0, 0, time.Local)})
	u.wait()
	if !u.live.banner.Visible() || !strings.Contains(u.live.text.Text, "Lost the connection to the shared register at 09:41; reconnecting") {
		t.Errorf("banner shown %v: %q", u.live.banner.Visible(), u.live.text.Text)
	}
	screenshot(t, u, "live-connection-lost")
	changed(assets.Change{Kind: assets.ChangeConnected, At: time.Now()})
	u.wait()
	if u.live.banner.Visible() {
		t.Error("the banner stays after reconnecting")
	}
	if f.name.Text != "Half-typed spare laptop" {
		t.Errorf("the form's name after the outage: %q", f.name.Text)
	}
	f.dlg.Hide()
	u.wait()

	// A change the screen does not list (a course) leaves it alone; a
	// resync reloads it.
	a := assets.Asset{Name: "Added elsewhere 3", Category: "laptop"}
	if err := store.CreateAsset(ctx, &a); err != nil {
		t.Fatal(err)
	}
	changed(assets.Change{Kind: assets.ChangeData, Entity: assets.EntityCourses, Action: "insert"})
	u.wait()
	if len(s.rows) != 7 {
		t.Errorf("a course's change reloaded the assets: %d rows", len(s.rows))
	}
	changed(assets.Change{Kind: assets.ChangeResync})
	u.wait()
	if len(s.rows) != 8 {
		t.Errorf("after a resync the list shows %d, want 8", len(s.rows))
	}
}

func TestNoLiveUpdatesForAFile(t *testing.T) {
	u, _ := newTestUI(t, 0)
	if u.live != nil {
		t.Error("a SQLite file got a live watch")
	}
}
