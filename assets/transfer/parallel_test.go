package transfer

import (
	"fmt"
	"strings"
	"testing"

	"steward/assets/csvio"
)

// readParallel must report exactly what readAll reports, in the same order,
// for files spanning many chunks: bad rows here and there, too many bad
// rows, a broken line after some bad rows.
func TestReadParallelMatchesReadAll(t *testing.T) {
	makeFile := func(n int, bad func(i int) bool, brokenAt int) string {
		var b strings.Builder
		b.WriteString("tag,name\n")
		for i := 1; i <= n; i++ {
			switch {
			case i == brokenAt:
				b.WriteString("T\"x,broken\n")
			case bad(i):
				fmt.Fprintf(&b, "T%d,\n", i%50) // no name; tags repeat every 50 rows
			default:
				fmt.Fprintf(&b, "U%d,Name %d\n", i, i)
			}
		}
		return b.String()
	}
	parse := func(row csvio.Row) (string, []*csvio.Error) {
		var errs []*csvio.Error
		if row.Get("name") == "" {
			errs = append(errs, row.Errorf("name", "no name"))
		}
		return row.Get("tag"), errs
	}
	cases := map[string]string{
		"clean":        makeFile(5000, func(int) bool { return false }, 0),
		"a few bad":    makeFile(5000, func(i int) bool { return i%997 == 0 }, 0),
		"too many bad": makeFile(9000, func(i int) bool { return i%7 == 0 }, 0),
		"broken line":  makeFile(5000, func(i int) bool { return i%1500 == 0 }, 3333),
	}
	for name, file := range cases {
		run := func(parallel bool) string {
			r, err := csvio.NewReader(strings.NewReader(file), "f.csv", []string{"tag", "name"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]int{}
			var order []string
			keep := func(row csvio.Row, tag string, errs []*csvio.Error) []*csvio.Error {
				if prev, dup := seen[tag]; dup {
					errs = append(errs, row.Errorf("tag", "also on line %d", prev))
				}
				seen[tag] = row.Line
				order = append(order, tag)
				return errs
			}
			var n int
			if parallel {
				n, err = readParallel(r, parse, keep)
			} else {
				n, err = readAll(r, func(row csvio.Row) []*csvio.Error {
					v, errs := parse(row)
					return keep(row, v, errs)
				})
			}
			return fmt.Sprintf("%d rows, kept %d (last %q), error: %v", n, len(order), order[len(order)-1], err)
		}
		if got, want := run(true), run(false); got != want {
			t.Errorf("%s:\nparallel %s\nreadAll  %s", name, got, want)
		}
	}
}
