package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"steward/assets"
	"steward/assets/safefile"
	"steward/assets/secret"
)

// Sealing the register's licence keys leaves its earlier copies as they
// were: the backups folder's copies, and the .bak copies kept beside the
// register before a migration or a restore, still hold the keys in plain
// text. These find them and seal them too.

// Copies lists the register's copies: every .db file of the backups folder
// next to it, and the .bak files beside it whose names start with its own.
func (s *Store) Copies() (_ []string, err error) {
	defer assets.Wrap(&err, "sqlite.Copies")
	dir := filepath.Dir(s.path)
	inBackups, err := filepath.Glob(filepath.Join(dir, "backups", "*.db"))
	if err != nil {
		return nil, err
	}
	beside, err := filepath.Glob(filepath.Join(dir, globEscape(filepath.Base(s.path))+".*.bak"))
	if err != nil {
		return nil, err
	}
	out := append(inBackups, beside...)
	sort.Strings(out)
	return out, nil
}

// globEscape quotes filepath.Match's special characters in name.
func globEscape(name string) string {
	out := make([]rune, 0, len(name))
	for _, r := range name {
		switch r {
		case '*', '?', '[', '\\':
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}

// PlainKeys counts the licence keys stored in plain text in the Steward
// database at path, read-only (0 for a copy from before licences).
func PlainKeys(ctx context.Context, path string) (int, error) {
	if _, err := CheckBackup(ctx, path); err != nil {
		return 0, err
	}
	db, err := sql.Open("sqlite3", dsn(path, "&mode=ro"))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	return plainKeyCount(ctx, db)
}

// hasKeyColumn: the database has licence keys (registers from before
// licences have none).
func hasKeyColumn(ctx context.Context, q txOrDB) (bool, error) {
	var has bool
	err := q.QueryRowContext(ctx, `SELECT count(*) > 0 FROM pragma_table_info('licences') WHERE name = 'licence_key'`).Scan(&has)
	return has, err
}

func plainKeyCount(ctx context.Context, q txOrDB) (int, error) {
	if has, err := hasKeyColumn(ctx, q); err != nil || !has {
		return 0, err
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM licences WHERE licence_key <> '' AND licence_key NOT LIKE 'sv1:%'`).Scan(&n)
	return n, err
}

// ResealCopy seals the plain-text licence keys of the copy at path with
// passphrase and returns how many it sealed. The copy is rewritten under a
// temporary name (compacted, so no freed page keeps a plain key), checked
// (a sound register of the same version; every key opens with the
// passphrase to what it was), and only then put in place of the original.
// A copy whose keys are already sealed under another passphrase is refused.
func ResealCopy(ctx context.Context, path, passphrase string) (int, error) {
	info, err := CheckBackup(ctx, path)
	if err != nil {
		return 0, err
	}
	before, err := readKeys(ctx, path)
	if err != nil {
		return 0, err
	}
	plain := 0
	for _, k := range before {
		if !secret.IsSealed(k) {
			plain++
		}
	}
	if plain == 0 {
		return 0, nil
	}
	tmp, err := copyAside(path)
	if err != nil {
		return 0, err
	}
	defer func() {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(tmp + suffix)
		}
	}()
	s, err := Open(ctx, tmp, Options{NoMigrationBackup: true, MaxVersion: info.SchemaVersion})
	if err != nil {
		return 0, err
	}
	salt, _ := s.Setting(ctx, assets.SettingKeySalt)
	if salt == "" {
		err = s.EnableKeyEncryption(ctx, passphrase)
	} else {
		// Encryption on, yet keys in plain text (written by a Steward that
		// sealed only new keys): seal them under the copy's own key.
		err = s.withTx(ctx, func(tx *sql.Tx) error {
			k, err := deriveStored(ctx, tx, passphrase)
			if err != nil {
				return err
			}
			return rewriteKeys(ctx, tx, nil, k)
		})
	}
	if err == nil {
		_, err = s.write.ExecContext(ctx, "VACUUM")
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = singleFile(ctx, tmp)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	if err := verifySealed(ctx, tmp, passphrase, info.SchemaVersion, before); err != nil {
		return 0, fmt.Errorf("%s was left as it was: the re-sealed copy did not check out: %w", path, err)
	}
	if err := safefile.Replace(tmp, path); err != nil {
		return 0, err
	}
	return plain, nil
}

// readKeys reads every non-empty licence key of the database at path by
// licence ID.
func readKeys(ctx context.Context, path string) (map[int64]string, error) {
	db, err := sql.Open("sqlite3", dsn(path, "&mode=ro"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	out := map[int64]string{}
	if has, err := hasKeyColumn(ctx, db); err != nil || !has {
		return out, err
	}
	rows, err := db.QueryContext(ctx, `SELECT id, licence_key FROM licences WHERE licence_key <> ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			return nil, err
		}
		out[id] = k
	}
	return out, rows.Err()
}

// verifySealed checks the re-sealed copy at path: a sound register of
// version, no key in plain text, and each key opening with passphrase to
// its value in before (sealed ones unchanged).
func verifySealed(ctx context.Context, path, passphrase string, version int, before map[int64]string) error {
	info, err := CheckBackup(ctx, path)
	if err != nil {
		return err
	}
	if info.SchemaVersion != version {
		return fmt.Errorf("schema %d, not %d", info.SchemaVersion, version)
	}
	after, err := readKeys(ctx, path)
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite3", dsn(path, "&mode=ro"))
	if err != nil {
		return err
	}
	defer db.Close()
	k, err := deriveStored(ctx, db, passphrase)
	if err != nil {
		return err
	}
	if len(after) != len(before) {
		return fmt.Errorf("%d keys, not %d", len(after), len(before))
	}
	for id, was := range before {
		now := after[id]
		if !secret.IsSealed(now) {
			return fmt.Errorf("licence #%d: key still in plain text", id)
		}
		if secret.IsSealed(was) {
			if now != was {
				return fmt.Errorf("licence #%d: a sealed key was changed", id)
			}
			continue
		}
		if opened, err := k.Open(now); err != nil || opened != was {
			return fmt.Errorf("licence #%d: the sealed key does not open to the original", id)
		}
	}
	return nil
}

// copyAside copies the file at path to a new temporary file in its folder
// (owner-only) and returns its name.
func copyAside(path string) (string, error) {
	src, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer src.Close()
	dst, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return "", err
	}
	_, err = io.Copy(dst, src)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst.Name())
		return "", errors.Join(fmt.Errorf("copying %s", path), err)
	}
	return dst.Name(), nil
}

// singleFile turns the database at path back to a rollback journal, so it
// is one file again like every backup (Open put it in WAL mode).
func singleFile(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", dsn(path, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "PRAGMA journal_mode=DELETE"); err != nil {
		return err
	}
	return db.Close()
}
