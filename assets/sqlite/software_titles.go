package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"steward/assets"
)

// softwareTitles maps (name, publisher) to software_titles ids for one write
// transaction. The whole table is read once, when first needed, so storing a
// report's ~750 packages costs map lookups rather than a query each; titles
// the transaction adds are remembered, and forgotten again if the savepoint
// that added them is rolled back.
type softwareTitles struct {
	ids    map[titleKey]int64
	loaded bool
	added  []titleKey // since mark
}

// titleKey is a title as software_titles' UNIQUE constraint sees it: the
// name without regard to ASCII case (COLLATE NOCASE folds only ASCII), the
// publisher exactly.
type titleKey struct{ name, publisher string }

func newTitleKey(name, publisher string) titleKey {
	return titleKey{name: asciiLower(name), publisher: publisher}
}

// asciiLower folds A-Z only, as SQLite's NOCASE and lower() do; the string
// is returned as it is when there is nothing to fold (no allocation).
func asciiLower(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

func (t *softwareTitles) load(ctx context.Context, tx *sql.Tx) error {
	if t.loaded {
		return nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, name, publisher FROM software_titles")
	if err != nil {
		return err
	}
	defer rows.Close()
	t.ids = map[titleKey]int64{}
	for rows.Next() {
		var id int64
		var name, publisher string
		if err := rows.Scan(&id, &name, &publisher); err != nil {
			return err
		}
		t.ids[newTitleKey(name, publisher)] = id
	}
	if err := rows.Err(); err != nil {
		return err
	}
	t.loaded = true
	return nil
}

// id returns the title's id, adding the title when it is new.
func (t *softwareTitles) id(ctx context.Context, tx *sql.Tx, name, publisher string) (int64, error) {
	if err := t.load(ctx, tx); err != nil {
		return 0, err
	}
	k := newTitleKey(name, publisher)
	if id, ok := t.ids[k]; ok {
		return id, nil
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO software_titles(name, publisher) VALUES (?, ?)", name, publisher)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	t.ids[k] = id
	t.added = append(t.added, k)
	return id, nil
}

// mark starts a savepoint's worth of additions; rollback forgets them after
// the savepoint was rolled back (the rows are gone, so are the ids).
func (t *softwareTitles) mark() { t.added = t.added[:0] }

func (t *softwareTitles) rollback() {
	for _, k := range t.added {
		delete(t.ids, k)
	}
	t.added = t.added[:0]
}

// softwareBatch gathers the software lists a transaction records and writes
// them once, at its end: each asset's list as one asset_software row, and
// the (title, asset) pairs in key order in one INSERT ... SELECT. Written
// report by report, inside each report's savepoint, SQLite journalled the
// original of every index page each report touched (most of the index, for
// every report), and each of the ~750 rows a report has cost three B-tree
// inserts instead of one.
type softwareBatch struct {
	titles  *softwareTitles
	byAsset map[int64]assetSoftware
}

type assetSoftware struct {
	seen string // RFC 3339
	rows []titleVersion
}

type titleVersion struct {
	title   int64
	version string
}

func newSoftwareBatch() *softwareBatch {
	return &softwareBatch{titles: &softwareTitles{}, byAsset: map[int64]assetSoftware{}}
}

// set makes list the asset's recorded software when the batch is written
// (a later set for the same asset wins). Titles are looked up, and added,
// now: inside the caller's savepoint. Entries without a name are skipped;
// names, versions and publishers are trimmed.
func (b *softwareBatch) set(ctx context.Context, tx *sql.Tx, assetID int64, seen string, list []assets.InstalledSoftware) error {
	rows := make([]titleVersion, 0, len(list))
	for _, x := range list {
		name := strings.TrimSpace(x.Name)
		if name == "" {
			continue
		}
		id, err := b.titles.id(ctx, tx, name, strings.TrimSpace(x.Publisher))
		if err != nil {
			return err
		}
		rows = append(rows, titleVersion{id, strings.TrimSpace(x.Version)})
	}
	b.byAsset[assetID] = assetSoftware{seen: seen, rows: rows}
	return nil
}

// write replaces the software of every asset set in the batch.
func (b *softwareBatch) write(ctx context.Context, tx *sql.Tx) error {
	if len(b.byAsset) == 0 {
		return nil
	}
	defer func() { b.byAsset = map[int64]assetSoftware{} }()
	ids := make([]int64, 0, len(b.byAsset))
	n := 0
	for id, a := range b.byAsset {
		ids = append(ids, id)
		n += len(a.rows)
	}
	slices.Sort(ids)
	js := make([]byte, 0, 8*len(ids))
	js = append(js, '[')
	for i, id := range ids {
		if i > 0 {
			js = append(js, ',')
		}
		js = strconv.AppendInt(js, id, 10)
	}
	js = append(js, ']')
	// The trigger takes the old lists' pairs with them.
	if _, err := tx.ExecContext(ctx, "DELETE FROM asset_software WHERE asset_id IN (SELECT value FROM json_each(?))", string(js)); err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, "INSERT INTO asset_software(asset_id, seen, titles) VALUES (?, ?, ?)")
	if err != nil {
		return err
	}
	defer ins.Close()
	// Pairs as title<<32 | asset, one JSON number each: extracting
	// fields from a JSON array per row cost SQLite more than the insert.
	var pairs []int64
	seen := map[int64]bool{}
	for _, id := range ids {
		a := b.byAsset[id]
		js = append(js[:0], '[')
		clear(seen)
		for i, r := range a.rows {
			if i > 0 {
				js = append(js, ',')
			}
			js = append(js, '[')
			js = strconv.AppendInt(js, r.title, 10)
			js = append(js, ',')
			js = appendJSONString(js, r.version)
			js = append(js, ']')
			if !seen[r.title] {
				seen[r.title] = true
				if r.title >= 1<<31 || id >= 1<<31 {
					return fmt.Errorf("software title %d or asset %d is beyond what the import packs", r.title, id)
				}
				pairs = append(pairs, r.title<<32|id)
			}
		}
		js = append(js, ']')
		if _, err := ins.ExecContext(ctx, id, a.seen, string(js)); err != nil {
			return err
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	// In key order, so each B-tree page is filled once.
	slices.Sort(pairs)
	js = append(js[:0], '[')
	for i, p := range pairs {
		if i > 0 {
			js = append(js, ',')
		}
		js = strconv.AppendInt(js, p, 10)
	}
	js = append(js, ']')
	_, err = tx.ExecContext(ctx, `INSERT INTO software_installs(title_id, asset_id)
		SELECT value >> 32, value & 4294967295 FROM json_each(?)`, string(js))
	return err
}

// appendJSONString appends s as a JSON string. Bytes that are not valid
// UTF-8 become U+FFFD, as encoding/json does.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, "\\ufffd"...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"
