package assets

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Search text: how both stores split what is indexed and what a person
// types into words, so that a search finds the same assets on SQLite and
// on PostgreSQL.
//
// SQLite's register indexes the search fields with FTS5's "unicode61"
// tokenizer (remove_diacritics 2). SearchTokens is that tokenizer in Go, to
// the code point: the same token characters (Unicode categories L*, N*, Co
// and unassigned code points, by SQLite's own tables), the same case
// folding and diacritic removal (searchtext_tables.go, generated from the
// SQLite that Steward links; TestSearchTokensMatchFTS5 in assets/sqlite
// checks every code point against it). PostgreSQL's own text-search parser
// would split "ST-000123" or "naïve" differently, so the PostgreSQL store
// builds its tsvector and tsquery from these tokens instead.

// SearchWordLimit is the most words of a search that count: later words
// are ignored.
const SearchWordLimit = 16

// SearchWords splits what a person types into a search box into the words
// that must each match (as a prefix) some word of an asset: punctuation and
// spaces separate words, so "ST-0001" is "ST" and "0001". A leading "ST"
// before a number is dropped: every generated tag starts with ST-, so the
// word matches every asset and only slows the search ("ST-000456" finds no
// fewer assets without it). At most SearchWordLimit words are kept.
//
// Each word is matched as typed: a store runs it through SearchTokens (FTS5
// does that itself for SQLite), which folds case and diacritics.
func SearchWords(text string) []string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	// (Words are never empty: allDigits is not asked about "".)
	if len(words) >= 2 && strings.EqualFold(words[0], strings.TrimSuffix(TagPrefix, "-")) && allDigits(words[1]) {
		words = words[1:]
	}
	if len(words) > SearchWordLimit {
		words = words[:SearchWordLimit]
	}
	return words
}

// SearchTokens splits text into the index's tokens, in order, folded as
// SQLite's FTS5 unicode61 tokenizer with remove_diacritics 2 folds them:
// lower case, without diacritics ("Écran" gives "ecran"). Text is UTF-8;
// invalid bytes are read as U+FFFD, a separator.
func SearchTokens(text string) []string {
	var out []string
	SearchTokensFunc(text, func(tok []byte) { out = append(out, string(tok)) })
	return out
}

// SearchTokensFunc calls fn with each token of text, in order (see
// SearchTokens), without collecting them. The token's bytes are valid only
// during the call.
func SearchTokensFunc(text string, fn func(token []byte)) {
	buf := make([]byte, 0, 64)
	i := 0
	for i < len(text) {
		// Skip separators.
		if c := text[i]; c < utf8.RuneSelf {
			if !asciiTokenChar[c] {
				i++
				continue
			}
		} else if r, n := searchRune(text, i); !searchTokenChar(r) {
			i += n
			continue
		}
		// A token: token characters, and the combining diacritics
		// that FTS5 keeps inside one (and folds away).
		buf = buf[:0]
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				if !asciiTokenChar[c] {
					break
				}
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
				i++
				continue
			}
			r, n := searchRune(text, i)
			if !searchTokenChar(r) && !searchIsDiacritic(r) {
				break
			}
			if f := searchFold(r); f != 0 {
				buf = utf8.AppendRune(buf, f)
			}
			i += n
		}
		fn(buf)
	}
}

// asciiTokenChar: the ASCII token characters, letters and digits.
var asciiTokenChar = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = searchTokenChar(rune(c))
	}
	return t
}()

// searchRune reads the code point at text[i:] as FTS5 reads UTF-8: an
// invalid byte, a surrogate, U+FFFE and U+FFFF are U+FFFD.
func searchRune(text string, i int) (rune, int) {
	c := text[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	r, n := utf8.DecodeRuneInString(text[i:])
	if r&^1 == 0xFFFE {
		r = utf8.RuneError
	}
	return r, n
}

// searchTokenChar tells whether c is part of a token (not a separator):
// FTS5's "L* N* Co" categories, plus the code points its tables leave
// unassigned.
func searchTokenChar(c rune) bool {
	if c < 128 {
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	switch searchCategory(c) {
	case 0, // unassigned
		5, 6, 7, 8, 9, 30, // Ll Lm Lo Lt Lu LC
		13, 14, 15, // Nd Nl No
		31: // Co
		return true
	}
	return false
}

// searchCategory is sqlite3Fts5UnicodeCategory: the Unicode general
// category of c as FTS5 numbers them.
func searchCategory(c rune) int {
	if c >= 1<<20 {
		return 0
	}
	lo := int(fts5UnicodeBlock[c>>16])
	hi := int(fts5UnicodeBlock[1+c>>16])
	key := uint16(c & 0xFFFF)
	res := -1
	for hi > lo {
		mid := (hi + lo) / 2
		if key >= fts5UnicodeMap[mid] {
			res = mid
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if res < 0 {
		return 0
	}
	if int(key) >= int(fts5UnicodeMap[res])+int(fts5UnicodeData[res]>>5) {
		return 0
	}
	cat := int(fts5UnicodeData[res] & 0x1F)
	if cat != 30 {
		return cat
	}
	if (key-fts5UnicodeMap[res])&1 != 0 {
		return 5
	}
	return 9
}

// searchIsDiacritic is sqlite3Fts5UnicodeIsdiacritic: the combining marks
// that continue a token.
func searchIsDiacritic(c rune) bool {
	if c < 768 || c > 817 {
		return false
	}
	if c < 768+32 {
		return fts5DiacriticMask0&(uint32(1)<<(c-768)) != 0
	}
	return fts5DiacriticMask1&(uint32(1)<<(c-768-32)) != 0
}

// fts5Fold is one case-folding rule: from code, over n code points (every
// second one when flags&1), add fts5FoldOffset[flags>>1].
type fts5Fold struct {
	code  uint16
	flags uint8
	n     uint8
}

// searchFold is sqlite3Fts5UnicodeFold with remove_diacritics 2: the code
// point c folds to (0: dropped).
func searchFold(c rune) rune {
	if c < 128 {
		if c >= 'A' && c <= 'Z' {
			return c + ('a' - 'A')
		}
		return c
	}
	if c < 65536 {
		ret := c
		lo, hi, res := 0, len(fts5FoldEntry)-1, -1
		for hi >= lo {
			mid := (hi + lo) / 2
			if c >= rune(fts5FoldEntry[mid].code) {
				res = mid
				lo = mid + 1
			} else {
				hi = mid - 1
			}
		}
		if res >= 0 {
			p := fts5FoldEntry[res]
			if c < rune(p.code)+rune(p.n) && 0x01&int(p.flags)&(int(p.code)^int(c)) == 0 {
				ret = (c + rune(fts5FoldOffset[p.flags>>1])) & 0xFFFF
			}
		}
		return searchRemoveDiacritic(ret)
	}
	if c >= 66560 && c < 66600 {
		return c + 40
	}
	return c
}

// searchRemoveDiacritic is fts5_remove_diacritic in its complex form: a
// Latin letter with diacritics becomes the plain letter, a lone combining
// diacritic 0.
func searchRemoveDiacritic(c rune) rune {
	key := uint32(c)<<3 | 7
	res := 0
	lo, hi := 0, len(fts5Diacritic)-1
	for hi >= lo {
		mid := (hi + lo) / 2
		if key >= uint32(fts5Diacritic[mid]) {
			res = mid
			lo = mid + 1
		} else {
			hi = mid - 1
		}
	}
	d := uint32(fts5Diacritic[res])
	if uint32(c) > d>>3+d&7 {
		return c
	}
	return rune(fts5DiacriticChar[res] & 0x7F)
}
