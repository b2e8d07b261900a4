package app

import (
	"context"
	"errors"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// keysStore is what the licence-key encryption card and the passphrase
// prompt use.
type keysStore interface {
	ChangeKeyPassphrase(ctx context.Context, oldPass, newPass string) error
	DisableKeyEncryption(ctx context.Context, passphrase string) error
	EnableKeyEncryption(ctx context.Context, passphrase string) error
	KeyEncryption(ctx context.Context) (assets.KeyEncryptionStatus, error)
	UnlockKeys(ctx context.Context, passphrase string) error
}

// askPassphrase shows a form with hidden passphrase fields (confirm adds a
// second one that must match) and calls done with what was typed.
func (u *UI) askPassphrase(title, label string, confirm bool, done func(pass string)) {
	pass := formPassword("")
	again := formPassword("")
	items := []*widget.FormItem{widget.NewFormItem(label, pass)}
	if confirm {
		items = append(items, widget.NewFormItem("Again", again))
		again.Validator = func(s string) error {
			if s != pass.Text {
				return errors.New("the two passphrases differ")
			}
			return nil
		}
	}
	pass.Validator = func(s string) error {
		if s == "" {
			return errors.New("type the passphrase")
		}
		return nil
	}
	d := u.showForm(title, "OK", items, func(ok bool) {
		if ok {
			done(pass.Text)
		}
	})
	d.Resize(fyne.NewSize(420, 0))
}

// unlockKeys asks for the passphrase once for the session and calls then
// when the store accepted it.
func (u *UI) unlockKeys(then func()) {
	u.askPassphrase("Licence keys are encrypted", "Passphrase", false, func(pass string) {
		background(u, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, u.svc.Store.UnlockKeys(ctx, pass)
		}, func(_ struct{}, err error) {
			if err != nil {
				u.showError("Could not unlock the licence keys", err)
				return
			}
			then()
		})
	})
}

// keysCard is the Settings section that sets, changes or removes the
// licence-key passphrase.
func (s *settingsScreen) keysCard() fyne.CanvasObject {
	s.keysInfo = widget.NewLabel("")
	s.keysInfo.Wrapping = fyne.TextWrapWord
	s.keysSet = widget.NewButtonWithIcon("Set passphrase…", theme.ConfirmIcon(), func() {
		s.ui.askPassphrase("Encrypt licence keys", "New passphrase", true, func(p string) {
			s.keysDo("Licence keys are now encrypted.", func(ctx context.Context, st keysStore) error {
				return st.EnableKeyEncryption(ctx, p)
			})
		})
	})
	s.keysChange = widget.NewButtonWithIcon("Change passphrase…", theme.ViewRefreshIcon(), func() {
		s.ui.askPassphrase("Change passphrase", "Current passphrase", false, func(old string) {
			s.ui.askPassphrase("Change passphrase", "New passphrase", true, func(p string) {
				s.keysDo("The passphrase was changed.", func(ctx context.Context, st keysStore) error {
					return st.ChangeKeyPassphrase(ctx, old, p)
				})
			})
		})
	})
	s.keysRemove = widget.NewButtonWithIcon("Remove passphrase…", theme.DeleteIcon(), func() {
		s.ui.askPassphrase("Store licence keys in plain text", "Current passphrase", false, func(p string) {
			s.keysDo("Licence keys are stored in plain text again.", func(ctx context.Context, st keysStore) error {
				return st.DisableKeyEncryption(ctx, p)
			})
		})
	})
	return noteCard("Encrypt licence keys",
		"With a passphrase, licence keys are stored encrypted (AES-GCM); Steward asks for it once per session to show or export them. A forgotten passphrase cannot be recovered.",
		container.NewVBox(s.keysInfo, container.NewHBox(s.keysSet, s.keysChange, s.keysRemove)))
}

func (s *settingsScreen) keysDo(ok string, work func(context.Context, keysStore) error) {
	background(s.ui, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, work(ctx, s.store)
	}, func(_ struct{}, err error) {
		if err != nil {
			s.ui.showError("Licence key encryption", err)
			return
		}
		s.setStatus(ok)
		s.refreshKeys()
	})
}

func (s *settingsScreen) refreshKeys() {
	background(s.ui, func(ctx context.Context) (assets.KeyEncryptionStatus, error) {
		return s.store.KeyEncryption(ctx)
	}, func(st assets.KeyEncryptionStatus, err error) {
		if err != nil {
			s.keysInfo.SetText("Could not read the encryption state: " + assets.Message(err))
			return
		}
		if st.Enabled {
			s.keysInfo.SetText("Licence keys are encrypted (" + strconv.Itoa(st.Sealed) + " key" + plural(st.Sealed) + ").")
			s.keysSet.Disable()
			s.keysChange.Enable()
			s.keysRemove.Enable()
		} else {
			s.keysInfo.SetText("Licence keys are stored in plain text (" + strconv.Itoa(st.Plain) + " key" + plural(st.Plain) + "), readable by anyone with the database file or a backup.")
			s.keysSet.Enable()
			s.keysChange.Disable()
			s.keysRemove.Disable()
		}
	})
}
