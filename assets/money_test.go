package assets

import (
	"math"
	"strings"
	"testing"
)

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
	for _, s := range []string{"1234.50", "-1", "1,000", ".5", "abc", "1..2", "-", "", "1000000000000", "1000000000000.01", "0001000000000000.000"} {
		f.Add(s, "EUR")
	}
	f.Add("1000000000000.001", "KWD")
	f.Fuzz(func(t *testing.T, s, cur string) {
		m, err := ParseMoney(s, cur)
		if err != nil {
			return
		}
		if !m.InBound() {
			t.Fatalf("%q %q -> %+v, beyond MaxAmount", s, cur, m)
		}
		// What parses must print and parse back to the same amount.
		back, err := ParseMoney(m.Amount(), m.Currency)
		if err != nil || back != m {
			t.Fatalf("%q %q -> %+v -> %q -> %+v %v", s, cur, m, m.Amount(), back, err)
		}
	})
}

// TestMoneyBound: one amount may be at most MaxAmount major units, in any
// currency's decimals; above it ParseMoney and every kind's Validate refuse
// it in words, below and at it they accept it.
func TestMoneyBound(t *testing.T) {
	for _, c := range []struct {
		in, cur string
		ok      bool
	}{
		{"1000000000000", "EUR", true}, {"1,000,000,000,000.00", "EUR", true}, {"1000000000000.01", "EUR", false},
		{"999999999999999.99", "EUR", false}, {"-1000000000000.01", "EUR", false}, {"1000000000000", "JPY", true},
		{"1000000000001", "JPY", false}, {"1000000000000.000", "KWD", true}, {"1000000000000.001", "KWD", false},
	} {
		_, err := ParseMoney(c.in, c.cur)
		if (err == nil) != c.ok {
			t.Errorf("ParseMoney(%q, %s): %v", c.in, c.cur, err)
		}
		if err != nil && !strings.Contains(err.Error(), "1,000,000,000,000") {
			t.Errorf("ParseMoney(%q, %s): the error does not give the limit: %v", c.in, c.cur, err)
		}
	}
	over := Money{Minor: MaxAmount*100 + 1, Currency: "EUR"}
	checks := map[string]error{
		"asset":    (&Asset{Name: "x", Category: "other", Cost: over}).Validate(),
		"licence":  (&Licence{Product: "x", Seats: 1, Cost: over}).Validate(),
		"contract": (&Contract{Provider: "x", End: MustDate("2027-01-01"), Cost: over}).Validate(),
		"task":     (&Task{Kind: TaskUpgrade, Due: MustDate("2027-01-01"), Cost: over}).Validate(),
		"category": (&Category{Name: "lab", ReplacementCost: over}).Validate(),
	}
	for kind, err := range checks {
		if err == nil || !strings.Contains(err.Error(), "at most 1,000,000,000,000") {
			t.Errorf("%s with %s: %v", kind, over, err)
		}
	}
	at := Money{Minor: MaxAmount * 100, Currency: "EUR"}
	if err := (&Asset{Name: "x", Category: "other", Cost: at}).Validate(); err != nil {
		t.Errorf("an asset at the bound: %v", err)
	}
}

// TestCheckedSums: AddMinor, MulMinor and Total never wrap: an overflow is
// an error, and a Total keeps it once it happened.
func TestCheckedSums(t *testing.T) {
	if s, err := AddMinor(math.MaxInt64-1, 1); err != nil || s != math.MaxInt64 {
		t.Errorf("AddMinor to the edge: %d %v", s, err)
	}
	for _, c := range [][2]int64{{math.MaxInt64, 1}, {math.MinInt64, -1}, {math.MaxInt64 / 2, math.MaxInt64/2 + 2}} {
		if s, err := AddMinor(c[0], c[1]); err == nil {
			t.Errorf("AddMinor(%d, %d) = %d, no error", c[0], c[1], s)
		}
	}
	if p, err := MulMinor(MaxAmount*100, 92_233); err != nil || p != MaxAmount*100*92_233 {
		t.Errorf("MulMinor: %d %v", p, err)
	}
	for _, c := range [][2]int64{{MaxAmount * 100, 92_234}, {math.MinInt64, -1}, {-MaxAmount * 100, 100_000}, {3, math.MaxInt64}} {
		if p, err := MulMinor(c[0], c[1]); err == nil {
			t.Errorf("MulMinor(%d, %d) = %d, no error", c[0], c[1], p)
		}
	}
	// 100 amounts at the bound add up; 100,000 do not fit and say so.
	var small, big Total
	for range 100 {
		small.Add(MaxAmount * 100)
	}
	if small.Minor != MaxAmount*100*100 || small.Err() != nil {
		t.Errorf("100 at the bound: %d %v", small.Minor, small.Err())
	}
	for range 100_000 {
		big.Add(MaxAmount * 100)
	}
	if big.Err() == nil || big.Minor < 0 {
		t.Errorf("100,000 at the bound: %d %v", big.Minor, big.Err())
	}
}
