package eol

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"steward/assets"
)

// MaxFileSize bounds every catalog or update file Steward reads. The whole
// bundled catalog is about 230 KB; endoflife.date's largest product
// response is well under 1 MB.
const MaxFileSize = 8 << 20

// MaxReleases bounds the releases one product may have in a file.
const MaxReleases = 5000

// catalogFile is the on-disk format (catalog.json and the user override).
type catalogFile struct {
	Format   string        `json:"format"`
	Source   string        `json:"source"`
	License  string        `json:"license"`
	Credit   string        `json:"credit"`
	Upstream string        `json:"upstream"`
	DataDate string        `json:"data_date,omitempty"` // the day the data was taken
	Products []productFile `json:"products"`
}

type productFile struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Short    string        `json:"short,omitempty"`
	Category string        `json:"category"`
	Link     string        `json:"link,omitempty"`
	Aliases  []string      `json:"aliases,omitempty"`
	Source   string        `json:"source,omitempty"`  // "" means the catalog's source
	Updated  string        `json:"updated,omitempty"` // day of the data of a user update
	Releases []releaseFile `json:"releases"`
}

type releaseFile struct {
	Cycle    string   `json:"cycle"`
	Label    string   `json:"label,omitempty"`
	Codename string   `json:"codename,omitempty"`
	Released string   `json:"released,omitempty"`
	EOL      End      `json:"eol"`
	EOES     *End     `json:"eoes,omitempty"`
	LTS      bool     `json:"lts,omitempty"`
	Latest   string   `json:"latest,omitempty"`
	Aliases  []string `json:"aliases,omitempty"`
}

// Load reads a catalog in Steward's format (catalog.json, or a user
// override written by ImportUpdate). name is used in error messages.
func Load(r io.Reader, name string) (*Catalog, error) {
	data, err := readBounded(r, name)
	if err != nil {
		return nil, err
	}
	return parseCatalog(data, name)
}

// LoadFile is Load for a file on disk.
func LoadFile(path string) (*Catalog, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Load(f, path)
}

// OverrideFileName is the user catalog's file name, next to the database.
const OverrideFileName = "eol-catalog.json"

// OverridePath is where the user catalog lives for the database at dbPath.
func OverridePath(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), OverrideFileName)
}

// LoadWithOverride is the bundled catalog with the user catalog at
// overridePath merged over it (Merge). A missing override file is not an
// error: the bundled catalog is returned as is.
func LoadWithOverride(overridePath string) (*Catalog, error) {
	base, err := Bundled()
	if err != nil {
		return nil, err
	}
	if overridePath == "" {
		return base, nil
	}
	over, err := LoadFile(overridePath)
	if errors.Is(err, os.ErrNotExist) {
		return base, nil
	}
	if err != nil {
		return nil, fmt.Errorf("the end-of-life catalog update %s cannot be used (remove or replace it): %w", overridePath, err)
	}
	return Merge(base, over), nil
}

// Write writes c in Steward's catalog format.
func (c *Catalog) Write(w io.Writer) error {
	f := catalogFile{Format: FormatID, Source: c.Source, License: c.License, Credit: c.Credit, Upstream: c.Upstream,
		DataDate: c.DataDate.String()}
	if f.Credit == "" {
		f.Credit = Credit
	}
	for _, p := range c.products {
		pf := productFile{ID: p.ID, Name: p.Name, Short: p.Short, Category: p.Category, Link: p.Link,
			Aliases: p.Aliases, Source: p.Source, Updated: p.Updated.String(), Releases: []releaseFile{}}
		if pf.Source == c.Source || pf.Source == defaultSource {
			pf.Source = ""
		}
		for _, r := range p.Releases {
			rf := releaseFile{Cycle: r.Cycle, Label: r.Label, Codename: r.Codename, Released: r.Released.String(),
				EOL: r.EOL, LTS: r.LTS, Latest: r.Latest, Aliases: r.Aliases}
			if !r.EOES.IsZero() {
				e := r.EOES
				rf.EOES = &e
			}
			pf.Releases = append(pf.Releases, rf)
		}
		f.Products = append(f.Products, pf)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(f)
}

const defaultSource = "endoflife.date"

func readBounded(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s is larger than %d MiB: not an end-of-life catalog or update", name, MaxFileSize>>20)
	}
	return bytes.TrimPrefix(data, []byte("\ufeff")), nil
}

