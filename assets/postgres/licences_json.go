package postgres

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// lifecycleTitleIDs returns the title ids of an asset_software list,
// [[title_id, "version"], ...].
func lifecycleTitleIDs(list string) ([]int64, error) {
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

// lifecycleJSONString is s as a JSON string, written byte for byte as the
// SQLite store writes it (assets/sqlite appendJSONString), so that a list
// copied between the engines is the same text: control characters as
// \u00XX, other characters as they are, bytes that are not UTF-8 as
// \ufffd.
func lifecycleJSONString(s string) []byte {
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
