package assets

import (
	"math"
	"testing"
	"time"
)

func TestAddMonthsClampsToMonthEnd(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2024-01-31", 1, "2024-02-29"}, // leap year
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2024-12-15", 1, "2025-01-15"},
		{"2024-01-15", -13, "2022-12-15"},
		{"2024-08-31", 3, "2024-11-30"},
		{"2024-05-10", 0, "2024-05-10"},
	}
	for _, c := range cases {
		if got := MustDate(c.from).AddMonths(c.n).String(); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	if d, err := ParseDate(" 2024-02-29 "); err != nil || d.String() != "2024-02-29" {
		t.Errorf("got %v %v", d, err)
	}
	if d, err := ParseDate(""); err != nil || !d.IsZero() || d.String() != "" {
		t.Errorf("empty: %v %v", d, err)
	}
	for _, bad := range []string{"2023-02-29", "31/12/2024", "2024-1-5", "yesterday"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestDaysUntilAndCompare(t *testing.T) {
	a, b := MustDate("2024-02-28"), MustDate("2024-03-01")
	if n := a.DaysUntil(b); n != 2 {
		t.Errorf("days = %d", n)
	}
	if n := b.DaysUntil(a); n != -2 {
		t.Errorf("days back = %d", n)
	}
	if !a.Before(b) || !b.After(a) || a.Compare(a) != 0 {
		t.Error("compare")
	}
}

func TestAgeYears(t *testing.T) {
	a := Asset{PurchaseDate: MustDate("2020-02-29")}
	cases := map[string]int{"2024-02-28": 3, "2024-02-29": 4, "2021-02-28": 1, "2020-03-01": 0}
	for on, want := range cases {
		if got := a.AgeYears(MustDate(on)); got != want {
			t.Errorf("age on %s = %d, want %d", on, got, want)
		}
	}
}

// TestDaysUntilByDayNumbers: the day-number arithmetic gives what the
// time.Time difference gives, over leap years, century years, negative
// years, invalid days and spans too long for a time.Duration.
func TestDaysUntilByDayNumbers(t *testing.T) {
	viaTime := func(d, e Date) int { return int(e.Time().Sub(d.Time()).Hours() / 24) }
	base := []Date{{2026, 3, 1}, {2000, 2, 29}, {1900, 2, 28}, {1900, 3, 1}, {2100, 12, 31}, {1, 1, 1}, {-5, 6, 15},
		{2024, 2, 30}, {2023, 2, 29}, {2026, 13, 1}, {2026, 0, 0}, {}, {2026, 4, 31}, {9999, 12, 31}, {1700, 1, 1}}
	for _, d := range base {
		for step := -200_000; step <= 200_000; step += 997 {
			e := Date{2026, 3, 1}.AddDays(step)
			for _, pair := range [][2]Date{{d, e}, {e, d}} {
				if got, want := pair[0].DaysUntil(pair[1]), viaTime(pair[0], pair[1]); got != want {
					t.Fatalf("%v.DaysUntil(%v) = %d, time.Time says %d", pair[0], pair[1], got, want)
				}
			}
		}
	}
	for i := range 3000 { // every day of eight years, against a fixed day
		d := Date{2022, 1, 1}.AddDays(i)
		if got, want := d.DaysUntil(Date{2026, 3, 1}), viaTime(d, Date{2026, 3, 1}); got != want {
			t.Fatalf("%v: %d, want %d", d, got, want)
		}
	}
}

// TestDaysInMonthIsTimes: the month lengths the date rules use without
// time.Time agree with package time, leap and century years included.
func TestDaysInMonthIsTimes(t *testing.T) {
	for y := -401; y <= 2401; y++ {
		for m := time.January; m <= time.December; m++ {
			if got, want := daysInMonth(y, m), time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("%d-%02d: %d days, package time says %d", y, m, got, want)
			}
		}
	}
}

// TestAddDaysNeverWraps: a step of any size stays within years 1 to 9999.
func TestAddDaysNeverWraps(t *testing.T) {
	d := MustDate("2026-03-01")
	for _, c := range []struct {
		n    int
		want string
	}{
		{1, "2026-03-02"}, {-1, "2026-02-28"}, {2_913_000, "9999-12-31"}, {1 << 40, "9999-12-31"}, {math.MaxInt, "9999-12-31"},
		{-740_000, "0001-01-01"}, {-739_000, "0002-11-07"}, {-(1 << 40), "0001-01-01"}, {math.MinInt, "0001-01-01"},
	} {
		if got := d.AddDays(c.n).String(); got != c.want {
			t.Errorf("AddDays(%d) = %s, want %s", c.n, got, c.want)
		}
	}
	if AlertOptionsWindow := (AlertOptions{WarnDays: math.MaxInt}).Window(); AlertOptionsWindow != MaxWarnDays {
		t.Errorf("Window of MaxInt days = %d", AlertOptionsWindow)
	}
}
