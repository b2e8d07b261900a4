package fastread

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

// TestInternerSharesOneString: equal bytes give one string (one
// allocation), different bytes different strings; changing the bytes
// afterwards changes no string given out; past its limit it still gives
// the right strings.
func TestInternerSharesOneString(t *testing.T) {
	m := Interner{}
	buf := []byte("Lenovo")
	a := m.Get(buf)
	b := m.Get([]byte("Lenovo"))
	if a != "Lenovo" || b != "Lenovo" || unsafe.StringData(a) != unsafe.StringData(b) {
		t.Fatalf("two Gets of Lenovo: %q at %p, %q at %p", a, unsafe.StringData(a), b, unsafe.StringData(b))
	}
	copy(buf, "Dell!!")
	if a != "Lenovo" || m.Get(buf) != "Dell!!" {
		t.Fatalf("the interned string followed its bytes: %q", a)
	}
	if m.Get(nil) != "" || m.Get([]byte{}) != "" {
		t.Fatal("empty bytes gave a non-empty string")
	}
	if n := testing.AllocsPerRun(100, func() { m.Get(buf) }); n != 0 {
		t.Errorf("a Get of a known value allocates %v times", n)
	}
	for i := range 100_010 {
		m.Get([]byte(fmt.Sprint(i)))
	}
	if got := m.Get([]byte("fresh")); got != "fresh" || len(m) > 100_002 {
		t.Fatalf("past the limit: %q, %d values kept", got, len(m))
	}
}

// TestArenaStringsStayPut: strings from an arena keep their bytes while
// more are made (across blocks), long and empty ones included.
func TestArenaStringsStayPut(t *testing.T) {
	var a Arena
	var got, want []string
	buf := make([]byte, 0, 2000)
	for i := range 20_000 {
		buf = fmt.Appendf(buf[:0], "ST-%06d %s", i, strings.Repeat("x", i%40))
		if i%5000 == 0 {
			buf = append(buf, strings.Repeat("long", 300)...) // over 1 KiB
		}
		if i%7000 == 1 {
			buf = buf[:0]
		}
		got = append(got, a.String(buf))
		want = append(want, string(buf))
		if len(buf) > 0 {
			buf[0] = '!' // the caller's bytes change: the strings must not
		}
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("string %d is %q, want %q", i, got[i], want[i])
		}
	}
}
