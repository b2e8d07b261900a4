package inventory

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"strings"
)

// codeAlphabet has no 0/O, 1/I: codes are read aloud and typed by hand.
// 32 symbols, so each is exactly 5 random bits and there is no modulo bias.
const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// CodeLength is the length of a generated pairing code (40 bits).
const CodeLength = 8

// NewPairingCode returns a random code such as "K7PM-4XQD".
func NewPairingCode() (string, error) {
	var b [CodeLength]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	out := make([]byte, 0, CodeLength+1)
	for i, v := range b {
		if i == CodeLength/2 {
			out = append(out, '-')
		}
		out = append(out, codeAlphabet[v&31])
	}
	return string(out), nil
}

// NormalizeCode is how codes are compared: upper case, without spaces and
// dashes, so "k7pm 4xqd" matches "K7PM-4XQD".
func NormalizeCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if r == '-' || r == ' ' || r == '\t' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// validateCode refuses codes too short to be a lock.
func validateCode(code string) error {
	n := NormalizeCode(code)
	if len(n) < 6 {
		return errors.New("pairing code must have at least 6 letters or digits")
	}
	if len(n) > 128 {
		return errors.New("pairing code is longer than 128 characters")
	}
	return nil
}

// codesEqual compares in constant time; hashing first also hides the
// length of the expected code.
func codesEqual(got, want string) bool {
	a := sha256.Sum256([]byte(NormalizeCode(got)))
	b := sha256.Sum256([]byte(NormalizeCode(want)))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
