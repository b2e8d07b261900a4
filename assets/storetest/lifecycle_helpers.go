package storetest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"steward/assets"
)

// Helpers of the lifecycle cases.

// addAsset creates an asset with the given tag and name (a laptop in use
// unless fields says otherwise) and returns it as stored.
func addAsset(t *testing.T, s lifecycleFixture, tag, name string, fields ...func(*assets.Asset)) assets.Asset {
	t.Helper()
	a := assets.Asset{Tag: tag, Name: name, Category: "laptop", Status: assets.StatusDeployed}
	for _, f := range fields {
		f(&a)
	}
	must(t, s.CreateAsset(ctx, &a))
	return a
}

// addPerson creates a person.
func addPerson(t *testing.T, s lifecycleFixture, name, email string) assets.Person {
	t.Helper()
	p := assets.Person{Name: name, Email: email}
	must(t, s.CreatePerson(ctx, &p))
	return p
}

// historyLines reads a record's history, newest first, one line per row:
// "action field: old -> new by actor" (field and values left out when
// empty).
func historyLines(t *testing.T, s lifecycleFixture, entity string, id int64) []string {
	t.Helper()
	rows, err := s.History(ctx, entity, id)
	must(t, err)
	var out []string
	for _, h := range rows {
		line := h.Action
		if h.Field != "" {
			line += " " + h.Field + ":"
		}
		if h.Old != "" || h.Field != "" {
			line += " " + h.Old + " ->"
		}
		if h.New != "" {
			line += " " + h.New
		}
		if h.Entity != entity || h.EntityID != id {
			line += fmt.Sprintf(" (of %s #%d)", h.Entity, h.EntityID)
		}
		if h.At.IsZero() {
			line += " (no time)"
		}
		out = append(out, line+" by "+h.Actor)
	}
	return out
}

// wantLines compares lists of lines, showing both in full on a difference.
func wantLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Fatalf("%s:\ngot:\n\t%s\nwant:\n\t%s", what, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// wantEqual compares two values of any type.
func wantEqual[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\ngot  %+v\nwant %+v", what, got, want)
	}
}

// wantStats compares an import's counts.
func wantStats(t *testing.T, what string, got assets.ImportStats, created, updated, unchanged int) {
	t.Helper()
	want := assets.ImportStats{Created: created, Updated: updated, Unchanged: unchanged}
	if got != want {
		t.Fatalf("%s: stats %+v, want %+v", what, got, want)
	}
}
