package eol

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"steward/assets"
	"steward/assets/safefile"
)

// Update is one product's releases read from an endoflife.date API file.
type Update struct {
	Product  string      // endoflife.date product id, e.g. "ubuntu"
	Name     string      // the product's name when the file gives it (API v1)
	Category string      // "os" or "device" when the file gives it (API v1)
	Format   string      // "endoflife.date API v1" or "endoflife.date API v0"
	DataDate assets.Date // the day of the data: API v1's last_modified; zero when the file does not say
	Releases []*Release
}

var productID = regexp.MustCompile(`^[a-z0-9][a-z0-9._+-]{0,63}$`)

// LoadUpdate reads one product's releases in endoflife.date's API format:
//   - v1: the response of https://endoflife.date/api/v1/products/<product>
//     ({"result": {"name", "label", "category", "releases": [{"name",
//     "label", "codename", "releaseDate", "isLts", "isEol", "eolFrom",
//     "isEoes", "eoesFrom", "latest": {"name"}}]}}), which names its product;
//   - v0: the older https://endoflife.date/api/<product>.json array of
//     {"cycle", "releaseDate", "eol", "support", "extendedSupport", "lts",
//     "latest", "codename"}, which does not: pass product (the file name
//     without .json is a good default).
//
// product may be "" for v1; when given it must agree with the file. Files
// are bounded to MaxFileSize; errors name the line and column.
func LoadUpdate(r io.Reader, name, product string) (*Update, error) {
	data, err := readBounded(r, name)
	if err != nil {
		return nil, err
	}
	product = strings.ToLower(strings.TrimSpace(product))
	if product != "" && !productID.MatchString(product) {
		return nil, fmt.Errorf("%q is not an endoflife.date product id (lower-case letters, digits and -, e.g. \"ubuntu\")", product)
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%s is empty: expected an endoflife.date API response (JSON)", name)
	}
	p := &updateParser{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	var u *Update
	switch trimmed[0] {
	case '{':
		u, err = p.v1()
	case '[':
		if product == "" {
			return nil, fmt.Errorf("%s is in endoflife.date's older format (/api/<product>.json), which does not name its product: say which product it is (e.g. ubuntu)", name)
		}
		u = &Update{Product: product, Format: "endoflife.date API v0"}
		u.Releases, err = p.releases(p.v0Release)
	default:
		line, col := lineCol(data, int64(len(data)-len(trimmed)))
		return nil, fmt.Errorf("%s:%d:%d: expected a JSON object (API v1) or array (older API), found %q", name, line, col, clip(string(trimmed[:min(len(trimmed), 20)])))
	}
	if err != nil {
		return nil, err
	}
	if product != "" && u.Product != product {
		return nil, fmt.Errorf("%s is the end-of-life data of %q, not %q", name, u.Product, product)
	}
	if len(u.Releases) == 0 {
		return nil, fmt.Errorf("%s has no releases", name)
	}
	// Trailing data after the top-level value is a broken file.
	if _, err := p.dec.Token(); err != io.EOF {
		line, col := lineCol(data, p.dec.InputOffset())
		return nil, fmt.Errorf("%s:%d:%d: unexpected data after the end of the JSON document", name, line, col)
	}
	return u, nil
}

type updateParser struct {
	name string
	data []byte
	dec  *json.Decoder
}

func (p *updateParser) errAt(off int64, format string, args ...any) error {
	line, col := lineCol(p.data, off)
	return fmt.Errorf("%s:%d:%d: %s", p.name, line, col, fmt.Sprintf(format, args...))
}

func (p *updateParser) wrap(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	if errors.As(err, &syn) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		// The streaming decoder's offsets are relative to the value it was
		// reading: parse the whole document once to report the absolute place.
		var v any
		if err2 := json.Unmarshal(p.data, &v); err2 != nil {
			return jsonError(p.name, p.data, err2)
		}
	}
	if errors.As(err, &syn) || errors.As(err, &typ) || errors.Is(err, io.ErrUnexpectedEOF) {
		return jsonError(p.name, p.data, err)
	}
	if errors.Is(err, io.EOF) {
		return jsonError(p.name, p.data, io.ErrUnexpectedEOF)
	}
	return fmt.Errorf("%s: %w", p.name, err)
}

