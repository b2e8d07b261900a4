package assets

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// LicenceType says what one seat of a licence counts.
type LicenceType string

const (
	LicencePerSeat      LicenceType = "per_seat"     // one seat per named person
	LicencePerDevice    LicenceType = "per_device"   // one seat per installation
	LicenceSite         LicenceType = "site"         // unlimited within the organisation
	LicenceSubscription LicenceType = "subscription" // seats paid per period, renews
	LicenceOEM          LicenceType = "oem"          // tied to the device it came with
	LicenceConcurrent   LicenceType = "concurrent"   // seats in use at the same time
)

// LicenceTypes lists every type in the order forms show them.
var LicenceTypes = []LicenceType{LicencePerSeat, LicencePerDevice, LicenceSite, LicenceSubscription, LicenceOEM, LicenceConcurrent}

var licenceTypeLabels = map[LicenceType]string{
	LicencePerSeat: "Per seat", LicencePerDevice: "Per device", LicenceSite: "Site",
	LicenceSubscription: "Subscription", LicenceOEM: "OEM", LicenceConcurrent: "Concurrent",
}

// Label is the type as a person reads it.
func (t LicenceType) Label() string {
	if l, ok := licenceTypeLabels[t]; ok {
		return l
	}
	return string(t)
}

// ParseLicenceType accepts a code or label in any case ("per seat",
// "Per-Device", "OEM"). Empty means per seat.
func ParseLicenceType(s string) (LicenceType, error) {
	norm := normCode(s)
	if norm == "" {
		return LicencePerSeat, nil
	}
	for _, t := range LicenceTypes {
		if string(t) == norm {
			return t, nil
		}
	}
	return "", fmt.Errorf("%q is not a licence type: use per seat, per device, site, subscription, oem or concurrent", s)
}

// SoftwarePattern names the installed-software entries a licence covers.
// Name is matched case-insensitively with * and ? wildcards ("Microsoft
// Office*"); Publisher, when set, must match the same way.
type SoftwarePattern struct {
	Name      string `json:"name"`
	Publisher string `json:"publisher,omitempty"`
}

// Matches reports whether an installed entry falls under the pattern.
func (p SoftwarePattern) Matches(s InstalledSoftware) bool {
	if !globMatch(p.Name, s.Name) {
		return false
	}
	return p.Publisher == "" || globMatch(p.Publisher, s.Publisher)
}

// String is "name" or "name (publisher)".
func (p SoftwarePattern) String() string {
	if p.Publisher == "" {
		return p.Name
	}
	return p.Name + " (" + p.Publisher + ")"
}

// globMatch matches pattern against s ignoring case, with * and ? as the
// only wildcards (names such as "Office [x64]" are compared literally).
func globMatch(pattern, s string) bool {
	pattern, s = strings.ToLower(strings.TrimSpace(pattern)), strings.ToLower(strings.TrimSpace(s))
	if !strings.ContainsAny(pattern, "*?") {
		return pattern == s
	}
	ok, err := path.Match(globPattern(pattern), strings.ReplaceAll(s, "/", "\x00"))
	return err == nil && ok
}

// globPattern escapes brackets and backslashes (literal in names) and hides
// "/" (not special in names) for path.Match.
func globPattern(p string) string { return globEscaper.Replace(p) }

// One for all calls: a Replacer builds its tables on first use, and
// compliance matches thousands of patterns per pass.
var globEscaper = strings.NewReplacer(`[`, `\[`, `]`, `\]`, `\`, `\\`, "/", "\x00")

// InstalledSoftware is one program found on one asset (by inventory).
type InstalledSoftware struct {
	AssetID   int64  `json:"asset_id"`
	AssetTag  string `json:"asset_tag,omitempty"`
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"`
	Publisher string `json:"publisher,omitempty"`
}

// Licence is a right to use software, bought from a vendor.
type Licence struct {
	ID          int64             `json:"id"`
	Product     string            `json:"product"`
	Vendor      string            `json:"vendor,omitempty"`
	Edition     string            `json:"edition,omitempty"`
	Key         string            `json:"-"` // secret: shown masked, exported only on request, never logged
	Type        LicenceType       `json:"type"`
	Seats       int               `json:"seats"` // ignored for site licences
	Cost        Money             `json:"cost"`
	Purchase    Date              `json:"purchase_date"`
	Renewal     Date              `json:"renewal_date"`
	Expiry      Date              `json:"expiry_date"`
	Supplier    string            `json:"supplier,omitempty"`
	ContractRef string            `json:"contract_ref,omitempty"`
	Notes       string            `json:"notes,omitempty"`
	Covers      []SoftwarePattern `json:"covers,omitempty"`
	// NoRenew marks a licence that will not be paid again at its end (the
	// budget renews every other licence with a cost and an end date).
	NoRenew bool `json:"no_renew,omitempty"`
	// TermMonths is how long one renewal runs; 0 lets the budget decide
	// (12 months for a subscription, else purchase to end).
	TermMonths int       `json:"term_months,omitempty"`
	Created    time.Time `json:"created"`
	Updated    time.Time `json:"updated"`
	Version    int64     `json:"-"` // the stored row's version when read: an update of another version is refused (ConflictError)
}

