package assets

import (
	"fmt"
	"strconv"
	"strings"
)

// EOLCatalog looks up published end-of-life dates for operating systems and
// devices (the bundled catalog in assets/eol, through an adapter in the
// store). The domain only needs these two questions answered. asOf and
// warnDays matter for strings that fit several releases: the catalog gives
// a date only when it holds for all of them on asOf.
type EOLCatalog interface {
	// MatchOS finds the release an OS string as inventory reports it belongs
	// to ("Windows 10 Pro 22H2", "Ubuntu 22.04.4 LTS"). ok is false when the
	// catalog does not know the product at all.
	MatchOS(os string, asOf Date, warnDays int) (m CatalogMatch, ok bool)
	// MatchDevice finds a device model's release ("Apple", "iPhone 11").
	MatchDevice(manufacturer, model string, asOf Date, warnDays int) (m CatalogMatch, ok bool)
}

// CatalogMatch is what the catalog knows about one release.
type CatalogMatch struct {
	Release string // as a person names it, e.g. "Windows 10 22H2"
	EOL     Date   // end of support; zero when the catalog has no date
	Why     string // when EOL is zero: why the state is unknown
	Source  string // credit, e.g. "endoflife.date"
	// For an OS release whose support has ended or ends within the
	// warning window (MatchOS only):
	Next     string // the next supported release, when the catalog knows it
	Extended Date   // end of extended (often paid) support still running; zero when none
}

// EOLState is an asset's end-of-life standing.
type EOLState string

const (
	EOLUnknown   EOLState = "unknown"
	EOLSupported EOLState = "supported"
	EOLEnding    EOLState = "ending" // within the warning window
	EOLReached   EOLState = "eol"
)

// Label is the state as a person reads it.
func (s EOLState) Label() string {
	switch s {
	case EOLSupported:
		return "Supported"
	case EOLEnding:
		return "Ending soon"
	case EOLReached:
		return "End of life"
	}
	return "Unknown"
}

// rank orders states from least to most urgent.
func (s EOLState) rank() int {
	switch s {
	case EOLSupported:
		return 1
	case EOLEnding:
		return 2
	case EOLReached:
		return 3
	}
	return 0
}

// EOL sources, as reasons name them.
const (
	EOLSourcePolicy = "refresh policy"
	EOLSourceDate   = "end-of-life date"
	EOLSourceOS     = "OS catalog" // judged apart (EvaluateOSSupport), never one of EvaluateEOL's sources
	EOLSourceDevice = "device catalog"
)

// EOLReason is what one source says.
type EOLReason struct {
	Source string   `json:"source"`
	State  EOLState `json:"state"`
	Date   Date     `json:"date"`
	Text   string   `json:"text"`
}

// EOLResult is an asset's end-of-life state: the most urgent of its sources,
// the date that matters, and every source's reason.
type EOLResult struct {
	State   EOLState    `json:"state"`
	Date    Date        `json:"date"`
	Reasons []EOLReason `json:"reasons"`
}

// Reason joins the reasons that decide the state, or explains unknown.
func (r EOLResult) Reason() string {
	if len(r.Reasons) == 1 && r.Reasons[0].State == r.State {
		return r.Reasons[0].Text // the common case, without a join
	}
	var parts []string
	for _, x := range r.Reasons {
		if x.State == r.State {
			parts = append(parts, x.Text)
		}
	}
	return strings.Join(parts, "; ")
}

// EOLInput is what EvaluateEOL needs about one asset.
type EOLInput struct {
	Category     string
	RefreshYears int // the category's policy; 0 = none
	PurchaseDate Date
	EOLDate      Date
	OS           string // not read by EvaluateEOL: the OS-support rule's input
	Manufacturer string
	Model        string
}

// EOLInputOf builds the input from an asset and its category's policy.
func EOLInputOf(a *Asset, refreshYears int) EOLInput {
	return EOLInput{Category: a.Category, RefreshYears: refreshYears, PurchaseDate: a.PurchaseDate,
		EOLDate: a.EOLDate, OS: a.OS, Manufacturer: a.Manufacturer, Model: a.Model}
}

func dateState(d, asOf Date, warnDays int) (EOLState, int) {
	left := asOf.DaysUntil(d)
	switch {
	case left <= 0:
		return EOLReached, left
	case left <= warnDays:
		return EOLEnding, left
	}
	return EOLSupported, left
}

// whenText says when an end-of-life date falls, relative to asOf.
func whenText(st EOLState, d Date, left int) string {
	return string(appendWhen(nil, st, d, left))
}

// appendWhen appends whenText's words without allocating: the EOL rule
// writes them for every asset near its end in a fleet of 100,000.
func appendWhen(b []byte, st EOLState, d Date, left int) []byte {
	b = d.appendTo(append(b, "on "...))
	switch st {
	case EOLReached:
		if left == 0 {
			return append(b, " (today)"...)
		}
		b = strconv.AppendInt(append(b, " ("...), int64(-left), 10)
		return append(b, " days ago)"...)
	case EOLEnding:
		return appendDays(append(b, ", in "...), left)
	}
	return b
}

// appendDays appends days(n).
func appendDays(b []byte, n int) []byte {
	switch n {
	case 0:
		return append(b, "0 days (today)"...)
	case 1:
		return append(b, "1 day"...)
	}
	return append(strconv.AppendInt(b, int64(n), 10), " days"...)
}

