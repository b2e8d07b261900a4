package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"steward/assets"
)

// The installed software recorded per asset (beside
// assets/sqlite/software_titles.go), written by SetInstalledSoftware and by
// inventory reports alike.

// setSoftware makes each asset's recorded software its list, as
// SQLite's softwareBatch does: titles found or added (in name order, so two
// writers lock them in the same order), the asset's list kept as
// [[title_id, "version"], ...] and software_installs and each title's
// installs count moved by the keys that changed. Entries without a name are
// skipped; names, versions and publishers are trimmed.
func setSoftware(ctx context.Context, tx pgx.Tx, seen string, byAsset map[int64][]assets.InstalledSoftware) error {
	if len(byAsset) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(byAsset))
	for id := range byAsset {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	titles := map[[2]string]int64{}
	type row struct {
		title   int64
		version string
	}
	lists := map[int64][]row{}
	for _, id := range ids {
		var rows []row
		for _, x := range byAsset[id] {
			name, pub := strings.TrimSpace(x.Name), strings.TrimSpace(x.Publisher)
			if name == "" {
				continue
			}
			k := [2]string{assets.LowerASCII(name), pub}
			t, ok := titles[k]
			if !ok {
				err := tx.QueryRow(ctx, `WITH ins AS (INSERT INTO software_titles(name, publisher) VALUES ($1, $2)
					ON CONFLICT (nocase(name), publisher) DO NOTHING RETURNING id)
					SELECT id FROM ins UNION ALL SELECT id FROM software_titles WHERE nocase(name) = nocase($1) AND publisher = $2 LIMIT 1`,
					name, pub).Scan(&t)
				if err != nil {
					return err
				}
				titles[k] = t
			}
			rows = append(rows, row{t, strings.TrimSpace(x.Version)})
		}
		lists[id] = rows
	}
	for _, id := range ids {
		var old []int64
		var list string
		err := tx.QueryRow(ctx, "SELECT titles FROM asset_software WHERE asset_id = $1", id).Scan(&list)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return err
		default:
			if old, err = titleIDs(list); err != nil {
				return fmt.Errorf("software list of asset %d: %w", id, err)
			}
		}
		js := []byte{'['}
		keep := map[int64]bool{}
		var added []int64
		oldSet := map[int64]bool{}
		for _, t := range old {
			oldSet[t] = true
		}
		for i, r := range lists[id] {
			if i > 0 {
				js = append(js, ',')
			}
			js = fmt.Appendf(js, "[%d,", r.title)
			js = append(append(js, jsonString(r.version)...), ']')
			if !keep[r.title] {
				keep[r.title] = true
				if !oldSet[r.title] {
					added = append(added, r.title)
				}
			}
		}
		js = append(js, ']')
		var removed []int64
		for t := range oldSet {
			if !keep[t] {
				removed = append(removed, t)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO asset_software(asset_id, seen, titles) VALUES ($1, $2, $3)
			ON CONFLICT (asset_id) DO UPDATE SET seen = excluded.seen, titles = excluded.titles`, id, seen, string(js)); err != nil {
			return err
		}
		if len(removed) > 0 {
			if _, err := tx.Exec(ctx, "DELETE FROM software_installs WHERE asset_id = $1 AND title_id = ANY($2)", id, removed); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE software_titles SET installs = installs - 1 WHERE id = ANY($1)", removed); err != nil {
				return err
			}
		}
		if len(added) > 0 {
			if _, err := tx.Exec(ctx, "INSERT INTO software_installs(title_id, asset_id) SELECT unnest($1::bigint[]), $2", added, id); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE software_titles SET installs = installs + 1 WHERE id = ANY($1)", added); err != nil {
				return err
			}
		}
	}
	return nil
}

// titleIDs returns the title ids of an asset_software list,
// [[title_id, "version"], ...].
func titleIDs(list string) ([]int64, error) {
	var entries [][]json.RawMessage
	if err := json.Unmarshal([]byte(list), &entries); err != nil {
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

// jsonString is s as a JSON string, written byte for byte as the
// SQLite store writes it (assets/sqlite appendJSONString), so that a list
// copied between the engines is the same text: control characters as
// \u00XX, other characters as they are, bytes that are not UTF-8 as
// \ufffd.
func jsonString(s string) []byte {
	const hex = "0123456789abcdef"
	dst := []byte{'"'}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, `\ufffd`...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}
