package assets

import (
	"fmt"
	"strconv"
	"strings"
)

// OS and firmware support, apart from the hardware's end of life: a
// one-year-old switch whose firmware release is out of support needs an
// update, not a replacement, so its operating system or firmware is judged
// on its own (EvaluateOSSupport) and raises its own alert kind
// (AlertOSSupport), while EvaluateEOL judges the hardware alone (refresh
// policy, end-of-life date, device catalog).

// OSSupport is where an asset's operating system or firmware stands with
// its vendor's support on one day.
type OSSupport struct {
	// State: EOLReached once support has ended, EOLEnding within the
	// warning window, EOLSupported beyond it, EOLUnknown when the catalog
	// cannot say (Reason says why).
	State    EOLState `json:"state"`
	Release  string   `json:"release,omitempty"` // as the catalog names it: "FortiOS 7.0"
	Date     Date     `json:"date"`              // end of support; zero when unknown
	DaysLeft int      `json:"days_left"`         // from the day judged to Date: negative once past, 0 when unknown
	Next     string   `json:"next,omitempty"`    // the upgrade path: the next supported release, when the catalog knows it
	Extended Date     `json:"extended"`          // end of extended (often paid) support still running; zero when none
	Reason   string   `json:"reason"`            // in words
}

// Label is the state as a person reads it ("Unsupported").
func (s OSSupport) Label() string {
	switch s.State {
	case EOLReached:
		return "Unsupported"
	case EOLEnding:
		return "Support ending soon"
	case EOLSupported:
		return "Supported"
	}
	return "Unknown"
}

// EvaluateOSSupport judges the operating system or firmware an asset
// records (os, as inventory or a person wrote it) against the catalog
// (which may be nil) as of asOf, with warnDays as the warning window.
func EvaluateOSSupport(os string, cat EOLCatalog, asOf Date, warnDays int) OSSupport {
	switch {
	case strings.TrimSpace(os) == "":
		return OSSupport{State: EOLUnknown, Reason: "no OS or firmware recorded to look up"}
	case cat == nil:
		return OSSupport{State: EOLUnknown, Reason: "no end-of-life catalog loaded"}
	}
	m, ok := cat.MatchOS(os, asOf, warnDays)
	switch {
	case !ok:
		return OSSupport{State: EOLUnknown, Reason: fmt.Sprintf("the OS %q is not in the catalog", os)}
	case m.EOL.IsZero():
		return OSSupport{State: EOLUnknown, Release: m.Release,
			Reason: fmt.Sprintf("the catalog knows %s but %s", orDefault(m.Release, os), orDefault(m.Why, "has no end-of-life date for it"))}
	}
	st, left := dateState(m.EOL, asOf, warnDays)
	s := OSSupport{State: st, Release: m.Release, Date: m.EOL, DaysLeft: left}
	verb := "reaches end of support"
	if st == EOLReached {
		verb = "reached end of support"
	}
	s.Reason = m.Release + " " + verb + " " + whenText(st, m.EOL, left)
	if st == EOLReached || st == EOLEnding {
		s.Next, s.Extended = m.Next, m.Extended
		if !s.Extended.IsZero() {
			s.Reason += "; extended (often paid) security support runs until " + s.Extended.String()
		}
		if s.Next != "" {
			s.Reason += "; next supported release: " + s.Next
		}
	}
	return s
}

// OSSupportAlert raises the OS-support alert of an asset whose operating
// system or firmware is out of support, or whose support ends within the
// warning window. Its severity rule is its own: an unsupported release gets
// no security fixes, so it is critical, unless extended (often paid)
// support still runs, which makes it a warning; support ending within the
// window is a warning. Unknown and supported raise nothing.
func OSSupportAlert(subject string, ref Ref, s OSSupport) (Alert, bool) {
	a := Alert{Kind: AlertOSSupport, Subject: subject, Date: s.Date, Ref: ref}
	var b strings.Builder
	switch s.State {
	case EOLReached:
		a.Severity = SeverityCritical
		b.WriteString("update or replace: ")
		b.WriteString(s.Release)
		b.WriteString(" unsupported since ")
		b.WriteString(s.Date.String())
		b.WriteString(" (" + daysAgo(-s.DaysLeft) + ")")
		if !s.Extended.IsZero() {
			a.Severity = SeverityWarning
			b.WriteString(", extended (often paid) security support until ")
			b.WriteString(s.Extended.String())
		}
	case EOLEnding:
		a.Severity = SeverityWarning
		b.WriteString("update soon: ")
		b.WriteString(s.Release)
		b.WriteString(" support ends on ")
		b.WriteString(s.Date.String())
		b.WriteString(", in " + days(s.DaysLeft))
	default:
		return Alert{}, false
	}
	if s.Next != "" {
		b.WriteString("; next supported release: ")
		b.WriteString(s.Next)
	}
	a.Reason = b.String()
	return a, true
}

// OSSupportAlerter raises the OS-support alerts of a whole fleet: a fleet
// of 100,000 assets runs a few hundred distinct OS strings, so each is
// judged and worded once, and an asset's alert shares its reason. Not safe
// for concurrent use.
type OSSupportAlerter struct {
	cat  EOLCatalog
	asOf Date
	warn int
	seen map[string]osAlert
}

type osAlert struct {
	a  Alert
	ok bool
}

// NewOSSupportAlerter makes an alerter for one pass as of asOf (cat may be nil).
func NewOSSupportAlerter(cat EOLCatalog, asOf Date, warnDays int) *OSSupportAlerter {
	return &OSSupportAlerter{cat: cat, asOf: asOf, warn: warnDays, seen: map[string]osAlert{}}
}

// Alert is OSSupportAlert(subject, ref, EvaluateOSSupport(os, ...)).
func (o *OSSupportAlerter) Alert(os, subject string, ref Ref) (Alert, bool) {
	if os == "" {
		return Alert{}, false
	}
	x, ok := o.seen[os]
	if !ok {
		x.a, x.ok = OSSupportAlert("", Ref{}, EvaluateOSSupport(os, o.cat, o.asOf, o.warn))
		o.seen[os] = x
	}
	if !x.ok {
		return Alert{}, false
	}
	a := x.a
	a.Subject, a.Ref = subject, ref
	return a, true
}

// daysAgo words how long ago a past day was: "today", "1 day ago", "12 days ago".
func daysAgo(n int) string {
	switch n {
	case 0:
		return "today"
	case 1:
		return "1 day ago"
	}
	return strconv.Itoa(n) + " days ago"
}
