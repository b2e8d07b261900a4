package transfer_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/secret"
	"steward/assets/sqlite"
	"steward/assets/transfer"
)

const cryptKey = "CRYPT-KEY-9Z8Y-7X6W"

// rawKeys reads licence_key straight from the file, as an attacker with the
// database (or a backup) would.
func rawKeys(t *testing.T, s *sqlite.Store) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+s.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT licence_key FROM licences ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out = append(out, k)
	}
	return out
}

func TestLicenceKeyEncryption(t *testing.T) {
	ctx := context.Background()
	s := openLifecycleStore(t)
	mustImport(t, s, "licences", "product,vendor,key,type,seats\nOffice,Microsoft,"+cryptKey+",per seat,5\nZeta,Acme,,site,0\n", false)
	if got := rawKeys(t, s); got[0] != cryptKey {
		t.Fatalf("before encryption the key is stored as %q", got[0])
	}

	if err := s.EnableKeyEncryption(ctx, ""); err == nil {
		t.Fatal("an empty passphrase was accepted")
	}
	if err := s.EnableKeyEncryption(ctx, "correct horse"); err != nil {
		t.Fatal(err)
	}
	raw := rawKeys(t, s)
	if !secret.IsSealed(raw[0]) || strings.Contains(raw[0], cryptKey) || raw[1] != "" {
		t.Fatalf("keys at rest after encryption: %q", raw)
	}
	st, err := s.KeyEncryption(ctx)
	if err != nil || !st.Enabled || !st.Unlocked || st.Sealed != 1 || st.Plain != 0 {
		t.Fatalf("status %+v, %v", st, err)
	}
	if err := s.EnableKeyEncryption(ctx, "again"); assets.KindOf(err) != assets.KindConflict {
		t.Fatalf("enabling twice: %v", err)
	}

	// Unlocked (the session that enabled it): reads give the key back.
	list, err := s.ListLicences(ctx, assets.LicenceQuery{})
	if err != nil || list[0].Key != cryptKey {
		t.Fatalf("unlocked read: %+v %v", list, err)
	}

	// A new session is locked: reads give sealed values, masked as encrypted.
	s.LockKeys()
	list, _ = s.ListLicences(ctx, assets.LicenceQuery{})
	if !secret.IsSealed(list[0].Key) || secret.Mask(list[0].Key) != "•••••••• (encrypted)" {
		t.Fatalf("locked read gave %q", list[0].Key)
	}
	// Saving a record unchanged while locked keeps the sealed key.
	l := list[0].Licence
	l.Notes = "edited while locked"
	if err := s.UpdateLicence(ctx, &l); err != nil {
		t.Fatal(err)
	}
	// Writing a new key while locked is refused, not stored in plain text.
	l.Key = "NEW-PLAIN-KEY"
	if err := s.UpdateLicence(ctx, &l); !errors.Is(err, sqlite.ErrKeysLocked) && !strings.Contains(fmtErr(err), "encrypted") {
		t.Fatalf("plain write while locked: %v", err)
	}
	// Export with secrets while locked says so; without secrets works.
	var b strings.Builder
	err = transfer.Export(ctx, s, "licences", "csv", &b, transfer.Options{WithSecrets: true})
	if err == nil || !strings.Contains(err.Error(), "passphrase") {
		t.Fatalf("export with secrets while locked: %v", err)
	}
	if out := export(t, s, "licences", false); strings.Contains(out, cryptKey) || strings.Contains(out, secret.Prefix) {
		t.Fatalf("export without secrets holds a key:\n%s", out)
	}
	// Import of a file with keys while locked fails as a whole.
	if _, err := transfer.Import(ctx, s, "licences", "l.csv", strings.NewReader("product,key,type\nVisio,VISIO-KEY-1,site\n"), transfer.Options{}); err == nil || !strings.Contains(err.Error(), "encrypted") {
		t.Fatalf("importing a key while locked: %v", err)
	}

	// Wrong passphrase: clear error, still locked.
	if err := s.UnlockKeys(ctx, "wrong horse"); err == nil || !strings.Contains(err.Error(), "passphrase is wrong") {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if err := s.DisableKeyEncryption(ctx, "wrong horse"); err == nil {
		t.Fatal("disable with a wrong passphrase worked")
	}
	if err := s.UnlockKeys(ctx, "correct horse"); err != nil {
		t.Fatal(err)
	}
	if out := export(t, s, "licences", true); !strings.Contains(out, cryptKey) {
		t.Fatalf("unlocked export with secrets lacks the key:\n%s", out)
	}
	// Import with keys while unlocked seals them.
	mustImport(t, s, "licences", "product,key,type\nVisio,VISIO-KEY-1,site\n", false)
	raw = rawKeys(t, s)
	for _, k := range raw {
		if k != "" && !secret.IsSealed(k) {
			t.Fatalf("plain key at rest after unlocked import: %q", raw)
		}
	}

	// Change passphrase, then the old one no longer opens.
	if err := s.ChangeKeyPassphrase(ctx, "correct horse", "battery staple"); err != nil {
		t.Fatal(err)
	}
	s.LockKeys()
	if err := s.UnlockKeys(ctx, "correct horse"); err == nil {
		t.Fatal("old passphrase still works")
	}
	// Round trip back to plain text.
	if err := s.DisableKeyEncryption(ctx, "battery staple"); err != nil {
		t.Fatal(err)
	}
	raw = rawKeys(t, s)
	if raw[0] != cryptKey || raw[2] != "VISIO-KEY-1" {
		t.Fatalf("after decrypting: %q", raw)
	}
	if st, _ := s.KeyEncryption(ctx); st.Enabled || st.Sealed != 0 {
		t.Fatalf("status after decrypt %+v", st)
	}
	// History says what happened but never holds a key.
	h, err := s.History(ctx, "settings", 0)
	if err != nil || len(h) < 3 {
		t.Fatalf("history of key encryption: %v %v", h, err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
