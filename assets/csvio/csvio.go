// Package csvio reads and writes the CSV files people exchange with
// spreadsheets and other tools: headers matched in any case, a UTF-8 byte
// order mark tolerated on input and written on output, errors that name the
// file, line and column, bounded memory for hostile input, and cells that a
// spreadsheet cannot mistake for formulas.
package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxRecordBytes bounds one record (row), so a file of one endless line is
// refused instead of filling memory.
const MaxRecordBytes = 1 << 20

// Error is a problem at a place in a CSV file.
type Error struct {
	File   string
	Line   int    // 1-based; 0 when the file as a whole is at fault
	Column int    // 1-based; 0 when the row as a whole is at fault
	Name   string // the column's header
	Msg    string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	if e.Column > 0 {
		fmt.Fprintf(&b, ", column %d", e.Column)
	}
	if e.Name != "" {
		fmt.Fprintf(&b, " (%s)", e.Name)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is the problems of a file: the first MaxErrors of them, in file
// order, and how many more there were.
type Errors struct {
	List []*Error
	More int // problems found past the first MaxErrors
}

// MaxErrors is how many problems an import lists; the rest are counted.
const MaxErrors = 100

// Add records a problem: listed while there is room, counted after.
func (es *Errors) Add(e *Error) {
	if len(es.List) < MaxErrors {
		es.List = append(es.List, e)
	} else {
		es.More++
	}
}

// Len is how many problems there are, listed or not.
func (es Errors) Len() int { return len(es.List) + es.More }

func (es Errors) Error() string {
	lines := make([]string, len(es.List), len(es.List)+1)
	for i, e := range es.List {
		lines[i] = e.Error()
	}
	if es.More > 0 {
		lines = append(lines, fmt.Sprintf("and %d more %s", es.More, plural(es.More, "problem", "problems")))
	}
	return strings.Join(lines, "\n")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Reader reads records by column name.
type Reader struct {
	file    string
	cr      *csv.Reader
	index   map[string]int
	headers []string
	lim     *limitLines
	// open gives the file again from its start (NewRereadableReader).
	open     func() (io.Reader, error)
	known    []string
	required []string
	sum      *summed // this pass's bytes
	first    *summed // the first pass's, when this is a later one
}

// NewRereadableReader is NewReader over the file open gives, from its
// start, each time it is called; Again reads the file once more.
func NewRereadableReader(open func() (io.Reader, error), file string, known, required []string) (*Reader, error) {
	r, err := open()
	if err != nil {
		return nil, &Error{File: file, Msg: err.Error()}
	}
	sum := &summed{r: r, seed: maphash.MakeSeed()}
	sum.h.SetSeed(sum.seed)
	rd, err := NewReader(sum, file, known, required)
	if err != nil {
		return nil, err
	}
	rd.open, rd.known, rd.required, rd.sum = open, known, required, sum
	return rd, nil
}

// Again is a new Reader over the same file, from its first row after the
// header: the second pass of an import that checked every row before
// writing any. Only a Reader made by NewRereadableReader can read again.
func (r *Reader) Again() (*Reader, error) {
	if r.open == nil {
		return nil, &Error{File: r.file, Msg: "this file can be read only once"}
	}
	first := r.sum
	if r.first != nil {
		first = r.first
	}
	in, err := r.open()
	if err != nil {
		return nil, &Error{File: r.file, Msg: err.Error()}
	}
	sum := &summed{r: in, seed: first.seed}
	sum.h.SetSeed(first.seed)
	again, err := NewReader(sum, r.file, r.known, r.required)
	if err != nil {
		return nil, err
	}
	again.open, again.known, again.required, again.sum, again.first = r.open, r.known, r.required, sum, first
	return again, nil
}

// summed sums the bytes read through it, so that a later pass can tell
// whether it read the same file.
type summed struct {
	r    io.Reader
	seed maphash.Seed // the same for every pass of a file
	h    maphash.Hash
	n    int64
	eof  bool
}

func (p *summed) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.h.Write(b[:n])
	p.n += int64(n)
	if err == io.EOF {
		p.eof = true
	}
	return n, err
}

// changed says whether a later pass, at its end, read other bytes than
// the first pass read to its end.
func (r *Reader) changed() bool {
	if r.first == nil {
		return false
	}
	f, l := r.first, r.sum
	return !f.eof || !l.eof || f.n != l.n || f.h.Sum64() != l.h.Sum64()
}

// NewReader reads the header row. known lists every column the file may
// have, required those it must have; names match in any case and with spaces
// or dashes for underscores.
func NewReader(r io.Reader, file string, known, required []string) (*Reader, error) {
	lim := &limitLines{r: r}
	br := bufio.NewReaderSize(lim, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	rd := &Reader{file: file, cr: cr, index: map[string]int{}, lim: lim}
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &Error{File: file, Msg: "the file is empty: the first line must name the columns, for example " + strings.Join(firstN(required, 3), ",")}
	}
	if err != nil {
		return nil, rd.wrap(err)
	}
	knownSet := map[string]bool{}
	for _, k := range known {
		knownSet[k] = true
	}
	for i, h := range head {
		name := Canon(h)
		if !utf8.ValidString(h) {
			return nil, &Error{File: file, Line: 1, Column: i + 1, Msg: "the header is not UTF-8 text: save the file as CSV UTF-8"}
		}
		if name == "" {
			return nil, &Error{File: file, Line: 1, Column: i + 1, Msg: "a column has no name"}
		}
		if !knownSet[name] {
			return nil, &Error{File: file, Line: 1, Column: i + 1, Name: h, Msg: fmt.Sprintf("unknown column %q: the columns are %s", h, strings.Join(known, ", "))}
		}
		if _, dup := rd.index[name]; dup {
			return nil, &Error{File: file, Line: 1, Column: i + 1, Name: h, Msg: fmt.Sprintf("column %q appears twice", h)}
		}
		rd.index[name] = i
		rd.headers = append(rd.headers, name)
	}
	var missing []string
	for _, r := range required {
		if _, ok := rd.index[r]; !ok {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return nil, &Error{File: file, Line: 1, Msg: "missing column(s) " + strings.Join(missing, ", ")}
	}
	return rd, nil
}

// Canon is a header as the code names it: "Purchase Date" -> "purchase_date".
func Canon(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(h)
}

// Has reports whether the file has column name.
func (r *Reader) Has(name string) bool { _, ok := r.index[name]; return ok }

// Headers lists the file's columns, canonical names, in file order.
func (r *Reader) Headers() []string { return r.headers }

// Row is one record.
type Row struct {
	r     *Reader
	rec   []string
	lines []int // each cell's first line, when a quoted cell spans lines
	Line  int
}

// Read returns the next non-blank row, or io.EOF.
func (r *Reader) Read() (Row, error) {
	for {
		rec, err := r.cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				if r.changed() {
					return Row{}, &Error{File: r.file, Msg: "the file changed while it was being imported: import it again"}
				}
				return Row{}, io.EOF
			}
			return Row{}, r.wrap(err)
		}
		line, _ := r.cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) > len(r.headers) {
			return Row{}, &Error{File: r.file, Line: line, Column: len(r.headers) + 1, Msg: fmt.Sprintf("this row has %d %s but the header names %d columns", len(rec), plural(len(rec), "cell", "cells"), len(r.headers))}
		}
		if len(rec) < len(r.headers) {
			// A short row has usually lost a separator, so its cells sit
			// under the wrong columns: refused, as a long one is.
			col := len(rec) + 1
			return Row{}, &Error{File: r.file, Line: line, Column: col, Name: r.headers[col-1],
				Msg: fmt.Sprintf("this row has %d %s but the header names %d columns: add the missing cells (empty ones too, with their commas)", len(rec), plural(len(rec), "cell", "cells"), len(r.headers))}
		}
		for i, f := range rec {
			if !utf8.ValidString(f) {
				_, col := r.cr.FieldPos(i)
				return Row{}, &Error{File: r.file, Line: line, Column: i + 1, Name: r.headers[i], Msg: fmt.Sprintf("not UTF-8 text (byte %d): save the file as CSV UTF-8", col)}
			}
		}
		row := Row{r: r, rec: rec, Line: line}
		// Kept with the row (not asked of the reader later) so that rows
		// can be checked after further rows were read, or side by side.
		if last, _ := r.cr.FieldPos(len(rec) - 1); last != line {
			row.lines = make([]int, len(rec))
			for i := range rec {
				row.lines[i], _ = r.cr.FieldPos(i)
			}
		}
		return row, nil
	}
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// Get is the trimmed cell of column name ("" when absent), with the
// formula guard a Steward export adds taken off again (Unguard).
func (row Row) Get(name string) string {
	i, ok := row.r.index[name]
	if !ok || i >= len(row.rec) {
		return ""
	}
	return Unguard(strings.TrimSpace(row.rec[i]))
}

// Errorf is a problem with the cell of column name on this row.
func (row Row) Errorf(name, format string, a ...any) *Error {
	e := &Error{File: row.r.file, Line: row.Line, Name: name, Msg: fmt.Sprintf(format, a...)}
	if i, ok := row.r.index[name]; ok {
		e.Column = i + 1
		if i < len(row.lines) {
			e.Line = row.lines[i]
		}
	}
	return e
}

func (r *Reader) wrap(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			msg = "a quote (\") is out of place: a cell with quotes must be wrapped in quotes and its quotes doubled"
		}
		return &Error{File: r.file, Line: pe.Line, Column: pe.Column, Msg: msg}
	}
	if errors.Is(err, errLineTooLong) {
		line := 0
		if r.lim != nil {
			line = r.lim.lines + 1
		}
		return &Error{File: r.file, Line: line, Msg: fmt.Sprintf("the line is longer than %d bytes: this does not look like a CSV export", MaxRecordBytes)}
	}
	return &Error{File: r.file, Msg: err.Error()}
}

