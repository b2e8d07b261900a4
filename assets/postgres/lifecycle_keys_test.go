package postgres_test

import (
	"context"
	"path/filepath"
	"testing"

	"steward/assets"
	"steward/assets/secret"
	"steward/assets/sqlite"
)

// Licence-key encryption works the same on both engines (issue 18): a key
// sealed by one opens on the other with the same passphrase, given the
// settings that hold the salt and check, as db push and backup copy them.
func TestLicenceKeysCrossEngine(t *testing.T) {
	ctx := context.Background()
	const pass = "a shared passphrase"
	lite, err := sqlite.Create(ctx, filepath.Join(t.TempDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg := openConformance(t)

	// copyKeys copies the encryption settings and one licence's stored key
	// from one store to the other, as they are.
	type keyStore interface {
		Setting(ctx context.Context, key string) (string, error)
		SetSetting(ctx context.Context, key, value string) error
		Licence(ctx context.Context, id int64) (assets.Licence, error)
		CreateLicence(ctx context.Context, l *assets.Licence) error
		EnableKeyEncryption(ctx context.Context, passphrase string) error
		UnlockKeys(ctx context.Context, passphrase string) error
		LockKeys()
	}
	for _, dir := range []struct {
		name     string
		from, to keyStore
	}{{"sqlite to postgres", lite, pg}, {"postgres to sqlite", pg, lite}} {
		t.Run(dir.name, func(t *testing.T) {
			from, to := dir.from, dir.to
			l := assets.Licence{Product: "Sealed " + dir.name, Seats: 1, Key: "KEY " + dir.name}
			must(t, from.CreateLicence(ctx, &l))
			if salt, _ := from.Setting(ctx, assets.SettingKeySalt); salt == "" {
				must(t, from.EnableKeyEncryption(ctx, pass))
			}
			from.LockKeys()
			sealed, err := from.Licence(ctx, l.ID)
			must(t, err)
			if !secret.IsSealed(sealed.Key) {
				t.Fatalf("stored key %q is not sealed", sealed.Key)
			}
			for _, k := range []string{assets.SettingKeySalt, assets.SettingKeyCheck} {
				v, err := from.Setting(ctx, k)
				must(t, err)
				must(t, to.SetSetting(ctx, k, v))
			}
			to.LockKeys()
			copied := assets.Licence{Product: sealed.Product, Seats: 1, Key: sealed.Key}
			must(t, to.CreateLicence(ctx, &copied)) // a sealed value is stored as it is
			got, err := to.Licence(ctx, copied.ID)
			must(t, err)
			if got.Key != sealed.Key {
				t.Fatalf("locked: key %q, want the sealed %q", got.Key, sealed.Key)
			}
			must(t, to.UnlockKeys(ctx, pass))
			got, err = to.Licence(ctx, copied.ID)
			must(t, err)
			if got.Key != l.Key {
				t.Fatalf("unlocked: key %q, want %q", got.Key, l.Key)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
