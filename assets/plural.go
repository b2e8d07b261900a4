package assets

import "strconv"

// Plural is the word that goes with a count: one for 1 (and -1), many for
// everything else ("0 seats", "1 seat", "2 seats").
func Plural(n int, one, many string) string {
	if n == 1 || n == -1 {
		return one
	}
	return many
}

// CountOf is a count with its word: "1 month", "3 months", "0 assets".
func CountOf(n int, one, many string) string {
	return strconv.Itoa(n) + " " + Plural(n, one, many)
}

// Every says how often something repeats: "every month", "every 3 months".
func Every(n int, one, many string) string {
	if n == 1 {
		return "every " + one
	}
	return "every " + CountOf(n, one, many)
}
