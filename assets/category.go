package assets

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Category groups assets and carries their lifecycle policy.
type Category struct {
	Name            string `json:"name"`             // lower-case code, e.g. "laptop"
	Label           string `json:"label"`            // as shown, e.g. "Laptop"
	RefreshYears    int    `json:"refresh_years"`    // replace after this many years; 0 = no policy
	ReplacementCost Money  `json:"replacement_cost"` // typical cost of a replacement, for budgets
	Builtin         bool   `json:"builtin"`
}

// DefaultCategories are the categories every register starts with. Refresh
// periods follow common practice for business fleets.
var DefaultCategories = []Category{
	{Name: "laptop", Label: "Laptop", RefreshYears: 4, Builtin: true},
	{Name: "desktop", Label: "Desktop", RefreshYears: 5, Builtin: true},
	{Name: "server", Label: "Server", RefreshYears: 6, Builtin: true},
	{Name: "printer", Label: "Printer", RefreshYears: 6, Builtin: true},
	{Name: "network", Label: "Network", RefreshYears: 7, Builtin: true},
	{Name: "phone", Label: "Phone", RefreshYears: 3, Builtin: true},
	{Name: "tablet", Label: "Tablet", RefreshYears: 4, Builtin: true},
	{Name: "monitor", Label: "Monitor", RefreshYears: 7, Builtin: true},
	{Name: "peripheral", Label: "Peripheral", RefreshYears: 5, Builtin: true},
	{Name: "other", Label: "Other", RefreshYears: 0, Builtin: true},
}

// validCategoryName says whether s is 1 to 40 letters, digits, spaces,
// underscores or dashes, starting with a letter or digit: the expression
// ^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$ by hand (a bulk insert checks every
// asset's; FuzzValidCategoryNameMatchesExpression keeps the two equal).
func validCategoryName(s string) bool {
	n := 0
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsNumber(r))
		if !ok && (n == 0 || r != ' ' && r != '_' && r != '-') {
			return false
		}
		i += size
		n++
	}
	return n >= 1 && n <= 40
}

// NormalizeCategory is the code for a category name as typed: trimmed and
// lower case ("Laptop " -> "laptop").
func NormalizeCategory(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks a category before it is saved.
func (c *Category) Validate() error {
	var errs ValidationErrors
	c.Name = NormalizeCategory(c.Name)
	c.Label = strings.TrimSpace(c.Label)
	if c.Label == "" && c.Name != "" {
		c.Label = strings.ToUpper(c.Name[:1]) + c.Name[1:]
	}
	if !validCategoryName(c.Name) {
		errs = append(errs, Invalidf("name", "use letters, digits, spaces or dashes, at most 40 characters"))
	}
	if c.RefreshYears < 0 || c.RefreshYears > 50 {
		errs = append(errs, Invalidf("refresh_years", "give a refresh period between 0 (none) and 50 years"))
	}
	if c.ReplacementCost.Minor < 0 {
		errs = append(errs, Invalidf("replacement_cost", "a cost cannot be negative"))
	} else if !c.ReplacementCost.InBound() {
		errs = append(errs, Invalidf("replacement_cost", "a cost is at most %s", maxAmountText))
	}
	errs = checkText(errs, false, textField{"label", c.Label})
	return errs.Err()
}
