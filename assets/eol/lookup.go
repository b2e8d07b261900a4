package eol

import (
	"steward/assets"
)

// Lookup is a catalog answer reduced to one end-of-support date, for rules
// that work from a date alone (the lifecycle rules in package assets).
type Lookup struct {
	Known   bool        // the catalog knows the product
	Release string      // the release as a person names it, or the input when not matched
	End     assets.Date // end of security support; zero when the catalog cannot give one for asOf
	Why     string      // when End is zero: why, in words
	Source  string      // where the dates come from, e.g. "endoflife.date"
	// For an OS release whose support has ended or ends within warnDays:
	Next     string      // the upgrade path, NextSupported's name; "" when the catalog knows none
	Extended assets.Date // end of extended (often paid) support still running on asOf; zero when none
}

// LookupOS is StatusOS reduced to a Lookup. For a match that fits several
// releases, End is the last candidate's end only when that is already
// certain on asOf (every candidate has ended or ends within warnDays), so
// that a rule comparing End with asOf reaches the same state as Status;
// otherwise End is zero and Why says what to record.
func (c *Catalog) LookupOS(os string, asOf assets.Date, warnDays int) Lookup {
	m, v := c.StatusOS(os, asOf, warnDays)
	l := lookupOf(m, v)
	if v.State == EndOfLife || v.State == EndingSoon {
		if r := c.NextSupported(m, asOf, warnDays); r != nil {
			l.Next = r.Name()
		}
		if r := m.Release; r != nil && !r.EOES.Date.IsZero() && asOf.Before(r.EOES.Date) {
			l.Extended = r.EOES.Date
		}
	}
	return l
}

// LookupDevice is StatusDevice reduced to a Lookup (see LookupOS).
func (c *Catalog) LookupDevice(manufacturer, model string, asOf assets.Date, warnDays int) Lookup {
	m, v := c.StatusDevice(manufacturer, model, asOf, warnDays)
	return lookupOf(m, v)
}

func lookupOf(m Match, v Verdict) Lookup {
	l := Lookup{Known: m.Product != nil, Release: m.Input, Source: defaultSource}
	if m.Product != nil {
		l.Release = shortName(m.Product)
		if m.Product.Source != "" {
			l.Source = m.Product.Source
		}
	}
	switch {
	case m.Release != nil:
		l.Release = m.Release.Name()
		l.End = m.Release.EOL.Date
		switch {
		case m.Release.EOL.Ended && l.End.IsZero():
			l.Why = "has reached end of support on a day the catalog does not give"
		case l.End.IsZero():
			l.Why = "no end of support is announced"
		}
	case m.Problem == Ambiguous && (v.State == EndOfLife || v.State == EndingSoon):
		l.End = v.Date
		l.Why = m.Reason
	default:
		l.Why = v.Reason
	}
	return l
}
