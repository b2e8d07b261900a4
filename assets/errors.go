// Package assets is Steward's domain: the register's types, their validation
// and the rules computed over them. It knows nothing of the database, the
// window, the network or the hardware.
package assets

import (
	"errors"
	"fmt"
)

// Kind says what sort of failure an error is, so callers can react to it
// (show a form error, a "not found" page, a conflict dialog) without parsing
// text.
type Kind int

const (
	KindInternal Kind = iota
	KindInvalid
	KindNotFound
	KindConflict
)

func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindNotFound:
		return "not found"
	case KindConflict:
		return "conflict"
	}
	return "internal"
}

// Error is a failure with a kind and a message fit for a person. Field names
// the input at fault, when there is one.
type Error struct {
	Kind  Kind
	Field string
	Msg   string
	Err   error // the underlying cause, for logs; never shown as is
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Msg
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Invalidf is an input error on field.
func Invalidf(field, format string, a ...any) error {
	return &Error{Kind: KindInvalid, Field: field, Msg: fmt.Sprintf(format, a...)}
}

// NotFoundf says a record does not exist.
func NotFoundf(format string, a ...any) error {
	return &Error{Kind: KindNotFound, Msg: fmt.Sprintf(format, a...)}
}

// Conflictf says a write clashes with what is stored (a duplicate tag, say).
func Conflictf(field, format string, a ...any) error {
	return &Error{Kind: KindConflict, Field: field, Msg: fmt.Sprintf(format, a...)}
}

// KindOf returns the kind of err, KindInternal for errors that carry none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// ValidationErrors collects every problem of one record, so a form can show
// them all at once instead of one per save.
type ValidationErrors []error

func (v ValidationErrors) Error() string {
	switch len(v) {
	case 0:
		return "no errors"
	case 1:
		return v[0].Error()
	}
	s := v[0].Error()
	for _, e := range v[1:] {
		s += "; " + e.Error()
	}
	return s
}

// Unwrap lets errors.As find the first *Error (and so KindOf report invalid).
func (v ValidationErrors) Unwrap() []error { return v }

// Err returns nil when there are no problems, else the collection.
func (v ValidationErrors) Err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}
