package transfer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/csvio"
	"steward/assets/transfer"
)

// narrowAssets is an assets file of n rows with a name and a category;
// bad(i) rows have no name.
func narrowAssets(n int, bad func(i int) bool) string {
	var b strings.Builder
	b.WriteString("name,category\n")
	for i := 1; i <= n; i++ {
		if bad != nil && bad(i) {
			b.WriteString(",laptop\n")
			continue
		}
		fmt.Fprintf(&b, "Machine %d,laptop\n", i)
	}
	return b.String()
}

// More rows than the old cap of 300,000 are checked and imported, all or
// nothing: a bad last row writes nothing and is named by its line.
func TestImportHasNoRowCap(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	const n = 300_001
	_, err := transfer.Import(ctx, s, "assets", "big.csv", strings.NewReader(narrowAssets(n, func(i int) bool { return i == n })), transfer.Options{})
	if err == nil || !strings.HasPrefix(err.Error(), fmt.Sprintf("big.csv line %d, column 1 (name):", n+1)) {
		t.Fatalf("bad last row: %v", err)
	}
	if c, _ := s.CountAssets(ctx, assets.AssetQuery{}); c != 0 {
		t.Fatalf("%d assets written from a file with a bad row", c)
	}
	if testing.Short() {
		t.Skip("the full import of 300,001 rows is skipped in -short")
	}
	res, err := transfer.Import(ctx, s, "assets", "big.csv", strings.NewReader(narrowAssets(n, nil)), transfer.Options{})
	if err != nil || res.Created != n {
		t.Fatalf("%+v %v", res, err)
	}
	if c, _ := s.CountAssets(ctx, assets.AssetQuery{}); c != n {
		t.Fatalf("%d assets stored, want %d", c, n)
	}
	// The search index, built aside from batch after batch, has every row.
	for _, q := range []string{"300001", "150000"} {
		if c, err := s.CountAssets(ctx, assets.AssetQuery{Search: q}); err != nil || c != 1 {
			t.Errorf("search %q: %d %v", q, c, err)
		}
	}
	if c, err := s.CountAssets(ctx, assets.AssetQuery{Search: "machine"}); err != nil || c != n {
		t.Errorf("search machine: %d %v", c, err)
	}
}

