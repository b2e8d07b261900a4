package assets

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// NewGID makes a global id: a UUIDv7 (RFC 9562) as lower-case text. The
// first 48 bits are the Unix time in milliseconds, so ids sort by creation;
// 74 random bits keep two machines' ids apart. Every record a visit bundle
// carries has one, which is how a record is matched between the register
// and the bundle.
func NewGID() string { return gidAt(time.Now()) }

func gidAt(t time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(t.UnixMilli())<<16)
	if _, err := rand.Read(b[6:]); err != nil {
		panic("steward: no randomness for a global id: " + err.Error())
	}
	b[6] = 0x70 | b[6]&0x0f // version 7
	b[8] = 0x80 | b[8]&0x3f // variant 10
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// ValidGID tells whether s has the form NewGID makes.
func ValidGID(s string) bool {
	if len(s) != 36 || s[14] != '7' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b'
}
