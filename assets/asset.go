package assets

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is where an asset is in its life.
type Status string

const (
	StatusInStock  Status = "in_stock"
	StatusDeployed Status = "deployed"
	StatusInRepair Status = "in_repair"
	StatusRetired  Status = "retired"
	StatusDisposed Status = "disposed"
	StatusLost     Status = "lost"
)

// Statuses lists every status in the order people expect to see them.
var Statuses = []Status{StatusInStock, StatusDeployed, StatusInRepair, StatusRetired, StatusDisposed, StatusLost}

var statusLabels = map[Status]string{
	StatusInStock: "In stock", StatusDeployed: "Deployed", StatusInRepair: "In repair",
	StatusRetired: "Retired", StatusDisposed: "Disposed", StatusLost: "Lost",
}

// Label is the status as a person reads it ("In stock").
func (s Status) Label() string {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return string(s)
}

// Active reports whether the asset is still in the fleet (it counts for
// end-of-life, warranty and budget planning): ActiveStatuses.
func (s Status) Active() bool { return inSet(ActiveStatuses, s) }

// ParseStatus accepts a status's code or label in any case ("in stock",
// "In_Stock", "deployed").
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses { // as stored: every row of a big import
		if string(st) == s {
			return st, nil
		}
	}
	norm := strings.ToLower(strings.TrimSpace(s))
	norm = statusSeparators.Replace(norm)
	if norm == "" {
		return StatusInStock, nil
	}
	for _, st := range Statuses {
		if string(st) == norm {
			return st, nil
		}
	}
	return "", fmt.Errorf("%q is not a status: use one of in stock, deployed, in repair, retired, disposed, lost", s)
}

var statusSeparators = strings.NewReplacer(" ", "_", "-", "_")

// normCode is a code or label as typed in its code form: trimmed, lower
// case, spaces and dashes as underscores ("OS upgrade" -> "os_upgrade").
// One Replacer for every call: building one per call was most of what the
// tasks' alerts allocated.
func normCode(s string) string {
	return statusSeparators.Replace(strings.ToLower(strings.TrimSpace(s)))
}

// Asset is one thing the organisation owns and tracks.
type Asset struct {
	ID           int64     `json:"id"`
	Tag          string    `json:"tag"`
	Name         string    `json:"name"`
	Category     string    `json:"category"`
	Manufacturer string    `json:"manufacturer,omitempty"`
	Model        string    `json:"model,omitempty"`
	Serial       string    `json:"serial,omitempty"`
	Status       Status    `json:"status"`
	Location     string    `json:"location,omitempty"`
	AssignedTo   int64     `json:"assigned_to,omitempty"` // person ID, 0 when nobody
	AssignedName string    `json:"assigned_name,omitempty"`
	PurchaseDate Date      `json:"purchase_date"`
	Cost         Money     `json:"cost"`
	Supplier     string    `json:"supplier,omitempty"`
	Notes        string    `json:"notes,omitempty"`
	OS           string    `json:"os,omitempty"`       // operating system, as inventory or a person wrote it
	EOLDate      Date      `json:"eol_date"`           // end of life set by hand for this asset or model
	HostName     string    `json:"hostname,omitempty"` // network name, for matching discovery and inventory
	MAC          string    `json:"mac,omitempty"`      // primary MAC address, aa:bb:cc:dd:ee:ff
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
	Version      int64     `json:"-"` // the stored row's version when read: an update of another version is refused (ConflictError)
}

// TagPrefix starts every generated asset tag.
const TagPrefix = "ST-"

// FormatTag is the generated tag for sequence number n ("ST-000123").
func FormatTag(n int64) string { return fmt.Sprintf("%s%06d", TagPrefix, n) }

// validTag: an ASCII letter or digit, then letters, digits and . _ / -
// (checked by hand: a regular expression cost more than the rest of an
// asset's checks on a 100,000-row import).
func validTag(t string) bool {
	for i := 0; i < len(t); i++ {
		c := t[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '.' && c != '_' && c != '/' && c != '-') {
			return false
		}
	}
	return t != ""
}

// Normalize trims spaces and puts codes into their canonical form. It runs
// before Validate and before every save.
func (a *Asset) Normalize() {
	for _, p := range []*string{&a.Tag, &a.Name, &a.Manufacturer, &a.Model, &a.Serial, &a.Location, &a.Supplier, &a.OS, &a.HostName} {
		*p = strings.TrimSpace(*p)
	}
	a.Notes = normLines(a.Notes)
	a.Category = NormalizeCategory(a.Category)
	if a.Status == "" {
		a.Status = StatusInStock
	}
	a.Cost.Currency = strings.ToUpper(strings.TrimSpace(a.Cost.Currency))
	if a.MAC != "" {
		if m, err := NormalizeMAC(a.MAC); err == nil {
			a.MAC = m
		}
	}
	a.HostName = strings.ToLower(strings.TrimSuffix(a.HostName, "."))
}

