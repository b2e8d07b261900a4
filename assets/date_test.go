package assets

import "testing"

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