func parseCatalog(data []byte, name string) (*Catalog, error) {
	var f catalogFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, jsonError(name, data, err)
	}
	if f.Format != FormatID {
		return nil, fmt.Errorf("%s: format %q is not %q (is this an endoflife.date API file? import it as an update)", name, f.Format, FormatID)
	}
	dataDate, err := assets.ParseDate(f.DataDate)
	if err != nil {
		return nil, fmt.Errorf("%s: data_date: %w", name, err)
	}
	src := f.Source
	if src == "" || strings.Contains(src, "endoflife.date") {
		src = defaultSource
	}
	var products []*Product
	seen := map[string]bool{}
	for i, pf := range f.Products {
		where := fmt.Sprintf("%s: product %d (%q)", name, i+1, pf.ID)
		id := strings.ToLower(strings.TrimSpace(pf.ID))
		if id == "" {
			return nil, fmt.Errorf("%s: has no id", where)
		}
		if seen[id] {
			return nil, fmt.Errorf("%s: the product appears twice", where)
		}
		seen[id] = true
		if pf.Category != CategoryOS && pf.Category != CategoryDevice {
			return nil, fmt.Errorf("%s: category %q is neither %q nor %q", where, pf.Category, CategoryOS, CategoryDevice)
		}
		if len(pf.Releases) > MaxReleases {
			return nil, fmt.Errorf("%s: %d releases, more than %d", where, len(pf.Releases), MaxReleases)
		}
		p := &Product{ID: id, Name: pf.Name, Short: pf.Short, Category: pf.Category, Link: pf.Link,
			Aliases: lowerAll(pf.Aliases), Source: pf.Source}
		if p.Source == "" {
			p.Source = src
		}
		if p.Name == "" {
			p.Name = id
		}
		if p.Updated, err = assets.ParseDate(pf.Updated); err != nil {
			return nil, fmt.Errorf("%s: updated: %w", where, err)
		}
		cycles := map[string]bool{}
		for j, rf := range pf.Releases {
			rwhere := fmt.Sprintf("%s: release %d (%q)", where, j+1, rf.Cycle)
			if strings.TrimSpace(rf.Cycle) == "" {
				return nil, fmt.Errorf("%s: has no cycle", rwhere)
			}
			key := strings.ToLower(rf.Cycle)
			if cycles[key] {
				return nil, fmt.Errorf("%s: the cycle appears twice", rwhere)
			}
			cycles[key] = true
			rel, err := assets.ParseDate(rf.Released)
			if err != nil {
				return nil, fmt.Errorf("%s: released: %w", rwhere, err)
			}
			r := &Release{Cycle: rf.Cycle, Label: rf.Label, Codename: rf.Codename, Released: rel, EOL: rf.EOL,
				LTS: rf.LTS, Latest: rf.Latest, Aliases: rf.Aliases}
			if rf.EOES != nil {
				r.EOES = *rf.EOES
			}
			p.Releases = append(p.Releases, r)
		}
		products = append(products, p)
	}
	c := newCatalog(f, products)
	c.DataDate = dataDate
	return c, nil
}

func lowerAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// jsonError turns encoding/json's byte offsets into line and column.
func jsonError(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off := syn.Offset
		if off > 0 && strings.HasPrefix(syn.Error(), "invalid character") {
			off-- // the offset is just past the offending character
		}
		line, col := lineCol(data, off)
		if strings.HasPrefix(syn.Error(), "unexpected end") {
			return fmt.Errorf("%s:%d:%d: the JSON ends too early (a bracket or quote is not closed)", name, line, col)
		}
		return fmt.Errorf("%s:%d:%d: bad JSON: %s", name, line, col, syn.Error())
	case errors.As(err, &typ):
		line, col := lineCol(data, typ.Offset)
		field := typ.Field
		if field == "" {
			field = "value"
		}
		return fmt.Errorf("%s:%d:%d: %s: expected %s, found a JSON %s", name, line, col, field, typ.Type, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := lineCol(data, int64(len(data)))
		return fmt.Errorf("%s:%d:%d: the JSON ends too early (a bracket or quote is not closed)", name, line, col)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// lineCol is the 1-based line and column (in bytes) of offset in data.
func lineCol(data []byte, offset int64) (int, int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 0 {
		offset = 0
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}
