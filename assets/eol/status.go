package eol

import (
	"fmt"

	"steward/assets"
)

// State is where a release stands on a given day.
type State int

const (
	Unknown    State = iota // the catalog cannot say (see the reason)
	Supported               // security support continues past the warning window
	EndingSoon              // support ends within the warning window
	EndOfLife               // support has ended
)

func (s State) String() string {
	switch s {
	case Supported:
		return "supported"
	case EndingSoon:
		return "ending_soon"
	case EndOfLife:
		return "end_of_life"
	}
	return "unknown"
}

// Label is the state as a person reads it.
func (s State) Label() string {
	switch s {
	case Supported:
		return "Supported"
	case EndingSoon:
		return "Ending soon"
	case EndOfLife:
		return "End of life"
	}
	return "Unknown"
}

// MarshalText writes the state's code ("end_of_life").
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Verdict is a State with the date that decides it and the reason in words.
type Verdict struct {
	State  State
	Date   assets.Date // the end of support that applies; zero when unknown or not announced
	Reason string      // e.g. "Windows 10 22H2 reached end of support on 2025-10-14 (catalog: endoflife.date)"
}

// Status is the state of release r on asOf: end of life on and after its
// end of support, ending soon when that day is at most warnDays away
// (warnDays <= 0: no warning window), supported otherwise. A nil release or
// a zero asOf is Unknown.
func Status(r *Release, asOf assets.Date, warnDays int) Verdict {
	if r == nil {
		return Verdict{State: Unknown, Reason: "no catalog release"}
	}
	if asOf.IsZero() {
		return Verdict{State: Unknown, Reason: "no date to judge end of support against"}
	}
	name, src := r.Name(), source(r)
	end := r.EOL
	switch {
	case end.Date.IsZero() && end.Ended:
		return Verdict{State: EndOfLife, Reason: fmt.Sprintf("%s has reached end of support (the day is not published)%s (catalog: %s)", name, extended(r, asOf), src)}
	case end.Date.IsZero():
		return Verdict{State: Supported, Reason: fmt.Sprintf("%s is supported; no end of support is announced (catalog: %s)", name, src)}
	}
	d := end.Date
	days := asOf.DaysUntil(d)
	switch {
	case days <= 0:
		return Verdict{State: EndOfLife, Date: d, Reason: fmt.Sprintf("%s reached end of support on %s%s (catalog: %s)", name, d, extended(r, asOf), src)}
	case days <= warnDays:
		return Verdict{State: EndingSoon, Date: d, Reason: fmt.Sprintf("%s reaches end of support on %s, in %s (catalog: %s)", name, d, plural(days, "day"), src)}
	}
	return Verdict{State: Supported, Date: d, Reason: fmt.Sprintf("%s is supported until %s (catalog: %s)", name, d, src)}
}

// Status is the state of whatever the match found: the release's Status
// when it matched, and for an ambiguous match only what holds for every
// candidate (see the package documentation). Unknown products and versions
// are Unknown with the match's reason.
func (m Match) Status(asOf assets.Date, warnDays int) Verdict {
	switch m.Problem {
	case Matched:
		return Status(m.Release, asOf, warnDays)
	case Ambiguous:
		return ambiguousStatus(m, asOf, warnDays)
	}
	reason := m.Reason
	if reason == "" {
		reason = "no catalog release"
	}
	return Verdict{State: Unknown, Reason: reason}
}

func ambiguousStatus(m Match, asOf assets.Date, warnDays int) Verdict {
	if len(m.Candidates) == 0 || asOf.IsZero() {
		return Verdict{State: Unknown, Reason: m.Reason}
	}
	// The candidate that ends last bounds them all; the first to end opens the range.
	var last, first *Release
	open := false // some candidate has no announced end
	for _, r := range m.Candidates {
		switch {
		case r.EOL.IsZero():
			open = true
		case last == nil || endAfter(r.EOL, last.EOL):
			last = r
		}
		if !r.EOL.IsZero() && (first == nil || endAfter(first.EOL, r.EOL)) {
			first = r
		}
	}
	src := source(m.Candidates[0])
	if !open && last != nil {
		v := Status(last, asOf, warnDays)
		switch v.State {
		case EndOfLife:
			v.Reason = fmt.Sprintf("%s; every release it could be had reached end of support by %s (the last, %s) (catalog: %s)",
				m.Reason, endText(last.EOL), last.Name(), src)
			return v
		case EndingSoon:
			v.Reason = fmt.Sprintf("%s; every release it could be reaches end of support by %s (the last, %s) (catalog: %s)",
				m.Reason, endText(last.EOL), last.Name(), src)
			return v
		}
	}
	upper := "no end announced"
	if !open && last != nil {
		upper = endText(last.EOL)
	}
	lower := "no end announced"
	if first != nil {
		lower = endText(first.EOL)
	}
	return Verdict{State: Unknown, Reason: fmt.Sprintf("%s; end of support ranges from %s to %s across them: record the exact version or model to know (catalog: %s)",
		m.Reason, lower, upper, src)}
}

// endAfter: a ends later than b (an end with an unknown day counts as earliest).
func endAfter(a, b End) bool {
	switch {
	case a.Date.IsZero():
		return false
	case b.Date.IsZero():
		return true
	}
	return a.Date.After(b.Date)
}

func endText(e End) string {
	if e.Date.IsZero() {
		return "an unpublished day"
	}
	return e.Date.String()
}

// extended names paid or extended support still running on asOf.
func extended(r *Release, asOf assets.Date) string {
	if r.EOES.Date.IsZero() || !asOf.Before(r.EOES.Date) {
		return ""
	}
	return fmt.Sprintf("; extended (often paid) security support runs until %s", r.EOES.Date)
}

func source(r *Release) string {
	if r.Product != nil && r.Product.Source != "" {
		return r.Product.Source
	}
	return defaultSource
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
