// Package secret encrypts small secrets (licence keys) at rest with a key
// derived from a passphrase: scrypt for the key, AES-256-GCM for the data.
// A sealed value is text ("sv1:" + base64 of nonce and ciphertext) so it fits
// the TEXT column the plain value would use.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"strings"

	"golang.org/x/crypto/scrypt"
)

// Prefix marks a sealed value.
const Prefix = "sv1:"

// ErrWrongPassphrase is returned when a value does not open with the key.
var ErrWrongPassphrase = errors.New("the passphrase is wrong (or the value was altered)")

// Key is a derived encryption key.
type Key struct {
	aead cipher.AEAD
	// Check is a value derived from the key that the store keeps to tell a
	// wrong passphrase at once, without holding the key itself.
	Check string
}

// NewSalt returns a random salt for DeriveKey.
func NewSalt() ([]byte, error) {
	salt := make([]byte, 16)
	_, err := rand.Read(salt)
	return salt, err
}

// DeriveKey turns a passphrase into a key with scrypt (N=2^15, r=8, p=1:
// about 50 ms and 32 MiB, once per session).
func DeriveKey(passphrase string, salt []byte) (*Key, error) {
	if passphrase == "" {
		return nil, errors.New("the passphrase is empty")
	}
	if len(salt) < 16 {
		return nil, errors.New("the salt is too short")
	}
	raw, err := scrypt.Key([]byte(passphrase), salt, 1<<15, 8, 1, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(append([]byte("steward key check"), raw...))
	return &Key{aead: aead, Check: base64.RawStdEncoding.EncodeToString(sum[:12])}, nil
}

// Matches reports whether k is the key whose Check was stored.
func (k *Key) Matches(check string) bool {
	return subtle.ConstantTimeCompare([]byte(k.Check), []byte(check)) == 1
}

// Seal encrypts plaintext. The empty string stays empty (nothing to hide).
func (k *Key) Seal(plaintext string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := k.aead.Seal(nonce, nonce, []byte(plaintext), []byte(Prefix))
	return Prefix + base64.RawStdEncoding.EncodeToString(out), nil
}

// Open decrypts a sealed value; a value without the prefix is returned as is
// (stored before encryption was turned on).
func (k *Key) Open(value string) (string, error) {
	if !IsSealed(value) {
		return value, nil
	}
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(value, Prefix))
	if err != nil || len(raw) < k.aead.NonceSize() {
		return "", ErrWrongPassphrase
	}
	n := k.aead.NonceSize()
	plain, err := k.aead.Open(nil, raw[:n], raw[n:], []byte(Prefix))
	if err != nil {
		return "", ErrWrongPassphrase
	}
	return string(plain), nil
}

// IsSealed reports whether value was made by Seal.
func IsSealed(value string) bool { return strings.HasPrefix(value, Prefix) }

// Mask shows the last 4 characters of a secret and hides the rest, for
// lists: "XXXXX-XXXXX-XXXXX-7KQ2D" -> "••••••••7Q2D" style.
func Mask(s string) string {
	if s == "" {
		return ""
	}
	if IsSealed(s) {
		return "•••••••• (encrypted)"
	}
	r := []rune(s)
	if len(r) <= 4 {
		return strings.Repeat("•", len(r))
	}
	return strings.Repeat("•", 8) + string(r[len(r)-4:])
}
