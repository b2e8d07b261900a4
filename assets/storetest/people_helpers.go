package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"steward/assets"
)

// historian is any store that has History.
type historian interface {
	History(ctx context.Context, entity string, id int64) ([]assets.HistoryEntry, error)
}

// peopleHistory is the history of one record, newest first, one line per
// row: "action field old -> new" (field, old and new when set), each row
// checked to name the suite's actor.
func peopleHistory(t *testing.T, s historian, entity string, id int64) []string {
	t.Helper()
	list, err := s.History(ctx, entity, id)
	must(t, err)
	out := make([]string, 0, len(list))
	for _, h := range list {
		if h.Actor != Actor {
			t.Errorf("history row %+v: actor %q, want %q", h, h.Actor, Actor)
		}
		if h.Entity != entity || h.EntityID != id {
			t.Errorf("history row %+v asked for %s %d", h, entity, id)
		}
		line := h.Action
		if h.Field != "" {
			line += " " + h.Field + " " + h.Old + " -> " + h.New
		} else if h.New != "" || h.Old != "" {
			line += ": " + h.Old + h.New
		}
		out = append(out, line)
	}
	return out
}

// same fails the test when got and want differ, showing both.
func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %#v\nwant %#v", what, got, want)
	}
}

// wantErrKind fails the test unless err is of kind k.
func wantErrKind(t *testing.T, what string, err error, k assets.Kind) {
	t.Helper()
	if assets.KindOf(err) != k {
		t.Errorf("%s: err %v (kind %v), want kind %v", what, err, assets.KindOf(err), k)
	}
}

// newPerson creates a person (active unless said), failing the test on error.
func newPerson(t *testing.T, s PersonStore, name, email, dept string) assets.Person {
	t.Helper()
	p := assets.Person{Name: name, Email: email, Department: dept}
	must(t, s.CreatePerson(ctx, &p))
	return p
}

// personNames is the names of a list of people, in order.
func personNames(list []assets.Person) []string {
	if list == nil {
		return nil // a store says "none" with nil
	}
	out := make([]string, len(list))
	for i, p := range list {
		out[i] = p.Name
	}
	return out
}

// rowNames is "name:held" of each row of a people list, in order.
func rowNames(list []assets.PersonRow) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, r := range list {
		out[i] = fmt.Sprintf("%s:%d", r.Name, r.AssetsHeld)
	}
	return out
}

// samePerson compares every field of two people, stamps by instant.
func samePerson(t *testing.T, what string, got, want assets.Person) {
	t.Helper()
	if !got.Created.Equal(want.Created) || !got.Updated.Equal(want.Updated) {
		t.Errorf("%s: stamps %v/%v, want %v/%v", what, got.Created, got.Updated, want.Created, want.Updated)
	}
	got.Created, got.Updated = want.Created, want.Updated
	same(t, what, got, want)
}

// recordLines is one line per training record: "person course completed
// expires[*] score cert note", * marking an expiry set by hand.
func recordLines(list []assets.TrainingRecord) []string {
	out := make([]string, len(list))
	for i, r := range list {
		over := ""
		if r.Override {
			over = "*"
		}
		out[i] = strings.Join([]string{r.PersonEmail, r.CourseName, r.CompletedOn.String(), r.ExpiresOn.String() + over,
			assets.FormatScore(r.Score), r.Certificate, r.Note}, " ")
		out[i] = strings.TrimRight(out[i], " ")
	}
	return out
}

// issueLines is one line per training issue.
func issueLines(list []assets.TrainingIssue) []string {
	out := make([]string, len(list))
	for i, is := range list {
		out[i] = fmt.Sprintf("%s <%s> [%s] %s: %s because %s, expires %s", is.Person, is.Email, is.Department, is.Course.Name,
			is.State, is.Because.Describe(), is.Expires)
	}
	return out
}

// handoverLine is a hand-over in one line.
func handoverLine(h assets.Handover) string {
	return fmt.Sprintf("%s %s to %s(%v) out %s due %s %q by %s, in %s %q by %s", h.AssetTag, h.AssetName, h.PersonName, h.PersonID != 0,
		h.CheckedOut, h.DueBack, h.OutNote, h.OutBy, h.CheckedIn, h.InNote, h.InBy)
}

func ptr(v float64) *float64 { return &v }

func itoa(n int64) string { return fmt.Sprint(n) }
