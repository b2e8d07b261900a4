package assets

import (
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount in a currency's minor units (cents), so sums are exact.
type Money struct {
	Minor    int64  `json:"minor"`
	Currency string `json:"currency"` // ISO 4217, e.g. EUR
}

// minorDigits lists currencies whose minor unit is not 1/100.
var minorDigits = map[string]int{
	"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "XOF": 0, "XAF": 0, "HUF": 2,
	"BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
}

// Digits is the number of decimal places of currency c.
func Digits(c string) int {
	if d, ok := minorDigits[strings.ToUpper(c)]; ok {
		return d
	}
	return 2
}

// ParseMoney reads an amount such as "1234.5", "1,234.50" or "-12" in
// currency c. Thousands separators are commas; the decimal point is a dot.
func ParseMoney(s, currency string) (Money, error) {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	s = strings.TrimSpace(s)
	if currency != "" && !validCurrency(currency) {
		return Money{}, fmt.Errorf("%q is not a currency code: use three letters, for example EUR or USD", currency)
	}
	if s == "" {
		return Money{Currency: currency}, nil
	}
	digits := Digits(currency)
	neg := strings.HasPrefix(s, "-")
	clean := strings.ReplaceAll(strings.TrimPrefix(s, "-"), ",", "")
	whole, frac, hasFrac := strings.Cut(clean, ".")
	if whole == "" && !hasFrac || !allDigits(whole) || !allDigits(frac) || len(whole) > 15 {
		return Money{}, fmt.Errorf("%q is not an amount: write it like 1234.56", s)
	}
	if len(frac) > digits {
		return Money{}, fmt.Errorf("%q has more than %d decimal places for %s", s, digits, orDefault(currency, "this currency"))
	}
	frac += strings.Repeat("0", digits-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if whole+frac == "" {
		n, err = 0, nil
	}
	if err != nil {
		return Money{}, fmt.Errorf("%q is too large an amount", s)
	}
	if neg {
		n = -n
	}
	return Money{Minor: n, Currency: currency}, nil
}

// Amount is the number alone, with its decimals and no separators ("1234.50").
func (m Money) Amount() string {
	d := Digits(m.Currency)
	n := m.Minor
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	if d > 0 {
		for len(s) <= d {
			s = "0" + s
		}
		s = s[:len(s)-d] + "." + s[len(s)-d:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// String is "EUR 1,234.50"; the zero amount with no currency is "".
func (m Money) String() string {
	if m.Minor == 0 && m.Currency == "" {
		return ""
	}
	amt := m.Amount()
	neg := strings.HasPrefix(amt, "-")
	amt = strings.TrimPrefix(amt, "-")
	whole, frac, _ := strings.Cut(amt, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	if m.Currency != "" {
		out = m.Currency + " " + out
	}
	return out
}

func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
