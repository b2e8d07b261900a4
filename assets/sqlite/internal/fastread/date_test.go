package fastread

import (
	"testing"

	"steward/assets"
)

// TestDateReadsAsParseDate: Date and DateString agree with
// assets.ParseDate on every stored form (the zero date where it refuses),
// except that the quick path does not check a day past the month's end.
func TestDateReadsAsParseDate(t *testing.T) {
	for _, s := range []string{"", "2026-03-01", "1999-12-31", "0001-01-01", "9999-12-31", "2024-02-29",
		" 2026-03-01", "2026-03-01 ", "2026-3-1", "2026/03/01", "2026-13-01", "2026-00-10", "2026-01-00",
		"2026-01-32", "20260301", "2026-03-01T10:00:00Z", "abcd-ef-gh", "-026-03-01", "2026-0a-01", "yesterday"} {
		want, _ := assets.ParseDate(s)
		if got := Date([]byte(s)); got != want {
			t.Errorf("Date(%q) = %v, want %v", s, got, want)
		}
		if got := DateString(s); got != want {
			t.Errorf("DateString(%q) = %v, want %v", s, got, want)
		}
	}
	if got := Date(nil); got != (assets.Date{}) {
		t.Errorf("Date(nil) = %v", got)
	}
	// Stored dates were checked when written; the quick path takes the
	// day as it is.
	if got, want := Date([]byte("2026-02-31")), (assets.Date{Year: 2026, Month: 2, Day: 31}); got != want {
		t.Errorf("Date(2026-02-31) = %v, want %v", got, want)
	}
	if n := testing.AllocsPerRun(100, func() { Date([]byte("2026-03-01")) }); n != 0 {
		t.Errorf("Date allocates %v times", n)
	}
}