// expect reads one delimiter token.
func (p *updateParser) expect(d json.Delim, what string) error {
	off := p.dec.InputOffset()
	t, err := p.dec.Token()
	if err != nil {
		return p.wrap(err)
	}
	if got, ok := t.(json.Delim); !ok || got != d {
		return p.errAt(off, "expected %s", what)
	}
	return nil
}

// object calls field for every key of the next JSON object.
func (p *updateParser) object(what string, field func(key string, off int64) error) error {
	if err := p.expect('{', what); err != nil {
		return err
	}
	for p.dec.More() {
		off := p.dec.InputOffset()
		t, err := p.dec.Token()
		if err != nil {
			return p.wrap(err)
		}
		key, _ := t.(string)
		if err := field(key, off); err != nil {
			return err
		}
	}
	return p.expect('}', "the end of "+what)
}

func (p *updateParser) skip() error {
	var raw json.RawMessage
	if err := p.dec.Decode(&raw); err != nil {
		return p.wrap(err)
	}
	return nil
}

func (p *updateParser) v1() (*Update, error) {
	u := &Update{Format: "endoflife.date API v1"}
	sawResult := false
	err := p.object("a JSON object (the API v1 response)", func(key string, off int64) error {
		if key == "last_modified" {
			var s *string
			if err := p.decode(&s, off, "last_modified"); err != nil {
				return err
			}
			if s != nil && len(*s) >= 10 {
				if d, err := assets.ParseDate((*s)[:10]); err == nil {
					u.DataDate = d
				}
			}
			return nil
		}
		if key != "result" {
			return p.skip()
		}
		sawResult = true
		return p.object(`"result" as an object (a product; the release-only endpoint is not supported)`, func(key string, off int64) error {
			var err error
			switch key {
			case "name":
				err = p.decode(&u.Product, off, "result.name")
			case "label":
				err = p.decode(&u.Name, off, "result.label")
			case "category":
				err = p.decode(&u.Category, off, "result.category")
			case "releases":
				u.Releases, err = p.releases(p.v1Release)
			default:
				err = p.skip()
			}
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	if !sawResult {
		return nil, fmt.Errorf(`%s has no "result": expected the response of https://endoflife.date/api/v1/products/<product>`, p.name)
	}
	u.Product = strings.ToLower(strings.TrimSpace(u.Product))
	if !productID.MatchString(u.Product) {
		return nil, fmt.Errorf("%s: result.name %q is not an endoflife.date product id", p.name, u.Product)
	}
	return u, nil
}

func (p *updateParser) decode(v any, off int64, field string) error {
	if err := p.dec.Decode(v); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return p.errAt(off, "%s: expected %s, found a JSON %s", field, typ.Type, typ.Value)
		}
		return p.wrap(err)
	}
	return nil
}

// releases reads an array of release objects, each with one call of item.
func (p *updateParser) releases(item func(raw json.RawMessage, off int64, n int) (*Release, error)) ([]*Release, error) {
	if err := p.expect('[', "an array of releases"); err != nil {
		return nil, err
	}
	var out []*Release
	seen := map[string]bool{}
	for n := 1; p.dec.More(); n++ {
		if n > MaxReleases {
			return nil, fmt.Errorf("%s: more than %d releases", p.name, MaxReleases)
		}
		off := p.dec.InputOffset()
		var raw json.RawMessage
		if err := p.dec.Decode(&raw); err != nil {
			return nil, p.wrap(err)
		}
		// InputOffset is before the separating comma and spaces: point at the object.
		for off < int64(len(p.data)) && (p.data[off] == ',' || p.data[off] == ' ' || p.data[off] == '\n' || p.data[off] == '\r' || p.data[off] == '\t') {
			off++
		}
		r, err := item(raw, off, n)
		if err != nil {
			return nil, err
		}
		key := strings.ToLower(r.Cycle)
		if seen[key] {
			return nil, p.errAt(off, "release %d: %q appears twice", n, r.Cycle)
		}
		seen[key] = true
		out = append(out, r)
	}
	if err := p.expect(']', "the end of the releases array"); err != nil {
		return nil, err
	}
	return out, nil
}

// flexString accepts a JSON string or number (the older API wrote some
// cycles as numbers).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil {
		*f = flexString(n.String())
		return nil
	}
	if string(b) == "null" {
		*f = ""
		return nil
	}
	return fmt.Errorf("expected a string, found %s", clip(string(b)))
}

