package inventory

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
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

// MinCodeLength is the shortest pairing code an agent accepts (letters and
// digits, dashes and spaces not counted): 8 symbols of 32 are 40 bits.
const MinCodeLength = CodeLength

// validateCode refuses codes too short to be a lock and codes with
// characters that are easily mistaken for others (0/O, 1/I) or are not
// letters and digits at all: a code is read aloud and typed by hand.
// The messages never repeat the code (they may end up in a log).
func validateCode(code string) error {
	n := NormalizeCode(code)
	if len(n) > 128 {
		return errors.New("pairing code is longer than 128 characters")
	}
	pos := 0
	for _, r := range n {
		pos++
		if strings.ContainsRune(codeAlphabet, r) {
			continue
		}
		switch r {
		case '0', 'O', '1', 'I':
			return fmt.Errorf("pairing code: character %d (%q) is easily mistaken for another (0/O, 1/I); use only %s (leave --code out to have one made)", pos, r, codeAlphabet)
		}
		return fmt.Errorf("pairing code: character %d is not one of %s (case, spaces and dashes do not matter; leave --code out to have one made)", pos, codeAlphabet)
	}
	if pos < MinCodeLength {
		return fmt.Errorf("pairing code has %d letters or digits; it needs at least %d (leave --code out to have one made)", pos, MinCodeLength)
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
