package secret

import (
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	salt := []byte("0123456789abcdef")
	k, err := DeriveKey("correct horse battery staple", salt)
	if err != nil {
		t.Fatal(err)
	}
	const key = "ABCDE-12345-FGHIJ-67890-KLMNO"
	sealed, err := k.Seal(key)
	if err != nil {
		t.Fatal(err)
	}
	if !IsSealed(sealed) || strings.Contains(sealed, "ABCDE") {
		t.Fatalf("sealed value leaks: %q", sealed)
	}
	again, _ := k.Seal(key)
	if again == sealed {
		t.Error("two seals of one value are equal: the nonce is not random")
	}
	if got, err := k.Open(sealed); err != nil || got != key {
		t.Errorf("open: %q %v", got, err)
	}
	wrong, _ := DeriveKey("Correct horse battery staple", salt)
	if _, err := wrong.Open(sealed); err != ErrWrongPassphrase {
		t.Errorf("wrong passphrase: %v", err)
	}
	if wrong.Matches(k.Check) || !k.Matches(k.Check) {
		t.Error("key check does not tell keys apart")
	}
	tampered := sealed[:len(sealed)-2] + "AA"
	if _, err := k.Open(tampered); err != ErrWrongPassphrase {
		t.Errorf("tampered: %v", err)
	}
	if got, _ := k.Open("plain-old-key"); got != "plain-old-key" {
		t.Errorf("unsealed passthrough: %q", got)
	}
}

func TestMask(t *testing.T) {
	cases := map[string]string{"": "", "abc": "•••", "ABCDE-12345-FGHIJ": "••••••••GHIJ", Prefix + "xyz": "•••••••• (encrypted)"}
	for in, want := range cases {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}
