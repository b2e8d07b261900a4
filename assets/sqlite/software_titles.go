package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
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
	return titleKey{name: assets.LowerASCII(name), publisher: publisher}
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

// write replaces the software of every asset set in the batch. A list is
// replaced in place (upsert) and only the (title, asset) keys that changed
// are deleted or inserted: a second visit to a computer usually changes a
// few packages, and deleting and re-inserting all of its ~750 keys (spread
// over the whole key B-tree) cost more than the first import did.
func (b *softwareBatch) write(ctx context.Context, tx *sql.Tx) error {
	if len(b.byAsset) == 0 {
		return nil
	}
	defer func() { b.byAsset = map[int64]assetSoftware{} }()
	ids := make([]int64, 0, len(b.byAsset))
	for id := range b.byAsset {
		if id >= 1<<31 {
			return fmt.Errorf("asset %d is beyond what the software import packs", id)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	oldTitles, err := oldSoftwareKeys(ctx, tx, ids)
	if err != nil {
		return err
	}
	old := map[int64]bool{}
	for id, titles := range oldTitles {
		for _, t := range titles {
			old[t<<32|id] = true
		}
	}
	up, err := tx.PrepareContext(ctx, `INSERT INTO asset_software(asset_id, seen, titles) VALUES (?, ?, ?)
		ON CONFLICT(asset_id) DO UPDATE SET seen = excluded.seen, titles = excluded.titles`)
	if err != nil {
		return err
	}
	defer up.Close()
	// Keys as title<<32 | asset, one JSON number each: extracting fields
	// from a JSON array per row cost SQLite more than the insert.
	var added, removed []int64
	keys := map[int64]bool{}
	var js []byte
	for _, id := range ids {
		a := b.byAsset[id]
		js = append(js[:0], '[')
		clear(keys)
		for i, r := range a.rows {
			if i > 0 {
				js = append(js, ',')
			}
			js = append(js, '[')
			js = strconv.AppendInt(js, r.title, 10)
			js = append(js, ',')
			js = appendJSONString(js, r.version)
			js = append(js, ']')
			if r.title >= 1<<31 {
				return fmt.Errorf("software title %d is beyond what the import packs", r.title)
			}
			k := r.title<<32 | id
			if !keys[k] {
				keys[k] = true
				if !old[k] {
					added = append(added, k)
				}
			}
		}
		js = append(js, ']')
		if _, err := up.ExecContext(ctx, id, a.seen, string(js)); err != nil {
			return err
		}
		for _, t := range oldTitles[id] {
			if k := t<<32 | id; !keys[k] {
				keys[k] = true // once, if the old list had it twice
				removed = append(removed, k)
			}
		}
	}
	// In key order, so each B-tree page is visited once.
	if len(removed) > 0 {
		slices.Sort(removed)
		if _, err := tx.ExecContext(ctx, `DELETE FROM software_installs WHERE (title_id, asset_id) IN
			(SELECT value >> 32, value & 4294967295 FROM json_each(?))`, string(appendJSONInts(js[:0], removed))); err != nil {
			return err
		}
	}
	if len(added) > 0 {
		slices.Sort(added)
		if _, err := tx.ExecContext(ctx, `INSERT INTO software_installs(title_id, asset_id)
			SELECT value >> 32, value & 4294967295 FROM json_each(?)`, string(appendJSONInts(js[:0], added))); err != nil {
			return err
		}
	}
	return updateTitleInstalls(ctx, tx, added, removed)
}

// updateTitleInstalls keeps software_titles.installs equal to the number of
// each title's keys: +1 per key added, -1 per key removed.
func updateTitleInstalls(ctx context.Context, tx *sql.Tx, added, removed []int64) error {
	delta := map[int64]int64{}
	for _, k := range added {
		delta[k>>32]++
	}
	for _, k := range removed {
		delta[k>>32]--
	}
	js := []byte{'['}
	for t, d := range delta {
		if d == 0 {
			continue
		}
		if len(js) > 1 {
			js = append(js, ',')
		}
		js = append(js, '[')
		js = strconv.AppendInt(js, t, 10)
		js = append(js, ',')
		js = strconv.AppendInt(js, d, 10)
		js = append(js, ']')
	}
	if len(js) == 1 {
		return nil
	}
	js = append(js, ']')
	_, err := tx.ExecContext(ctx, `UPDATE software_titles SET installs = installs + d.n
		FROM (SELECT value ->> 0 AS title, value ->> 1 AS n FROM json_each(?)) AS d
		WHERE software_titles.id = d.title`, string(js))
	return err
}

// oldSoftwareKeys reads the title ids of the assets' current lists.
func oldSoftwareKeys(ctx context.Context, tx *sql.Tx, ids []int64) (map[int64][]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT asset_id, titles FROM asset_software
		WHERE asset_id IN (SELECT value FROM json_each(?))`, string(appendJSONInts(nil, ids)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	old := map[int64][]int64{}
	for rows.Next() {
		var asset int64
		var list []byte
		if err := rows.Scan(&asset, &list); err != nil {
			return nil, err
		}
		titles, err := listTitleIDs(list)
		if err != nil {
			return nil, fmt.Errorf("software list of asset %d: %w", asset, err)
		}
		old[asset] = titles
	}
	return old, rows.Err()
}

// listTitleIDs returns the title ids of an asset_software list,
// [[title_id, "version"], ...]: read directly in the compact form Steward
// writes, with encoding/json for anything else.
func listTitleIDs(list []byte) ([]int64, error) {
	if ids, ok := compactTitleIDs(list); ok {
		return ids, nil
	}
	var entries [][]json.RawMessage
	if err := json.Unmarshal(list, &entries); err != nil {
		return nil, err
	}
	out := make([]int64, 0, len(entries))
	for _, e := range entries {
		if len(e) == 0 {
			return nil, fmt.Errorf("an entry without a title")
		}
		id, err := strconv.ParseInt(string(e[0]), 10, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

// compactTitleIDs reads [[1,"v"],[2,"v"]] without spaces; ok is false for
// anything else.
func compactTitleIDs(b []byte) (ids []int64, ok bool) {
	if len(b) < 2 || b[0] != '[' {
		return nil, false
	}
	if string(b) == "[]" {
		return []int64{}, true
	}
	ids = make([]int64, 0, len(b)/16)
	i := 1
	for {
		if i+1 >= len(b) || b[i] != '[' {
			return nil, false
		}
		i++
		start := i
		var id int64
		for i < len(b) && b[i] >= '0' && b[i] <= '9' && i-start < 18 {
			id = id*10 + int64(b[i]-'0')
			i++
		}
		if i == start || i+1 >= len(b) || b[i] != ',' || b[i+1] != '"' {
			return nil, false
		}
		for i += 2; i < len(b) && b[i] != '"'; i++ {
			if b[i] == '\\' {
				i++
			}
		}
		if i+2 >= len(b) || b[i+1] != ']' {
			return nil, false
		}
		ids = append(ids, id)
		switch b[i+2] {
		case ',':
			i += 3
		case ']':
			return ids, i+3 == len(b)
		default:
			return nil, false
		}
	}
}

func appendJSONInts(dst []byte, list []int64) []byte {
	dst = append(dst, '[')
	for i, v := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendInt(dst, v, 10)
	}
	return append(dst, ']')
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
