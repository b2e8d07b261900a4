package assets

import "fmt"

// A visit bundle (a copy of some locations' records taken away on a laptop)
// comes back into the register by a three-way merge, record by record and
// field by field: base is the value as it was taken, theirs the register's
// value now (the office), mine the bundle's value now (the visit).

// Fields is one record's values by field name, as text; nil is a record
// that does not exist on that side.
type Fields map[string]string

// Side is whose value a person chose for a conflict.
type Side int

const (
	Undecided Side = iota
	Theirs         // the office's value (the register's)
	Mine           // the visit's value (the bundle's)
)

func (s Side) String() string {
	switch s {
	case Theirs:
		return "theirs"
	case Mine:
		return "mine"
	}
	return "undecided"
}

// ParseSide reads "theirs" or "mine".
func ParseSide(s string) (Side, error) {
	switch s {
	case "theirs":
		return Theirs, nil
	case "mine":
		return Mine, nil
	}
	return Undecided, fmt.Errorf("%q is neither theirs nor mine", s)
}

// FieldDecision is what the merge does with one field.
type FieldDecision int

const (
	KeepTheirs    FieldDecision = iota // the register's value stays
	TakeMine                           // the visit's value is written
	FieldConflict                      // both changed it differently: a person decides
)

// MergeField decides one field. Only the visit changed it: the visit's
// value. Only the office (or both alike): the office's. Both, differently:
// an observation (what the visit saw on site) takes the visit's value, any
// other field is a conflict.
func MergeField(observation bool, base, theirs, mine string) FieldDecision {
	switch {
	case mine == base || mine == theirs:
		return KeepTheirs
	case theirs == base || observation:
		return TakeMine
	}
	return FieldConflict
}

// RecordAction is what the merge does with a record as a whole.
type RecordAction int

const (
	RecordKeep     RecordAction = iota // nothing, or field updates
	RecordInsert                       // new on the visit: added to the register
	RecordDelete                       // deleted on the visit, untouched in the office
	RecordConflict                     // deleted on one side, edited on the other
)

// RecordMerge is the decision for one record: its action and, when both
// sides hold it, the fields to write and those in conflict.
type RecordMerge struct {
	Action    RecordAction
	Reason    string   // why a RecordConflict is one
	Take      []string // fields whose visit value is written
	Conflicts []string // fields both sides changed differently
}

// MergeRecord decides one record from its three versions; fields lists the
// fields in a fixed order and observed says which are observations.
func MergeRecord(fields []string, observed map[string]bool, base, theirs, mine Fields) RecordMerge {
	switch {
	case mine == nil && theirs == nil:
		return RecordMerge{}
	case base == nil && theirs == nil:
		return RecordMerge{Action: RecordInsert}
	case base == nil:
		// Already in the register under the same id: an earlier check-in
		// of this bundle added it; its later changes are the office's.
		return RecordMerge{}
	case theirs == nil:
		if sameFields(fields, base, mine) {
			return RecordMerge{}
		}
		return RecordMerge{Action: RecordConflict, Reason: "deleted in the office, edited on the visit"}
	case mine == nil:
		if sameFields(fields, base, theirs) {
			return RecordMerge{Action: RecordDelete}
		}
		return RecordMerge{Action: RecordConflict, Reason: "deleted on the visit, edited in the office"}
	}
	var m RecordMerge
	for _, f := range fields {
		switch MergeField(observed[f], base[f], theirs[f], mine[f]) {
		case TakeMine:
			m.Take = append(m.Take, f)
		case FieldConflict:
			m.Conflicts = append(m.Conflicts, f)
		}
	}
	return m
}

func sameFields(fields []string, a, b Fields) bool {
	for _, f := range fields {
		if a[f] != b[f] {
			return false
		}
	}
	return true
}

// MergeChange is one change a check-in makes (or would make) to the
// register: a field written, a record added or deleted, or rows added to a
// record's history, sightings, hand-overs or audits.
type MergeChange struct {
	Entity string // asset, person, category, contract, licence, history...
	GID    string
	Label  string // what a person recognises: a tag, an email, a name
	Action string // update, add, delete
	Field  string
	Old    string
	New    string
}

// MergeConflict is a decision the check-in leaves to a person.
type MergeConflict struct {
	Entity string
	GID    string
	Label  string
	Field  string // "" for a whole record
	Reason string
	Base   string
	Theirs string
	Mine   string
	// Resolved is the side chosen (by --theirs, --mine or a resolution
	// file); Undecided leaves the register's value.
	Resolved Side
}

// MergePlan is everything a check-in changes and leaves to decide.
type MergePlan struct {
	Visit     string // the bundle's id
	Changes   []MergeChange
	Conflicts []MergeConflict
	// Added counts the rows of history, hand-overs, sightings, audits and
	// inventory the visit recorded that the register gains (unions).
	Added         map[string]int
	AlreadyMerged bool // this bundle, as it is, was checked in before
	DryRun        bool
	Unresolved    int
}

// ResolutionKey names a conflict in a resolution file: the record (its
// global id, or its label such as a tag) and the field.
func ResolutionKey(record, field string) string { return record + "\x00" + field }

// Resolve sets each conflict's side: a per-field resolution (by global id
// or label) first, else all (Undecided leaves it open). It returns how many
// stay open.
func (p *MergePlan) Resolve(all Side, per map[string]Side) int {
	open := 0
	for i := range p.Conflicts {
		c := &p.Conflicts[i]
		if s, ok := per[ResolutionKey(c.GID, c.Field)]; ok {
			c.Resolved = s
		} else if s, ok := per[ResolutionKey(c.Label, c.Field)]; ok {
			c.Resolved = s
		} else {
			c.Resolved = all
		}
		if c.Resolved == Undecided {
			open++
		}
	}
	p.Unresolved = open
	return open
}