// The first 100 problems are listed with their places, the others counted.
func TestImportListsAHundredProblemsAndCountsTheRest(t *testing.T) {
	s := openStore(t)
	_, err := transfer.Import(context.Background(), s, "assets", "bad.csv", strings.NewReader(narrowAssets(1000, func(i int) bool { return i%5 == 0 })), transfer.Options{})
	var ce csvio.Errors
	if !errors.As(err, &ce) {
		t.Fatalf("%T %v", err, err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(ce.List) != 100 || ce.More != 100 || len(lines) != 101 ||
		lines[0] != "bad.csv line 6, column 1 (name): give the asset a name, for example \"Dell Latitude 5440\"" ||
		!strings.HasPrefix(lines[99], "bad.csv line 501, column 1 (name)") || lines[100] != "and 100 more problems" {
		t.Errorf("%d listed, %d more:\n%s ... %s", len(ce.List), ce.More, lines[0], strings.Join(lines[len(lines)-2:], "\n"))
	}
}

// A file written in several batches that mixes stored tags (changed or
// not), new tags, untagged rows and, late in the file, a tag in the form
// Steward generates: updates and new assets are counted and stored right,
// and no generated tag takes a tag the file has further on.
func TestStreamedImportUpdatesStoredTagsAcrossBatches(t *testing.T) {
	for _, keep := range []int{0, 20_000} {
		t.Run(fmt.Sprintf("keeping %d rows", keep), func(t *testing.T) {
			defer transfer.SetKeepRows(keep)()
			testMixedImport(t)
		})
	}
}

func testMixedImport(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	var stored strings.Builder
	stored.WriteString("tag,name,category,warranty_end\n")
	for i := 1; i <= 3000; i++ {
		fmt.Fprintf(&stored, "OLD-%d,Old %d,laptop,\n", i, i)
	}
	mustImport(t, s, "assets", stored.String(), false)

	var b strings.Builder
	b.WriteString("tag,name,category,warranty_end\n")
	const rows = 12_000
	for i := 1; i <= rows; i++ {
		switch {
		case i == 1:
			b.WriteString(",Untagged first,laptop,\n") // takes ST-000001
		case i == 2:
			b.WriteString(",Untagged second,laptop,\n") // must skip ST-000002, on the last line
		case i == rows:
			b.WriteString("st-000002,Typed by hand,laptop,\n")
		case i <= 3001 && i%2 == 0:
			fmt.Fprintf(&b, "old-%d,Renamed %d,laptop,2030-01-01\n", i-1, i-1) // stored: updated, warranty set
		case i <= 3001:
			fmt.Fprintf(&b, "OLD-%d,Old %d,laptop,\n", i-1, i-1) // stored, unchanged
		default:
			fmt.Fprintf(&b, "NEW-%d,New %d,laptop,2029-06-30\n", i, i)
		}
	}
	res, err := transfer.Import(ctx, s, "assets", "mixed.csv", strings.NewReader(b.String()), transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Rows 3..3001 are the 2,999 stored tags OLD-2..OLD-3000: the 1,499
	// on even rows renamed.
	if res.Rows != rows || res.Updated != 1499 || res.Unchanged != 1500 || res.Created != rows-2999 {
		t.Fatalf("%+v", res)
	}
	if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 3000+rows-2999 {
		t.Fatalf("%d assets", n)
	}
	for tag, name := range map[string]string{"ST-000001": "Untagged first", "ST-000003": "Untagged second",
		"ST-000002": "Typed by hand", "OLD-3": "Renamed 3", "OLD-4": "Old 4", "NEW-11999": "New 11999"} {
		if a, err := s.AssetByTag(ctx, tag); err != nil || a.Name != name {
			t.Errorf("%s: %+v %v", tag, a, err)
		}
	}
	ends, err := s.WarrantyEnds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	old3, _ := s.AssetByTag(ctx, "OLD-3")
	new9, _ := s.AssetByTag(ctx, "NEW-9000")
	if ends[old3.ID].String() != "2030-01-01" || ends[new9.ID].String() != "2029-06-30" || len(ends) != 1499+(rows-1-3001) {
		t.Errorf("warranties: OLD-3 %v, NEW-9000 %v, %d in all", ends[old3.ID], ends[new9.ID], len(ends))
	}
	// The search index knows the new and the renamed assets.
	for _, q := range []string{"Renamed 3", "New 11999", "Typed by hand"} {
		if n, err := s.CountAssets(ctx, assets.AssetQuery{Search: q}); err != nil || n == 0 {
			t.Errorf("search %q: %d %v", q, n, err)
		}
	}
}

// changingFile gives other bytes the second time it is read from the start.
type changingFile struct {
	*bytes.Reader
	reads int
	then  []byte
}

func (f *changingFile) Seek(off int64, whence int) (int64, error) {
	if off == 0 && whence == io.SeekStart {
		f.reads++
		if f.reads == 1 {
			f.Reader = bytes.NewReader(f.then)
		}
	}
	return f.Reader.Seek(off, whence)
}

// A file changed between the check and the write is refused: nothing of it
// is written, whether a row turned bad or the rows are merely different.
func TestImportRefusesAFileChangedBetweenItsPasses(t *testing.T) {
	defer transfer.SetKeepRows(1000)()
	ctx := context.Background()
	s := openStore(t)
	good := narrowAssets(6000, nil)
	for name, then := range map[string]string{
		"a row turned bad":   narrowAssets(6000, func(i int) bool { return i == 5000 }),
		"a row was added":    good + "Extra,laptop\n",
		"a name was changed": strings.Replace(good, "Machine 3,", "Machine X,", 1),
	} {
		f := &changingFile{Reader: bytes.NewReader([]byte(good)), then: []byte(then)}
		_, err := transfer.Import(ctx, s, "assets", "live.csv", f, transfer.Options{})
		if err == nil || !strings.Contains(err.Error(), "changed while it was being imported") {
			t.Errorf("%s: %v", name, err)
		}
		if n, _ := s.CountAssets(ctx, assets.AssetQuery{}); n != 0 {
			t.Fatalf("%s: %d assets written", name, n)
		}
	}
}

// A file that cannot be read twice (a pipe) is copied aside for the second
// pass, and the copy is removed.
func TestImportFromAPipe(t *testing.T) {
	defer transfer.SetKeepRows(1000)()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s := openStore(t)
	pipe := struct{ io.Reader }{strings.NewReader(narrowAssets(5000, nil))}
	res, err := transfer.Import(context.Background(), s, "assets", "stdin", pipe, transfer.Options{})
	if err != nil || res.Created != 5000 {
		t.Fatalf("%+v %v", res, err)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	if _, err := os.Stat(tmp); err != nil {
		t.Fatal(err)
	}
}

// The kinds whose import still holds every row (all but assets) refuse a
// file longer than they can hold, naming the first line too many.
func TestHeldKindsRefuseMoreRowsThanTheyHold(t *testing.T) {
	var b strings.Builder
	b.WriteString("name,email\n")
	for i := 1; i <= 300_001; i++ {
		fmt.Fprintf(&b, "P %d,p%d@example.org\n", i, i)
	}
	s := openStore(t)
	_, err := transfer.Import(context.Background(), s, "people", "people.csv", strings.NewReader(b.String()), transfer.Options{})
	if err == nil || err.Error() != "people.csv line 300002: more than 300000 rows: split the file and import the parts one after the other" {
		t.Errorf("%v", err)
	}
}
