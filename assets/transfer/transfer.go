// Package transfer moves register data in and out as files: CSV imports that
// are all-or-nothing (with a dry run that shows what would happen) and
// CSV/JSON exports. Each kind of record (assets, licences, people...)
// registers its columns and its import and export functions.
package transfer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"steward/assets/csvio"
)

// Store is the register as imports and exports see it: each kind's own
// interface (declared beside the kind), composed. Both stores meet it
// (checked in package main's wiring.go).
type Store interface {
	assetsKindStore
	categoriesKindStore
	lifecycleKindsStore
	peopleKindsStore
}

// Options tune an import or export.
type Options struct {
	DryRun bool
	// WithSecrets includes licence keys and other secrets in exports.
	WithSecrets bool
}

// Result says what an import did (or, in a dry run, would do).
type Result struct {
	Kind      string   `json:"kind"`
	File      string   `json:"file"`
	Rows      int      `json:"rows"`
	Created   int      `json:"created"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
	DryRun    bool     `json:"dry_run"`
	Notes     []string `json:"notes,omitempty"` // per-row remarks worth showing
}

// Summary is the result in one line for a person.
func (r Result) Summary() string {
	verb := "imported"
	if r.DryRun {
		verb = "would import (dry run, nothing written)"
	}
	rows := "rows"
	if r.Rows == 1 {
		rows = "row"
	}
	return fmt.Sprintf("%s: %s %d %s: %d new, %d updated, %d unchanged", r.File, verb, r.Rows, rows, r.Created, r.Updated, r.Unchanged)
}

// Kind is one sort of record that can be imported and exported.
type Kind struct {
	Name     string
	Columns  []string // every column, in export order
	Required []string // columns an import must have
	// Import reads every row, checks them all, then writes them in one
	// transaction (rolled back in a dry run). Any bad row means nothing is
	// written and the error lists the problems with line and column. The
	// reader can read the file again (csvio.Reader.Again), so that an
	// import need not hold every row between its check and its write
	// (assets: importAssets).
	Import func(ctx context.Context, s Store, r *csvio.Reader, opt Options) (Result, error)
	// Export calls emit once per record with cells in Columns order.
	Export func(ctx context.Context, s Store, opt Options, emit func(cells []string) error) error
	// Aliases maps other names other tools give a column (canonical form,
	// as csvio.Canon makes it) to the kind's own; nil for none.
	Aliases map[string]string
}

var kinds = map[string]Kind{}

// Register adds a kind; each kind's file calls it from init.
func Register(k Kind) { kinds[k.Name] = k }

// Kinds lists the registered kind names, sorted.
func Kinds() []string {
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Lookup finds a kind by name.
func Lookup(name string) (Kind, error) {
	k, ok := kinds[strings.ToLower(strings.TrimSpace(name))]
	if !ok || k.Import == nil && k.Export == nil {
		return Kind{}, fmt.Errorf("unknown kind %q: use one of %s", name, strings.Join(Kinds(), ", "))
	}
	return k, nil
}

// ImportFile imports one CSV file of the given kind, or the first
// worksheet of an XLSX workbook (a name ending in .xlsx).
func ImportFile(ctx context.Context, s Store, kind, path string, opt Options) (Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return Result{}, fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		if r, err = xlsxAsCSV(f); err != nil {
			return Result{}, fmt.Errorf("cannot read %s as a workbook: %w", filepath.Base(path), err)
		}
	}
	return Import(ctx, s, kind, filepath.Base(path), r, opt)
}

// Import imports CSV from r; name is how errors refer to it.
func Import(ctx context.Context, s Store, kind, name string, r io.Reader, opt Options) (Result, error) {
	k, err := Lookup(kind)
	if err != nil {
		return Result{}, err
	}
	if k.Import == nil {
		return Result{}, fmt.Errorf("%s cannot be imported from CSV", k.Name)
	}
	src := newSource(r)
	defer src.close()
	open := src.open
	if k.Aliases != nil {
		open = func() (io.Reader, error) {
			r, err := src.open()
			if err != nil {
				return nil, err
			}
			return renameHeader(r, k.Aliases), nil
		}
	}
	rd, err := csvio.NewRereadableReader(open, name, k.Columns, k.Required)
	if err != nil {
		return Result{}, err
	}
	res, err := k.Import(ctx, s, rd, opt)
	res.Kind, res.File, res.DryRun = k.Name, name, opt.DryRun
	return res, err
}

// Formats lists the export formats.
var Formats = []string{"csv", "xlsx", "json"}

// Export writes every record of kind to w as CSV (with a byte order mark
// and formula-safe cells), as an XLSX worksheet, or as a JSON array of
// objects keyed by column.
func Export(ctx context.Context, s Store, kind, format string, w io.Writer, opt Options) error {
	k, err := Lookup(kind)
	if err != nil {
		return err
	}
	if k.Export == nil {
		return fmt.Errorf("%s cannot be exported", k.Name)
	}
	switch format {
	case "", "csv":
		cw, err := csvio.NewWriter(w)
		if err != nil {
			return err
		}
		if err := cw.Write(k.Columns...); err != nil {
			return err
		}
		if err := k.Export(ctx, s, opt, func(cells []string) error { return cw.Write(cells...) }); err != nil {
			return err
		}
		return cw.Flush()
	case "json":
		if _, err := io.WriteString(w, "[\n"); err != nil {
			return err
		}
		first := true
		err := k.Export(ctx, s, opt, func(cells []string) error {
			obj := make(map[string]string, len(cells))
			for i, c := range cells {
				if i < len(k.Columns) {
					obj[k.Columns[i]] = c
				}
			}
			b, err := json.Marshal(obj)
			if err != nil {
				return err
			}
			sep := ",\n"
			if first {
				sep, first = "", false
			}
			_, err = fmt.Fprintf(w, "%s%s", sep, b)
			return err
		})
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, "\n]\n")
		return err
	case "xlsx":
		return exportXLSX(ctx, s, k, w, opt)
	}
	return fmt.Errorf("unknown format %q: use csv, xlsx or json", format)
}

// collector gathers row problems so an import reports them all at once:
// the first csvio.MaxErrors listed, the rest counted.
type collector struct{ errs csvio.Errors }

func (c *collector) add(e *csvio.Error) { c.errs.Add(e) }

// addRow adds one row's problems, by column.
func (c *collector) addRow(errs []*csvio.Error) {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Column < errs[j].Column })
	for _, e := range errs {
		c.add(e)
	}
}

func (c *collector) err() error {
	if c.errs.Len() == 0 {
		return nil
	}
	return c.errs
}

// maxHeldRows bounds the files of the kinds whose import holds every row
// until it writes (all but assets, which stream): about 2.5 kB a row, so
// such an import stays under about 750 MB.
const maxHeldRows = 300_000

// readAll calls parse for every row, collecting problems; it stops early
// only when the file itself is broken or longer than maxHeldRows (its
// callers keep every row).
func readAll(r *csvio.Reader, parse func(row csvio.Row) []*csvio.Error) (int, error) {
	var c collector
	rows := 0
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var ce *csvio.Error
			if errors.As(err, &ce) {
				c.add(ce)
				return rows, c.err()
			}
			return rows, err
		}
		if rows++; rows > maxHeldRows {
			c.add(row.Errorf("", "more than %d rows: split the file and import the parts one after the other", maxHeldRows))
			return rows, c.err()
		}
		c.addRow(parse(row))
	}
	return rows, c.err()
}
