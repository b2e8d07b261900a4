package assets

import (
	"reflect"
	"testing"
)

func TestMergeField(t *testing.T) {
	for _, tc := range []struct {
		name               string
		observation        bool
		base, theirs, mine string
		want               FieldDecision
	}{
		{"nobody changed it", false, "a", "a", "a", KeepTheirs},
		{"only the visit changed it", false, "a", "a", "b", TakeMine},
		{"only the office changed it", false, "a", "b", "a", KeepTheirs},
		{"both alike", false, "a", "b", "b", KeepTheirs},
		{"both differently: administrative", false, "a", "b", "c", FieldConflict},
		{"both differently: observation", true, "a", "b", "c", TakeMine},
		{"only the office changed an observation", true, "a", "b", "a", KeepTheirs},
		{"the visit cleared it", false, "a", "a", "", TakeMine},
		{"the office cleared it, the visit changed it", false, "a", "", "c", FieldConflict},
	} {
		if got := MergeField(tc.observation, tc.base, tc.theirs, tc.mine); got != tc.want {
			t.Errorf("%s: got %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestMergeRecord(t *testing.T) {
	fields := []string{"status", "location", "notes"}
	observed := map[string]bool{"location": true}
	base := Fields{"status": "in_use", "location": "Room 1", "notes": ""}
	with := func(k, v string) Fields {
		f := Fields{}
		for a, b := range base {
			f[a] = b
		}
		f[k] = v
		return f
	}
	for _, tc := range []struct {
		name               string
		base, theirs, mine Fields
		want               RecordMerge
	}{
		{"untouched", base, base, base, RecordMerge{}},
		{"visit edit", base, base, with("notes", "dented"), RecordMerge{Take: []string{"notes"}}},
		{"office edit", base, with("notes", "sold"), base, RecordMerge{}},
		{"both edit status", base, with("status", "retired"), with("status", "in_repair"), RecordMerge{Conflicts: []string{"status"}}},
		{"both move it: the visit saw it", base, with("location", "Room 2"), with("location", "Room 3"), RecordMerge{Take: []string{"location"}}},
		{"new on the visit", nil, nil, base, RecordMerge{Action: RecordInsert}},
		{"added by an earlier check-in", nil, with("notes", "office"), base, RecordMerge{}},
		{"deleted in the office, untouched on the visit", base, nil, base, RecordMerge{}},
		{"deleted in the office, edited on the visit", base, nil, with("notes", "x"), RecordMerge{Action: RecordConflict, Reason: "deleted in the office, edited on the visit"}},
		{"deleted on the visit, untouched in the office", base, base, nil, RecordMerge{Action: RecordDelete}},
		{"deleted on the visit, edited in the office", base, with("notes", "x"), nil, RecordMerge{Action: RecordConflict, Reason: "deleted on the visit, edited in the office"}},
		{"deleted on both sides", base, nil, nil, RecordMerge{}},
	} {
		if got := MergeRecord(fields, observed, tc.base, tc.theirs, tc.mine); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestMergePlanResolve(t *testing.T) {
	p := MergePlan{Conflicts: []MergeConflict{
		{GID: "g1", Label: "ST-000001", Field: "status"},
		{GID: "g1", Label: "ST-000001", Field: "cost"},
		{GID: "g2", Label: "ST-000002", Field: "status"},
	}}
	if open := p.Resolve(Undecided, map[string]Side{ResolutionKey("ST-000001", "cost"): Mine, ResolutionKey("g2", "status"): Theirs}); open != 1 {
		t.Fatalf("%d open, want 1", open)
	}
	if got := []Side{p.Conflicts[0].Resolved, p.Conflicts[1].Resolved, p.Conflicts[2].Resolved}; !reflect.DeepEqual(got, []Side{Undecided, Mine, Theirs}) {
		t.Errorf("sides %v", got)
	}
	if open := p.Resolve(Mine, nil); open != 0 || p.Conflicts[2].Resolved != Mine {
		t.Errorf("--mine left %d open", open)
	}
}
