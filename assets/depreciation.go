package assets

import (
	"fmt"
	"strings"
)

// DepreciationMethod is how an asset loses book value.
type DepreciationMethod string

const (
	DepreciationNone      DepreciationMethod = "none"              // kept at cost
	DepreciationStraight  DepreciationMethod = "straight_line"     // cost less residual, evenly over Years
	DepreciationDeclining DepreciationMethod = "declining_balance" // Rate of the value left, each year
)

// ParseDepreciationMethod accepts a code or a label in any case ("straight
// line", "declining-balance", "SL", "DB"); empty is none.
func ParseDepreciationMethod(s string) (DepreciationMethod, error) {
	switch normCode(s) {
	case "", "none":
		return DepreciationNone, nil
	case "straight_line", "straight", "sl", "linear":
		return DepreciationStraight, nil
	case "declining_balance", "declining", "db", "reducing_balance":
		return DepreciationDeclining, nil
	}
	return "", fmt.Errorf("%q is not a depreciation method: use none, straight line or declining balance", s)
}

// Label is the method as a person reads it.
func (m DepreciationMethod) Label() string {
	switch m {
	case DepreciationStraight:
		return "Straight line"
	case DepreciationDeclining:
		return "Declining balance"
	}
	return "None"
}

// Depreciation is a depreciation policy: a method with its period or rate
// and a residual value, as a share of cost, below which the book value
// never goes. Shares and rates are in basis points (2500 = 25 %).
type Depreciation struct {
	Method     DepreciationMethod `json:"method"`
	Years      int                `json:"years,omitempty"`       // straight line
	RateBP     int                `json:"rate_bp,omitempty"`     // declining balance, per year
	ResidualBP int                `json:"residual_bp,omitempty"` // of cost
}

// Validate checks a policy; field names are prefixed with prefix.
func (d *Depreciation) Validate(prefix string) []error {
	var errs []error
	m, err := ParseDepreciationMethod(string(d.Method))
	if err != nil {
		return append(errs, Invalidf(prefix+"depreciation", "%v", err))
	}
	d.Method = m
	if d.ResidualBP < 0 || d.ResidualBP > 10000 {
		errs = append(errs, Invalidf(prefix+"residual", "give a residual value between 0 %% and 100 %% of cost"))
	}
	switch m {
	case DepreciationStraight:
		if d.Years < 1 || d.Years > 50 {
			errs = append(errs, Invalidf(prefix+"depreciation_years", "straight line needs a period between 1 and 50 years"))
		}
	case DepreciationDeclining:
		if d.RateBP < 1 || d.RateBP > 10000 {
			errs = append(errs, Invalidf(prefix+"depreciation_rate", "declining balance needs a yearly rate between 0.01 %% and 100 %%"))
		}
	}
	return errs
}

// String describes the policy ("straight line over 4 years to 10 %").
func (d Depreciation) String() string {
	res := ""
	if d.ResidualBP > 0 {
		res = " to " + FormatBP(d.ResidualBP) + " of cost"
	}
	switch d.Method {
	case DepreciationStraight:
		return fmt.Sprintf("straight line over %s%s", CountOf(d.Years, "year", "years"), res)
	case DepreciationDeclining:
		return fmt.Sprintf("declining balance at %s a year%s", FormatBP(d.RateBP), res)
	}
	return "not depreciated"
}

// BookValue is what an asset bought on start at cost (minor units) is worth
// on the books at the start of day at. Straight line charges (cost -
// residual) / (12 * Years) for each whole month since start; declining
// balance takes Rate of the value left each whole year, and a twelfth of it
// for each whole month of a part year. Neither goes below the residual;
// amounts are rounded to the minor unit at each step.
func (d Depreciation) BookValue(cost int64, start, at Date) int64 {
	if cost <= 0 || start.IsZero() || !at.After(start) {
		return cost
	}
	residual := mulDivShrink(cost, int64(d.ResidualBP), 10000)
	months := wholeMonths(start, at)
	switch d.Method {
	case DepreciationStraight:
		if d.Years <= 0 {
			return cost
		}
		life := int64(12 * d.Years)
		if int64(months) >= life {
			return residual
		}
		return cost - mulDivShrink(cost-residual, int64(months), life)
	case DepreciationDeclining:
		v := cost
		for range months / 12 {
			v -= mulDivShrink(v, int64(d.RateBP), 10000)
			if v <= residual {
				return residual
			}
		}
		v -= mulDivShrink(v, int64(d.RateBP)*int64(months%12), 12*10000)
		return max(v, residual)
	}
	return cost
}

