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
