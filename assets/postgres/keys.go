package postgres

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"steward/assets"
	"steward/assets/secret"
)

// Licence-key encryption, as assets/sqlite/keycrypt.go does it and in the
// same form: the salt and check in settings (secret.salt, secret.check),
// every key sealed by assets/secret ("sv1:..."). A register copied between
// the engines opens with the same passphrase.

// ErrKeysLocked is returned when a licence key must be written or revealed
// while encryption is on and the passphrase has not been given.
var ErrKeysLocked = errors.New("licence keys are encrypted: give the passphrase first (steward keys status; --passphrase-file FILE or STEWARD_PASSPHRASE)")

// sessionKey is the key this store's session unlocked (Store.key), nil
// while locked.
func (s *Store) sessionKey() *secret.Key { return s.key.Load() }

// setSessionKey keeps k for this session (nil: forget it).
func (s *Store) setSessionKey(k *secret.Key) { s.key.Store(k) }

// KeyEncryption reports the encryption state.
func (s *Store) KeyEncryption(ctx context.Context) (_ assets.KeyEncryptionStatus, err error) {
	defer assets.Wrap(&err, "postgres.KeyEncryption")
	var st assets.KeyEncryptionStatus
	salt, err := s.Setting(ctx, assets.SettingKeySalt)
	if err != nil {
		return st, err
	}
	st.Enabled = salt != ""
	st.Unlocked = st.Enabled && s.sessionKey() != nil
	err = s.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE starts_with(licence_key, $1)),
		count(*) FILTER (WHERE licence_key <> '' AND NOT starts_with(licence_key, $1)) FROM licences`, secret.Prefix).Scan(&st.Sealed, &st.Plain)
	return st, mapErr(err)
}

// deriveStored derives the key for passphrase from the stored salt and
// checks it against the stored check value.
func deriveStored(ctx context.Context, q querier, passphrase string) (*secret.Key, error) {
	saltText, err := setting(ctx, q, assets.SettingKeySalt)
	if err != nil {
		return nil, err
	}
	if saltText == "" {
		return nil, assets.Invalidf("passphrase", "licence keys are not encrypted")
	}
	salt, err := base64.RawStdEncoding.DecodeString(saltText)
	if err != nil {
		return nil, fmt.Errorf("the stored key salt is damaged: %w", err)
	}
	k, err := secret.DeriveKey(passphrase, salt)
	if err != nil {
		return nil, assets.Invalidf("passphrase", "%v", err)
	}
	check, err := setting(ctx, q, assets.SettingKeyCheck)
	if err != nil {
		return nil, err
	}
	if !k.Matches(check) {
		return nil, assets.Invalidf("passphrase", "the passphrase is wrong")
	}
	return k, nil
}

// EnableKeyEncryption derives a key from passphrase and seals every stored
// licence key in one transaction; the session stays unlocked.
func (s *Store) EnableKeyEncryption(ctx context.Context, passphrase string) (err error) {
	defer assets.Wrap(&err, "postgres.EnableKeyEncryption")
	salt, err := secret.NewSalt()
	if err != nil {
		return err
	}
	k, err := secret.DeriveKey(passphrase, salt)
	if err != nil {
		return assets.Invalidf("passphrase", "%v", err)
	}
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		// Two administrators enabling at once: the second waits here, then
		// finds it on.
		if _, err := tx.Exec(ctx, "LOCK TABLE licences IN SHARE ROW EXCLUSIVE MODE"); err != nil {
			return err
		}
		if on, err := setting(ctx, tx, assets.SettingKeySalt); err != nil {
			return err
		} else if on != "" {
			return assets.Conflictf("passphrase", "licence keys are already encrypted; change the passphrase instead")
		}
		if err := rewriteKeys(ctx, tx, nil, k); err != nil {
			return err
		}
		if err := putSetting(ctx, tx, assets.SettingKeySalt, base64.RawStdEncoding.EncodeToString(salt)); err != nil {
			return err
		}
		if err := putSetting(ctx, tx, assets.SettingKeyCheck, k.Check); err != nil {
			return err
		}
		return s.record(ctx, tx, "settings", 0, "update", "licence keys encrypted", nil)
	})
	if err == nil {
		s.setSessionKey(k)
	}
	return err
}

// UnlockKeys checks passphrase and keeps its key for this session.
func (s *Store) UnlockKeys(ctx context.Context, passphrase string) (err error) {
	defer assets.Wrap(&err, "postgres.UnlockKeys")
	k, err := deriveStored(ctx, s.pool, passphrase)
	if err != nil {
		return mapErr(err)
	}
	s.setSessionKey(k)
	return nil
}

// LockKeys forgets the session's key.
func (s *Store) LockKeys() { s.setSessionKey(nil) }

// DisableKeyEncryption opens every licence key with passphrase and stores
// them in plain text again, in one transaction.
func (s *Store) DisableKeyEncryption(ctx context.Context, passphrase string) (err error) {
	defer assets.Wrap(&err, "postgres.DisableKeyEncryption")
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "LOCK TABLE licences IN SHARE ROW EXCLUSIVE MODE"); err != nil {
			return err
		}
		k, err := deriveStored(ctx, tx, passphrase)
		if err != nil {
			return err
		}
		if err := rewriteKeys(ctx, tx, k, nil); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM settings WHERE key IN ($1,$2)", assets.SettingKeySalt, assets.SettingKeyCheck); err != nil {
			return err
		}
		return s.record(ctx, tx, "settings", 0, "update", "licence key encryption removed", nil)
	})
	if err == nil {
		s.setSessionKey(nil)
	}
	return err
}

// ChangeKeyPassphrase re-seals every licence key under a new passphrase in
// one transaction.
func (s *Store) ChangeKeyPassphrase(ctx context.Context, oldPass, newPass string) (err error) {
	defer assets.Wrap(&err, "postgres.ChangeKeyPassphrase")
	salt, err := secret.NewSalt()
	if err != nil {
		return err
	}
	nk, err := secret.DeriveKey(newPass, salt)
	if err != nil {
		return assets.Invalidf("passphrase", "new passphrase: %v", err)
	}
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "LOCK TABLE licences IN SHARE ROW EXCLUSIVE MODE"); err != nil {
			return err
		}
		ok, err := deriveStored(ctx, tx, oldPass)
		if err != nil {
			return err
		}
		if err := rewriteKeys(ctx, tx, ok, nk); err != nil {
			return err
		}
		if err := putSetting(ctx, tx, assets.SettingKeySalt, base64.RawStdEncoding.EncodeToString(salt)); err != nil {
			return err
		}
		if err := putSetting(ctx, tx, assets.SettingKeyCheck, nk.Check); err != nil {
			return err
		}
		return s.record(ctx, tx, "settings", 0, "update", "licence key passphrase changed", nil)
	})
	if err == nil {
		s.setSessionKey(nk)
	}
	return err
}

// rewriteKeys opens every stored key with from (nil: stored plain) and
// seals it with to (nil: store plain).
func rewriteKeys(ctx context.Context, tx pgx.Tx, from, to *secret.Key) error {
	rows, err := tx.Query(ctx, "SELECT id, licence_key FROM licences WHERE licence_key <> '' ORDER BY id")
	if err != nil {
		return err
	}
	type row struct {
		id  int64
		key string
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		return x, r.Scan(&x.id, &x.key)
	})
	if err != nil {
		return err
	}
	for _, r := range list {
		plain := r.key
		if secret.IsSealed(plain) {
			if from == nil {
				return fmt.Errorf("licence #%d has a sealed key but encryption is off; the key cannot be read", r.id)
			}
			if plain, err = from.Open(plain); err != nil {
				return fmt.Errorf("licence #%d: %w", r.id, err)
			}
		}
		out := plain
		if to != nil {
			if out, err = to.Seal(plain); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, "UPDATE licences SET licence_key = $1 WHERE id = $2", out, r.id); err != nil {
			return err
		}
	}
	return nil
}

// sealForWrite returns the value to store for a licence key: sealed when
// encryption is on. A value already sealed is stored as it is.
func (s *Store) sealForWrite(ctx context.Context, tx pgx.Tx, key string) (string, error) {
	if key == "" || secret.IsSealed(key) {
		return key, nil
	}
	on, err := setting(ctx, tx, assets.SettingKeySalt)
	if err != nil || on == "" {
		return key, err
	}
	k := s.sessionKey()
	if k == nil {
		return "", assets.Invalidf("key", "%v", ErrKeysLocked)
	}
	return k.Seal(key)
}

// revealKey opens a sealed key when the session is unlocked; otherwise the
// sealed value stays (secret.Mask shows it as encrypted).
func (s *Store) revealKey(l *assets.Licence) {
	if !secret.IsSealed(l.Key) {
		return
	}
	if k := s.sessionKey(); k != nil {
		if plain, err := k.Open(l.Key); err == nil {
			l.Key = plain
		}
	}
}

// KeysReadable reports whether licence keys read now come back in plain
// text: encryption is off or the session is unlocked.
func (s *Store) KeysReadable(ctx context.Context) (_ bool, err error) {
	defer assets.Wrap(&err, "postgres.KeysReadable")
	st, err := s.KeyEncryption(ctx)
	if err != nil {
		return false, err
	}
	return !st.Enabled || st.Unlocked, nil
}
