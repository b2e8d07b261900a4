package termtext

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain Zoë Åberg ☃":      "plain Zoë Åberg ☃",
		"X\x1b]0;pwned\x07":      `X\x1b]0;pwned\x07`,
		"a\tb\nc\rd":             `a\x09b\x0ac\x0dd`,
		"del\x7f":                `del\u007f`,
		"c1\u009b31m\u0085":      `c1\u009b31m\u0085`,
		"bidi\u202eevil\u2066":   `bidi\u202eevil\u2066`,
		"raw byte \x9b[2J\xff":   `raw byte \x9b[2J\xff`,
		"\x1b]52;c;aGVsbG8=\x07": `\x1b]52;c;aGVsbG8=\x07`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestWriterEveryByteAndRune: no character that must be escaped comes out of a Writer,
// however the text is cut into writes, and everything else comes out as it
// went in.
func TestWriterEveryByteAndRune(t *testing.T) {
	var in strings.Builder
	for b := 0; b < 0x100; b++ {
		in.WriteString("<")
		in.WriteByte(byte(b))
	}
	for r := rune(0x80); r < 0x2100; r++ {
		in.WriteRune(r)
	}
	text := []byte(in.String())
	for _, chunk := range []int{1, 2, 3, 7, len(text)} {
		var out bytes.Buffer
		w := NewWriter(&out)
		for i := 0; i < len(text); i += chunk {
			if _, err := w.Write(text[i:min(i+chunk, len(text))]); err != nil {
				t.Fatal(err)
			}
		}
		w.Flush()
		got := out.Bytes()
		if !utf8.Valid(got) {
			t.Fatalf("chunk %d: output is not UTF-8", chunk)
		}
		for _, r := range string(got) {
			if r != '\n' && r != '\t' && mustEscape(r) {
				t.Fatalf("chunk %d: %U came through", chunk, r)
			}
		}
		for _, want := range []string{`<\x1b`, "<\n", "<\t", `<\x9b`, `<\u007f`, `\u0085`, "é", "Ω"} {
			if !bytes.Contains(got, []byte(want)) {
				t.Fatalf("chunk %d: %q missing", chunk, want)
			}
		}
	}
}

// TestJSONThroughWriter: JSON printed through a Writer stays valid and
// decodes to the very same text (DEL and C1, which encoding/json leaves
// raw, come out as JSON escapes).
func TestJSONThroughWriter(t *testing.T) {
	name := "X\x1b]0;pwned\x07 del\x7f c1\u009b bidi\u202e Zoë"
	var out bytes.Buffer
	if err := json.NewEncoder(NewWriter(&out)).Encode(map[string]string{"name": name}); err != nil {
		t.Fatal(err)
	}
	for _, r := range out.String() {
		if r != '\n' && mustEscape(r) {
			t.Fatalf("%U in %s", r, out.String())
		}
	}
	var back map[string]string
	if err := json.Unmarshal(out.Bytes(), &back); err != nil {
		t.Fatalf("%s: %v", out.String(), err)
	}
	if back["name"] != name {
		t.Fatalf("round trip: %q, want %q", back["name"], name)
	}
}
