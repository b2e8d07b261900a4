package inventory

import (
	"regexp"
	"strconv"
	"strings"
)

// versionLess orders version-like strings ("6.8.0-31-generic") by their
// numeric and text runs, so "6.10" sorts after "6.9".
func versionLess(a, b string) bool {
	for a != "" && b != "" {
		ra, restA := versionRun(a)
		rb, restB := versionRun(b)
		if ra != rb {
			na, ea := strconv.ParseUint(ra, 10, 64)
			nb, eb := strconv.ParseUint(rb, 10, 64)
			switch {
			case ea == nil && eb == nil:
				if na != nb {
					return na < nb
				}
			case ea == nil:
				return false // a number sorts after text ("1.0" > "1.rc")
			case eb == nil:
				return true
			default:
				return ra < rb
			}
		}
		a, b = restA, restB
	}
	return len(a) < len(b)
}

// versionRun splits off the first run of digits or of non-digits, skipping
// separators.
func versionRun(s string) (run, rest string) {
	s = strings.TrimLeft(s, ".-_+~:")
	if s == "" {
		return "", ""
	}
	digit := s[0] >= '0' && s[0] <= '9'
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9') == digit && !strings.ContainsRune(".-_+~:", rune(s[i])) {
		i++
	}
	return s[:i], s[i:]
}

// publisherFromCopyright pulls the holder out of a copyright line such as
// "Copyright © 2012-2024 Google LLC. All rights reserved." (macOS bundles
// have no publisher field; this is the closest they say).
func publisherFromCopyright(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if i := strings.IndexAny(s, "\n\r"); i >= 0 {
		s = s[:i]
	}
	lower := strings.ToLower(s)
	if i := strings.Index(lower, "all rights reserved"); i >= 0 {
		s = s[:i]
	}
	s = copyrightLead.ReplaceAllString(s, "")
	s = strings.TrimRight(strings.TrimSpace(s), " .,;")
	if len(s) > 80 {
		return ""
	}
	return clean(s)
}

// copyrightLead matches "Copyright (c) 2010-2024, " and its variants.
var copyrightLead = regexp.MustCompile(`^(?i:\s*(copyright|©|\(c\)|℗|\d{4}(\s*[-–]\s*(\d{4}|present))?)[\s,.:]*)+`)
