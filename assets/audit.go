package assets

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// A stocktake (audit) checks what is physically at one or more locations
// against the register: each scanned label is classified at once, and the
// finished audit lists what was found, missing, moved and unknown.

// ScanResult is what one scan of a label means for the audit.
type ScanResult string

const (
	ScanFound     ScanResult = "found"     // registered at the location it was scanned in
	ScanMoved     ScanResult = "moved"     // in the register, but registered at another location
	ScanUnknown   ScanResult = "unknown"   // no asset has this tag
	ScanDuplicate ScanResult = "duplicate" // this tag was already scanned in this audit
)

// Label is the result as the screen and reports say it.
func (r ScanResult) Label() string {
	switch r {
	case ScanFound:
		return "Found here"
	case ScanMoved:
		return "Found, registered elsewhere"
	case ScanUnknown:
		return "Unknown tag"
	case ScanDuplicate:
		return "Already scanned"
	}
	return string(r)
}

// AuditScan is one scanned code, as recorded.
type AuditScan struct {
	ID         int64      `json:"id"`
	At         time.Time  `json:"at"`
	Code       string     `json:"code"`     // as the scanner typed it
	Tag        string     `json:"tag"`      // the tag read from the code
	Location   string     `json:"location"` // where it was scanned
	Result     ScanResult `json:"result"`
	AssetID    int64      `json:"asset_id,omitempty"`
	AssetName  string     `json:"asset_name,omitempty"`
	Registered string     `json:"registered,omitempty"` // the asset's location in the register when scanned
}

// Audit is one stocktake of some locations.
type Audit struct {
	ID        int64     `json:"id"`
	Locations []string  `json:"locations"`
	Auditor   string    `json:"auditor"`
	Started   time.Time `json:"started"`
	Finished  time.Time `json:"finished"` // zero while scanning goes on
	Applied   time.Time `json:"applied"`  // when the moves were written to the register; zero if not
}

// Open says whether scans can still be added.
func (a Audit) Open() bool { return a.Finished.IsZero() }

// Covers says whether location is one of the audit's (case and surrounding
// spaces aside, as people type location names).
func (a Audit) Covers(location string) bool { return containsLocation(a.Locations, location) }

func containsLocation(list []string, loc string) bool {
	for _, l := range list {
		if SameLocation(l, loc) {
			return true
		}
	}
	return false
}

// SameLocation compares location names as people type them: case and
// surrounding spaces do not count.
func SameLocation(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// ScanTag reads the asset tag out of what a scanner typed: a bare tag (a
// USB scanner reading a barcode or Steward's QR label, or a person typing),
// with the control characters and spaces scanners add around it removed;
// or a link that ends in the tag (a label printed with a URL, a
// "steward:asset/TAG" code). It returns "" when nothing tag-like is left.
func ScanTag(code string) string {
	s := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, code)
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ":"); i > 0 && !validTag(s) {
		// A link: the tag is its last path element or its tag= parameter.
		if u, err := url.Parse(s); err == nil {
			if t := u.Query().Get("tag"); t != "" {
				return strings.TrimSpace(t)
			}
			p := u.Path
			if p == "" {
				p = u.Opaque
			}
			p = strings.TrimRight(p, "/")
			if j := strings.LastIndexAny(p, "/:"); j >= 0 {
				p = p[j+1:]
			}
			if t, err := url.PathUnescape(p); err == nil && validTag(t) {
				return t
			}
		}
	}
	return s
}

// ClassifyScan says what scanning tag at location means. asset is the
// register's asset with that tag (ok false when there is none); scanned
// holds the tags already scanned in this audit, in upper case.
func ClassifyScan(tag, location string, asset Asset, ok bool, scanned map[string]bool) ScanResult {
	switch {
	case scanned[strings.ToUpper(tag)]:
		return ScanDuplicate
	case !ok:
		return ScanUnknown
	case SameLocation(asset.Location, location):
		return ScanFound
	}
	return ScanMoved
}

// AuditOutcome is an asset's (or an unknown tag's) place in a finished
// audit.
type AuditOutcome string

const (
	OutcomeFound   AuditOutcome = "found"
	OutcomeMissing AuditOutcome = "missing"
	OutcomeMoved   AuditOutcome = "moved"
	OutcomeUnknown AuditOutcome = "unknown"
)

// AuditLine is one row of an audit's result.
type AuditLine struct {
	Outcome    AuditOutcome `json:"outcome"`
	AssetID    int64        `json:"asset_id,omitempty"`
	Tag        string       `json:"tag"`
	Name       string       `json:"name,omitempty"`
	Registered string       `json:"registered,omitempty"` // the location in the register
	Location   string       `json:"location"`             // the audit location it belongs to: where found, or where expected
	// The asset's network identity, for the cross-check with a scan.
	Serial   string `json:"serial,omitempty"`
	MAC      string `json:"mac,omitempty"`
	HostName string `json:"hostname,omitempty"`
}

// AuditResult is a finished audit: every expected asset found or missing,
// every asset found elsewhere than registered, every unknown tag.
type AuditResult struct {
	Audit Audit       `json:"audit"`
	Lines []AuditLine `json:"lines"`
	Scans int         `json:"scans"`      // codes scanned, duplicates included
	Dupes int         `json:"duplicates"` // scans of a tag already scanned
}

// Count is how many lines have outcome o (at location loc, or anywhere
// when loc is "").
func (r AuditResult) Count(o AuditOutcome, loc string) int {
	n := 0
	for _, l := range r.Lines {
		if l.Outcome == o && (loc == "" || SameLocation(l.Location, loc)) {
			n++
		}
	}
	return n
}

