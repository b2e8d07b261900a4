package assets_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"steward/assets"
)

func wrapped(err error) (out error) {
	defer assets.Wrap(&out, "sqlite.Thing")
	return err
}

func TestWrapLeavesNilAlone(t *testing.T) {
	if err := wrapped(nil); err != nil {
		t.Fatalf("nil became %v", err)
	}
	if op := assets.OpOf(nil); op != "" {
		t.Errorf("OpOf(nil) = %q", op)
	}
	if m := assets.Message(nil); m != "" {
		t.Errorf("Message(nil) = %q", m)
	}
}

func TestWrapKeepsADomainErrorsText(t *testing.T) {
	orig := assets.Conflictf("tag", "another asset already has this tag")
	err := wrapped(orig)
	if err.Error() != "tag: another asset already has this tag" {
		t.Errorf("text changed: %q", err.Error())
	}
	var de *assets.Error
	if !errors.As(err, &de) || de.Kind != assets.KindConflict || de.Field != "tag" || de.Op != "sqlite.Thing" {
		t.Errorf("got %#v, want the conflict on tag with Op sqlite.Thing", de)
	}
	if orig.(*assets.Error).Op != "" {
		t.Error("Wrap changed the caller's error in place")
	}
	if op := assets.OpOf(err); op != "sqlite.Thing" {
		t.Errorf("OpOf = %q", op)
	}
	if m := assets.Message(err); m != err.Error() {
		t.Errorf("Message = %q, want %q", m, err.Error())
	}
	if assets.KindOf(err) != assets.KindConflict {
		t.Errorf("kind %v", assets.KindOf(err))
	}
}

func TestWrapLeavesErrorsHoldingADomainErrorAsTheyAre(t *testing.T) {
	v := assets.ValidationErrors{assets.Invalidf("name", "is required"), assets.Invalidf("tag", "is required")}
	err := wrapped(v.Err())
	if _, ok := err.(assets.ValidationErrors); !ok {
		t.Errorf("ValidationErrors became %T", err)
	}
	row := fmt.Errorf("row 3: %w", assets.Invalidf("cost", "not a number"))
	if err := wrapped(row); err != row {
		t.Errorf("a row error became %v", err)
	}
}

func TestWrapNamesTheOperationOfAnInternalError(t *testing.T) {
	err := wrapped(context.Canceled)
	if err.Error() != "sqlite.Thing: context canceled" {
		t.Errorf("text %q", err.Error())
	}
	if !errors.Is(err, context.Canceled) {
		t.Error("errors.Is lost the cause")
	}
	if op := assets.OpOf(err); op != "sqlite.Thing" {
		t.Errorf("OpOf = %q", op)
	}
	if m := assets.Message(err); m != "context canceled" {
		t.Errorf("Message = %q", m)
	}
	if assets.KindOf(err) != assets.KindInternal {
		t.Errorf("kind %v", assets.KindOf(err))
	}
	// Wrapped further by a caller, the person still sees no operation.
	outer := fmt.Errorf("importing: %w", err)
	if m := assets.Message(outer); m != "importing: context canceled" {
		t.Errorf("Message = %q", m)
	}
	if op := assets.OpOf(errors.Join(errors.New("x"), outer)); op != "sqlite.Thing" {
		t.Errorf("OpOf through Join = %q", op)
	}
}

func TestWrapKeepsTheInnermostOperation(t *testing.T) {
	inner := func() (err error) {
		defer assets.Wrap(&err, "sqlite.Inner")
		return errors.New("disk I/O error")
	}
	outer := func() (err error) {
		defer assets.Wrap(&err, "sqlite.Outer")
		return inner()
	}
	err := outer()
	if err.Error() != "sqlite.Inner: disk I/O error" || assets.OpOf(err) != "sqlite.Inner" {
		t.Errorf("got %q (op %q)", err, assets.OpOf(err))
	}
	dom := func() (err error) {
		defer assets.Wrap(&err, "sqlite.Inner")
		return assets.NotFoundf("no such asset")
	}
	outerDom := func() (err error) {
		defer assets.Wrap(&err, "sqlite.Outer")
		return dom()
	}
	if err := outerDom(); assets.OpOf(err) != "sqlite.Inner" || err.Error() != "no such asset" {
		t.Errorf("got %q (op %q)", err, assets.OpOf(err))
	}
}

func BenchmarkWrapNil(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = wrapped(nil)
	}
}

//go:noinline
func plain(err error) (out error) {
	return err
}

func BenchmarkNoWrapNil(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = plain(nil)
	}
}
