package assets

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// PersonStatus says whether someone still works for the organisation.
type PersonStatus string

const (
	PersonActive  PersonStatus = "active"
	PersonOnLeave PersonStatus = "on_leave"
	PersonLeft    PersonStatus = "left"
)

// PersonStatuses lists every person status in display order.
var PersonStatuses = []PersonStatus{PersonActive, PersonOnLeave, PersonLeft}

// Label is the status as shown ("On leave").
func (s PersonStatus) Label() string {
	switch s {
	case PersonActive:
		return "Active"
	case PersonOnLeave:
		return "On leave"
	case PersonLeft:
		return "Left"
	}
	return string(s)
}

// ParsePersonStatus accepts a code or label in any case.
func ParsePersonStatus(s string) (PersonStatus, error) {
	norm := normCode(s)
	if norm == "" {
		return PersonActive, nil
	}
	for _, st := range PersonStatuses {
		if string(st) == norm {
			return st, nil
		}
	}
	return "", fmt.Errorf("%q is not a person status: use active, on leave or left", s)
}

// Person is someone who can hold assets and licence seats and take training.
type Person struct {
	ID         int64        `json:"id"`
	Name       string       `json:"name"`
	Email      string       `json:"email"`
	Department string       `json:"department,omitempty"`
	Title      string       `json:"title,omitempty"`
	Location   string       `json:"location,omitempty"`
	ManagerID  int64        `json:"manager_id,omitempty"`
	StartDate  Date         `json:"start_date"`
	LeaveDate  Date         `json:"leave_date"`
	Status     PersonStatus `json:"status"`
	Created    time.Time    `json:"created"`
	Updated    time.Time    `json:"updated"`
	Version    int64        `json:"-"` // the stored row's version when read: an update of another version is refused (ConflictError)
}

// Normalize trims fields and lower-cases the e-mail address.
func (p *Person) Normalize() {
	for _, s := range []*string{&p.Name, &p.Department, &p.Title, &p.Location} {
		*s = strings.TrimSpace(*s)
	}
	p.Email = strings.ToLower(strings.TrimSpace(p.Email))
	if p.Status == "" {
		p.Status = PersonActive
	}
}

// Validate returns every problem with p.
func (p *Person) Validate() error {
	var errs ValidationErrors
	if p.Name == "" {
		errs = append(errs, Invalidf("name", "give the person's name"))
	}
	if p.Email == "" {
		errs = append(errs, Invalidf("email", "give an e-mail address: it identifies the person in imports"))
	} else if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
		errs = append(errs, Invalidf("email", "%q is not an e-mail address", p.Email))
	} else {
		errs = checkText(errs, false, textField{"email", p.Email}) // what net/mail lets through (C1 controls)
	}
	if _, err := ParsePersonStatus(string(p.Status)); err != nil {
		errs = append(errs, Invalidf("status", "%v", err))
	}
	if !p.LeaveDate.IsZero() && !p.StartDate.IsZero() && p.LeaveDate.Before(p.StartDate) {
		errs = append(errs, Invalidf("leave_date", "the leave date %s is before the start date %s", p.LeaveDate, p.StartDate))
	}
	if p.ManagerID != 0 && p.ManagerID == p.ID {
		errs = append(errs, Invalidf("manager", "a person cannot be their own manager"))
	}
	errs = checkText(errs, false, textField{"name", p.Name}, textField{"department", p.Department},
		textField{"title", p.Title}, textField{"location", p.Location})
	return errs.Err()
}

// PersonSubject is how alerts (and every list that picks a person) name
// someone: "Name <email>", since two people may share a name; either part
// alone when the other is missing.
func PersonSubject(name, email string) string {
	switch {
	case email == "":
		return name
	case name == "":
		return "<" + email + ">"
	}
	return name + " <" + email + ">"
}

// Subject is PersonSubject of p.
func (p *Person) Subject() string { return PersonSubject(p.Name, p.Email) }

// ManagerCycle follows the managers up from person start (managerOf gives
// each person's manager, ok false for none) and returns the circle back to
// start: start, their manager, ..., start; nil when the chain ends. A
// circle higher up that does not pass through start is not start's to
// report (each of its people reports it).
func ManagerCycle[K comparable](start K, managerOf func(K) (K, bool)) []K {
	seen := map[K]bool{start: true}
	chain := []K{start}
	for cur := start; ; {
		m, ok := managerOf(cur)
		if !ok {
			return nil
		}
		chain = append(chain, m)
		if m == start {
			return chain
		}
		if seen[m] {
			return nil
		}
		seen[m] = true
		cur = m
	}
}

// ManagerCycleError refuses a manager that closes a circle, naming its
// people in order (each as PersonSubject), the first one again at the end.
func ManagerCycleError(names []string) error {
	if len(names) <= 2 {
		return Invalidf("manager", "a person cannot be their own manager")
	}
	s := names[0]
	for i, n := range names[1:] {
		if i == 0 {
			s += " would report to " + n
		} else {
			s += ", who reports to " + n
		}
	}
	return Invalidf("manager", "managers cannot go round in a circle: %s", s)
}
