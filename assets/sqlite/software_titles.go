package sqlite

import (
	"context"
	"database/sql"
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
// them once, at its end: one DELETE and one INSERT ... SELECT over all of
// them, sorted by title. Written report by report (inside each report's
// savepoint, in multi-row INSERTs) SQLite journalled the original of every
// page of the title index that each report touched, which was most of the
// index for every report: gigabytes copied for 1,000 reports. At the end, a
// leaf page is touched and journalled once per transaction.
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

// write replaces the software of every asset set in the batch: the rows go
// to SQLite as one JSON array, [[asset, title, version, seen], ...].
func (b *softwareBatch) write(ctx context.Context, tx *sql.Tx) error {
	if len(b.byAsset) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(b.byAsset))
	n := 0
	for id, a := range b.byAsset {
		ids = append(ids, id)
		n += len(a.rows)
	}
	slices.Sort(ids)
	del := make([]byte, 0, 8*len(ids))
	del = append(del, '[')
	for i, id := range ids {
		if i > 0 {
			del = append(del, ',')
		}
		del = strconv.AppendInt(del, id, 10)
	}
	del = append(del, ']')
	if _, err := tx.ExecContext(ctx, "DELETE FROM installed_software WHERE asset_id IN (SELECT value FROM json_each(?))", string(del)); err != nil {
		return err
	}
	if n == 0 {
		b.byAsset = map[int64]assetSoftware{}
		return nil
	}
	js := make([]byte, 0, n*32)
	js = append(js, '[')
	first := true
	for _, id := range ids {
		a := b.byAsset[id]
		for _, r := range a.rows {
			if !first {
				js = append(js, ',')
			}
			first = false
			js = append(js, '[')
			js = strconv.AppendInt(js, id, 10)
			js = append(js, ',')
			js = strconv.AppendInt(js, r.title, 10)
			js = append(js, ',')
			js = appendJSONString(js, r.version)
			js = append(js, ',')
			js = appendJSONString(js, a.seen)
			js = append(js, ']')
		}
	}
	js = append(js, ']')
	_, err := tx.ExecContext(ctx, `INSERT INTO installed_software(asset_id, title_id, version, seen)
		SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?) ORDER BY 2, 1`, string(js))
	b.byAsset = map[int64]assetSoftware{}
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
