package assets

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// MaxAmount bounds one amount: at most a trillion (10^12) major units of
// its currency, either sign. Far above any real price, it leaves room in
// int64 minor units for sums of tens of thousands of such amounts (and
// every sum is checked anyway: see Total).
const MaxAmount = 1_000_000_000_000

// maxAmountText is MaxAmount as messages write it.
const maxAmountText = "1,000,000,000,000"

// MaxMinor is MaxAmount in the minor units of currency c.
func MaxMinor(c string) int64 {
	n := int64(MaxAmount)
	for range Digits(c) {
		n *= 10
	}
	return n
}

// InBound says whether m is within MaxAmount.
func (m Money) InBound() bool {
	max := MaxMinor(m.Currency)
	return m.Minor <= max && m.Minor >= -max
}

// ErrSumTooLarge is the error of a sum of amounts beyond int64 minor units.
var ErrSumTooLarge = errors.New("a sum goes beyond 92 quadrillion minor units, the most Steward can add up: check the amounts (each is at most " + maxAmountText + ")")

// AddMinor is a+b, or ErrSumTooLarge where int64 would wrap.
func AddMinor(a, b int64) (int64, error) {
	s := a + b
	if (s > a) != (b > 0) {
		return 0, ErrSumTooLarge
	}
	return s, nil
}

// MulMinor is a*n (an amount times a count), or ErrSumTooLarge where int64
// would wrap.
func MulMinor(a, n int64) (int64, error) {
	if a == 0 || n == 0 {
		return 0, nil
	}
	neg := (a < 0) != (n < 0)
	if a == math.MinInt64 || n == math.MinInt64 {
		return 0, ErrSumTooLarge
	}
	hi, lo := bits.Mul64(uint64(abs64(a)), uint64(abs64(n)))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, ErrSumTooLarge
	}
	if neg {
		return -int64(lo), nil
	}
	return int64(lo), nil
}

// MulDivRound is a*b/c rounded half away from zero, with a 128-bit middle
// so a*b cannot wrap; it fails when the result does not fit an int64.
func MulDivRound(a, b, c int64) (int64, error) {
	if c == 0 {
		return 0, fmt.Errorf("division by zero")
	}
	neg := (a < 0) != (b < 0) != (c < 0)
	ua, ub, uc := uint64(abs64(a)), uint64(abs64(b)), uint64(abs64(c))
	hi, lo := bits.Mul64(ua, ub)
	if hi >= uc {
		return 0, ErrSumTooLarge
	}
	q, r := bits.Div64(hi, lo, uc)
	if r >= uc-r { // r >= c/2, without overflow
		q++
	}
	if q > math.MaxInt64 {
		return 0, ErrSumTooLarge
	}
	if neg {
		return -int64(q), nil
	}
	return int64(q), nil
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// Total adds amounts of one currency in minor units, checking every step:
// after an overflow Minor stops changing and Err says so. The zero Total
// is empty.
type Total struct {
	Minor int64
	err   error
}

// Add adds minor to t.
func (t *Total) Add(minor int64) {
	if t.err != nil {
		return
	}
	s, err := AddMinor(t.Minor, minor)
	if err != nil {
		t.err = err
		return
	}
	t.Minor = s
}

// Err is ErrSumTooLarge once a sum overflowed, else nil.
func (t *Total) Err() error { return t.err }

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
	if whole == "" && !hasFrac || !allDigits(whole) || !allDigits(frac) {
		return Money{}, fmt.Errorf("%q is not an amount: write it like 1234.56", s)
	}
	if len(strings.TrimLeft(whole, "0")) > 13 {
		return Money{}, tooLarge(s)
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
		return Money{}, tooLarge(s)
	}
	if neg {
		n = -n
	}
	m := Money{Minor: n, Currency: currency}
	if !m.InBound() {
		return Money{}, tooLarge(s)
	}
	return m, nil
}

func tooLarge(s string) error {
	return fmt.Errorf("%q is too large: an amount is at most %s", s, maxAmountText)
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
