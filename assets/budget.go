package assets

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Budget rules: fiscal years, renewal schedules, price changes and the
// capital/operating split. Each is a pure function of its inputs, so the
// forecast and the depreciation report (assets/report) and their tests
// share one definition of each rule.

// The budget's setting keys are SettingFiscalYearStart and
// SettingBacklogMode (settings.go, with the other register-wide keys).

// BacklogMode says where spending already overdue on the as-of date goes.
type BacklogMode string

const (
	BacklogPlan  BacklogMode = "plan"  // planned into the first period (and shown as its own line)
	BacklogApart BacklogMode = "apart" // kept out of every year's total, shown apart
)

// ParseBacklogMode accepts "plan"/"apart" in any case; empty is BacklogPlan.
func ParseBacklogMode(s string) (BacklogMode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "plan", "first-year", "first year":
		return BacklogPlan, nil
	case "apart", "separate":
		return BacklogApart, nil
	}
	return "", fmt.Errorf("%q is not a backlog mode: use plan (into the first year) or apart", s)
}

// BudgetSettings are the register-wide budget preferences.
type BudgetSettings struct {
	FiscalYearStart int         `json:"fiscal_year_start_month"` // 1 = January
	Backlog         BacklogMode `json:"backlog"`
}

// BudgetSettingsFrom reads the budget settings from stored values, keeping
// the defaults (DefaultBudgetSettings) for anything unset or unreadable.
func BudgetSettingsFrom(get func(key string) string) BudgetSettings {
	s := DefaultBudgetSettings()
	if n, err := strconv.Atoi(strings.TrimSpace(get(SettingFiscalYearStart))); err == nil && n >= 1 && n <= 12 {
		s.FiscalYearStart = n
	}
	if m, err := ParseBacklogMode(get(SettingBacklogMode)); err == nil {
		s.Backlog = m
	}
	return s
}

// Validate checks the budget settings before they are saved.
func (s *BudgetSettings) Validate() error {
	var errs ValidationErrors
	if s.FiscalYearStart < 1 || s.FiscalYearStart > 12 {
		errs = append(errs, Invalidf("fiscal_year_start_month", "give the month the fiscal year starts, 1 (January) to 12 (December)"))
	}
	m, err := ParseBacklogMode(string(s.Backlog))
	if err != nil {
		errs = append(errs, Invalidf("backlog", "%v", err))
	}
	s.Backlog = m
	return errs.Err()
}

// Values are the budget settings as stored key/value pairs.
func (s BudgetSettings) Values() map[string]string {
	return map[string]string{
		SettingFiscalYearStart: strconv.Itoa(s.FiscalYearStart),
		SettingBacklogMode:     string(s.Backlog),
	}
}

// FiscalYearStart is the first day of the fiscal year that contains d, for
// a fiscal year starting on the first of startMonth (1..12).
func FiscalYearStart(d Date, startMonth int) Date {
	if startMonth < 1 || startMonth > 12 {
		startMonth = 1
	}
	y := d.Year
	if int(d.Month) < startMonth {
		y--
	}
	return Date{Year: y, Month: time.Month(startMonth), Day: 1}
}

// FiscalYearLabel is how finance names the fiscal year starting on start:
// "2027" for a calendar year, "FY2027" for a year that ends in 2027.
func FiscalYearLabel(start Date) string {
	if start.Month == 1 {
		return strconv.Itoa(start.Year)
	}
	return "FY" + strconv.Itoa(start.AddMonths(12).AddDays(-1).Year)
}

// DueDate is one payment of a recurring schedule.
type DueDate struct {
	Date    Date
	Overdue bool // was due before the as-of date: counted on it
}

// RenewalSchedule lists when a payment first due on next and then every
// termMonths (0: once) falls due in [asOf, end). A payment already past is
// due on asOf, once, marked overdue; later ones keep to the anniversaries of
// next (stepped from next each time so month ends do not drift).
func RenewalSchedule(next Date, termMonths int, asOf, end Date) []DueDate {
	if next.IsZero() {
		return nil
	}
	if termMonths <= 0 {
		switch {
		case next.Before(asOf):
			return []DueDate{{asOf, true}}
		case next.Before(end):
			return []DueDate{{next, false}}
		}
		return nil
	}
	var out []DueDate
	k := 0
	if next.Before(asOf) {
		out = append(out, DueDate{asOf, true})
		for !next.AddMonths(k * termMonths).After(asOf) {
			k++ // the overdue payment on asOf covers these terms
		}
	}
	for d := next.AddMonths(k * termMonths); d.Before(end); d = next.AddMonths(k * termMonths) {
		out = append(out, DueDate{d, false})
		k++
	}
	return out
}

