package termtext

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// FuzzWriter: whatever goes in, and however it is cut into writes, what
// comes out is UTF-8 without a character a terminal acts on, and the same
// as Escape gives (tab and newline aside).
func FuzzWriter(f *testing.F) {
	f.Add([]byte("X\x1b]0;pwned\x07"), 3)
	f.Add([]byte("\u009b2J \u202e\xff\xc3"), 1)
	f.Fuzz(func(t *testing.T, in []byte, cut int) {
		var out bytes.Buffer
		w := NewWriter(&out)
		if cut < 1 {
			cut = 1
		}
		for i := 0; i < len(in); i += cut {
			w.Write(in[i:min(i+cut, len(in))])
		}
		w.Flush()
		got := out.Bytes()
		if !utf8.Valid(got) {
			t.Fatalf("%q: output %q is not UTF-8", in, got)
		}
		for _, r := range string(got) {
			if r != '\n' && r != '\t' && mustEscape(r) {
				t.Fatalf("%q: %U came through in %q", in, r, got)
			}
		}
		whole := string(appendText(nil, in, true))
		if string(got) != whole {
			t.Fatalf("%q cut every %d bytes gives %q, whole %q", in, cut, got, whole)
		}
	})
}
