package assets

import (
	"strings"
	"unicode/utf8"
)

// Handover is one check-out of an asset to a person and, once it is back,
// its check-in. An open handover (CheckedIn zero) means the person holds it.
type Handover struct {
	ID         int64  `json:"id"`
	AssetID    int64  `json:"asset_id"`
	AssetTag   string `json:"asset_tag,omitempty"`
	AssetName  string `json:"asset_name,omitempty"`
	PersonID   int64  `json:"person_id,omitempty"`
	PersonName string `json:"person_name"`
	CheckedOut Date   `json:"checked_out"`
	DueBack    Date   `json:"due_back"`
	OutNote    string `json:"out_note,omitempty"`
	CheckedIn  Date   `json:"checked_in"`
	InNote     string `json:"in_note,omitempty"`
	OutBy      string `json:"out_by,omitempty"`
	InBy       string `json:"in_by,omitempty"`
	// The asset's condition when it was handed over and when it came back
	// (empty when not recorded).
	OutCondition Condition `json:"out_condition,omitempty"`
	InCondition  Condition `json:"in_condition,omitempty"`
}

// Open reports whether the asset is still out with the person.
func (h Handover) Open() bool { return h.CheckedIn.IsZero() }

// CheckOut hands an asset to a person.
type CheckOut struct {
	AssetID   int64
	PersonID  int64
	On        Date      // the day it was handed over
	DueBack   Date      // optional: when it should come back (a loan)
	Condition Condition // optional: the asset's condition as it leaves
	Note      string    // accessories, why
}

// CheckIn takes an asset back from whoever holds it.
type CheckIn struct {
	AssetID int64
	On      Date
	// Status is the asset's status once back; empty keeps the usual rule
	// (deployed becomes in stock, anything else stays).
	Status Status
	// Location is where it is kept now; empty leaves it where it was.
	Location  string
	Condition Condition // optional: the asset's condition as it comes back
	Note      string
}

// Status is the asset's status once checked out: one in stock is deployed.
func (c *CheckOut) Status(a Asset) Status {
	if a.Status == StatusInStock {
		return StatusDeployed
	}
	return a.Status
}

// Result is the asset's status and location once checked in.
func (c *CheckIn) Result(a Asset) (Status, string) {
	status, loc := c.Status, a.Location
	if status == "" {
		status = a.Status
		if status == StatusDeployed {
			status = StatusInStock
		}
	}
	if l := strings.TrimSpace(c.Location); l != "" {
		loc = l
	}
	return status, loc
}

// Validate checks a check-out against the asset as it is now.
func (c *CheckOut) Validate(a Asset) error {
	c.Note = strings.TrimSpace(normLines(c.Note))
	var errs ValidationErrors
	if c.PersonID == 0 {
		errs = append(errs, Invalidf("person", "choose who receives %s", a.Tag))
	}
	if c.On.IsZero() {
		errs = append(errs, Invalidf("date", "give the date of the hand-over"))
	}
	if !c.DueBack.IsZero() && c.DueBack.Before(c.On) {
		errs = append(errs, Invalidf("due_back", "the return date %s is before the hand-over %s", c.DueBack, c.On))
	}
	if !a.Status.Active() {
		errs = append(errs, Invalidf("asset", "%s is %s: only assets in stock, deployed or in repair can be checked out", a.Tag, strings.ToLower(a.Status.Label())))
	}
	if a.AssignedTo != 0 && a.AssignedTo != c.PersonID {
		errs = append(errs, Conflictf("asset", "%s is held by %s: check it in first", a.Tag, personLabel(a)))
	}
	if a.AssignedTo != 0 && a.AssignedTo == c.PersonID {
		errs = append(errs, Conflictf("asset", "%s is already with %s", a.Tag, personLabel(a)))
	}
	if cond, err := ParseCondition(string(c.Condition)); err != nil {
		errs = append(errs, Invalidf("condition", "%v", err))
	} else {
		c.Condition = cond
	}
	if utf8.RuneCountInString(c.Note) > 1000 {
		errs = append(errs, Invalidf("note", "keep the note under 1000 characters"))
	}
	errs = checkText(errs, true, textField{"note", c.Note})
	return errs.Err()
}

// Validate checks a check-in against the asset and its open hand-over (zero
// when it was assigned without one).
func (c *CheckIn) Validate(a Asset, open Handover) error {
	c.Note = strings.TrimSpace(normLines(c.Note))
	var errs ValidationErrors
	if a.AssignedTo == 0 {
		errs = append(errs, Invalidf("asset", "%s is not checked out to anyone", a.Tag))
	}
	if c.On.IsZero() {
		errs = append(errs, Invalidf("date", "give the date it came back"))
	} else if !open.CheckedOut.IsZero() && c.On.Before(open.CheckedOut) {
		errs = append(errs, Invalidf("date", "it came back on %s, before it was handed over on %s", c.On, open.CheckedOut))
	}
	c.Location = strings.TrimSpace(c.Location)
	if c.Status != "" {
		if st, err := ParseStatus(string(c.Status)); err != nil {
			errs = append(errs, Invalidf("status", "%v", err))
		} else {
			c.Status = st
		}
	}
	if longerThan(c.Location, 200) {
		errs = append(errs, Invalidf("location", "keep it under 200 characters"))
	}
	if cond, err := ParseCondition(string(c.Condition)); err != nil {
		errs = append(errs, Invalidf("condition", "%v", err))
	} else {
		c.Condition = cond
	}
	errs = checkText(errs, false, textField{"location", c.Location})
	if utf8.RuneCountInString(c.Note) > 1000 {
		errs = append(errs, Invalidf("note", "keep the note under 1000 characters"))
	}
	errs = checkText(errs, true, textField{"note", c.Note})
	return errs.Err()
}

// HeldSeat is a licence seat assigned to a person.
type HeldSeat struct {
	LicenceID int64  `json:"licence_id"`
	Licence   string `json:"licence"`
	Since     Date   `json:"since"`
}

// CourseStatus is where a person stands with one course: the courses
// mandatory for them and those they have done.
type CourseStatus struct {
	Course   Course          `json:"course"`
	Required bool            `json:"required"`
	Because  Scope           `json:"because"` // the scope that makes it mandatory
	Latest   *TrainingRecord `json:"latest,omitempty"`
	State    TrainingState   `json:"state"`
}

// PersonFile is everything a person's page shows.
type PersonFile struct {
	Person    Person           `json:"person"`
	Manager   string           `json:"manager,omitempty"`
	Assets    []Asset          `json:"assets"`
	Seats     []HeldSeat       `json:"seats"`
	Training  []CourseStatus   `json:"training"`
	Records   []TrainingRecord `json:"records"`
	Handovers []Handover       `json:"handovers"`
	Flags     []string         `json:"flags"` // in words: leaver risk, overdue courses
}
