package postgres

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"

	"steward/assets"
)

// Free-text search. SQLite's register indexes the tag, name, serial,
// model, manufacturer, holder's name and notes of each asset with FTS5; a
// search is every typed word as a prefix (sqlite.FTSQuery). Here the same
// tokens (assets.SearchTokens) are written as a tsvector into asset_search,
// and the same words become a tsquery, so both engines find the same
// assets:
//
//	INSERT INTO asset_search(asset_id, doc) VALUES ($1, $2::tsvector)
//	    ON CONFLICT (asset_id) DO UPDATE SET doc = excluded.doc
//	    -- $2 = SearchVector(a.Tag, a.Name, a.Serial, a.Model, a.Manufacturer, holder, a.Notes)
//	... WHERE a.id IN (SELECT asset_id FROM asset_search WHERE doc @@ $1::tsquery)
//	    -- $1 = SearchQuery(q.Search), when it is not ""
//
// Positions are kept so that a typed word that is several tokens ("naïve"
// is one; a word FTS5 would split, a phrase) matches them side by side, as
// FTS5's phrase does, never across two fields.

// PostgreSQL's limits: a lexeme under 2 KiB, 256 positions per lexeme,
// positions up to 16383, a tsvector's lexemes under 1 MiB.
const (
	maxLexeme     = 2046
	maxPositions  = 256
	maxPosition   = 16383
	maxVectorText = 1 << 19 // lexeme bytes kept per asset; more is dropped
)

// SearchVector is the tsvector (as text, for $n::tsvector) of one asset's
// search fields, in the order the index has them: tag, name, serial, model,
// manufacturer, holder's name, notes. A token longer than PostgreSQL allows
// is cut (at 2,046 bytes); past half a megabyte of distinct tokens (notes
// the size of a book) the rest is not indexed.
func SearchVector(fields ...string) string {
	lx := searchLexemes(fields)
	var b strings.Builder
	for i, t := range lx.words {
		if i > 0 {
			b.WriteByte(' ')
		}
		quoteLexeme(&b, t)
		b.WriteByte(':')
		for j, p := range lx.pos[i] {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
		}
	}
	return b.String()
}

// searchDocument is SearchVector's tsvector as a value, for COPY in
// PostgreSQL's binary format: the server reads it as it is (it sorts the
// lexemes), where the text would be parsed. The stored tsvector is the
// same as SearchVector's text cast to tsvector (TestSearchDocumentIsSearchVector).
func searchDocument(fields ...string) pgtype.TSVector {
	lx := searchLexemes(fields)
	n := 0
	for _, pos := range lx.pos {
		n += len(pos)
	}
	all := make([]pgtype.TSVectorPosition, 0, n)
	doc := pgtype.TSVector{Lexemes: make([]pgtype.TSVectorLexeme, len(lx.words)), Valid: true}
	for i, t := range lx.words {
		from := len(all)
		for _, p := range lx.pos[i] {
			all = append(all, pgtype.TSVectorPosition{Position: uint16(p), Weight: pgtype.TSVectorWeightD})
		}
		doc.Lexemes[i] = pgtype.TSVectorLexeme{Word: t, Positions: all[from:len(all):len(all)]}
	}
	return doc
}

// lexemes are the distinct tokens of a document in the order first seen,
// each with its positions (strictly ascending, at most maxPositions of
// them).
type lexemes struct {
	words []string
	pos   [][]int
}

// searchLexemes is the tokens of fields (assets.SearchTokens) as
// lexemes: positions count from 1 with a gap between fields, a token
// longer than PostgreSQL allows is cut, and past maxVectorText bytes of
// distinct tokens the rest is dropped.
func searchLexemes(fields []string) lexemes {
	var lx lexemes
	index := map[string]int{}
	size, pos := 0, 0
	for f, text := range fields {
		if f > 0 {
			pos++ // a gap: no phrase across two fields
		}
		assets.SearchTokensFunc(text, func(tok []byte) {
			pos++
			t := cutLexeme(tok)
			k, ok := index[string(t)]
			if !ok {
				if size+len(t) > maxVectorText {
					return
				}
				size += len(t)
				k = len(lx.words)
				w := string(t)
				index[w] = k
				lx.words = append(lx.words, w)
				lx.pos = append(lx.pos, nil)
			}
			// Positions past the limit all become the limit: kept once.
			p, ps := min(pos, maxPosition), lx.pos[k]
			if len(ps) < maxPositions && (len(ps) == 0 || ps[len(ps)-1] != p) {
				lx.pos[k] = append(ps, p)
			}
		})
	}
	return lx
}

// SearchQuery is the tsquery (as text, for $n::tsquery) of what a person
// typed: each of assets.SearchWords as a prefix, all of them required, as
// sqlite.FTSQuery asks FTS5. "" when nothing was typed that counts (no
// condition at all). A word of several tokens is a phrase whose last token
// is a prefix; a word of none (FTS5's empty phrase) is left out, and when
// every word is, the query matches nothing, as FTS5's does.
func SearchQuery(text string) string {
	words := assets.SearchWords(text)
	if len(words) == 0 {
		return ""
	}
	var b strings.Builder
	for _, w := range words {
		toks := assets.SearchTokens(w)
		if len(toks) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" & ")
		}
		if len(toks) > 1 {
			b.WriteByte('(')
		}
		for i, t := range toks {
			if i > 0 {
				b.WriteString(" <-> ")
			}
			quoteLexeme(&b, string(cutLexeme([]byte(t))))
		}
		b.WriteString(":*")
		if len(toks) > 1 {
			b.WriteByte(')')
		}
	}
	if b.Len() == 0 {
		return nothing
	}
	return b.String()
}

// SearchTagKey is what asset_search.tag_key holds for a tag: the tag in
// the asset list's tag order, nocase(tag) (ASCII letters folded, every
// other byte kept), so that the search rows sort as assets_tag does.
func SearchTagKey(tag string) string { return assets.LowerASCII(tag) }

// nothing is a tsquery no asset matches: "-" is never a token.
const nothing = "'-'"

// cutLexeme shortens a token to PostgreSQL's longest lexeme, at a
// character boundary.
func cutLexeme(t []byte) []byte {
	if len(t) <= maxLexeme {
		return t
	}
	i := maxLexeme
	for i > 0 && !utf8.RuneStart(t[i]) {
		i--
	}
	return t[:i]
}

// quoteLexeme writes t as a quoted lexeme of tsvector or tsquery text
// (a quote doubled, a backslash escaped: neither is ever in a token, but the
// text must not depend on it).
func quoteLexeme(b *strings.Builder, t string) {
	b.WriteByte('\'')
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '\'':
			b.WriteString("''")
		case '\\':
			b.WriteString(`\\`)
		default:
			b.WriteByte(t[i])
		}
	}
	b.WriteByte('\'')
}