// fields holds one release object's fields, decoded one by one so that an
// error can name the field.
type fields struct {
	p   *updateParser
	raw map[string]json.RawMessage
	off int64
	n   int
	err error
}

func (p *updateParser) fields(raw json.RawMessage, off int64, n int) (*fields, error) {
	f := &fields{p: p, off: off, n: n}
	if err := json.Unmarshal(raw, &f.raw); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return nil, p.errAt(off, "release %d: expected a JSON object, found a JSON %s", n, typ.Value)
		}
		return nil, p.errAt(off, "release %d: %v", n, err)
	}
	return f, nil
}

// get decodes field name into v (absent or null leaves v alone); the first
// error is kept, naming the release and the field.
func (f *fields) get(name, cycle string, v any) bool {
	b, ok := f.raw[name]
	if !ok || f.err != nil || string(b) == "null" {
		return false
	}
	if err := json.Unmarshal(b, v); err != nil {
		var typ *json.UnmarshalTypeError
		what := err.Error()
		if errors.As(err, &typ) {
			what = fmt.Sprintf("expected %s, found a JSON %s", typ.Type, typ.Value)
		}
		where := fmt.Sprintf("release %d", f.n)
		if cycle != "" {
			where += fmt.Sprintf(" (%q)", cycle)
		}
		f.err = f.p.errAt(f.off, "%s: %s: %s", where, name, what)
		return false
	}
	return true
}

// date decodes a "YYYY-MM-DD" field.
func (f *fields) date(name, cycle string) assets.Date {
	var s string
	if !f.get(name, cycle, &s) {
		return assets.Date{}
	}
	d, err := assets.ParseDate(s)
	if err != nil && f.err == nil {
		f.err = f.p.errAt(f.off, "release %d (%q): %s: %v", f.n, cycle, name, err)
	}
	return d
}

func (p *updateParser) v1Release(raw json.RawMessage, off int64, n int) (*Release, error) {
	f, err := p.fields(raw, off, n)
	if err != nil {
		return nil, err
	}
	var name flexString
	f.get("name", "", &name)
	r := &Release{Cycle: strings.TrimSpace(string(name))}
	if f.err != nil {
		return nil, f.err
	}
	if err := p.checkCycle(r.Cycle, off, n, "name"); err != nil {
		return nil, err
	}
	c := r.Cycle
	f.get("label", c, &r.Label)
	f.get("codename", c, &r.Codename)
	f.get("isLts", c, &r.LTS)
	var latest struct {
		Name flexString `json:"name"`
	}
	if f.get("latest", c, &latest) {
		r.Latest = string(latest.Name)
	}
	r.Released = f.date("releaseDate", c)
	var isEol, isEoes bool
	f.get("isEol", c, &isEol)
	f.get("isEoes", c, &isEoes)
	eol, eoes := f.date("eolFrom", c), f.date("eoesFrom", c)
	if f.err != nil {
		return nil, f.err
	}
	r.Label, r.Codename = strings.TrimSpace(r.Label), strings.TrimSpace(r.Codename)
	r.EOL = End{Date: eol, Ended: eol.IsZero() && isEol}
	r.EOES = End{Date: eoes, Ended: eoes.IsZero() && isEoes}
	return r, nil
}

