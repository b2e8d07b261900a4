package transfer

import "strings"

func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func validCurrencyCell(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) != 3 {
		return false
	}
	for _, r := range strings.ToUpper(s) {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
