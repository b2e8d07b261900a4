package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// typePassphrases fills the password fields of the dialog on top and taps OK.
func typePassphrases(t *testing.T, u *UI, pass string) {
	t.Helper()
	d := topDialog(u)
	if d == nil {
		t.Fatal("no passphrase dialog")
	}
	n := 0
	find(d, func(e *dialogEntry) bool {
		if e.Password {
			e.SetText(pass)
			n++
		}
		return false
	})
	if n == 0 {
		t.Fatal("the dialog has no password field")
	}
	ok := button(d, "OK")
	if ok == nil {
		t.Fatalf("no OK button in:\n%s", texts(d))
	}
	test.Tap(ok)
	u.wait()
}

func TestSettingsEncryptLicenceKeys(t *testing.T) {
	u := newSettingsUI(t, Services{})
	s := openSettings(t, u)
	ctx := context.Background()
	if !strings.Contains(s.keysInfo.Text, "plain text") || s.keysSet.Disabled() || !s.keysRemove.Disabled() {
		t.Fatalf("before: %q", s.keysInfo.Text)
	}
	test.Tap(s.keysSet)
	typePassphrases(t, u, "open sesame")
	st, err := testStore(u).KeyEncryption(ctx)
	if err != nil || !st.Enabled {
		t.Fatalf("after Set passphrase: %+v %v", st, err)
	}
	if !strings.Contains(s.keysInfo.Text, "encrypted") || !s.keysSet.Disabled() {
		t.Fatalf("after: %q", s.keysInfo.Text)
	}
	// Remove with the passphrase turns it off again.
	test.Tap(s.keysRemove)
	typePassphrases(t, u, "open sesame")
	if st, _ := testStore(u).KeyEncryption(ctx); st.Enabled {
		t.Fatal("encryption still on after Remove passphrase")
	}
}
