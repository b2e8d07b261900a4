// Package assets is Steward's domain: the register's types, their validation
// and the rules computed over them. It knows nothing of the database, the
// window, the network or the hardware.
package assets

import (
	"errors"
	"fmt"
	"strings"
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
// the input at fault, when there is one. Op names the store operation that
// returned it ("sqlite.UpdateAsset"), for logs: Error() never shows it.
type Error struct {
	Kind  Kind
	Field string
	Msg   string
	Op    string
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

// OpError is an internal error (one with no *Error in its chain) together
// with the store operation that returned it: its text is "op: cause", so a
// log says where it happened. Message gives the text without the operation.
type OpError struct {
	Op  string
	Err error
}

func (e *OpError) Error() string { return e.Op + ": " + e.Err.Error() }

func (e *OpError) Unwrap() error { return e.Err }

// Wrap records op ("sqlite.ListLicences") on the error *err, for use as
//
//	defer assets.Wrap(&err, "sqlite.ListLicences")
//
// in a method with a named error result. A nil error is left alone, and so
// is one that already names an operation (the innermost one is the most
// precise). A domain error keeps its type and its text: an *Error is copied
// with Op set, and any other error with an *Error in its chain
// (ValidationErrors, a row number wrapped around a field error) is left as
// it is. Any other error becomes an *OpError, whose text starts with op.
func Wrap(err *error, op string) {
	if *err == nil {
		return
	}
	wrapSlow(err, op)
}

func wrapSlow(err *error, op string) {
	e := *err
	if OpOf(e) != "" {
		return
	}
	if de, ok := e.(*Error); ok {
		c := *de
		c.Op = op
		*err = &c
		return
	}
	if KindOf(e) != KindInternal {
		return
	}
	*err = &OpError{Op: op, Err: e}
}

// OpOf returns the store operation recorded on err by Wrap (the outermost
// one in its chain), or "" if none.
func OpOf(err error) string {
	op := ""
	walk(err, func(e error) bool {
		switch x := e.(type) {
		case *OpError:
			op = x.Op
		case *Error:
			op = x.Op
		}
		return op == ""
	})
	return op
}

// Message is err's text for a person: Error() without the operations Wrap
// put in it (for an *Error, Error() itself). Logs keep Error(), which says
// where; dialogs and the command line show Message.
func Message(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	walk(err, func(e error) bool {
		if x, ok := e.(*OpError); ok {
			s = strings.Replace(s, x.Op+": ", "", 1)
		}
		return true
	})
	return s
}

// walk visits err and its chain (depth first, as errors.As does) until
// visit returns false; it reports whether the walk went to the end.
func walk(err error, visit func(error) bool) bool {
	for err != nil {
		if !visit(err) {
			return false
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if !walk(e, visit) {
					return false
				}
			}
			return true
		default:
			return true
		}
	}
	return true
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
