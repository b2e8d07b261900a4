package assets

import (
	"fmt"
	"strings"
	"time"
)

// ContractKind separates a manufacturer's warranty from a paid support
// contract; both cover assets until an end date.
type ContractKind string

const (
	ContractWarranty ContractKind = "warranty"
	ContractSupport  ContractKind = "support"
)

// ParseContractKind accepts "warranty" or "support" in any case; empty means
// support.
func ParseContractKind(s string) (ContractKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "support", "support contract", "maintenance":
		return ContractSupport, nil
	case "warranty":
		return ContractWarranty, nil
	}
	return "", fmt.Errorf("%q is not a contract kind: use warranty or support", s)
}

// Contract is a warranty or support contract covering one or more assets.
type Contract struct {
	ID        int64        `json:"id"`
	Kind      ContractKind `json:"kind"`
	Provider  string       `json:"provider"`
	Reference string       `json:"reference,omitempty"`
	Level     string       `json:"level,omitempty"` // e.g. "next business day on site"
	Start     Date         `json:"start"`
	End       Date         `json:"end"` // the last day covered
	Cost      Money        `json:"cost"`
	Notes     string       `json:"notes,omitempty"`
	AssetIDs  []int64      `json:"asset_ids,omitempty"`
	AssetTags []string     `json:"asset_tags,omitempty"` // filled by the store, same order as AssetIDs
	Created   time.Time    `json:"created"`
	Updated   time.Time    `json:"updated"`
	Version   int64        `json:"-"` // the stored row's version when read: an update of another version is refused (ConflictError)
}

// Title is "Provider reference (level)" for lists and alerts.
func (c *Contract) Title() string {
	t := c.Provider
	if t == "" {
		t = string(c.Kind)
	}
	if c.Reference != "" {
		t += " " + c.Reference
	}
	if c.Level != "" {
		t += " (" + c.Level + ")"
	}
	return t
}

// describe is "warranty from Dell (PS-1, next business day)" for reasons.
func (c *Contract) describe() string {
	t := string(c.Kind) + " from " + orDefault(c.Provider, "an unnamed provider")
	var extra []string
	if c.Reference != "" {
		extra = append(extra, c.Reference)
	}
	if c.Level != "" && !strings.EqualFold(c.Level, string(c.Kind)) {
		extra = append(extra, c.Level)
	}
	if len(extra) > 0 {
		t += " (" + strings.Join(extra, ", ") + ")"
	}
	return t
}

// Normalize trims text and fills defaults.
func (c *Contract) Normalize() {
	for _, p := range []*string{&c.Provider, &c.Reference, &c.Level} {
		*p = strings.TrimSpace(*p)
	}
	c.Notes = normLines(c.Notes)
	if c.Kind == "" {
		c.Kind = ContractSupport
	}
	c.Cost.Currency = strings.ToUpper(strings.TrimSpace(c.Cost.Currency))
}

// Validate returns every problem with c.
func (c *Contract) Validate() error {
	var errs ValidationErrors
	if c.Provider == "" {
		errs = append(errs, Invalidf("provider", "name who gives the warranty or support, for example Dell"))
	}
	if _, err := ParseContractKind(string(c.Kind)); err != nil {
		errs = append(errs, Invalidf("kind", "%v", err))
	}
	if c.End.IsZero() {
		errs = append(errs, Invalidf("end", "give the last day the contract covers (YYYY-MM-DD)"))
	}
	if !c.Start.IsZero() && !c.End.IsZero() && c.End.Before(c.Start) {
		errs = append(errs, Invalidf("end", "the end %s is before the start %s", c.End, c.Start))
	}
	errs = append(errs, moneyErrors(c.Cost)...)
	errs = checkText(errs, false, textField{"provider", c.Provider}, textField{"reference", c.Reference}, textField{"level", c.Level})
	errs = checkText(errs, true, textField{"notes", c.Notes})
	return errs.Err()
}

// CoverageState is an asset's warranty/support standing on a date.
type CoverageState string

const (
	CoverageNone    CoverageState = "none"    // no contract covers it
	CoverageActive  CoverageState = "active"  // covered beyond the warning window
	CoverageEnding  CoverageState = "ending"  // covered, but it ends within the window
	CoverageExpired CoverageState = "expired" // every contract has ended
)