var errLineTooLong = errors.New("line too long")

// limitLines fails once any line exceeds MaxRecordBytes, so encoding/csv
// never buffers an unbounded record.
type limitLines struct {
	r     io.Reader
	run   int
	lines int // newlines read so far, to name the line that is too long
}

func (l *limitLines) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			l.run = 0
			l.lines++
		} else if l.run++; l.run > MaxRecordBytes {
			return 0, errLineTooLong
		}
	}
	return n, err
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Writer writes CSV for spreadsheets: a UTF-8 byte order mark first (so
// Excel reads accents right) and every cell made formula-safe.
type Writer struct {
	cw *csv.Writer
}

// NewWriter starts a CSV file on w, writing the byte order mark.
func NewWriter(w io.Writer) (*Writer, error) {
	if _, err := w.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
		return nil, err
	}
	return &Writer{cw: csv.NewWriter(w)}, nil
}

// Write writes one row, neutralising formula cells (Guard).
func (w *Writer) Write(cells ...string) error {
	safe := make([]string, len(cells))
	for i, c := range cells {
		safe[i] = Guard(c)
	}
	return w.cw.Write(safe)
}

// Flush writes buffered rows and returns any write error.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}

// guardMark is the apostrophe a spreadsheet shows a cell as text behind.
const guardMark = '\''

// Guard keeps a spreadsheet from running a cell as a formula (CSV
// injection): a cell starting with = + - @ (or a tab or carriage return) gets
// a leading apostrophe. Plain negative numbers stay numbers. A cell that
// already starts with an apostrophe gets one more, so that Unguard can tell
// the guard from a person's own apostrophe: Unguard(Guard(s)) == s for every s.
func Guard(s string) string {
	if needsGuard(s) {
		return string(guardMark) + s
	}
	return s
}

// Unguard takes off the apostrophe Guard added, and only that one: a cell
// is unguarded when it is an apostrophe followed by something Guard would
// have guarded, so "'=1+1" is "=1+1" again and "”x" is "'x", while a
// person's "'80s" or "'-5" stays as written.
func Unguard(s string) string {
	if len(s) > 1 && s[0] == guardMark && needsGuard(s[1:]) {
		return s[1:]
	}
	return s
}

// needsGuard says whether Guard prefixes s.
func needsGuard(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r', guardMark:
		return true
	case '-':
		return !isNumber(s[1:])
	}
	return false
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	dot := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return true
}
