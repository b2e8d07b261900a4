package assets

import "strings"

// FoldText is s as the people search compares it: letters in lower case and
// without their diacritics ("Émile Müller" → "emile muller"), as the asset
// search folds its tokens; every other character is kept as it is.
func FoldText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f := searchFold(r); f != 0 {
			b.WriteRune(f)
		}
	}
	return b.String()
}

// TextFilter is what a person typed in a search box over records' text
// fields: a record matches when one of its fields contains the typed text,
// in any case and with or without diacritics ("emile", "Émile" and "ÉMILE"
// all find "Émile Zola"); %, _ and * are characters like any other. Both
// stores filter people through it, so both find the same.
type TextFilter struct{ want string }

// NewTextFilter is the filter for what was typed (spaces around it ignored).
func NewTextFilter(typed string) TextFilter {
	return TextFilter{want: FoldText(strings.TrimSpace(typed))}
}

// All says the filter keeps every record (nothing was typed).
func (f TextFilter) All() bool { return f.want == "" }

// Match says whether one of fields contains the typed text.
func (f TextFilter) Match(fields ...string) bool {
	if f.want == "" {
		return true
	}
	for _, s := range fields {
		if strings.Contains(FoldText(s), f.want) {
			return true
		}
	}
	return false
}

// LowerASCII folds A-Z only, as SQLite's NOCASE and PostgreSQL's nocase()
// do; the string comes back as it is when there is nothing to fold (no
// allocation).
func LowerASCII(s string) string { return foldASCII(s, 'A', 'a') }

// UpperASCII turns a-z into capitals and leaves every other byte.
func UpperASCII(s string) string { return foldASCII(s, 'a', 'A') }

// foldASCII moves the 26 letters from the one starting at from to those
// starting at to.
func foldASCII(s string, from, to byte) string {
	i := 0
	for i < len(s) && (s[i] < from || s[i] > from+25) {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= from && c <= from+25 {
			b[i] = c - from + to
		}
	}
	return string(b)
}