func (p *updateParser) v0Release(raw json.RawMessage, off int64, n int) (*Release, error) {
	f, err := p.fields(raw, off, n)
	if err != nil {
		return nil, err
	}
	var cycle flexString
	f.get("cycle", "", &cycle)
	r := &Release{Cycle: strings.TrimSpace(string(cycle))}
	if f.err != nil {
		return nil, f.err
	}
	if err := p.checkCycle(r.Cycle, off, n, "cycle"); err != nil {
		return nil, err
	}
	c := r.Cycle
	if _, ok := f.raw["eol"]; !ok {
		return nil, p.errAt(off, "release %d (%q): has no \"eol\" (a date, true or false)", n, c)
	}
	f.get("eol", c, &r.EOL)
	f.get("extendedSupport", c, &r.EOES)
	var lts End // true, or the day the release became LTS
	f.get("lts", c, &lts)
	r.LTS = lts.Ended || !lts.Date.IsZero()
	f.get("releaseLabel", c, &r.Label)
	f.get("codename", c, &r.Codename)
	var latest flexString
	f.get("latest", c, &latest)
	r.Latest = string(latest)
	r.Released = f.date("releaseDate", c)
	if f.err != nil {
		return nil, f.err
	}
	r.Label, r.Codename = strings.TrimSpace(r.Label), strings.TrimSpace(r.Codename)
	return r, nil
}

func (p *updateParser) checkCycle(cycle string, off int64, n int, field string) error {
	switch {
	case cycle == "":
		return p.errAt(off, "release %d: %q is missing or empty", n, field)
	case len(cycle) > 100:
		return p.errAt(off, "release %d: %q is longer than 100 characters", n, field)
	}
	return nil
}

// Apply merges an update into c and returns the new catalog; c is not
// changed. Releases are matched by cycle: a known release takes the
// update's dates, label, codename, LTS flag and latest version (its aliases
// stay); a new one is added. Releases the update does not list stay. A
// product the catalog does not have is added when the update says its
// category (API v1), and refused otherwise.
func (c *Catalog) Apply(u *Update, source string) (*Catalog, ApplyReport, error) {
	rep := ApplyReport{Product: u.Product}
	old := c.Product(u.Product)
	var np *Product
	if old != nil {
		np = copyProduct(old)
	} else {
		if u.Category != CategoryOS && u.Category != CategoryDevice {
			return nil, rep, fmt.Errorf("the catalog has no product %q: only an API v1 file of category os or device can add one (known products: %s)", u.Product, c.productList())
		}
		name := u.Name
		if name == "" {
			name = u.Product
		}
		np = &Product{ID: u.Product, Name: name, Short: name, Category: u.Category,
			Link: "https://endoflife.date/" + u.Product, Aliases: lowerAll([]string{name})}
	}
	if source != "" {
		np.Source = source
	}
	if !u.DataDate.IsZero() {
		np.Updated = u.DataDate
	}
	byCycle := map[string]*Release{}
	for _, r := range np.Releases {
		byCycle[strings.ToLower(r.Cycle)] = r
	}
	for _, ur := range u.Releases {
		cur := byCycle[strings.ToLower(ur.Cycle)]
		if cur == nil {
			nr := *ur
			nr.Aliases = append([]string(nil), ur.Aliases...)
			np.Releases = append(np.Releases, &nr)
			byCycle[strings.ToLower(ur.Cycle)] = &nr
			rep.Added++
			continue
		}
		before := *cur
		cur.Released, cur.EOL, cur.EOES, cur.LTS = ur.Released, ur.EOL, ur.EOES, ur.LTS
		if ur.Label != "" && ur.Label != cur.Cycle {
			cur.Label = ur.Label
		}
		if ur.Codename != "" {
			cur.Codename = ur.Codename
		}
		if ur.Latest != "" {
			cur.Latest = ur.Latest
		}
		if before.Released != cur.Released || before.EOL != cur.EOL || before.EOES != cur.EOES || before.LTS != cur.LTS ||
			before.Label != cur.Label || before.Codename != cur.Codename || before.Latest != cur.Latest {
			rep.Changed++
		} else {
			rep.Unchanged++
		}
	}
	sort.SliceStable(np.Releases, func(i, j int) bool { return np.Releases[i].Released.After(np.Releases[j].Released) })
	return c.with(np), rep, nil
}

// ApplyReport counts what an update changed.
type ApplyReport struct {
	Product                   string
	Added, Changed, Unchanged int
}

