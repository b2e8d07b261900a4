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

func TestSafeCell(t *testing.T) {
	cases := map[string]string{
		"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "@cmd": "'@cmd", "-2+3": "'-2+3", "-12.5": "-12.5",
		"\t=1": "'\t=1", "plain": "plain", "": "",
	}
	for in, want := range cases {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
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

func TestReaderRefusesTooManyRows(t *testing.T) {
	old := MaxRows
	MaxRows = 5
	defer func() { MaxRows = old }()
	r, err := NewReader(strings.NewReader("name\na\nb\nc\nd\ne\nf\ng\n"), "big.csv", known, []string{"name"})
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		_, err = r.Read()
	}
	if want := "big.csv line 7: more than 5 rows: split the file"; !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
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
