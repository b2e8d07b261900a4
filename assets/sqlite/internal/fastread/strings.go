package fastread

import "unsafe"

// Interner returns one shared string per distinct byte content: the
// categories, makers, models and OS strings of a fleet repeat, and each is
// then allocated once. Past 100,000 distinct values it stops keeping new
// ones (they are then copied each time). The zero value is not usable:
// make one with Interner{}.
type Interner map[string]string

// Get returns b as a string, the same one for every b of the same content.
func (m Interner) Get(b []byte) string {
	if s, ok := m[string(b)]; ok { // no allocation for the lookup
		return s
	}
	if len(m) > 100_000 {
		return string(b)
	}
	s := string(b)
	m[s] = s
	return s
}

// Arena makes strings by copying bytes into large shared blocks: tens of
// thousands of alert subjects then cost a few allocations, not one each,
// and the collector has a few objects to trace instead of 70,000. A block
// lives as long as any of its strings. The zero value is ready to use; an
// Arena is not safe for concurrent use.
type Arena struct{ block []byte }

// String returns a copy of b (a string of its own when b is empty or over
// 1 KiB).
func (a *Arena) String(b []byte) string {
	if len(b) == 0 || len(b) > 1024 {
		return string(b)
	}
	if cap(a.block)-len(a.block) < len(b) {
		a.block = make([]byte, 0, 64<<10)
	}
	start := len(a.block)
	a.block = append(a.block, b...)
	// The bytes are never written again: later strings go after them.
	return unsafe.String(&a.block[start], len(b))
}
