package assets

import (
	"fmt"
	"strings"
)

// ConflictError refuses a save of a record read at an older version than
// the one stored: somebody else saved it in between (issue 18, no lost
// updates). It carries both copies, theirs as stored now and yours as
// offered, and the fields in which they differ (Fields: Old is theirs, New
// is yours, values as a person reads them), so a window can show them side
// by side and let the person keep theirs or save theirs over with theirs'
// version. KindOf reports KindConflict.
type ConflictError struct {
	Entity string // "asset", "person", "licence", "contract", "task", "course"
	ID     int64
	Theirs any // the record as stored now (Asset, Person, *Licence, ...)
	Yours  any // the record as the caller offered it
	// Version is theirs' version: set it on yours to save yours over theirs.
	Version int64
	Fields  []FieldChange
}

func (e *ConflictError) Error() string {
	names := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		names[i] = f.Field
	}
	return fmt.Sprintf("this %s was changed by someone else since you opened it (%s): reload it or save yours over theirs",
		e.Entity, strings.Join(names, ", "))
}

// Unwrap gives the *Error of kind KindConflict, for KindOf.
func (e *ConflictError) Unwrap() error {
	return &Error{Kind: KindConflict, Msg: e.Error()}
}

// CheckVersion is the one rule for every editable record: a save of yours,
// read at version read, over theirs, stored at version stored, where
// changes (theirs.ChangesTo(yours)) lists what the save would change. It
// returns nil when the versions agree, when read is 0 (the caller did not
// read the record first: imports and commands that set fields by name) or
// when there is nothing to change (yours already matches theirs); else a
// *ConflictError.
func CheckVersion(entity string, id, read, stored int64, theirs, yours any, changes []FieldChange) error {
	if read == 0 || read == stored || len(changes) == 0 {
		return nil
	}
	return &ConflictError{Entity: entity, ID: id, Theirs: theirs, Yours: yours, Version: stored, Fields: changes}
}
