package assets

import (
	"testing"
	"time"
)

func TestGIDForm(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		g := NewGID()
		if !ValidGID(g) {
			t.Fatalf("%q is not a UUIDv7", g)
		}
		if seen[g] {
			t.Fatalf("%q made twice", g)
		}
		seen[g] = true
	}
	for _, bad := range []string{"", "01a24e6c-be39-4a11-8eef-1919326a3bde", "01a24e6c-be39-7a11-cef-f1919326a3bde", "01A24E6C-BE39-7A11-8EEF-1919326A3BDE"} {
		if ValidGID(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

// Ids sort by the millisecond they were made in.
func TestGIDOrder(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	prev := gidAt(t0)
	for i := 1; i < 100; i++ {
		g := gidAt(t0.Add(time.Duration(i) * time.Millisecond))
		if g <= prev {
			t.Fatalf("%q made after %q sorts before it", g, prev)
		}
		prev = g
	}
	if got := gidAt(t0)[:13]; got != "01a24e71-a380" {
		t.Errorf("time part %q", got)
	}
}
