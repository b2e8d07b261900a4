package eol

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxInput bounds the text the matcher looks at: OS strings and model names
// are short, and a bound keeps matching time bounded for any input.
const maxInput = 256

// tokens splits s into lower-case words. Letters, digits and the characters
// that belong inside versions and model names (. - +) stay together;
// everything else separates. Trademark signs are dropped. "Win10" and
// "Windows10" become "windows", "10".
func tokens(s string) []string {
	if len(s) > maxInput {
		s = s[:maxInput]
		for !utf8.ValidString(s) && len(s) > 0 {
			s = s[:len(s)-1]
		}
	}
	out := make([]string, 0, 8)
	var b strings.Builder
	flush := func() {
		if b.Len() == 0 {
			return
		}
		t := strings.Trim(b.String(), ".-")
		b.Reset()
		if t == "" {
			return
		}
		out = appendSplitWindows(out, t)
	}
	for _, c := range s {
		switch {
		case c == '®' || c == '™':
			continue
		case unicode.IsLetter(c) || unicode.IsDigit(c) || c == '.' || c == '-' || c == '+':
			b.WriteRune(unicode.ToLower(c))
		default:
			flush()
		}
	}
	flush()
	return dropTrademarks(out)
}

// appendSplitWindows splits "win10", "windows11", "win2019" style tokens.
func appendSplitWindows(out []string, t string) []string {
	for _, prefix := range []string{"windows", "win"} {
		if rest, ok := strings.CutPrefix(t, prefix); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			return append(out, "windows", rest)
		}
	}
	return append(out, t)
}

// dropTrademarks removes "r" and "tm" left over from "(R)" and "(TM)".
func dropTrademarks(ts []string) []string {
	out := ts[:0]
	for _, t := range ts {
		if t == "r" || t == "tm" {
			continue
		}
		out = append(out, t)
	}
	return out
}

// compact is s lower-cased without spaces, for model identifiers such as
// "iPhone12,1" or "SM-G991B".
func compact(s string) string {
	if len(s) > maxInput {
		return ""
	}
	var b strings.Builder
	for _, c := range s {
		if unicode.IsSpace(c) {
			continue
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// numericPrefix is the leading version number of a token: "22.04.4" from
// "22.04.4", "14.0" from "14.0-release-p6", "3.19" from "v3.19". ok is false
// when the token does not start with a digit.
func numericPrefix(t string) (string, string, bool) {
	t = strings.TrimPrefix(t, "v")
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.' && i > 0 && i+1 < len(t) && t[i+1] >= '0' && t[i+1] <= '9') {
		i++
	}
	if i == 0 {
		return "", t, false
	}
	return t[:i], t[i:], true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