// LicenceRenewal is how a licence is paid for in the budget.
type LicenceRenewal struct {
	Next       Date // the next payment (the end of the current term)
	TermMonths int  // how long each renewal runs
	Reason     string
}

// RenewalPlan says when and how often a licence is paid again: at its end
// (renewal date, else expiry date) for its term, unless it is marked as not
// renewing or has no cost or no end. The term is the licence's own, else 12
// months for a subscription, else the months from purchase to end, else 12.
func (l *Licence) RenewalPlan() (LicenceRenewal, bool) {
	if l.NoRenew || l.Cost.Minor <= 0 {
		return LicenceRenewal{}, false
	}
	end := l.Renewal
	if end.IsZero() {
		end = l.Expiry
	}
	if end.IsZero() {
		return LicenceRenewal{}, false
	}
	r := LicenceRenewal{Next: end, TermMonths: l.TermMonths}
	switch {
	case r.TermMonths > 0:
		r.Reason = "renews " + Every(r.TermMonths, "month", "months") + " (set on the licence)"
	case l.Type == LicenceSubscription:
		r.TermMonths = 12
		r.Reason = "subscription: renews every 12 months"
	case !l.Purchase.IsZero() && l.Purchase.Before(end):
		r.TermMonths = max(1, contractMonths(l.Purchase, end))
		r.Reason = fmt.Sprintf("renews for the %s it ran from purchase", CountOf(r.TermMonths, "month", "months"))
	default:
		r.TermMonths = 12
		r.Reason = "renews every 12 months (no term or purchase date recorded)"
	}
	return r, true
}

// contractMonths is the length in months of a term from start to end:
// 2025-01-01..2025-12-31 and 2025-04-01..2026-04-01 are both 12, and a part
// month counts as a month.
func contractMonths(start, end Date) int {
	m := (end.Year-start.Year)*12 + int(end.Month) - int(start.Month)
	if end.AddDays(1).Day == start.Day || end.Day > start.Day {
		m++
	}
	return m
}

// UnitCost is the cost of one seat (the licence's cost over its seats,
// rounded to the minor unit); zero for a site licence.
func (l *Licence) UnitCost() Money {
	if l.Type == LicenceSite || l.Seats <= 0 {
		return Money{Currency: l.Cost.Currency}
	}
	return Money{Minor: divRound(l.Cost.Minor, int64(l.Seats)), Currency: l.Cost.Currency}
}

func divRound(a, b int64) int64 {
	q, r := a/b, a%b
	if 2*r >= b {
		q++
	}
	return q
}

// PriceChange applies a yearly price change of bp basis points (300 = 3 %)
// for whole years: each year's price is the previous one changed and
// rounded to the minor unit, as a price list is. It refuses a result that
// does not fit an int64.
func PriceChange(minor int64, bp, years int) (int64, error) {
	if bp == 0 || years <= 0 || minor == 0 {
		return minor, nil
	}
	for range years {
		v, err := MulDivRound(minor, int64(10000+bp), 10000)
		if err != nil {
			return 0, err
		}
		minor = v
	}
	return minor, nil
}

// PriceRule says which cost priced a replacement.
type PriceRule int

const (
	PricedByModel    PriceRule = iota // the model's replacement cost
	PricedByCategory                  // the category's replacement cost
	PricedByAsset                     // the asset's own purchase cost
)

// ReplacementCost is what replacing an asset costs before any price
// change: its model's replacement cost if one is set, else its category's,
// else what the asset itself cost.
func ReplacementCost(model, category, own Money) (Money, PriceRule) {
	switch {
	case model.Minor > 0:
		return model, PricedByModel
	case category.Minor > 0:
		return category, PricedByCategory
	}
	return own, PricedByAsset
}

// ModelKey is how a model is looked up: manufacturer and model, trimmed,
// in lower case.
func ModelKey(manufacturer, model string) string {
	return strings.ToLower(strings.TrimSpace(manufacturer)) + "\x00" + strings.ToLower(strings.TrimSpace(model))
}

// ModelCost is a replacement cost for one model.
type ModelCost struct {
	Manufacturer string `json:"manufacturer"`
	Model        string `json:"model"`
	Cost         Money  `json:"replacement_cost"`
}

// Validate checks a model cost before it is saved.
func (m *ModelCost) Validate() error {
	var errs ValidationErrors
	m.Manufacturer, m.Model = strings.TrimSpace(m.Manufacturer), strings.TrimSpace(m.Model)
	if m.Model == "" {
		errs = append(errs, Invalidf("model", "name the model, for example \"Latitude 5440\""))
	}
	if m.Cost.Minor <= 0 {
		errs = append(errs, Invalidf("replacement_cost", "give the model's replacement cost, above zero"))
	}
	errs = append(errs, moneyErrors(m.Cost)...)
	return errs.Err()
}
