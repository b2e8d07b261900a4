// Package termtext makes text safe to print on a terminal. Names, models,
// OS strings and addresses come from files, forms and other computers on
// the network; printed raw, a control character in one of them can move the
// cursor, retitle the window or (OSC 52) write to the clipboard. Everything
// Steward's command line prints goes through a Writer, which shows such
// characters escaped instead.
package termtext

import (
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// Escaping, for a text that is printed:
//   - C0 controls (U+0000-U+001F) as \x1b (tab and newline kept by the
//     Writer, escaped by Escape);
//   - DEL, C1 controls (U+0080-U+009F) and the bidirectional overrides
//     and isolates (U+202A-U+202E, U+2066-U+2069) as \u007f, \u009b,
//     \u202e;
//   - a byte that is not UTF-8 as \xff (a lone 0x9b is CSI to some
//     terminals).
//
// The \u forms are also JSON's own escapes, so JSON that passes through a
// Writer stays valid and decodes to the same text (encoding/json escapes
// C0 itself but leaves DEL and C1 raw).

// mustEscape tells whether r must be escaped in any printed text.
func mustEscape(r rune) bool {
	return r < 0x20 || r >= 0x7f && r <= 0x9f ||
		r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// appendEscaped appends the escaped form of r (mustEscape(r) is true).
func appendEscaped(b []byte, r rune) []byte {
	if r < 0x20 {
		return fmt.Appendf(b, `\x%02x`, r)
	}
	return fmt.Appendf(b, `\u%04x`, r)
}

// Escape returns s with every control character (tab and newline too),
// bidirectional override and invalid byte escaped: for a value printed on
// one line, such as a table cell or a name in a message.
func Escape(s string) string {
	if clean(s, false) {
		return s
	}
	return string(appendText(nil, []byte(s), false))
}

// clean tells whether s needs no escaping (keepLines: tab and newline are
// allowed).
func clean(s string, keepLines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f || keepLines && (c == '\n' || c == '\t') {
			continue
		}
		return false
	}
	return true
}

// appendText appends p escaped; keepLines keeps tab and newline. p must end
// on a whole UTF-8 sequence (the Writer holds back a cut one).
func appendText(b, p []byte, keepLines bool) []byte {
	for len(p) > 0 {
		c := p[0]
		if c >= 0x20 && c < 0x7f || keepLines && (c == '\n' || c == '\t') {
			b = append(b, c)
			p = p[1:]
			continue
		}
		r, size := utf8.DecodeRune(p)
		switch {
		case r == utf8.RuneError && size <= 1:
			b = fmt.Appendf(b, `\x%02x`, c)
		case mustEscape(r):
			b = appendEscaped(b, r)
		default:
			b = append(b, p[:size]...)
		}
		p = p[size:]
	}
	return b
}

// Writer escapes what is written through it (keeping tab and newline) and
// passes it on. It is safe for concurrent use.
type Writer struct {
	mu  sync.Mutex
	out io.Writer
	cut []byte // the start of a UTF-8 sequence split between writes
	buf []byte
}

// NewWriter returns a Writer printing to out.
func NewWriter(out io.Writer) *Writer { return &Writer{out: out} }

// Write escapes p and writes it. It reports len(p) on success.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := len(p)
	if len(w.cut) > 0 {
		p = append(w.cut, p...)
		w.cut = nil
	}
	// Hold back a UTF-8 sequence cut at the end, to decode it whole with
	// the next write.
	if k := cutTail(p); k > 0 {
		w.cut = append([]byte(nil), p[len(p)-k:]...)
		p = p[:len(p)-k]
	}
	w.buf = appendText(w.buf[:0], p, true)
	if _, err := w.out.Write(w.buf); err != nil {
		return 0, err
	}
	return n, nil
}

// Flush writes out a held-back partial sequence (escaped: it will never be
// completed).
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.cut) == 0 {
		return nil
	}
	b := appendText(nil, w.cut, true)
	w.cut = nil
	_, err := w.out.Write(b)
	return err
}

// cutTail is the length of an incomplete UTF-8 sequence ending p (0 when p
// ends whole or with bytes no continuation could complete).
func cutTail(p []byte) int {
	for k := 1; k <= 3 && k <= len(p); k++ {
		c := p[len(p)-k]
		if c < 0x80 {
			return 0
		}
		if c >= 0xc0 { // the lead byte of the last sequence
			if !utf8.FullRune(p[len(p)-k:]) {
				return k
			}
			return 0
		}
	}
	return 0
}
