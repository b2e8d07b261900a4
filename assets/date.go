package assets

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date without time or zone (a purchase date, a warranty
// end). The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads an ISO 8601 calendar date (YYYY-MM-DD). An empty string is
// the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date: use YYYY-MM-DD, for example 2024-03-31", s)
	}
	return DateOf(t), nil
}

// MustDate is ParseDate for constants in tests and fixtures.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf is the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today is the date of now in the local zone.
func Today(now time.Time) Date { return DateOf(now.Local()) }

func (d Date) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

// String is YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	var b [10]byte
	return string(d.appendTo(b[:0]))
}

// appendTo appends d as String writes it, without allocating: alert rules
// format hundreds of thousands of dates into their reasons.
func (d Date) appendTo(b []byte) []byte {
	if d.IsZero() {
		return b
	}
	if d.Year < 0 || d.Year > 9999 {
		return fmt.Appendf(b, "%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return append(b, byte('0'+d.Year/1000), byte('0'+d.Year/100%10), byte('0'+d.Year/10%10), byte('0'+d.Year%10), '-',
		byte('0'+int(d.Month)/10), byte('0'+int(d.Month)%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
}

// Time is midnight UTC of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays moves d by n days. The result stays within years 1 to 9999 (what
// YYYY-MM-DD writes and the store compares as text): a larger step stops
// at the first or last day, where time.AddDate would overflow and wrap.
func (d Date) AddDays(n int) Date {
	const span = 3_660_000 // days: more than years 1 to 9999
	switch {
	case n > span:
		return lastDate
	case n < -span:
		return firstDate
	}
	r := DateOf(d.Time().AddDate(0, 0, n))
	switch {
	case r.Year > 9999:
		return lastDate
	case r.Year < 1:
		return firstDate
	}
	return r
}

// The dates AddDays stops at.
var (
	firstDate = Date{1, time.January, 1}
	lastDate  = Date{9999, time.December, 31}
)

// AddMonths moves d by n months, keeping to the last day of a shorter month
// (Jan 31 + 1 month = Feb 28 or 29), as people mean it for renewals.
func (d Date) AddMonths(n int) Date {
	total := int(d.Month) - 1 + n
	y := d.Year + floorDiv(total, 12)
	m := time.Month(total - floorDiv(total, 12)*12 + 1)
	day := d.Day
	if last := daysIn(y, m); day > last {
		day = last
	}
	return Date{y, m, day}
}

// AddYears is AddMonths(12*n): Feb 29 + 1 year = Feb 28.
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }

// DaysUntil counts days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int {
	// Day numbers, not time.Time: the alert rules ask this for every
	// asset, contract and task of a large register. Dates that are not
	// valid calendar days, and spans beyond what a time.Duration holds
	// (where Sub saturates), keep the time.Time answer.
	if a, ok := d.dayNumber(); ok {
		if b, ok := e.dayNumber(); ok && b-a < 106_000 && a-b < 106_000 {
			return b - a
		}
	}
	return int(e.Time().Sub(d.Time()).Hours() / 24)
}

// dayNumber is the count of days since 0000-03-01 of a valid calendar
// date (proleptic Gregorian, as package time reckons).
func (d Date) dayNumber() (int, bool) {
	if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 28 && d.Day > daysInMonth(d.Year, d.Month) {
		return 0, false
	}
	y, m := d.Year, int(d.Month)
	if m <= 2 { // count from March: the leap day ends the year
		y--
		m += 12
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	doy := (153*(m-3)+2)/5 + d.Day - 1
	return era*146097 + yoe*365 + yoe/4 - yoe/100 + doy, true
}

func daysInMonth(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }
func (d Date) After(e Date) bool  { return d.Compare(e) > 0 }

// Compare is -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month) - int(e.Month))
	default:
		return sign(d.Day - e.Day)
	}
}

func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func daysIn(y int, m time.Month) int {
	if m >= time.January && m <= time.December {
		return daysInMonth(y, m) // without building a time.Time
	}
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
