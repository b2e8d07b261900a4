package assets

import "testing"

func TestParseMoney(t *testing.T) {
	cases := []struct {
		in, cur string
		minor   int64
		str     string
	}{
		{"1234.5", "eur", 123450, "EUR 1,234.50"},
		{"1,234,567.89", "USD", 123456789, "USD 1,234,567.89"},
		{"12", "JPY", 12, "JPY 12"},
		{"-3.25", "GBP", -325, "GBP -3.25"},
		{"0.125", "KWD", 125, "KWD 0.125"},
		{".5", "EUR", 50, "EUR 0.50"},
		{"", "EUR", 0, "EUR 0.00"},
	}
	for _, c := range cases {
		m, err := ParseMoney(c.in, c.cur)
		if err != nil {
			t.Errorf("%q %s: %v", c.in, c.cur, err)
			continue
		}
		if m.Minor != c.minor || m.String() != c.str {
			t.Errorf("%q %s = %d %q, want %d %q", c.in, c.cur, m.Minor, m.String(), c.minor, c.str)
		}
	}
	for _, bad := range [][2]string{{"12.345", "EUR"}, {"12,3a", "EUR"}, {"1.5", "JPY"}, {"10", "EURO"}, {"1e5", "USD"}, {"99999999999999999999", "USD"}} {
		if _, err := ParseMoney(bad[0], bad[1]); err == nil {
			t.Errorf("%q %s parsed", bad[0], bad[1])
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1234.50", "-1", "1,000", ".5", "abc", "1..2", "-", ""} {
		f.Add(s, "EUR")
	}
	f.Fuzz(func(t *testing.T, s, cur string) {
		m, err := ParseMoney(s, cur)
		if err != nil {
			return
		}
		// What parses must print and parse back to the same amount.
		back, err := ParseMoney(m.Amount(), m.Currency)
		if err != nil || back != m {
			t.Fatalf("%q %q -> %+v -> %q -> %+v %v", s, cur, m, m.Amount(), back, err)
		}
	})
}