func (r ApplyReport) String() string {
	return fmt.Sprintf("%s: %d releases added, %d changed, %d unchanged", r.Product, r.Added, r.Changed, r.Unchanged)
}

func (c *Catalog) productList() string {
	ids := make([]string, 0, len(c.products))
	for _, p := range c.products {
		ids = append(ids, p.ID)
	}
	if len(ids) > 12 {
		ids = append(ids[:12], "...")
	}
	return strings.Join(ids, ", ")
}

func copyProduct(p *Product) *Product {
	np := *p
	np.Releases = make([]*Release, len(p.Releases))
	for i, r := range p.Releases {
		nr := *r
		np.Releases[i] = &nr
	}
	return &np
}

// with is c with product p added or replaced.
func (c *Catalog) with(p *Product) *Catalog {
	products := make([]*Product, 0, len(c.products)+1)
	for _, q := range c.products {
		if q.ID != p.ID {
			products = append(products, q)
		}
	}
	products = append(products, p)
	nc := newCatalog(catalogFile{Source: c.Source, License: c.License, Credit: c.Credit, Upstream: c.Upstream}, products)
	nc.DataDate = c.DataDate
	return nc
}

// Merge is base with over's products laid over it: releases of a product
// in both are merged by cycle (over wins, base's aliases stay), products
// only in over are added. A product of over whose data is older than
// base's (Updated before base.DataDate: a user update made before this
// Steward's bundled catalog was built) is left out, so that a new Steward
// release is not held back by an old update. Neither catalog changes.
func Merge(base, over *Catalog) *Catalog {
	out := base
	for _, op := range over.products {
		if !op.Updated.IsZero() && op.Updated.Before(base.DataDate) && base.Product(op.ID) != nil {
			continue
		}
		u := &Update{Product: op.ID, Name: op.Name, Category: op.Category, DataDate: op.Updated, Releases: op.Releases}
		next, _, err := out.Apply(u, op.Source)
		if err != nil {
			continue // cannot happen: over's products always have a category
		}
		if bp := base.Product(op.ID); bp == nil {
			np := next.Product(op.ID)
			np.Short, np.Link, np.Aliases = op.Short, op.Link, op.Aliases
		}
		out = next
	}
	return out
}

// ImportUpdate reads an endoflife.date API file (see LoadUpdate) and
// merges it into the user catalog at overridePath, creating it when
// missing. The override keeps the updated products whole, so that later
// imports and bundled catalogs of new Steward releases merge cleanly. It
// returns what changed compared with the catalog in use before (bundled +
// previous override). imported is the day it happens, recorded as the
// source of the updated product.
func ImportUpdate(overridePath string, r io.Reader, name, product string, imported assets.Date) (ApplyReport, error) {
	u, err := LoadUpdate(r, name, product)
	if err != nil {
		return ApplyReport{}, err
	}
	current, err := LoadWithOverride(overridePath)
	if err != nil {
		return ApplyReport{}, err
	}
	source := fmt.Sprintf("endoflife.date %s file %s, imported %s", strings.TrimPrefix(u.Format, "endoflife.date "), filepath.Base(name), imported)
	if u.DataDate.IsZero() {
		u.DataDate = imported // the older format does not date its data
	}
	_, rep, err := current.Apply(u, source)
	if err != nil {
		return rep, err
	}
	over := &Catalog{Source: "https://endoflife.date", License: "MIT", Credit: Credit, Upstream: "user updates", byID: map[string]*Product{}}
	if prev, err := LoadFile(overridePath); err == nil {
		over = prev
	} else if !errors.Is(err, os.ErrNotExist) {
		return rep, err
	}
	// The override holds the whole merged product, so it stands on its own.
	next, _, _ := current.Apply(u, source)
	over = over.with(next.Product(u.Product))
	var buf bytes.Buffer
	if err := over.Write(&buf); err != nil {
		return rep, err
	}
	if err := writeFileAtomic(overridePath, buf.Bytes()); err != nil {
		return rep, fmt.Errorf("saving the end-of-life catalog update: %w", err)
	}
	return rep, nil
}

func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return safefile.WriteFile(path, data, 0o600)
}
