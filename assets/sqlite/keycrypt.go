package sqlite

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"

	"steward/assets"
	"steward/assets/secret"
)

// ErrKeysLocked is returned when a licence key must be written or revealed
// while encryption is on and the passphrase has not been given.
var ErrKeysLocked = errors.New("licence keys are encrypted: give the passphrase first (steward keys status; --passphrase-file FILE or STEWARD_PASSPHRASE)")

// keyring holds the session's derived key once unlocked.
type keyring struct {
	mu  sync.Mutex
	key *secret.Key
}

func (s *Store) sessionKey() *secret.Key {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	return s.keys.key
}

func (s *Store) setSessionKey(k *secret.Key) {
	s.keys.mu.Lock()
	s.keys.key = k
	s.keys.mu.Unlock()
}

// KeyEncryption reports the encryption state.
func (s *Store) KeyEncryption(ctx context.Context) (_ assets.KeyEncryptionStatus, err error) {
	defer assets.Wrap(&err, "sqlite.KeyEncryption")
	var st assets.KeyEncryptionStatus
	salt, err := s.Setting(ctx, assets.SettingKeySalt)
	if err != nil {
		return st, err
	}
	st.Enabled = salt != ""
	st.Unlocked = st.Enabled && s.sessionKey() != nil
	err = s.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(licence_key LIKE 'sv1:%'),0), COALESCE(SUM(licence_key <> '' AND licence_key NOT LIKE 'sv1:%'),0) FROM licences`).Scan(&st.Sealed, &st.Plain)
	return st, err
}

func settingTx(ctx context.Context, q txOrDB, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// deriveStored derives the key for passphrase from the stored salt and
// checks it against the stored check value.
func deriveStored(ctx context.Context, q txOrDB, passphrase string) (*secret.Key, error) {
	saltText, err := settingTx(ctx, q, assets.SettingKeySalt)
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
	check, err := settingTx(ctx, q, assets.SettingKeyCheck)
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
	defer assets.Wrap(&err, "sqlite.EnableKeyEncryption")
	salt, err := secret.NewSalt()
	if err != nil {
		return err
	}
	k, err := secret.DeriveKey(passphrase, salt)
	if err != nil {
		return assets.Invalidf("passphrase", "%v", err)
	}
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		if on, err := settingTx(ctx, tx, assets.SettingKeySalt); err != nil {
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
		s.flushWAL(ctx)
	}
	return err
}

// flushWAL copies the WAL into the database and empties it, so the WAL
// frames written before encryption (holding plain keys) are gone. Best
// effort: a reader holding an old snapshot keeps them until it finishes.
func (s *Store) flushWAL(ctx context.Context) {
	_, _ = s.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
}

// UnlockKeys checks passphrase and keeps its key for this session, so reads
// return licence keys in plain text and writes seal them.
func (s *Store) UnlockKeys(ctx context.Context, passphrase string) (err error) {
	defer assets.Wrap(&err, "sqlite.UnlockKeys")
	k, err := deriveStored(ctx, s.read, passphrase)
	if err != nil {
		return err
	}
	s.setSessionKey(k)
	return nil
}

// LockKeys forgets the session's key.
func (s *Store) LockKeys() { s.setSessionKey(nil) }

// DisableKeyEncryption opens every licence key with passphrase and stores
// them in plain text again, in one transaction.
func (s *Store) DisableKeyEncryption(ctx context.Context, passphrase string) (err error) {
	defer assets.Wrap(&err, "sqlite.DisableKeyEncryption")
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		k, err := deriveStored(ctx, tx, passphrase)
		if err != nil {
			return err
		}
		if err := rewriteKeys(ctx, tx, k, nil); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key IN (?,?)", assets.SettingKeySalt, assets.SettingKeyCheck); err != nil {
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
	defer assets.Wrap(&err, "sqlite.ChangeKeyPassphrase")
	salt, err := secret.NewSalt()
	if err != nil {
		return err
	}
	nk, err := secret.DeriveKey(newPass, salt)
	if err != nil {
		return assets.Invalidf("passphrase", "new passphrase: %v", err)
	}
	err = s.withTx(ctx, func(tx *sql.Tx) error {
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
		s.flushWAL(ctx)
	}
	return err
}

func putSetting(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO settings(key,value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// rewriteKeys opens every stored key with from (nil: stored plain) and
// seals it with to (nil: store plain).
func rewriteKeys(ctx context.Context, tx *sql.Tx, from, to *secret.Key) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, licence_key FROM licences WHERE licence_key <> ''")
	if err != nil {
		return err
	}
	type row struct {
		id  int64
		key string
	}
	var list []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.key); err != nil {
			rows.Close()
			return err
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
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
		if _, err := tx.ExecContext(ctx, "UPDATE licences SET licence_key = ? WHERE id = ?", out, r.id); err != nil {
			return err
		}
	}
	return nil
}

// sealForWrite returns the value to store for a licence key: sealed when
// encryption is on. A value that is already sealed (read back while locked
// and saved unchanged) is stored as is.
func (s *Store) sealForWrite(ctx context.Context, tx *sql.Tx, key string) (string, error) {
	if key == "" || secret.IsSealed(key) {
		return key, nil
	}
	on, err := settingTx(ctx, tx, assets.SettingKeySalt)
	if err != nil || on == "" {
		return key, err
	}
	k := s.sessionKey()
	if k == nil {
		return "", assets.Invalidf("key", "%v", ErrKeysLocked)
	}
	return k.Seal(key)
}

// revealKey opens a sealed key when the session is unlocked; otherwise it
// returns the sealed value (which secret.Mask shows as encrypted).
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
	defer assets.Wrap(&err, "sqlite.KeysReadable")
	st, err := s.KeyEncryption(ctx)
	if err != nil {
		return false, err
	}
	return !st.Enabled || st.Unlocked, nil
}