// Label is the state as a person reads it.
func (s CoverageState) Label() string {
	switch s {
	case CoverageActive:
		return "Active"
	case CoverageEnding:
		return "Ending soon"
	case CoverageExpired:
		return "Expired"
	}
	return "None"
}

// Coverage is the result of CoverageOf: the state, the contract deciding it
// and why.
type Coverage struct {
	State    CoverageState `json:"state"`
	Contract *Contract     `json:"contract,omitempty"`
	End      Date          `json:"end"`
	DaysLeft int           `json:"days_left"`
	Reason   string        `json:"reason"`
}

// ContractState is the state of one contract on asOf, with its days left.
func ContractState(c *Contract, asOf Date, warnDays int) (CoverageState, int) {
	left := asOf.DaysUntil(c.End)
	switch {
	case left < 0:
		return CoverageExpired, left
	case !c.Start.IsZero() && asOf.Before(c.Start):
		return CoverageNone, left
	case left <= warnDays:
		return CoverageEnding, left
	}
	return CoverageActive, left
}

// CoverageOf says how well the given contracts (all covering one asset)
// cover it on asOf. The contract in force that ends last decides; with none
// in force, the last one to have ended explains the expiry.
func CoverageOf(contracts []Contract, asOf Date, warnDays int) Coverage {
	var best, lastEnded, future *Contract
	for i := range contracts {
		c := &contracts[i]
		st, _ := ContractState(c, asOf, warnDays)
		switch st {
		case CoverageExpired:
			if lastEnded == nil || c.End.After(lastEnded.End) {
				lastEnded = c
			}
		case CoverageNone:
			if future == nil || c.Start.Before(future.Start) {
				future = c
			}
		default:
			if best == nil || c.End.After(best.End) {
				best = c
			}
		}
	}
	switch {
	case best != nil:
		st, left := ContractState(best, asOf, warnDays)
		cv := Coverage{State: st, Contract: best, End: best.End, DaysLeft: left}
		if st == CoverageEnding {
			cv.Reason = best.describe() + " ends on " + best.End.String() + ", in " + days(left)
		} else {
			cv.Reason = best.describe() + " runs until " + best.End.String()
		}
		return cv
	case lastEnded != nil:
		left := asOf.DaysUntil(lastEnded.End)
		cv := Coverage{State: CoverageExpired, Contract: lastEnded, End: lastEnded.End, DaysLeft: left,
			Reason: lastEnded.describe() + " ended on " + lastEnded.End.String() + " (" + CountOf(-left, "day", "days") + " ago)"}
		if future != nil {
			cv.Reason += fmt.Sprintf("; the next one starts on %s", future.Start)
		}
		return cv
	case future != nil:
		return Coverage{State: CoverageNone, Contract: future, End: future.End, DaysLeft: asOf.DaysUntil(future.End),
			Reason: fmt.Sprintf("not covered yet: %s starts on %s", future.describe(), future.Start)}
	}
	return Coverage{State: CoverageNone, Reason: "no warranty or support contract is recorded"}
}

// Renewal is the next term of c: the same provider, reference, level, cost
// and assets, starting the day after c ends and as long as c was (a year
// when c has no start). The store gives it its own ID and history.
func (c *Contract) Renewal() Contract {
	n := *c
	n.ID, n.Created, n.Updated = 0, time.Time{}, time.Time{}
	n.AssetIDs = append([]int64(nil), c.AssetIDs...)
	n.AssetTags = append([]string(nil), c.AssetTags...)
	n.Start = c.End.AddDays(1)
	if c.Start.IsZero() || !c.Start.Before(c.End) {
		n.End = n.Start.AddMonths(12).AddDays(-1)
		return n
	}
	// Whole months when the old term was whole months (1 Apr - 31 Mar), so a
	// yearly term stays yearly across leap years; otherwise the same days.
	for m := 1; m <= 120; m++ {
		if c.Start.AddMonths(m).AddDays(-1) == c.End {
			n.End = n.Start.AddMonths(m).AddDays(-1)
			return n
		}
	}
	n.End = n.Start.AddDays(c.Start.DaysUntil(c.End))
	return n
}
