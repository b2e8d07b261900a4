package eol

import (
	"strings"

	"steward/assets"
)

// NextSupported is the upgrade path of what m matched: the earliest
// release of the same product, released after it and in the same channel,
// that is still supported on asOf beyond warnDays (Status says Supported),
// or nil when the catalog knows none. For an ambiguous match the newest
// candidate stands for them all.
//
// The same channel means: an LTS release moves to an LTS release (Ubuntu
// 20.04 to 22.04, Windows Server 2012 R2 to 2016, Cisco IOS XE 17.3 to
// 17.9), any other release to any; a Windows release keeps its edition,
// taken from the release (Home/Pro, Enterprise/Education, IoT) or, for a
// release both share (Windows 10 22H2), from the words of m.Input ("Pro").
func (c *Catalog) NextSupported(m Match, asOf assets.Date, warnDays int) *Release {
	base := m.Release
	if base == nil && m.Problem == Ambiguous && len(m.Candidates) > 0 {
		base = m.Candidates[0]
	}
	if base == nil || base.Product == nil || asOf.IsZero() {
		return nil
	}
	p := base.Product
	pos := -1 // releases are listed newest first: a smaller index is newer
	for i, r := range p.Releases {
		if r == base {
			pos = i
			break
		}
	}
	if pos < 0 {
		return nil
	}
	ch := channelOf(base, m.Input)
	var best *Release
	bestAt := 0
	for i, r := range p.Releases {
		if !later(r, i, base, pos) || !ch.fits(r) || Status(r, asOf, warnDays).State != Supported {
			continue
		}
		if best == nil || earlier(r, i, best, bestAt) {
			best, bestAt = r, i
		}
	}
	return best
}

// later reports whether r (at index i) came out after base (at index pos):
// by release date when both have one, else by their place in the list.
func later(r *Release, i int, base *Release, pos int) bool {
	if r == base {
		return false
	}
	if !r.Released.IsZero() && !base.Released.IsZero() && r.Released != base.Released {
		return r.Released.After(base.Released)
	}
	return i < pos
}

// earlier reports whether r (at index i) came out before s (at index j).
func earlier(r *Release, i int, s *Release, j int) bool {
	if !r.Released.IsZero() && !s.Released.IsZero() && r.Released != s.Released {
		return r.Released.Before(s.Released)
	}
	return i > j
}

// channel is what an upgrade keeps of the release it starts from.
type channel struct {
	lts     bool
	windows bool
	edition winEdition // Windows: edUnknown when neither release nor input says
	iot     bool
}

func channelOf(r *Release, input string) channel {
	ch := channel{lts: r.LTS}
	if r.Product.ID != "windows" {
		return ch
	}
	ch.windows = true
	c := strings.ToLower(r.Cycle)
	ch.iot = strings.Contains(c, "-iot")
	switch {
	case strings.HasSuffix(c, "-e") || strings.HasSuffix(c, "-e-lts"):
		ch.edition = edE
	case strings.HasSuffix(c, "-w"):
		ch.edition = edW
	default:
		if f := readWindows(tokens(input)); f.edition == edE || f.edition == edW {
			ch.edition = f.edition
		}
	}
	return ch
}

func (ch channel) fits(r *Release) bool {
	if ch.lts && !r.LTS {
		return false
	}
	if !ch.windows {
		return true
	}
	c := strings.ToLower(r.Cycle)
	if strings.Contains(c, "-iot") != ch.iot || r.LTS != ch.lts {
		return false
	}
	switch ch.edition {
	case edE:
		return !strings.HasSuffix(c, "-w")
	case edW:
		return !strings.HasSuffix(c, "-e")
	}
	return true
}
