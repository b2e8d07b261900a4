package csvio

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

var known = []string{"tag", "name", "purchase_date", "cost"}

func TestReaderMatchesHeadersAndReportsPlaces(t *testing.T) {
	in := "\ufeffTag,Name,Purchase Date\r\nA1,\"Laptop, grey\",2024-01-02\n\n,,\nB2,\"multi\nline\",bad\n"
	r, err := NewReader(strings.NewReader(in), "x.csv", known, []string{"name"})
	if err != nil {
		t.Fatal(err)
	}
	row, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if row.Get("tag") != "A1" || row.Get("name") != "Laptop, grey" || row.Get("purchase_date") != "2024-01-02" || row.Line != 2 {
		t.Errorf("row 1: %+v", row)
	}
	row, err = r.Read() // blank lines skipped
	if err != nil {
		t.Fatal(err)
	}
	if row.Line != 5 {
		t.Errorf("line = %d, want 5", row.Line)
	}
	e := row.Errorf("purchase_date", "not a date")
	if e.Error() != "x.csv line 6, column 3 (purchase_date): not a date" {
		t.Errorf("error text %q", e.Error())
	}
	if _, err := r.Read(); !errors.Is(err, io.EOF) {
		t.Errorf("want EOF, got %v", err)
	}
}

func TestReaderRefusesBadFiles(t *testing.T) {
	cases := map[string]string{
		"":                         "the file is empty",
		"tag,colour\n":             `unknown column "colour"`,
		"tag,Tag\n":                `column "Tag" appears twice`,
		"tag\n":                    "missing column(s) name",
		"name,\n":                  "a column has no name",
		"name\n\"unterminated\n":   "line 2",
		"name\nab\"c\n":            "quote",
		"name\nx,y\n":              "this row has 2 cells",
		"name,cost\nx,1\ny\n":      "f.csv line 3, column 2 (cost): this row has 1 cell but the header names 2 columns",
		"tag,name,cost\n,x\n":      "f.csv line 2, column 3 (cost): this row has 2 cells",
		"name\n\xff\xfe\n":         "not UTF-8",
		"name\n" + huge(2<<20):     "f.csv line 2: the line is longer than",
		"name\nok\n" + huge(2<<20): "f.csv line 3: the line is longer than",
		huge(2 << 20):              "f.csv line 1: the line is longer than",
	}
	for in, want := range cases {
		r, err := NewReader(strings.NewReader(in), "f.csv", known, []string{"name"})
		if err == nil {
			for err == nil {
				_, err = r.Read()
			}
		}
		if err == nil || errors.Is(err, io.EOF) || !strings.Contains(err.Error(), want) {
			t.Errorf("%.30q: got %v, want %q", in, err, want)
		}
	}
}

func huge(n int) string { return strings.Repeat("a", n) }

func TestGuard(t *testing.T) {
	cases := map[string]string{
		"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "@cmd": "'@cmd", "-2+3": "'-2+3", "-12.5": "-12.5",
		"\t=1": "'\t=1", "\rx": "'\rx", "plain": "plain", "": "", "'80s": "''80s", "'": "''", "-": "'-",
	}
	for in, want := range cases {
		if got := Guard(in); got != want {
			t.Errorf("Guard(%q) = %q, want %q", in, got, want)
		}
		if back := Unguard(Guard(in)); back != in {
			t.Errorf("Unguard(Guard(%q)) = %q", in, back)
		}
	}
	// A person's own apostrophe (a file not written by Steward) stays.
	for _, s := range []string{"'80s", "'-5", "'", "it's"} {
		if got := Unguard(s); got != s {
			t.Errorf("Unguard(%q) = %q, want it unchanged", s, got)
		}
	}
}

// The guard an export adds comes off on import, so Steward reads back
// exactly what it wrote.
func TestReaderTakesOffTheExportGuard(t *testing.T) {
	var b bytes.Buffer
	w, _ := NewWriter(&b)
	values := []string{"=1+1", "+49 30 1234", "-x", "@home", "'quoted", "''", "-12.5", "plain"}
	w.Write("name")
	for _, v := range values {
		w.Write(v)
	}
	w.Flush()
	r, err := NewReader(&b, "x.csv", known, []string{"name"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range values {
		row, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		if got := row.Get("name"); got != want {
			t.Errorf("read back %q, want %q", got, want)
		}
	}
}

func FuzzGuardRoundTrip(f *testing.F) {
	for _, s := range []string{"=1", "'", "''=", "-1", "-", "'-1", "\t", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := Unguard(Guard(s)); got != s {
			t.Fatalf("Unguard(Guard(%q)) = %q", s, got)
		}
	})
}

func TestWriterBOM(t *testing.T) {
	var b bytes.Buffer
	w, _ := NewWriter(&b)
	w.Write("name", "=cmd")
	w.Flush()
	if b.String() != "\ufeffname,'=cmd\n" {
		t.Errorf("%q", b.String())
	}
}

func FuzzReader(f *testing.F) {
	for _, s := range []string{"tag,name\nA,B\n", "\ufeffname\n\"x\"\"y\"\n", "name\n\"a\nb\"\n", "name,cost\n,\n1,2,3\n", "name\r\n\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data), "fuzz.csv", known, []string{"name"})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		for i := 0; i < 10000; i++ {
			row, err := r.Read()
			if err != nil {
				return
			}
			if row.Line < 2 {
				t.Fatalf("row line %d", row.Line)
			}
			_ = row.Get("name")
			_ = row.Errorf("cost", "x").Error()
		}
	})
}

// A file of any length is read row by row: no cap on rows (imports stream).
func TestReaderHasNoRowCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("name\n")
	const n = 300_001 // the old cap was 300,000
	for i := 0; i < n; i++ {
		b.WriteString("x\n")
	}
	r, err := NewReader(strings.NewReader(b.String()), "big.csv", known, []string{"name"})
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for {
		_, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("after %d rows: %v", rows, err)
		}
		rows++
	}
	if rows != n {
		t.Errorf("read %d rows, want %d", rows, n)
	}
}

func TestErrorsListTheFirstHundredThenCount(t *testing.T) {
	var es Errors
	for i := 1; i <= MaxErrors+7; i++ {
		es.Add(&Error{File: "f.csv", Line: i + 1, Column: 2, Msg: "bad"})
	}
	text := es.Error()
	lines := strings.Split(text, "\n")
	if len(lines) != MaxErrors+1 || lines[0] != "f.csv line 2, column 2: bad" || lines[MaxErrors] != "and 7 more problems" {
		t.Errorf("%d lines, first %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
	if es.Len() != MaxErrors+7 || MaxErrors != 100 {
		t.Errorf("Len %d, MaxErrors %d", es.Len(), MaxErrors)
	}
}

// A row's problems name their places however many rows were read since
// (imports check rows side by side, after reading ahead).
func TestRowPlacesSurviveReadingOn(t *testing.T) {
	in := "tag,name,purchase_date\nB2,\"multi\nline\",bad\nC3,plain,bad too\n"
	r, err := NewReader(strings.NewReader(in), "x.csv", known, nil)
	if err != nil {
		t.Fatal(err)
	}
	first, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	second, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		row  Row
		col  string
		want string
	}{
		{first, "purchase_date", "x.csv line 3, column 3 (purchase_date): x"},
		{first, "tag", "x.csv line 2, column 1 (tag): x"},
		{second, "purchase_date", "x.csv line 4, column 3 (purchase_date): x"},
	} {
		if got := c.row.Errorf(c.col, "x").Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
