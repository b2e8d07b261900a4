package assets

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ScopeKind says who a mandatory course applies to.
type ScopeKind string

const (
	ScopeAll        ScopeKind = "all"        // everyone still working here
	ScopeDepartment ScopeKind = "department" // everyone in a department
	ScopeCategory   ScopeKind = "category"   // everyone holding an asset of a category
)

// Scope is one rule that makes a course mandatory for someone. A course is
// mandatory for a person when any of its scopes matches them.
type Scope struct {
	Kind  ScopeKind `json:"kind"`
	Value string    `json:"value,omitempty"` // department name or category code; "" for all
}

// String is the scope as written in a CSV cell: "all", the department name,
// or the category code. Prefixes are added only where needed (see FormatScopes).
func (s Scope) String() string {
	switch s.Kind {
	case ScopeAll:
		return "all"
	case ScopeCategory:
		return "category:" + s.Value
	}
	return "department:" + s.Value
}

// Describe is the scope in words ("everyone with a laptop").
func (s Scope) Describe() string {
	switch s.Kind {
	case ScopeAll:
		return "everyone"
	case ScopeCategory:
		return "everyone holding a " + s.Value
	}
	return "the " + s.Value + " department"
}

// Course is a piece of training people take, once or on a renewal cycle.
type Course struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	Provider      string    `json:"provider,omitempty"`
	Description   string    `json:"description,omitempty"`
	RenewalMonths int       `json:"renewal_months"` // 0 = done once, never expires
	Mandatory     []Scope   `json:"mandatory,omitempty"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
	Version       int64     `json:"-"` // the stored row's version when read: an update of another version is refused (ConflictError)
}

// MaxRenewalMonths bounds the renewal period (ten years).
const MaxRenewalMonths = 120

// Normalize trims fields, lower-cases category codes and sorts and dedupes
// the scopes, so two equal courses compare equal.
func (c *Course) Normalize() {
	c.Name = strings.TrimSpace(c.Name)
	c.Provider = strings.TrimSpace(c.Provider)
	c.Description = normLines(c.Description)
	c.Mandatory = NormalizeScopes(c.Mandatory)
}

// NormalizeScopes trims, dedupes (departments in any case) and sorts scopes;
// "all" makes every other scope redundant.
func NormalizeScopes(in []Scope) []Scope {
	seen := map[string]bool{}
	var out []Scope
	for _, s := range in {
		s.Value = strings.TrimSpace(s.Value)
		switch s.Kind {
		case ScopeAll:
			return []Scope{{Kind: ScopeAll}}
		case ScopeCategory:
			s.Value = NormalizeCategory(s.Value)
		}
		key := string(s.Kind) + "\x00" + strings.ToLower(s.Value)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind > out[j].Kind // departments before categories
		}
		return strings.ToLower(out[i].Value) < strings.ToLower(out[j].Value)
	})
	return out
}

// Validate returns every problem with c.
func (c *Course) Validate() error {
	var errs ValidationErrors
	if c.Name == "" {
		errs = append(errs, Invalidf("name", "give the course a name, for example \"Security awareness\""))
	} else if utf8.RuneCountInString(c.Name) > 200 {
		errs = append(errs, Invalidf("name", "keep the name under 200 characters"))
	}
	if c.RenewalMonths < 0 || c.RenewalMonths > MaxRenewalMonths {
		errs = append(errs, Invalidf("renewal_months", "give a renewal period between 0 (done once) and %d months", MaxRenewalMonths))
	}
	for _, s := range c.Mandatory {
		switch s.Kind {
		case ScopeAll:
		case ScopeDepartment:
			if s.Value == "" {
				errs = append(errs, Invalidf("mandatory", "a department scope needs a department name"))
			}
			errs = checkText(errs, false, textField{"mandatory", s.Value})
		case ScopeCategory:
			if !validCategoryName(s.Value) {
				errs = append(errs, Invalidf("mandatory", "%q is not a category code", s.Value))
			}
		default:
			errs = append(errs, Invalidf("mandatory", "unknown scope %q: use all, a department or a category", s.Kind))
		}
	}
	errs = checkText(errs, false, textField{"name", c.Name}, textField{"provider", c.Provider})
	errs = checkText(errs, true, textField{"description", c.Description})
	return errs.Err()
}

// ExpiryFor is when a completion on completed runs out: completed plus the
// renewal period, clamped to the end of a shorter month. A course done once
// never expires (the zero Date).
func (c Course) ExpiryFor(completed Date) Date {
	if c.RenewalMonths == 0 || completed.IsZero() {
		return Date{}
	}
	return completed.AddMonths(c.RenewalMonths)
}

// Renewal is the renewal period in words ("every 12 months", "once").
func (c Course) Renewal() string {
	if c.RenewalMonths == 0 {
		return "once"
	}
	return Every(c.RenewalMonths, "month", "months")
}

// IsMandatory reports whether c has any mandatory scope.
func (c Course) IsMandatory() bool { return len(c.Mandatory) > 0 }

// Holder is what the mandatory rules need to know about a person.
type Holder struct {
	Department string
	Categories map[string]bool // categories of the assets they hold (HoldingStatuses)
	Leaver     bool            // left (or past the leave date): no longer required to train
}

// MandatoryFor reports whether c is mandatory for h, and the scope that makes
// it so (the first that matches).
func (c Course) MandatoryFor(h Holder) (bool, Scope) {
	if h.Leaver {
		return false, Scope{}
	}
	for _, s := range c.Mandatory {
		switch s.Kind {
		case ScopeAll:
			return true, s
		case ScopeDepartment:
			if h.Department != "" && strings.EqualFold(s.Value, h.Department) {
				return true, s
			}
		case ScopeCategory:
			if h.Categories[s.Value] {
				return true, s
			}
		}
	}
	return false, Scope{}
}

// TrainingRecord is one completion of a course by a person.
type TrainingRecord struct {
	ID          int64     `json:"id"`
	PersonID    int64     `json:"person_id"`
	CourseID    int64     `json:"course_id"`
	PersonName  string    `json:"person_name,omitempty"`
	PersonEmail string    `json:"person_email,omitempty"`
	CourseName  string    `json:"course_name,omitempty"`
	CompletedOn Date      `json:"completed_on"`
	ExpiresOn   Date      `json:"expires_on"`         // computed from the course unless overridden
	Override    bool      `json:"expires_overridden"` // ExpiresOn was set by hand
	Score       *float64  `json:"score,omitempty"`    // percent, 0-100; nil when none was given
	Certificate string    `json:"certificate,omitempty"`
	Note        string    `json:"note,omitempty"`
	Created     time.Time `json:"created"`
}

// SetExpiry fixes r's expiry: the course's computed date, unless override
// is set (non-zero) and differs from it. A given expiry equal to the computed
// one is not an override, so exports re-import unchanged.
func (r *TrainingRecord) SetExpiry(c Course, override Date) {
	computed := c.ExpiryFor(r.CompletedOn)
	r.ExpiresOn, r.Override = computed, false
	if !override.IsZero() && override != computed {
		r.ExpiresOn, r.Override = override, true
	}
}

// Normalize trims the free-text fields.
func (r *TrainingRecord) Normalize() {
	r.Certificate = strings.TrimSpace(r.Certificate)
	r.Note = normLines(r.Note)
}

// Validate returns every problem with r. asOf refuses completions in the future.
func (r *TrainingRecord) Validate(asOf Date) error {
	var errs ValidationErrors
	if r.PersonID == 0 {
		errs = append(errs, Invalidf("email", "say who completed the course"))
	}
	if r.CourseID == 0 {
		errs = append(errs, Invalidf("course", "say which course was completed"))
	}
	switch {
	case r.CompletedOn.IsZero():
		errs = append(errs, Invalidf("completed_on", "give the date the course was completed"))
	case r.CompletedOn.Year < 1970:
		errs = append(errs, Invalidf("completed_on", "the completion date %s is before 1970", r.CompletedOn))
	case !asOf.IsZero() && r.CompletedOn.After(asOf):
		errs = append(errs, Invalidf("completed_on", "the completion date %s is in the future (today is %s)", r.CompletedOn, asOf))
	}
	if !r.ExpiresOn.IsZero() && r.ExpiresOn.Before(r.CompletedOn) {
		errs = append(errs, Invalidf("expires_on", "the expiry %s is before the completion date %s", r.ExpiresOn, r.CompletedOn))
	}
	if r.Score != nil && (*r.Score < 0 || *r.Score > 100) {
		errs = append(errs, Invalidf("score", "a score is a percentage from 0 to 100, not %s", FormatScore(r.Score)))
	}
	if utf8.RuneCountInString(r.Certificate) > 200 {
		errs = append(errs, Invalidf("certificate", "keep the certificate reference under 200 characters"))
	}
	errs = checkText(errs, false, textField{"certificate", r.Certificate})
	errs = checkText(errs, true, textField{"note", r.Note})
	return errs.Err()
}

// ParseScore reads a score as LMS exports write it: "85", "85.5", "85%",
// "85,5" or empty (no score). Anything else is an error, never a guess.
func ParseScore(s string) (*float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	t := strings.TrimSpace(strings.TrimSuffix(s, "%"))
	if strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, fmt.Errorf("%q is not a score: give a percentage such as 85 or 85%%, or leave it empty", s)
	}
	return &v, nil
}

// FormatScore writes a score without needless decimals ("85", "92.5"), "" for none.
func FormatScore(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// ParseLMSDate reads a date the way learning systems export them: a plain
// ISO date, an ISO date and time ("2024-05-01T10:00:00Z", "2024-05-01
// 10:00:00", with or without a zone or fraction), or YYYY/MM/DD. The date is
// the calendar day written in the cell, whatever its zone. Day-first and
// month-first forms (01/05/2024) are refused: they cannot be told apart.
func ParseLMSDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	if d, err := ParseDate(s); err == nil {
		return d, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04",
		"2006-01-02 15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700", "2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04:05.999999999", "2006/01/02", "2006/01/02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return DateOf(t), nil
		}
	}
	return Date{}, fmt.Errorf("%q is not a date: use YYYY-MM-DD (a time after it, as in 2024-05-01T10:00:00Z, is fine)", s)
}

// TrainingState is where a person stands with one course.
type TrainingState int

const (
	TrainingNotRequired TrainingState = iota // optional and never done, or done and still valid
	TrainingValid                            // done and valid beyond the warning window
	TrainingDueSoon                          // done, expires within the warning window
	TrainingOverdue                          // mandatory and expired
	TrainingMissing                          // mandatory and never done
	TrainingLapsed                           // optional and expired: shown, not flagged
)

func (s TrainingState) String() string {
	switch s {
	case TrainingValid:
		return "valid"
	case TrainingDueSoon:
		return "due soon"
	case TrainingOverdue:
		return "overdue"
	case TrainingMissing:
		return "never done"
	case TrainingLapsed:
		return "expired"
	}
	return "not required"
}

// Flagged reports whether the state is overdue in the compliance sense:
// expired, or never done, while mandatory.
func (s TrainingState) Flagged() bool { return s == TrainingOverdue || s == TrainingMissing }

// StateOf decides a person's state for one course as of asOf. completed is
// their latest completion (zero when never done) and expires its expiry
// (zero when it never expires). A completion is valid through its expiry
// day; it is due soon when it expires within warnDays of asOf.
func StateOf(required bool, completed, expires, asOf Date, warnDays int) TrainingState {
	return NewTrainingClock(asOf, warnDays).State(required, completed, expires)
}

// TrainingClock applies StateOf's rules to many records at one date without
// redoing the date arithmetic (compliance over 200,000 records).
type TrainingClock struct {
	AsOf Date
	Soon Date // last day of the warning window
}

// NewTrainingClock fixes the date and the warning window in days.
func NewTrainingClock(asOf Date, warnDays int) TrainingClock {
	return TrainingClock{AsOf: asOf, Soon: asOf.AddDays(warnDays)}
}

// State is StateOf at the clock's date.
func (k TrainingClock) State(required bool, completed, expires Date) TrainingState {
	asOf := k.AsOf
	if completed.IsZero() {
		if required {
			return TrainingMissing
		}
		return TrainingNotRequired
	}
	switch {
	case expires.IsZero():
		return TrainingValid
	case asOf.After(expires):
		if required {
			return TrainingOverdue
		}
		return TrainingLapsed
	case required && !expires.After(k.Soon):
		return TrainingDueSoon
	}
	return TrainingValid
}

// IsLeaver reports whether p has left as of asOf: marked left, or their
// leave date has passed (the rule Leaving).
func IsLeaver(p Person, asOf Date) bool { return Leaving.Has(p, asOf) }

// LeaverRisk says why a leaver who still holds things is a security risk, or
// "" when they are not a leaver or hold nothing.
func LeaverRisk(p Person, asOf Date, assetsHeld, seatsHeld int) string {
	if !IsLeaver(p, asOf) || assetsHeld+seatsHeld == 0 {
		return ""
	}
	when := "has left"
	if !p.LeaveDate.IsZero() {
		when = "left on " + p.LeaveDate.String()
	}
	var held []string
	if assetsHeld > 0 {
		held = append(held, countNoun(assetsHeld, "asset", "assets"))
	}
	if seatsHeld > 0 {
		held = append(held, countNoun(seatsHeld, "licence seat", "licence seats"))
	}
	return when + " but still holds " + strings.Join(held, " and ")
}

func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// ComplianceCell is one department and course of the compliance matrix.
type ComplianceCell struct {
	Required  int // people for whom the course is mandatory
	Compliant int // of those, done and not expired (due soon counts as compliant)
	DueSoon   int
	Overdue   int // expired
	Missing   int // never done
}

// Percent is the share of required people who are compliant, 100 when
// nobody is required.
func (c ComplianceCell) Percent() float64 {
	if c.Required == 0 {
		return 100
	}
	return 100 * float64(c.Compliant) / float64(c.Required)
}

// Add counts one required person in state st.
func (c *ComplianceCell) Add(st TrainingState) {
	switch st {
	case TrainingValid, TrainingDueSoon:
		c.Required++
		c.Compliant++
		if st == TrainingDueSoon {
			c.DueSoon++
		}
	case TrainingOverdue:
		c.Required++
		c.Overdue++
	case TrainingMissing:
		c.Required++
		c.Missing++
	}
}

// TrainingMatrix is the training compliance matrix: departments by courses.
type TrainingMatrix struct {
	AsOf        Date
	Departments []string // sorted; "" (no department) shown last as "(none)"
	Courses     []Course // mandatory courses only, by name
	Cells       [][]ComplianceCell
	Totals      []ComplianceCell // per course, all departments
}

// Cell is the cell for department index d and course index c.
func (m *TrainingMatrix) Cell(d, c int) ComplianceCell { return m.Cells[d][c] }
