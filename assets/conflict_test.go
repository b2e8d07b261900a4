package assets

import (
	"errors"
	"testing"
)

func TestCheckVersion(t *testing.T) {
	theirs := Asset{ID: 7, Tag: "ST-1", Name: "Laptop", Location: "Leeds", Version: 3}
	yours := theirs
	yours.Version, yours.Location, yours.Notes = 2, "York", "mine"
	changes := theirs.ChangesTo(yours)
	for _, c := range []struct {
		read, stored int64
		changes      []FieldChange
		conflict     bool
	}{
		{0, 3, changes, false},
		{3, 3, changes, false},
		{2, 3, nil, false},
		{2, 3, changes, true},
	} {
		err := CheckVersion("asset", 7, c.read, c.stored, theirs, yours, c.changes)
		if (err != nil) != c.conflict {
			t.Fatalf("read %d stored %d: %v", c.read, c.stored, err)
		}
		if err == nil {
			continue
		}
		if KindOf(err) != KindConflict {
			t.Fatalf("kind %v", KindOf(err))
		}
		var ce *ConflictError
		if !errors.As(err, &ce) || ce.Version != 3 || len(ce.Fields) != 2 || ce.Fields[0].Field != "location" ||
			ce.Fields[0].Old != "Leeds" || ce.Fields[0].New != "York" || ce.Theirs.(Asset).Location != "Leeds" {
			t.Fatalf("%#v", ce)
		}
	}
}
