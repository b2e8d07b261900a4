package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"steward/assets/postgres"
	"steward/assets/postgres/pgtest"
	"steward/assets/sqlite"
)

// Settings → "Connect to a shared register…" against a real server: a
// wrong database name is said plainly, the right one says who is
// connected, and "Use this register" keeps the address without its
// password in this computer's preferences; "Use a register file" forgets it.
func TestConnectDialog(t *testing.T) {
	url := pgtest.NewDB(t)
	u, _ := newTestUI(t, 0)
	u.svc.ConnectTest = func(ctx context.Context, address, password string) (string, error) {
		st, err := postgres.Probe(ctx, address, password)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Connected as %s, role %s.", st.User, st.Role), nil
	}
	u.svc.WithoutPassword = postgres.WithoutPassword
	s := openSettings(t, u)
	test.Tap(button(s.ui.views[u.current], "Connect to a shared register…"))
	u.wait()
	address := func(text string) {
		t.Helper()
		e, ok := find(topDialog(u), func(e *dialogEntry) bool { return !e.Password })
		if !ok {
			t.Fatalf("no address field:\n%s", texts(topDialog(u)))
		}
		e.SetText(text)
	}
	result := func() string {
		l, _ := find(topDialog(u), func(l *widget.Label) bool {
			return strings.HasPrefix(l.Text, "Could not") || strings.HasPrefix(l.Text, "Connected") || strings.HasPrefix(l.Text, "Steward opens")
		})
		if l == nil {
			return texts(topDialog(u))
		}
		return l.Text
	}

	address(pgtest.WithDatabase(url, "no_such_register"))
	tapButton(t, u, "Test connection")
	if got := result(); !strings.Contains(got, `has no database "no_such_register"`) || !strings.Contains(got, "check its name") {
		t.Errorf("a wrong database name: %q", got)
	}

	withPw := pgtest.WithUser(url, "postgres", "s3cret")
	address(withPw)
	tapButton(t, u, "Test connection")
	if got := result(); !strings.Contains(got, "Connected as postgres") {
		t.Errorf("the right address: %q", got)
	}
	tapButton(t, u, "Use this register")
	kept := u.app.Preferences().String(PrefSharedRegister)
	if kept == "" || strings.Contains(kept, "s3cret") || kept != postgres.WithoutPassword(withPw) {
		t.Errorf("kept %q, want the address without its password", kept)
	}
	if got := result(); !strings.Contains(got, "when it starts next") {
		t.Errorf("after Use this register: %q", got)
	}
	tapButton(t, u, "Close")
	test.Tap(button(s.ui.views[u.current], "Use a register file"))
	if kept := u.app.Preferences().String(PrefSharedRegister); kept != "" {
		t.Errorf("after Use a register file the preference holds %q", kept)
	}
}

// roleStore is a register file that says it is a shared register's, with
// the given role.
type roleStore struct {
	*sqlite.Store
	role string
}

func (r roleStore) Who(context.Context) (string, string, error) { return "ann", r.role, nil }
func (r roleStore) Path() string                                { return "postgres://ann@db.example.org/steward" }

func newRoleUI(t *testing.T, role string) *UI {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Create(ctx, t.TempDir()+"/steward.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	now := func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }
	u := newUI(ctx, test.NewTempApp(t), Services{Store: roleStore{store, role}, Version: "test", Now: now}, make(chan func(), 64))
	u.win.Resize(fyne.NewSize(1024, 768))
	u.wait()
	return u
}

// A read-only person sees who they are and no button that would change the
// register; a technician changes records but not the settings.
func TestRoleHidesWhatItCannotDo(t *testing.T) {
	for _, tc := range []struct {
		role           string
		edit, settings bool
	}{
		{"readonly", false, false},
		{"technician", true, false},
		{"admin", true, true},
	} {
		t.Run(tc.role, func(t *testing.T) {
			u := newRoleUI(t, tc.role)
			who := "ann (" + roleName(tc.role) + ")"
			if !strings.Contains(u.win.Title(), who) || !strings.Contains(u.whoLabel.Text, "Connected as "+who) {
				t.Errorf("title %q, status %q: want %q", u.win.Title(), u.whoLabel.Text, who)
			}
			openScreen[*assetsScreen](t, u, "Assets")
			view := u.views[u.current]
			for _, name := range []string{"New asset", "Edit", "Delete", "Add this computer", "Import reports"} {
				b := button(view, name)
				if b == nil {
					t.Fatalf("no %q button on the Assets screen", name)
				}
				if b.Visible() != tc.edit {
					t.Errorf("%s: %q shown %v, want %v", tc.role, name, b.Visible(), tc.edit)
				}
			}
			openScreen[*peopleScreen](t, u, "People")
			if b := button(u.views[u.current], "New person"); b == nil || b.Visible() != tc.edit {
				t.Errorf("%s: New person shown wrongly", tc.role)
			}
			s := openSettings(t, u)
			for _, name := range []string{"Save settings", "Save policies", "Save budget settings"} {
				if b := button(s.ui.views[u.current], name); b == nil || b.Visible() != tc.settings {
					t.Errorf("%s: %q shown wrongly", tc.role, name)
				}
			}
			// Everyone may choose which register this computer opens.
			if b := button(s.ui.views[u.current], "Connect to a shared register…"); b == nil || !b.Visible() {
				t.Errorf("%s: no Connect button", tc.role)
			}
			if !strings.Contains(texts(s.ui.views[u.current]), "backups are the server's job") {
				t.Errorf("%s: Settings does not say where a shared register's backups are made", tc.role)
			}
		})
	}
}