// Title is "Product Edition (Vendor)" for lists and alerts.
func (l *Licence) Title() string {
	t := l.Product
	if l.Edition != "" {
		t += " " + l.Edition
	}
	if l.Vendor != "" {
		t += " (" + l.Vendor + ")"
	}
	return t
}

// Normalize trims text and fills defaults before Validate and every save.
func (l *Licence) Normalize() {
	for _, p := range []*string{&l.Product, &l.Vendor, &l.Edition, &l.Key, &l.Supplier, &l.ContractRef} {
		*p = strings.TrimSpace(*p)
	}
	l.Notes = normLines(l.Notes)
	if l.Type == "" {
		l.Type = LicencePerSeat
	}
	l.Cost.Currency = strings.ToUpper(strings.TrimSpace(l.Cost.Currency))
	var covers []SoftwarePattern
	for _, c := range l.Covers {
		c.Name, c.Publisher = strings.TrimSpace(c.Name), strings.TrimSpace(c.Publisher)
		if c.Name != "" {
			covers = append(covers, c)
		}
	}
	l.Covers = covers
}

// Validate returns every problem with l, each naming the field to fix.
func (l *Licence) Validate() error {
	var errs ValidationErrors
	if l.Product == "" {
		errs = append(errs, Invalidf("product", "name the product, for example \"Microsoft 365 Business\""))
	}
	if utf8.RuneCountInString(l.Product) > 200 {
		errs = append(errs, Invalidf("product", "keep the product name under 200 characters"))
	}
	if _, err := ParseLicenceType(string(l.Type)); err != nil {
		errs = append(errs, Invalidf("type", "%v", err))
	}
	if l.Seats < 0 {
		errs = append(errs, Invalidf("seats", "seats cannot be negative"))
	}
	if l.Type != LicenceSite && l.Seats == 0 {
		errs = append(errs, Invalidf("seats", "say how many seats were bought (only a site licence has no count)"))
	}
	if l.Seats > 10_000_000 {
		errs = append(errs, Invalidf("seats", "at most 10,000,000 seats"))
	}
	errs = append(errs, moneyErrors(l.Cost)...)
	if l.TermMonths < 0 || l.TermMonths > 120 {
		errs = append(errs, Invalidf("term_months", "give a renewal term between 1 and 120 months, or 0 for the default"))
	}
	if !l.Expiry.IsZero() && !l.Purchase.IsZero() && l.Expiry.Before(l.Purchase) {
		errs = append(errs, Invalidf("expiry_date", "the expiry %s is before the purchase %s", l.Expiry, l.Purchase))
	}
	for _, c := range l.Covers {
		if _, err := path.Match(globPattern(strings.ToLower(c.Name)), ""); err != nil || len(c.Name) > 200 {
			errs = append(errs, Invalidf("covers", "%q is not a usable name pattern: use text with * for any characters", c.Name))
		}
		errs = checkText(errs, false, textField{"covers", c.Name}, textField{"covers", c.Publisher})
	}
	errs = checkText(errs, false, textField{"product", l.Product}, textField{"vendor", l.Vendor}, textField{"edition", l.Edition},
		textField{"key", l.Key}, textField{"supplier", l.Supplier}, textField{"contract_ref", l.ContractRef})
	errs = checkText(errs, true, textField{"notes", l.Notes})
	return errs.Err()
}

func moneyErrors(m Money) []error {
	var errs []error
	if m.Minor < 0 {
		errs = append(errs, Invalidf("cost", "a cost cannot be negative"))
	} else if !m.InBound() {
		errs = append(errs, Invalidf("cost", "a cost is at most %s", maxAmountText))
	}
	if m.Minor != 0 && m.Currency == "" {
		errs = append(errs, Invalidf("currency", "say which currency the cost is in, for example EUR"))
	}
	if m.Currency != "" && !validCurrency(m.Currency) {
		errs = append(errs, Invalidf("currency", "use a three-letter code such as EUR, USD or GBP"))
	}
	return errs
}

