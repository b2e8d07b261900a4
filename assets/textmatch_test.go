package assets

import "testing"

func TestTextFilter(t *testing.T) {
	for _, c := range []struct {
		typed, field string
		want         bool
	}{
		{"emile", "Émile Zola", true},
		{"ÉMILE ZOLA", "Émile Zola", true},
		{"Émile", "emile@example.com", true},
		{"muller", "Jörg Müller", true},
		{"MÜLLER", "Jörg Muller", true},
		{"søren", "Søren Kierkegaard", true},
		{"ali", "Alice", true},
		{"%", "Alice", false},
		{"50%", "50% admin", true},
		{"b_b", "bob", false},
		{"n_x", "dan_x@example.com", true},
		{"  zed ", "zed@work.example.org", true},
		{"ZOLA E", "Émile Zola", false},
		{"", "anything", true},
	} {
		if got := NewTextFilter(c.typed).Match(c.field); got != c.want {
			t.Errorf("%q in %q: %v, want %v", c.typed, c.field, got, c.want)
		}
	}
	if !NewTextFilter(" ").All() || NewTextFilter("x").All() {
		t.Error("All: only when nothing was typed")
	}
}

func TestSerialSpellings(t *testing.T) {
	if got := SerialSpellings("Prn-2x/é"); got != [3]string{"Prn-2x/é", "PRN-2X/é", "prn-2x/é"} {
		t.Errorf("spellings %q", got)
	}
	if got := SerialSpellings(""); got != [3]string{} {
		t.Errorf("empty: %q", got)
	}
}
