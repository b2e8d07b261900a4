package inventory

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// The software list is most of a report (752 packages: ~95 % of 118 KB) and
// encoding/json decodes it by reflection, field by field: about 1.5 ms a
// report. decodeFast reads that list with a small decoder for its one
// shape, a list of objects of string fields, and leaves the rest of the
// report to encoding/json. It gives up (ok false) on anything else:
// invalid JSON, a key it does not know exactly, a value that is not a
// string, a surrogate escape, invalid UTF-8 — and the caller then decodes
// the whole input with encoding/json, so results and errors (with their
// line and column) are always encoding/json's own.

// decodeFast decodes a report whose top-level "software" list has the plain
// shape; ok false means: use encoding/json for everything.
func decodeFast(data []byte) (rep *Report, ok bool) {
	var list []Software
	start, end, found := topLevelValue(data, "software", func(i int) int {
		var n int
		list, n, ok = decodeSoftwareList(data[i:])
		if !ok {
			return -1
		}
		return i + n
	})
	if !found {
		return nil, false
	}
	// The rest of the report, with the list replaced by null.
	rest := make([]byte, 0, len(data)-(end-start)+4)
	rest = append(rest, data[:start]...)
	rest = append(rest, "null"...)
	rest = append(rest, data[end:]...)
	var r Report
	if json.Unmarshal(rest, &r) != nil {
		return nil, false
	}
	r.Software = list
	return &r, true
}

// topLevelValue finds the value of key in the top-level object and has
// decode read it from data[start], returning its end (or -1 to give up).
// found is false for input that is not a plain object, when the key is
// absent or given twice, or when another key could stand for it
// (encoding/json matches keys without regard to case).
func topLevelValue(data []byte, key string, decode func(start int) (end int)) (start, end int, found bool) {
	i := skipWS(data, 0)
	if i >= len(data) || data[i] != '{' {
		return 0, 0, false
	}
	i = skipWS(data, i+1)
	if i < len(data) && data[i] == '}' {
		return 0, 0, false
	}
	for i < len(data) {
		if data[i] != '"' {
			return 0, 0, false
		}
		kEnd := skipString(data, i)
		if kEnd < 0 {
			return 0, 0, false
		}
		k := data[i+1 : kEnd-1]
		i = skipWS(data, kEnd)
		if i >= len(data) || data[i] != ':' {
			return 0, 0, false
		}
		i = skipWS(data, i+1)
		var vEnd int
		switch {
		case string(k) == key:
			if found {
				return 0, 0, false
			}
			vEnd = decode(i)
			start, end, found = i, vEnd, true
		case bytes.IndexByte(k, '\\') >= 0 || bytes.EqualFold(k, []byte(key)) || !isASCII(k):
			return 0, 0, false
		default:
			vEnd = skipValue(data, i)
		}
		if vEnd < 0 {
			return 0, 0, false
		}
		i = skipWS(data, vEnd)
		if i >= len(data) {
			return 0, 0, false
		}
		if data[i] == '}' {
			if skipWS(data, i+1) != len(data) {
				return 0, 0, false
			}
			return start, end, found
		}
		if data[i] != ',' {
			return 0, 0, false
		}
		i = skipWS(data, i+1)
	}
	return 0, 0, false
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func skipWS(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index just past the string starting at data[i]
// (a '"'), or -1. It only finds the end; the decoder checks the contents.
func skipString(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// skipValue returns the index just past the value starting at data[i], or
// -1. It finds boundaries only: the values it skips are checked by
// encoding/json, which decodes everything but the software list.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				j = skipString(data, j)
				if j < 0 {
					return -1
				}
				j--
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	default:
		j := i
		for j < len(data) {
			switch data[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return j
			}
			j++
		}
		return j
	}
}

// decodeSoftwareList decodes `[{"name": "...", ...}, ...]` at the start of
// data and says how many bytes it took. Strings without escapes share one
// copy of the input's bytes.
func decodeSoftwareList(data []byte) (list []Software, n int, ok bool) {
	d := listDecoder{s: string(data)}
	// About 130 bytes an entry in the collector's indented output.
	list = make([]Software, 0, len(data)/128+1)
	if !d.byte('[') {
		return nil, 0, false
	}
	d.ws()
	if d.byte(']') {
		return list, d.i, true
	}
	for {
		var sw Software
		if !d.object(&sw) {
			return nil, 0, false
		}
		list = append(list, sw)
		d.ws()
		if d.byte(']') {
			return list, d.i, true
		}
		if !d.byte(',') {
			return nil, 0, false
		}
		d.ws()
	}
}

type listDecoder struct {
	s string
	i int
}

func (d *listDecoder) ws() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *listDecoder) byte(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *listDecoder) object(sw *Software) bool {
	if !d.byte('{') {
		return false
	}
	d.ws()
	if d.byte('}') {
		return true
	}
	for {
		key, ok := d.str()
		if !ok {
			return false
		}
		d.ws()
		if !d.byte(':') {
			return false
		}
		d.ws()
		val, ok := d.str()
		if !ok {
			return false
		}
		switch key {
		case "name":
			sw.Name = val
		case "version":
			sw.Version = val
		case "publisher":
			sw.Publisher = val
		case "source":
			sw.Source = val
		case "arch":
			sw.Arch = val
		default:
			return false
		}
		d.ws()
		if d.byte('}') {
			return true
		}
		if !d.byte(',') {
			return false
		}
		d.ws()
	}
}

// str reads a JSON string. Escapes other than surrogates are decoded here;
// control characters, surrogate escapes and invalid UTF-8 give up.
func (d *listDecoder) str() (string, bool) {
	if !d.byte('"') {
		return "", false
	}
	start := d.i
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			v := d.s[start:d.i]
			d.i++
			return v, true
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(d.s[d.i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			d.i += size
		default:
			d.i++
		}
	}
	return "", false
}

// escaped continues str from the first backslash, building a new string.
func (d *listDecoder) escaped(start int) (string, bool) {
	b := make([]byte, 0, d.i-start+16)
	b = append(b, d.s[start:d.i]...)
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			return string(b), true
		case c == '\\':
			if d.i+1 >= len(d.s) {
				return "", false
			}
			e := d.s[d.i+1]
			d.i += 2
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				if d.i+4 > len(d.s) {
					return "", false
				}
				r := rune(0)
				for _, h := range []byte(d.s[d.i : d.i+4]) {
					switch {
					case h >= '0' && h <= '9':
						r = r<<4 | rune(h-'0')
					case h >= 'a' && h <= 'f':
						r = r<<4 | rune(h-'a'+10)
					case h >= 'A' && h <= 'F':
						r = r<<4 | rune(h-'A'+10)
					default:
						return "", false
					}
				}
				if r >= 0xD800 && r < 0xE000 {
					return "", false // surrogates: encoding/json's rules
				}
				d.i += 4
				b = utf8.AppendRune(b, r)
			default:
				return "", false
			}
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(d.s[d.i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			b = append(b, d.s[d.i:d.i+size]...)
			d.i += size
		default:
			b = append(b, c)
			d.i++
		}
	}
	return "", false
}