// Validate returns every problem with a, each naming the field to fix.
func (a *Asset) Validate() error {
	var errs ValidationErrors
	if a.Tag != "" && (!validTag(a.Tag) || len(a.Tag) > 40) {
		errs = append(errs, Invalidf("tag", "use letters, digits, dot, dash, slash or underscore, at most 40 characters (leave empty to generate one)"))
	}
	if a.Name == "" {
		errs = append(errs, Invalidf("name", "give the asset a name, for example \"Dell Latitude 5440\""))
	}
	if longerThan(a.Name, 200) {
		errs = append(errs, Invalidf("name", "keep the name under 200 characters"))
	}
	if a.Category == "" {
		errs = append(errs, Invalidf("category", "choose a category, for example laptop"))
	} else if !validCategoryName(a.Category) {
		errs = append(errs, Invalidf("category", "use letters, digits, spaces or dashes, at most 40 characters"))
	}
	if _, err := ParseStatus(string(a.Status)); err != nil {
		errs = append(errs, Invalidf("status", "%v", err))
	}
	errs = append(errs, moneyErrors(a.Cost)...)
	if !a.PurchaseDate.IsZero() && a.PurchaseDate.Year < 1970 {
		errs = append(errs, Invalidf("purchase_date", "the purchase date %s is before 1970", a.PurchaseDate))
	}
	if a.MAC != "" {
		if _, err := NormalizeMAC(a.MAC); err != nil {
			errs = append(errs, Invalidf("mac", "%v", err))
		}
	}
	for _, f := range [...]struct{ field, v string }{{"manufacturer", a.Manufacturer}, {"model", a.Model}, {"serial", a.Serial},
		{"location", a.Location}, {"supplier", a.Supplier}} {
		if longerThan(f.v, 200) {
			errs = append(errs, Invalidf(f.field, "keep it under 200 characters"))
		}
	}
	errs = checkText(errs, false, textField{"name", a.Name}, textField{"manufacturer", a.Manufacturer}, textField{"model", a.Model},
		textField{"serial", a.Serial}, textField{"location", a.Location}, textField{"supplier", a.Supplier},
		textField{"os", a.OS}, textField{"hostname", a.HostName})
	errs = checkText(errs, true, textField{"notes", a.Notes})
	return errs.Err()
}

// longerThan says whether s has more than n characters (counted only when
// it has more than n bytes).
func longerThan(s string, n int) bool {
	return len(s) > n && utf8.RuneCountInString(s) > n
}

// AgeYears is how many whole years a has been owned on date on.
func (a *Asset) AgeYears(on Date) int {
	if a.PurchaseDate.IsZero() {
		return 0
	}
	years := on.Year - a.PurchaseDate.Year
	if on.Before(a.PurchaseDate.AddYears(years)) {
		years--
	}
	return years
}

// NormalizeMAC returns a MAC address as lower-case colon-separated hex. It
// accepts colons, dashes, dots (Cisco style) or no separators.
func NormalizeMAC(s string) (string, error) {
	if canonicalMAC(s) {
		return s, nil
	}
	hex := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'f':
			return r
		case r >= 'A' && r <= 'F':
			return r + 'a' - 'A'
		case r == ':' || r == '-' || r == '.':
			return -1
		}
		return 'x'
	}, strings.TrimSpace(s))
	if len(hex) != 12 || strings.ContainsRune(hex, 'x') {
		return "", fmt.Errorf("%q is not a MAC address: write six pairs of hex digits, like 3c:22:fb:12:34:56", s)
	}
	var b strings.Builder
	for i := 0; i < 12; i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(hex[i : i+2])
	}
	return b.String(), nil
}

// canonicalMAC says whether s is already in NormalizeMAC's form.
func canonicalMAC(s string) bool {
	if len(s) != 17 {
		return false
	}
	for i := 0; i < 17; i++ {
		c := s[i]
		if i%3 == 2 {
			if c != ':' {
				return false
			}
		} else if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// FieldChange is one field's old and new value, as history records it.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Changes lists the fields that differ between old and new, with values as a
// person reads them.
func Changes(old, new Asset) []FieldChange {
	var out []FieldChange
	add := func(field, o, n string) {
		if o != n {
			out = append(out, FieldChange{field, o, n})
		}
	}
	add("tag", old.Tag, new.Tag)
	add("name", old.Name, new.Name)
	add("category", old.Category, new.Category)
	add("manufacturer", old.Manufacturer, new.Manufacturer)
	add("model", old.Model, new.Model)
	add("serial", old.Serial, new.Serial)
	add("status", old.Status.Label(), new.Status.Label())
	add("location", old.Location, new.Location)
	if old.AssignedTo != new.AssignedTo {
		out = append(out, FieldChange{"assigned_to", personLabel(old), personLabel(new)})
	}
	add("purchase_date", old.PurchaseDate.String(), new.PurchaseDate.String())
	add("cost", old.Cost.String(), new.Cost.String())
	add("supplier", old.Supplier, new.Supplier)
	add("notes", old.Notes, new.Notes)
	add("os", old.OS, new.OS)
	add("eol_date", old.EOLDate.String(), new.EOLDate.String())
	add("hostname", old.HostName, new.HostName)
	add("mac", old.MAC, new.MAC)
	return out
}

func personLabel(a Asset) string {
	if a.AssignedTo == 0 {
		return ""
	}
	if a.AssignedName != "" {
		return a.AssignedName
	}
	return fmt.Sprintf("person #%d", a.AssignedTo)
}