// EndDate is when the right to use ends: the expiry date, or for a
// subscription without one, its renewal date. Zero means perpetual.
func (l *Licence) EndDate() Date {
	if !l.Expiry.IsZero() {
		return l.Expiry
	}
	if l.Type == LicenceSubscription {
		return l.Renewal
	}
	return Date{}
}

// MaskKey shows a licence key as bullets and its last four characters, so a
// screen or a log never carries the whole secret.
func MaskKey(key string) string {
	key = strings.TrimSpace(key)
	if key == "" {
		return ""
	}
	r := []rune(key)
	if len(r) <= 4 {
		return strings.Repeat("•", len(r))
	}
	return strings.Repeat("•", 8) + string(r[len(r)-4:])
}

// SeatAssignment gives one seat of a licence to a person or an asset.
type SeatAssignment struct {
	ID        int64  `json:"id"`
	LicenceID int64  `json:"licence_id"`
	PersonID  int64  `json:"person_id,omitempty"`
	AssetID   int64  `json:"asset_id,omitempty"`
	Label     string `json:"label"` // the person's name and e-mail, or the asset's tag and name
	Assigned  Date   `json:"assigned"`
	Note      string `json:"note,omitempty"`
}

// TermState says where a licence is in its term.
type TermState string

const (
	TermPerpetual TermState = "perpetual" // no end date
	TermActive    TermState = "active"
	TermExpiring  TermState = "expiring" // ends within the warning window
	TermExpired   TermState = "expired"
)

// Compliance is how a licence's use compares with what was bought.
type Compliance struct {
	Bought    int  `json:"bought"`
	Unlimited bool `json:"unlimited"` // site licence: no seat count
	Assigned  int  `json:"assigned"`
	Installed int  `json:"installed"` // assets where covered software was found
	// InUse is what counts against the seats: the larger of assigned and
	// installed, because software installed without an assignment still
	// needs a seat, and a seat given out is spent whether used or not.
	InUse     int       `json:"in_use"`
	Shortfall int       `json:"shortfall"` // seats to buy to be compliant
	Unused    int       `json:"unused"`    // seats bought and not in use
	Term      TermState `json:"term"`
	End       Date      `json:"end"`
	DaysLeft  int       `json:"days_left"` // days from asOf to End (negative when past)
	Reasons   []string  `json:"reasons"`
}

// Compliant is true when no seat is missing and the licence is in term.
func (c Compliance) Compliant() bool { return c.Shortfall == 0 && c.Term != TermExpired }

// ComputeCompliance compares a licence's seats with its assignments and
// installations as of asOf; warnDays is the "expiring" window.
func ComputeCompliance(l *Licence, assigned, installed int, asOf Date, warnDays int) Compliance {
	c := Compliance{Bought: l.Seats, Unlimited: l.Type == LicenceSite, Assigned: assigned, Installed: installed}
	c.InUse = max(assigned, installed)
	if !c.Unlimited {
		if c.InUse > l.Seats {
			c.Shortfall = c.InUse - l.Seats
			what := fmt.Sprintf("%d assigned", assigned)
			if installed > assigned {
				what = fmt.Sprintf("%d installed", installed)
			}
			c.Reasons = append(c.Reasons, fmt.Sprintf("%s but only %d %s bought: %d short", what, l.Seats, Plural(l.Seats, "seat", "seats"), c.Shortfall))
		} else {
			c.Unused = l.Seats - c.InUse
		}
	}
	c.End = l.EndDate()
	c.Term = TermPerpetual
	if !c.End.IsZero() {
		c.DaysLeft = asOf.DaysUntil(c.End)
		switch {
		case c.DaysLeft < 0:
			c.Term = TermExpired
			c.Reasons = append(c.Reasons, fmt.Sprintf("expired on %s (%s ago)", c.End, CountOf(-c.DaysLeft, "day", "days")))
		case c.DaysLeft <= warnDays:
			c.Term = TermExpiring
			c.Reasons = append(c.Reasons, fmt.Sprintf("expires on %s, in %s", c.End, days(c.DaysLeft)))
		default:
			c.Term = TermActive
		}
	}
	return c
}

func days(n int) string {
	switch n {
	case 0:
		return "0 days (today)"
	case 1:
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// CountInstalled counts the distinct assets whose software matches any of
// the patterns.
func CountInstalled(patterns []SoftwarePattern, installed []InstalledSoftware) int {
	seen := map[int64]bool{}
	for _, s := range installed {
		if seen[s.AssetID] {
			continue
		}
		for _, p := range patterns {
			if p.Matches(s) {
				seen[s.AssetID] = true
				break
			}
		}
	}
	return len(seen)
}
