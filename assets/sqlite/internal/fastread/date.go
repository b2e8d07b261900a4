package fastread

import (
	"time"

	"steward/assets"
)

// Date reads a stored date (YYYY-MM-DD) from raw column bytes without
// time.Parse: the lifecycle scans read hundreds of thousands of them.
// Anything else is read as assets.ParseDate reads it; what that refuses,
// and an empty field, is the zero date.
func Date(b []byte) assets.Date {
	if len(b) == 0 {
		return assets.Date{}
	}
	if d, ok := quickDate(b); ok {
		return d
	}
	return parseDate(string(b))
}

// DateString is Date on a string.
func DateString(s string) assets.Date {
	if d, ok := quickDate([]byte(s)); ok {
		return d
	}
	return parseDate(s)
}

func parseDate(s string) assets.Date {
	d, _ := assets.ParseDate(s)
	return d
}

// quickDate reads exactly YYYY-MM-DD with a month from 1 to 12 and a day
// from 1 to 31 (a day past the month's end is not checked: stored dates
// were checked when written); false for anything else.
func quickDate(s []byte) (assets.Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return assets.Date{}, false
	}
	n := func(b []byte) int {
		v := 0
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, m, d := n(s[:4]), n(s[5:7]), n(s[8:])
	if y < 0 || m < 1 || m > 12 || d < 1 || d > 31 {
		return assets.Date{}, false
	}
	return assets.Date{Year: y, Month: time.Month(m), Day: d}, true
}
