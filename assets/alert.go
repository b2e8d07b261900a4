package assets

import (
	"encoding/json"
	"fmt"
)

// Severity orders alerts: what needs action now comes first.
type Severity int

const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityCritical
)

func (s Severity) String() string {
	switch s {
	case SeverityCritical:
		return "critical"
	case SeverityWarning:
		return "warning"
	}
	return "info"
}

func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Ref points at the record an alert is about, so the window can open it.
type Ref struct {
	Entity string `json:"entity"` // "asset", "licence", "contract", "task", "person", "course", "device"
	ID     int64  `json:"id"`
}

// Alert is one flag raised by a rule, with the reason in words.
type Alert struct {
	Kind     string   `json:"kind"` // e.g. "eol", "warranty", "licence_shortfall", "task_overdue", "training_overdue"
	Severity Severity `json:"severity"`
	Subject  string   `json:"subject"` // what it is about, e.g. "ST-000123 Dell Latitude 5440"
	Reason   string   `json:"reason"`  // why, e.g. "Windows 10 reached end of support on 2025-10-14"
	Date     Date     `json:"date"`    // the date that matters (end of life, expiry, due date)
	Ref      Ref      `json:"ref"`
	// Impact orders alerts of kinds with KindHasImpact within their
	// severity, largest first (before the date): assets and seats a leaver
	// holds, seats short, installs of an expired licence. 0 for the other
	// kinds, whose date is their impact. Not written to JSON: the reason
	// says it in words.
	Impact int `json:"-"`
}

// MarshalJSON writes the alert with its date as YYYY-MM-DD (or null).
func (a Alert) MarshalJSON() ([]byte, error) {
	type plain Alert
	var date any
	if !a.Date.IsZero() {
		date = a.Date.String()
	}
	return json.Marshal(struct {
		plain
		Date any `json:"date"`
	}{plain(a), date})
}

// AlertOptions set the clock and the warning windows for every rule.
type AlertOptions struct {
	AsOf Date
	// WarnDays is how far ahead "ending soon" looks (warranties, licences,
	// end of life, tasks, training). 0 means DefaultWarnDays; more than
	// MaxWarnDays counts as MaxWarnDays.
	WarnDays int
}

// Window is WarnDays, or the default when unset, at most MaxWarnDays: the
// rules add it to dates, and a window of billions of days took them past
// any date a register holds (alerts were lost).
func (o AlertOptions) Window() int {
	if o.WarnDays <= 0 {
		return DefaultWarnDays
	}
	return min(o.WarnDays, MaxWarnDays)
}

// CheckWarnDays says whether n days is a warning window a person may ask
// for: 0 (the default) to MaxWarnDays.
func CheckWarnDays(n int) error {
	if n < 0 || n > MaxWarnDays {
		return fmt.Errorf("give a warning window of 1 to %d days (two years; 0 uses the setting, else %d), not %d", MaxWarnDays, DefaultWarnDays, n)
	}
	return nil
}
