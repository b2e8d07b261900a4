package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeysCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "steward.db")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	csv := write("l.csv", "product,key,type\nOffice,KEYS-CMD-1234-ABCD,site\n")
	pass := write("pass", "right one\n")
	wrong := write("wrong", "wrong one\n")
	expect := func(code int, want string, args ...string) string {
		t.Helper()
		got, out := captureAll(t, append(args, "--db", db)...)
		if got != code || !strings.Contains(out, want) {
			t.Fatalf("steward %s: exit %d, want %d with %q:\n%s", strings.Join(args, " "), got, code, want, out)
		}
		return out
	}
	expect(0, "1 new", "import", "--kind", "licences", csv)
	expect(0, "encryption: off (0 keys sealed, 1 in plain text)", "keys", "status")
	expect(2, "give the passphrase", "keys", "encrypt")
	expect(2, "unknown keys action", "keys", "open")
	expect(0, "encryption: on (1 key sealed, 0 in plain text)", "keys", "encrypt", "--passphrase-file", pass)
	expect(1, "needs the passphrase", "export", "--kind", "licences", "--with-secrets")
	expect(1, "passphrase is wrong", "export", "--kind", "licences", "--with-secrets", "--passphrase-file", wrong)
	// Without secrets no passphrase is needed and no key is shown.
	if out := expect(0, "Office", "export", "--kind", "licences"); strings.Contains(out, "ABCD") {
		t.Fatalf("export without secrets shows the key:\n%s", out)
	}
	t.Setenv(passphraseEnv, "right one")
	expect(0, "KEYS-CMD-1234-ABCD", "export", "--kind", "licences", "--with-secrets")
	// A new key imported with the passphrase is sealed; without it, refused.
	csv2 := write("l2.csv", "product,key,type\nVisio,KEYS-CMD-5678,site\n")
	expect(0, "1 new", "import", "--kind", "licences", csv2)
	t.Setenv(passphraseEnv, "")
	expect(1, "encrypted", "import", "--kind", "licences", write("l3.csv", "product,key,type\nProject,KEYS-CMD-9999,site\n"))
	expect(0, "on (2 keys sealed, 0 in plain text)", "keys", "status")
	newPass := write("new", "new one\n")
	expect(0, "on (2 keys sealed", "keys", "passwd", "--passphrase-file", pass, "--new-passphrase-file", newPass)
	expect(1, "passphrase is wrong", "keys", "decrypt", "--passphrase-file", pass)
	expect(0, "off (0 keys sealed, 2 in plain text)", "keys", "decrypt", "--passphrase-file", newPass)
}
