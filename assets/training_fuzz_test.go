package assets

import (
	"strings"
	"testing"
)

// FuzzParseLMSDate: never panics; a date it accepts is a real calendar day
// that reads back the same in ISO form.
func FuzzParseLMSDate(f *testing.F) {
	for _, s := range []string{"2024-05-01", "2024-05-01T10:00:00Z", "2024/05/01", "2024-05-01 10:00:00.5", "01/05/2024", "", " 2024-02-29T23:59:59+14:00 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseLMSDate(s)
		if err != nil {
			if !strings.Contains(err.Error(), "YYYY-MM-DD") {
				t.Fatalf("error without the expected form: %v", err)
			}
			return
		}
		if d.IsZero() {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("%q read as no date", s)
			}
			return
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("%q -> %v does not read back (%v)", s, d, err)
		}
	})
}

// FuzzParseScore: never panics; an accepted score is a finite number.
func FuzzParseScore(f *testing.F) {
	for _, s := range []string{"85", "85%", "92,5", "", "pass", "1e400", "-0", "Inf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseScore(s)
		if err != nil || v == nil {
			return
		}
		if *v != *v || *v > 1e308 || *v < -1e308 {
			t.Fatalf("%q -> %v", s, *v)
		}
	})
}