// wholeMonths counts the whole months from a to b (b after a): the largest
// m with a + m months on or before b.
func wholeMonths(a, b Date) int {
	m := (b.Year-a.Year)*12 + int(b.Month) - int(a.Month)
	if m > 0 && a.AddMonths(m).After(b) {
		m--
	}
	return max(m, 0)
}

// mulDivShrink is a*b/c rounded, for 0 <= b <= c where the result cannot
// exceed a (so it cannot overflow).
func mulDivShrink(a, b, c int64) int64 {
	v, err := MulDivRound(a, b, c)
	if err != nil {
		return a
	}
	return v
}

// BookYear is one asset's (or a category's) movement on the books over one
// fiscal year: Opening + Additions - Charge - Disposals = Closing.
type BookYear struct {
	Opening, Additions, Charge, Disposals, Closing int64
}

// Add sums b into y.
func (y *BookYear) Add(b BookYear) {
	y.Opening += b.Opening
	y.Additions += b.Additions
	y.Charge += b.Charge
	y.Disposals += b.Disposals
	y.Closing += b.Closing
}

// BookMovement is an asset's movement on the books over [from, to): bought
// on start at cost, disposed of on disposed (zero: still held). An asset
// leaves the book on its disposal date at its book value then.
func (d Depreciation) BookMovement(cost int64, start, disposed, from, to Date) BookYear {
	var y BookYear
	if cost <= 0 || start.IsZero() || !start.Before(to) || !disposed.IsZero() && disposed.Before(from) {
		return y
	}
	if start.Before(from) {
		y.Opening = d.BookValue(cost, start, from)
	} else {
		y.Additions = cost
	}
	if !disposed.IsZero() && disposed.Before(to) {
		y.Disposals = d.BookValue(cost, start, disposed)
		y.Charge = y.Opening + y.Additions - y.Disposals
		return y
	}
	y.Closing = d.BookValue(cost, start, to)
	y.Charge = y.Opening + y.Additions - y.Closing
	return y
}

// SpendClass says whether a payment is capital or operating spending.
type SpendClass string

const (
	SpendDefault SpendClass = ""      // as its kind says
	SpendCapex   SpendClass = "capex" // capital: hardware bought
	SpendOpex    SpendClass = "opex"  // operating: subscriptions, support, services
)

// ParseSpendClass accepts capex/opex (or capital/operating) in any case;
// empty keeps the kind's default.
func ParseSpendClass(s string) (SpendClass, error) {
	switch normCode(s) {
	case "", "default":
		return SpendDefault, nil
	case "capex", "capital":
		return SpendCapex, nil
	case "opex", "operating":
		return SpendOpex, nil
	}
	return "", fmt.Errorf("%q is neither capex nor opex", s)
}

// Or is c, or def when c is the default.
func (c SpendClass) Or(def SpendClass) SpendClass {
	if c == SpendDefault {
		return def
	}
	return c
}

// CategoryBudget is a category's budget policy: how its replacements are
// priced, how its assets depreciate, and whether buying them is capital or
// operating spending.
type CategoryBudget struct {
	PriceChangeBP int          `json:"price_change_bp,omitempty"` // yearly, on replacement costs
	Depreciation  Depreciation `json:"depreciation"`
	Spend         SpendClass   `json:"spend,omitempty"` // default: capex
}

// Validate checks a category's budget policy.
func (b *CategoryBudget) Validate() error {
	var errs ValidationErrors
	if b.PriceChangeBP < -5000 || b.PriceChangeBP > 10000 {
		errs = append(errs, Invalidf("price_change", "give a yearly price change between -50 %% and 100 %%"))
	}
	for _, e := range b.Depreciation.Validate("") {
		errs = append(errs, e)
	}
	s, err := ParseSpendClass(string(b.Spend))
	if err != nil {
		errs = append(errs, Invalidf("spend", "%v", err))
	}
	b.Spend = s
	return errs.Err()
}

// FormatBP writes basis points as a percentage ("3 %", "12.5 %", "-2 %").
func FormatBP(bp int) string {
	s := fmt.Sprintf("%.2f", float64(bp)/100)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + " %"
}

// ParseBP reads a percentage ("3", "3 %", "12.5%", "-2") as basis points.
func ParseBP(s string) (int, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if t == "" {
		return 0, nil
	}
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "-"), "+")
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" && frac == "" || !allDigits(whole) || !allDigits(frac) || len(frac) > 2 || len(whole) > 5 {
		return 0, fmt.Errorf("%q is not a percentage: write it like 3 or 12.5", s)
	}
	frac += strings.Repeat("0", 2-len(frac))
	n := 0
	for _, r := range whole + frac {
		n = n*10 + int(r-'0')
	}
	if neg {
		n = -n
	}
	return n, nil
}