// EvaluateEOL combines the three sources of the hardware's end of life for
// one asset as of asOf: the category's refresh policy (age from purchase),
// the end-of-life date set on the asset or its model, and the device
// catalog (its model). Every source that says something gives a reason;
// the most urgent decides. cat may be nil (no catalog). An asset reaches
// end of life on the day the date falls, so a date equal to asOf is "eol".
// Its operating system or firmware is judged apart (EvaluateOSSupport): an
// update, not a replacement, brings it back into support.
func EvaluateEOL(in EOLInput, cat EOLCatalog, asOf Date, warnDays int) EOLResult {
	return evaluateEOL(in, cat, asOf, warnDays, true)
}

// EvaluateEOLBrief is EvaluateEOL keeping only the reasons that decide the
// state (what an alert says): the alert rule runs it for every asset near
// its end in a large fleet and need not word the rest.
func EvaluateEOLBrief(in EOLInput, cat EOLCatalog, asOf Date, warnDays int) EOLResult {
	return evaluateEOL(in, cat, asOf, warnDays, false)
}

// EOLTextMemo is an optional extra a catalog may offer: a place to keep
// the reason text of a catalog release, which is the same words for every
// asset running it (thousands in a large fleet). build makes the text on
// a miss.
type EOLTextMemo interface {
	EOLText(key EOLTextKey, build func() string) string
}

// EOLTextKey is everything a catalog reason's wording depends on.
type EOLTextKey struct {
	Source  string
	Release string
	EOL     Date
	State   EOLState
	Left    int
}

func catalogText(cat EOLCatalog, src string, m CatalogMatch, st EOLState, left int, build func() string) string {
	if tm, ok := cat.(EOLTextMemo); ok {
		return tm.EOLText(EOLTextKey{src, m.Release, m.EOL, st, left}, build)
	}
	return build()
}

type pendingReason struct {
	EOLReason
	left int
	text func(st EOLState, left int) string
}

func evaluateEOL(in EOLInput, cat EOLCatalog, asOf Date, warnDays int, all bool) EOLResult {
	var r EOLResult
	var unknown []string
	var pending [4]pendingReason
	n := 0
	add := func(src string, d Date, text func(st EOLState, left int) string) {
		st, left := dateState(d, asOf, warnDays)
		pending[n] = pendingReason{EOLReason{Source: src, State: st, Date: d}, left, text}
		n++
	}
	switch {
	case in.RefreshYears > 0 && !in.PurchaseDate.IsZero():
		due := in.PurchaseDate.AddYears(in.RefreshYears)
		// Key fact first, so a truncated line still says it:
		// "4-year laptop refresh: bought 2020-01-15, replace on 2024-01-15 (781 days ago)".
		add(EOLSourcePolicy, due, func(st EOLState, left int) string {
			return strconv.Itoa(in.RefreshYears) + "-year " + orDefault(in.Category, "category") + " refresh: bought " +
				in.PurchaseDate.String() + ", replace " + whenText(st, due, left)
		})
	case in.RefreshYears > 0:
		unknown = append(unknown, "no purchase date, so the refresh policy cannot apply")
	default:
		unknown = append(unknown, fmt.Sprintf("the %s category has no refresh policy", orDefault(in.Category, "asset's")))
	}
	if !in.EOLDate.IsZero() {
		add(EOLSourceDate, in.EOLDate, func(st EOLState, left int) string {
			return "end-of-life date set on the asset: " + strings.TrimPrefix(whenText(st, in.EOLDate, left), "on ")
		})
	}
	if cat != nil && strings.TrimSpace(in.Model) != "" {
		if m, ok := cat.MatchDevice(in.Manufacturer, in.Model, asOf, warnDays); ok && !m.EOL.IsZero() {
			add(EOLSourceDevice, m.EOL, func(st EOLState, left int) string {
				return catalogText(cat, EOLSourceDevice, m, st, left, func() string {
					verb := "reaches end of support"
					if st == EOLReached {
						verb = "reached end of support"
					}
					return "the " + m.Release + " " + verb + " " + whenText(st, m.EOL, left)
				})
			})
		} else if ok && m.Why != "" {
			unknown = append(unknown, fmt.Sprintf("the catalog knows %s but %s", m.Release, m.Why))
		}
	}
	r.State = EOLUnknown
	for _, x := range pending[:n] {
		if x.State.rank() > r.State.rank() || x.State == r.State && x.Date.Before(r.Date) {
			r.State, r.Date = x.State, x.Date
		}
	}
	// Word the reasons only now, and only those wanted.
	for _, x := range pending[:n] {
		if all || x.State == r.State {
			x.Text = x.text(x.State, x.left)
			r.Reasons = append(r.Reasons, x.EOLReason)
		}
	}
	if n == 0 {
		if strings.TrimSpace(in.Model) == "" {
			unknown = append(unknown, "no model recorded to look up")
		} else if cat == nil {
			unknown = append(unknown, "no end-of-life catalog loaded")
		}
		r.Reasons = []EOLReason{{Source: "", State: EOLUnknown, Text: "unknown: " + strings.Join(unknown, "; ")}}
	}
	return r
}

// EOLEarliest is the earliest end-of-life date any source gives for in
// (false when no source gives one), without building reasons: alert
// rules use it to skip the many assets that are nowhere near their end.
func EOLEarliest(in EOLInput, cat EOLCatalog, asOf Date, warnDays int) (Date, bool) {
	var best Date
	found := false
	consider := func(d Date) {
		if !d.IsZero() && (!found || d.Before(best)) {
			best, found = d, true
		}
	}
	if in.RefreshYears > 0 && !in.PurchaseDate.IsZero() {
		consider(in.PurchaseDate.AddYears(in.RefreshYears))
	}
	consider(in.EOLDate)
	if cat != nil && strings.TrimSpace(in.Model) != "" {
		if m, ok := cat.MatchDevice(in.Manufacturer, in.Model, asOf, warnDays); ok {
			consider(m.EOL)
		}
	}
	return best, found
}