// Moves are the moved lines: the location updates that applying the audit
// writes.
func (r AuditResult) Moves() []AuditLine {
	var out []AuditLine
	for _, l := range r.Lines {
		if l.Outcome == OutcomeMoved {
			out = append(out, l)
		}
	}
	return out
}

// ReconcileAudit turns the expected assets (those registered at the audit's
// locations) and the scans into the audit's result. Duplicate scans count
// once; an expected asset scanned at another audited location is moved
// there, not missing. Lines come in the order: per audit location, found,
// moved, unknown, missing, each in scan or register order.
func ReconcileAudit(a Audit, expected []Asset, scans []AuditScan, lookup func(id int64) (Asset, bool)) AuditResult {
	res := AuditResult{Audit: a, Scans: len(scans)}
	seen := map[int64]bool{}
	byLoc := map[string][]AuditLine{}
	key := func(loc string) string { return strings.ToLower(strings.TrimSpace(loc)) }
	for _, sc := range scans {
		var line AuditLine
		switch sc.Result {
		case ScanDuplicate:
			res.Dupes++
			continue
		case ScanUnknown:
			line = AuditLine{Outcome: OutcomeUnknown, Tag: sc.Tag, Location: sc.Location}
		case ScanFound, ScanMoved:
			if seen[sc.AssetID] {
				res.Dupes++
				continue
			}
			seen[sc.AssetID] = true
			line = AuditLine{Outcome: OutcomeFound, AssetID: sc.AssetID, Tag: sc.Tag, Name: sc.AssetName, Registered: sc.Registered, Location: sc.Location}
			if sc.Result == ScanMoved {
				line.Outcome = OutcomeMoved
			}
			if as, ok := lookup(sc.AssetID); ok {
				line.Tag, line.Name, line.Serial, line.MAC, line.HostName = as.Tag, as.Name, as.Serial, as.MAC, as.HostName
			}
		default:
			continue
		}
		byLoc[key(sc.Location)] = append(byLoc[key(sc.Location)], line)
	}
	for _, as := range expected {
		if seen[as.ID] {
			continue
		}
		byLoc[key(as.Location)] = append(byLoc[key(as.Location)], AuditLine{Outcome: OutcomeMissing, AssetID: as.ID, Tag: as.Tag, Name: as.Name,
			Registered: as.Location, Location: as.Location, Serial: as.Serial, MAC: as.MAC, HostName: as.HostName})
	}
	for _, loc := range a.Locations {
		lines := byLoc[key(loc)]
		delete(byLoc, key(loc))
		for _, o := range []AuditOutcome{OutcomeFound, OutcomeMoved, OutcomeUnknown, OutcomeMissing} {
			for _, l := range lines {
				if l.Outcome == o {
					l.Location = loc
					res.Lines = append(res.Lines, l)
				}
			}
		}
	}
	return res
}

// Alert kind for assets whose stocktake is due.
const AlertAuditDue = "audit_due"

// MaxAuditIntervalMonths is the longest audit interval a category may have.
const MaxAuditIntervalMonths = 120

// ValidateAuditInterval checks a category's audit interval in months (0: none).
func ValidateAuditInterval(months int) error {
	if months < 0 || months > MaxAuditIntervalMonths {
		return Invalidf("audit_interval_months", "give an audit interval between 0 (none) and %d months", MaxAuditIntervalMonths)
	}
	return nil
}

// AuditDue is what the audit-due rule needs of one asset.
type AuditDue struct {
	AssetID        int64
	Tag, Name      string
	Category       string // as shown ("Laptop")
	IntervalMonths int    // the category's audit interval; 0: never due
	LastAudited    Date
	Since          Date // when the asset came (purchase date, else registration): the start when never audited
}

// Due is the date the asset's next audit falls due (zero when its
// category has no interval).
func (d AuditDue) Due() Date {
	if d.IntervalMonths <= 0 {
		return Date{}
	}
	base := d.LastAudited
	if base.IsZero() {
		base = d.Since
	}
	if base.IsZero() {
		return Date{}
	}
	return base.AddMonths(d.IntervalMonths)
}

// AuditDueAlert raises a warning once an asset's audit is overdue and an
// info alert while it falls due within the warning window.
func AuditDueAlert(d AuditDue, opt AlertOptions) (Alert, bool) {
	due := d.Due()
	if due.IsZero() {
		return Alert{}, false
	}
	left := opt.AsOf.DaysUntil(due)
	if left > opt.Window() {
		return Alert{}, false
	}
	cat := d.Category
	if cat == "" {
		cat = "this category"
	}
	every := cat + " is audited " + Every(d.IntervalMonths, "month", "months")
	last := "never audited"
	if !d.LastAudited.IsZero() {
		last = "last audited on " + d.LastAudited.String()
	}
	a := Alert{Kind: AlertAuditDue, Subject: AssetSubject(d.Tag, d.Name), Date: due, Ref: Ref{Entity: "asset", ID: d.AssetID}}
	if left < 0 {
		a.Severity = SeverityWarning
		a.Reason = fmt.Sprintf("audit overdue since %s (%s ago): %s, %s", due, days(-left), last, every)
	} else {
		a.Severity = SeverityInfo
		a.Reason = fmt.Sprintf("audit due on %s, in %s: %s, %s", due, days(left), last, every)
	}
	return a, true
}
