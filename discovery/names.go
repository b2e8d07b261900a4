package discovery

import (
	"strings"
	"unicode/utf8"
)

// Limits on what one name or TXT record may cost; DNS itself bounds names
// to 255 bytes and a packet to 9000 bytes, these bound what we keep.
const (
	maxTXTStrings   = 128  // entries kept from one TXT record
	maxTXTEntryLen  = 255  // a TXT string cannot be longer on the wire
	maxLabelsInName = 128  // a 255-byte name has at most 127 labels
	maxTXTTotal     = 4096 // bytes of TXT kept per instance
)

// splitLabels turns a domain name in presentation form (as miekg/dns prints
// it: "\." for a dot inside a label, "\ " or "\032" for escaped bytes) into
// its raw labels. Bytes are kept as they are, so UTF-8 survives intact. It
// never fails: a trailing lone backslash is kept literally.
func splitLabels(name string) []string {
	var labels []string
	var cur []byte
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '\\' && i+3 < len(name) && isDigit(name[i+1]) && isDigit(name[i+2]) && isDigit(name[i+3]):
			v := int(name[i+1]-'0')*100 + int(name[i+2]-'0')*10 + int(name[i+3]-'0')
			if v > 255 {
				cur = append(cur, c)
				continue
			}
			cur = append(cur, byte(v))
			i += 3
		case c == '\\' && i+1 < len(name):
			cur = append(cur, name[i+1])
			i++
		case c == '.':
			labels = append(labels, string(cur))
			cur = cur[:0]
			if len(labels) >= maxLabelsInName {
				return labels
			}
		default:
			cur = append(cur, c)
		}
	}
	if len(cur) > 0 {
		labels = append(labels, string(cur))
	}
	return labels
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// ServiceName is a DNS-SD service instance name taken apart
// (RFC 6763 section 4.1: <Instance>.<Service>.<Domain>).
type ServiceName struct {
	Instance string // decoded, human-readable label, e.g. "Drucker Büro 2. OG"
	Type     string // "_ipp._tcp"
	Domain   string // "local"
}

// ParseServiceName decodes an instance name in presentation form, e.g.
// `Drucker\ B\195\188ro\ 2\.\ OG._ipp._tcp.local.`. The instance label is
// returned as text: invalid UTF-8 bytes are replaced so the result is always
// printable. ok is false when the name has no "_service._proto" part.
func ParseServiceName(name string) (sn ServiceName, ok bool) {
	labels := splitLabels(name)
	// Find "_x._tcp" / "_x._udp" after the first label.
	for i := 1; i+1 < len(labels); i++ {
		if isServiceLabel(labels[i]) && isProto(labels[i+1]) {
			sn.Instance = cleanText(strings.Join(labels[:i], "."))
			sn.Type = strings.ToLower(labels[i] + "." + labels[i+1])
			sn.Domain = strings.ToLower(strings.Join(labels[i+2:], "."))
			if sn.Domain == "" {
				sn.Domain = "local"
			}
			return sn, true
		}
	}
	return ServiceName{Instance: cleanText(strings.Join(labels, "."))}, false
}

// ParseServiceType splits "_ipp._tcp.local." into "_ipp._tcp" and "local".
// A subtype name ("_printer._sub._http._tcp.local.") yields its parent type.
func ParseServiceType(name string) (typ, domain string, ok bool) {
	labels := splitLabels(name)
	if len(labels) >= 4 && strings.EqualFold(labels[1], "_sub") {
		labels = labels[2:]
	}
	if len(labels) < 2 || !isServiceLabel(labels[0]) || !isProto(labels[1]) {
		return "", "", false
	}
	domain = strings.ToLower(strings.Join(labels[2:], "."))
	if domain == "" {
		domain = "local"
	}
	return strings.ToLower(labels[0] + "." + labels[1]), domain, true
}

// isServiceLabel: "_" and a service name of letters, digits and hyphens
// (RFC 6335 section 5.1 allows 15; we accept up to 63, a label's limit).
func isServiceLabel(l string) bool {
	if len(l) < 2 || len(l) > 64 || l[0] != '_' {
		return false
	}
	for i := 1; i < len(l); i++ {
		c := l[i]
		if !(c == '-' || isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			return false
		}
	}
	return true
}

func isProto(l string) bool { return strings.EqualFold(l, "_tcp") || strings.EqualFold(l, "_udp") }

// HostName returns a host name in presentation form as plain text without
// the trailing dot, e.g. "drucker.local".
func HostName(name string) string {
	return cleanText(strings.Join(splitLabels(name), "."))
}

// cleanText makes raw label bytes safe to show: valid UTF-8, no control
// characters.
func cleanText(s string) string {
	if utf8.ValidString(s) && !hasControl(s) {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if r < 0x20 || r == 0x7f {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

// DecodeTXT turns the character-strings of a TXT record, as miekg/dns gives
// them (presentation form with \DDD and \" escapes), into "key=value"
// entries (RFC 6763 section 6). Empty strings are dropped; so are entries
// beyond the limits on count and size.
func DecodeTXT(strs []string) []string {
	out := make([]string, 0, len(strs))
	total := 0
	for _, s := range strs {
		raw := unescapeTXT(s)
		if raw == "" || len(out) >= maxTXTStrings {
			continue
		}
		if len(raw) > maxTXTEntryLen {
			raw = raw[:maxTXTEntryLen]
		}
		total += len(raw)
		if total > maxTXTTotal {
			break
		}
		out = append(out, cleanText(raw))
	}
	return out
}

// unescapeTXT undoes miekg/dns's escaping of a TXT character-string.
func unescapeTXT(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b = append(b, c)
			continue
		}
		if i+3 < len(s) && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) {
			v := int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')
			if v <= 255 {
				b = append(b, byte(v))
				i += 3
				continue
			}
		}
		b = append(b, s[i+1])
		i++
	}
	return string(b)
}

// TXTValue returns the value of key in "k=v" entries (keys compare without
// case, RFC 6763 section 6.4) and whether the key is present.
func TXTValue(txt []string, key string) (string, bool) {
	for _, e := range txt {
		k, v, _ := strings.Cut(e, "=")
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return "", false
}
