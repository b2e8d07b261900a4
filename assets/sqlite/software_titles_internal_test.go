package sqlite

import (
	"slices"
	"testing"
)

func TestCompactTitleIDs(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int64
		ok   bool
	}{
		{`[]`, []int64{}, true},
		{`[[1,"a"]]`, []int64{1}, true},
		{`[[12,"1.0"],[345,"x\"]y"],[6,""]]`, []int64{12, 345, 6}, true},
		{`[[1,"a"] ]`, nil, false},
		{`[[1,"a"],]`, nil, false},
		{`[[1,2]]`, nil, false},
		{`[[1,"a"]]x`, nil, false},
		{`[[,"a"]]`, nil, false},
		{`[[1,"a\\"]]`, []int64{1}, true},
		{`[[1,"a`, nil, false},
	} {
		got, ok := compactTitleIDs([]byte(c.in))
		if ok != c.ok || (ok && !slices.Equal(got, c.want)) {
			t.Errorf("%s: %v %v, want %v %v", c.in, got, ok, c.want, c.ok)
		}
		if ok {
			full, err := listTitleIDs([]byte(c.in))
			if err != nil || !slices.Equal(full, got) {
				t.Errorf("%s: listTitleIDs %v %v", c.in, full, err)
			}
		}
	}
	// What the migration writes (json_group_array of json_array) and what
	// encoding/json accepts with spaces read the same.
	if ids, err := listTitleIDs([]byte(`[ [7, "1.0"], [8, "2"] ]`)); err != nil || !slices.Equal(ids, []int64{7, 8}) {
		t.Errorf("spaced list: %v %v", ids, err)
	}
}
