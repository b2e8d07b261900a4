package assets

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Keys of the register-wide settings kept in the database (so a portable
// register carries them along).
const (
	SettingOrgName    = "org_name"         // shown on reports and in the title
	SettingCurrency   = "currency"         // default currency for new assets
	SettingDateFormat = "date_format"      // one of DateFormats, for display
	SettingWarnDays   = "alerts.warn_days" // AlertOptions.WarnDays; the stores' AlertOptionsAt read it
	SettingBackupKeep = "backup_keep"      // how many daily copies of the register are kept (BackupKeep)
	// The budget (BudgetSettingsFrom reads them, with their defaults).
	SettingFiscalYearStart = "budget.fiscal_year_start_month" // 1..12, the month the fiscal year starts
	SettingBacklogMode     = "budget.backlog"                 // BacklogPlan or BacklogApart
	// Licence-key encryption (the same form on both engines): the salt's
	// presence means encryption is on; the check tells a wrong passphrase
	// at once.
	SettingKeySalt  = "secret.salt"
	SettingKeyCheck = "secret.check"
	// The alerts the window showed last time (hashes), so that it can tell
	// at start which ones are new.
	SettingSeenAlerts = "alerts.seen"
	// Kept by the stores themselves, never edited by a person.
	SettingCreated     = "created"      // when the register was made (RFC 3339)
	SettingRegisterGID = "register_gid" // the register's global id (visit bundles name their source)
	SettingTagCounter  = "tag_counter"  // the last asset tag number given out
	SettingTagPrefix   = "tag_prefix"   // the asset tag prefix ("ST-")
)

// The defaults of the settings above, in force until someone changes them
// (DefaultSettings and DefaultBudgetSettings give the rest).
const (
	// DefaultBackupKeep is how many daily copies are kept when the setting is unset.
	DefaultBackupKeep = 7
	// DefaultWarnDays is the warning window when none is configured.
	DefaultWarnDays = 90
)

// DefaultBudgetSettings apply until someone changes them: the fiscal year
// starts in January, and spending already overdue is planned into the
// first period.
func DefaultBudgetSettings() BudgetSettings {
	return BudgetSettings{FiscalYearStart: 1, Backlog: BacklogPlan}
}

// BackupKeep reads the stored backup_keep value: DefaultBackupKeep when it
// is unset or not a positive number.
func BackupKeep(stored string) int {
	if n, err := strconv.Atoi(strings.TrimSpace(stored)); err == nil && n > 0 {
		return n
	}
	return DefaultBackupKeep
}

// DateFormats are the date layouts a person can pick for display. Dates are
// always stored and exchanged as YYYY-MM-DD.
var DateFormats = []string{"YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY"}

// Settings are the register-wide preferences.
type Settings struct {
	OrgName    string `json:"org_name"`
	Currency   string `json:"currency"`
	DateFormat string `json:"date_format"`
	WarnDays   int    `json:"warn_days"`
}

// DefaultSettings apply until someone changes them.
func DefaultSettings() Settings {
	return Settings{Currency: "EUR", DateFormat: DateFormats[0], WarnDays: DefaultWarnDays}
}

// SettingsFrom reads settings from stored values, keeping the default for
// anything unset or unreadable (a hand-edited database must not stop the
// program from starting).
func SettingsFrom(get func(key string) string) Settings {
	s := DefaultSettings()
	s.OrgName = strings.TrimSpace(get(SettingOrgName))
	if c := strings.ToUpper(strings.TrimSpace(get(SettingCurrency))); validCurrency(c) {
		s.Currency = c
	}
	if f := get(SettingDateFormat); knownDateFormat(f) {
		s.DateFormat = f
	}
	if n, err := strconv.Atoi(strings.TrimSpace(get(SettingWarnDays))); err == nil && n >= 1 && n <= MaxWarnDays {
		s.WarnDays = n
	}
	return s
}

// MaxWarnDays is the longest warning window (two years).
const MaxWarnDays = 730

// Validate checks settings before they are saved; each problem names its field.
func (s *Settings) Validate() error {
	var errs ValidationErrors
	s.OrgName = strings.TrimSpace(s.OrgName)
	s.Currency = strings.ToUpper(strings.TrimSpace(s.Currency))
	if utf8.RuneCountInString(s.OrgName) > 100 {
		errs = append(errs, Invalidf("org_name", "keep the organisation name under 100 characters"))
	}
	if !validCurrency(s.Currency) {
		errs = append(errs, Invalidf("currency", "use a three-letter currency code such as EUR, USD or GBP"))
	}
	if !knownDateFormat(s.DateFormat) {
		errs = append(errs, Invalidf("date_format", "pick one of %s", strings.Join(DateFormats, ", ")))
	}
	if s.WarnDays < 1 || s.WarnDays > MaxWarnDays {
		errs = append(errs, Invalidf("warn_days", "give a warning window between 1 and %d days", MaxWarnDays))
	}
	errs = checkText(errs, false, textField{"org_name", s.OrgName})
	return errs.Err()
}

// Values are the settings as stored key/value pairs.
func (s Settings) Values() map[string]string {
	return map[string]string{
		SettingOrgName:    s.OrgName,
		SettingCurrency:   s.Currency,
		SettingDateFormat: s.DateFormat,
		SettingWarnDays:   strconv.Itoa(s.WarnDays),
	}
}

func knownDateFormat(f string) bool {
	for _, k := range DateFormats {
		if f == k {
			return true
		}
	}
	return false
}

// Format writes d in one of DateFormats ("" for the zero date). An unknown
// format falls back to YYYY-MM-DD.
func (d Date) Format(format string) string {
	if d.IsZero() {
		return ""
	}
	switch format {
	case "DD/MM/YYYY":
		return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
	case "MM/DD/YYYY":
		return fmt.Sprintf("%02d/%02d/%04d", d.Month, d.Day, d.Year)
	case "DD.MM.YYYY":
		return fmt.Sprintf("%02d.%02d.%04d", d.Day, d.Month, d.Year)
	}
	return d.String()
}

// WarnDaysFrom reads the stored alerts.warn_days setting for the stores'
// AlertOptionsAt: 0 (the default window) when unset, else a whole number of
// days from 0 to MaxWarnDays. Anything else ("1.5x", "-3") is refused in
// words rather than read as far as it goes.
func WarnDaysFrom(stored string) (int, error) {
	v := strings.TrimSpace(stored)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > MaxWarnDays {
		return 0, fmt.Errorf("the setting %s is %q: it must be a whole number of days from 0 to %d", SettingWarnDays, stored, MaxWarnDays)
	}
	return n, nil
}
