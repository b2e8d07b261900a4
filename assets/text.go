package assets

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The rule for text a person or a program types into any field of the
// register: no control characters (C0 0x00-0x1f, DEL 0x7f, C1 U+0080-
// U+009F) except a tab anywhere and a line break in a field that holds
// several lines (notes); valid UTF-8. Control characters are invisible on
// screen, can drive a terminal, and the register's fast readers use 0x1e
// and 0x1f as separators: stored text stays plain text.

// textProblem says what is wrong with s as the text of a field, "" when
// nothing is. lines allows line breaks.
func textProblem(s string, lines bool) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\t' || c == '\n' && lines {
			continue // the common case, byte by byte
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return fmt.Sprintf("is not valid UTF-8 text (byte %d): save or type it as UTF-8", i+1)
			}
			if r >= 0x80 && r <= 0x9f {
				return controlProblem(s, i, r, lines)
			}
			i += size - 1
			continue
		}
		if c == '\n' || c == '\r' {
			return fmt.Sprintf("has a line break at character %d: keep it on one line", utf8.RuneCountInString(s[:i])+1)
		}
		return controlProblem(s, i, rune(c), lines)
	}
	return ""
}

func controlProblem(s string, i int, r rune, lines bool) string {
	allowed := "tabs are allowed"
	if lines {
		allowed = "tabs and line breaks are allowed"
	}
	return fmt.Sprintf("has an invisible control character (U+%04X) at character %d: remove it (%s)",
		r, utf8.RuneCountInString(s[:i])+1, allowed)
}

// textField is one field's text for checkText.
type textField struct {
	field, value string
}

// checkText appends an error for every field of list whose text breaks the
// rule above; lines says whether the fields may hold line breaks.
func checkText(errs ValidationErrors, lines bool, list ...textField) ValidationErrors {
	for _, f := range list {
		if p := textProblem(f.value, lines); p != "" {
			errs = append(errs, Invalidf(f.field, "%s", p))
		}
	}
	return errs
}

// CheckText is the rule for one field's text outside a record's Validate
// (a search, a label): nil when s is fine, else an input error on field.
func CheckText(field, s string, lines bool) error {
	if p := textProblem(s, lines); p != "" {
		return Invalidf(field, "%s", p)
	}
	return nil
}

// normLines trims the end of a text of several lines and turns Windows
// line ends (CR LF) into plain line breaks, which the rule allows.
func normLines(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	return strings.TrimRight(s, " \t\r\n")
}
