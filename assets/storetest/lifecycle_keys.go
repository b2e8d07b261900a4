package storetest

import (
	"testing"

	"steward/assets"
	"steward/assets/secret"
)

var keyCases = []Case[KeyStore]{
	{"EncryptUnlockChangeDisable", func(t *testing.T, s KeyStore) {
		l := assets.Licence{Product: "Office", Seats: 1, Key: "PLAIN-KEY"}
		must(t, s.CreateLicence(ctx, &l))
		none := assets.Licence{Product: "No key", Seats: 1}
		must(t, s.CreateLicence(ctx, &none))
		st, err := s.KeyEncryption(ctx)
		must(t, err)
		wantEqual(t, "status before", st, assets.KeyEncryptionStatus{Plain: 1})
		ok, err := s.KeysReadable(ctx)
		must(t, err)
		if !ok {
			t.Fatalf("keys unreadable without encryption")
		}
		wantKind(t, "unlock when off", s.UnlockKeys(ctx, "whatever passphrase"), assets.KindInvalid)
		wantKind(t, "disable when off", s.DisableKeyEncryption(ctx, "whatever passphrase"), assets.KindInvalid)

		must(t, s.EnableKeyEncryption(ctx, "correct horse battery"))
		wantKind(t, "enable twice", s.EnableKeyEncryption(ctx, "correct horse battery"), assets.KindConflict)
		st, err = s.KeyEncryption(ctx)
		must(t, err)
		wantEqual(t, "status on", st, assets.KeyEncryptionStatus{Enabled: true, Unlocked: true, Sealed: 1})
		salt, err := s.Setting(ctx, assets.SettingKeySalt)
		must(t, err)
		check, err := s.Setting(ctx, assets.SettingKeyCheck)
		must(t, err)
		if salt == "" || check == "" {
			t.Fatalf("salt %q check %q", salt, check)
		}
		got, err := s.Licence(ctx, l.ID)
		must(t, err)
		wantEqual(t, "key while unlocked", got.Key, "PLAIN-KEY")

		s.LockKeys()
		ok, err = s.KeysReadable(ctx)
		must(t, err)
		if ok {
			t.Fatalf("keys readable while locked")
		}
		got, err = s.Licence(ctx, l.ID)
		must(t, err)
		if !secret.IsSealed(got.Key) {
			t.Fatalf("key while locked: %q", got.Key)
		}
		list, err := s.ListLicences(ctx, assets.LicenceQuery{Search: "office"})
		must(t, err)
		wantEqual(t, "listed key while locked", list[0].Key, got.Key)
		// Saved unchanged while locked: the sealed value is kept as it is.
		got.Notes = "edited while locked"
		must(t, s.UpdateLicence(ctx, &got))
		got.Key = "NEW-KEY"
		wantKind(t, "new key while locked", s.UpdateLicence(ctx, &got), assets.KindInvalid)
		wantKind(t, "new licence with a key while locked", s.CreateLicence(ctx, &assets.Licence{Product: "X", Seats: 1, Key: "K"}), assets.KindInvalid)
		wantKind(t, "wrong passphrase", s.UnlockKeys(ctx, "wrong horse battery"), assets.KindInvalid)
		must(t, s.UnlockKeys(ctx, "correct horse battery"))
		got, err = s.Licence(ctx, l.ID)
		must(t, err)
		wantEqual(t, "key after unlocking", got.Key, "PLAIN-KEY")
		got.Key = "NEW-KEY"
		must(t, s.UpdateLicence(ctx, &got))

		wantKind(t, "change with a wrong passphrase", s.ChangeKeyPassphrase(ctx, "wrong horse battery", "another good passphrase"), assets.KindInvalid)
		must(t, s.ChangeKeyPassphrase(ctx, "correct horse battery", "another good passphrase"))
		s.LockKeys()
		wantKind(t, "old passphrase", s.UnlockKeys(ctx, "correct horse battery"), assets.KindInvalid)
		must(t, s.UnlockKeys(ctx, "another good passphrase"))
		got, err = s.Licence(ctx, l.ID)
		must(t, err)
		wantEqual(t, "key after the change", got.Key, "NEW-KEY")

		s.LockKeys()
		wantKind(t, "disable with a wrong passphrase", s.DisableKeyEncryption(ctx, "correct horse battery"), assets.KindInvalid)
		must(t, s.DisableKeyEncryption(ctx, "another good passphrase"))
		st, err = s.KeyEncryption(ctx)
		must(t, err)
		wantEqual(t, "status off", st, assets.KeyEncryptionStatus{Plain: 1})
		got, err = s.Licence(ctx, l.ID)
		must(t, err)
		wantEqual(t, "key after disabling", got.Key, "NEW-KEY")
		salt, err = s.Setting(ctx, assets.SettingKeySalt)
		must(t, err)
		if salt != "" {
			t.Fatalf("salt left after disabling: %q", salt)
		}
		wantLines(t, "settings history", historyLines(t, s, "settings", 0), []string{
			"update licence key encryption removed by tester",
			"update licence key passphrase changed by tester",
			"update licence keys encrypted by tester",
		})
		lines := historyLines(t, s, "licence", l.ID)
		wantLines(t, "licence history never holds the key", lines, []string{
			"update key: (old key) -> (new key) by tester",
			"update notes:  -> edited while locked by tester",
			"create Office by tester",
		})
	}},
}
